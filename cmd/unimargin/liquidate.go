// liquidate: what each venue would do to the account now, by its own rules,
// and what the unified engine would do instead (internal/liquidation).
package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/liquidation"
)

type liquidateCmd struct {
	bookFlags
	formatFlag
	Penalty       float64 `help:"Unified engine: share of the notional sold paid to the insurance fund." default:"0.01"`
	InsuranceFund float64 `name:"insurance-fund" help:"Unified engine: insurance fund balance (USD) before bad debt is socialised." default:"0"`
	JSON          bool    `help:"Print {venues: [...], unified: {...}} as JSON."`
}

func (c *liquidateCmd) Run(e *env) error {
	if math.IsNaN(c.Penalty) || c.Penalty < 0 || c.Penalty >= 1 {
		return input.Invalid("--penalty", fmt.Sprint(c.Penalty), "must be in [0, 1)")
	}
	if math.IsNaN(c.InsuranceFund) || math.IsInf(c.InsuranceFund, 0) || c.InsuranceFund < 0 {
		return input.Invalid("--insurance-fund", fmt.Sprint(c.InsuranceFund), "must be ≥ 0")
	}
	b, err := c.load(true)
	if err != nil {
		return err
	}
	opt := liquidation.DefaultOptions()
	opt.PenaltyRate, opt.InsuranceFundUSD = c.Penalty, c.InsuranceFund
	rep, err := liquidation.Run(b.portfolio, b.market, b.params, opt)
	if err != nil {
		return b.inFileOf(err)
	}
	return c.render(e, c.JSON, "liquidate", rep, nil, func() error { writeLiquidation(e, rep); return nil })
}

func writeLiquidation(e *env, r *liquidation.Report) {
	w := e.out
	section(w, "Isolated: each venue by its own rules")
	tb := newTable([]string{"venue", "model", "liquidatable", "health", "after", "sold USD", "bad debt USD"},
		left, left, left, right, right, right, right)
	for _, v := range r.Venues {
		tb.add(v.ID, v.Model, yesNo(v.Liquidatable), optional(v.HealthBefore, health4), optional(v.HealthAfter, health4),
			usd(v.SoldUSD), usd(v.BadDebtUSD))
	}
	tb.write(w, "  ")
	for _, v := range r.Venues {
		if !v.Liquidatable {
			continue
		}
		fmt.Fprintf(w, "\n  %s:\n", v.ID)
		writeActions(e, v.Actions, false)
		for _, n := range v.Notes {
			fmt.Fprintf(w, "    note: %s\n", n)
		}
	}
	u := r.Unified
	fmt.Fprintln(w)
	section(w, "Unified: risk-reducing partial liquidation")
	fmt.Fprintf(w, "  liquidatable %s; equity %s, maintenance %s, target %s\n", yesNo(u.Liquidatable),
		usd(u.EquityBefore), usd(u.MaintenanceBefore), usd(u.Target))
	if !u.Liquidatable {
		fmt.Fprintln(w, "  nothing to do: unified equity is above maintenance")
		return
	}
	writeActions(e, u.Actions, true)
	fmt.Fprintf(w, "  after: equity %s, initial %s, maintenance %s, health %s%s\n", usd(u.EquityAfter),
		usd(u.InitialAfter), usd(u.MaintenanceAfter), optional(u.HealthAfter, health4), closedWord(u.Closed))
	fmt.Fprintf(w, "  sold %s USD in %d clips; cost %s, penalty %s, bad debt %s (fund %s, socialised %s)\n",
		usd(u.SoldUSD), u.Steps, usd(u.CostUSD), usd(u.PenaltyUSD), usd(u.BadDebtUSD), usd(u.InsuranceFundUSD),
		usd(u.SocialisedUSD))
}

func health4(x float64) string { return fixed(x, 4) }

func closedWord(closed bool) string {
	if closed {
		return " (account closed)"
	}
	return ""
}

func writeActions(e *env, actions []liquidation.Action, withVenue bool) {
	if len(actions) == 0 {
		fmt.Fprintln(e.out, "    no actions")
		return
	}
	tb := newTable([]string{"step", "kind", "venue", "asset", "amount"}, right, left, left, left, right)
	for i, a := range actions {
		tb.add(fmt.Sprint(i+1), a.Kind, a.Venue, a.Asset, a.Amount)
	}
	if !withVenue {
		tb = newTable([]string{"step", "kind", "asset", "amount"}, right, left, left, right)
		for i, a := range actions {
			tb.add(fmt.Sprint(i+1), a.Kind, a.Asset, a.Amount)
		}
	}
	tb.write(e.out, strings.Repeat(" ", 4))
}
