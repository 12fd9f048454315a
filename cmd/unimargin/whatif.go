// whatif: the unified margin of the account before and after one trade.
package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
)

type whatifCmd struct {
	bookFlags
	formatFlag
	Trade string `help:"Trade file: {\"venue\": ID, \"position\": {…a position as in portfolio.json…}}." placeholder:"FILE" required:""`
	JSON  bool   `help:"Print {before, after, delta_initial, allowed, venue, cash} as JSON."`
}

func (c *whatifCmd) Run(e *env) error {
	b, err := c.load(true)
	if err != nil {
		return err
	}
	doc, err := readDocument(c.Trade)
	if err != nil {
		return err
	}
	trade, err := margin.ParseTrade(doc.data)
	if err != nil {
		return input.InFile(err, doc.name)
	}
	s, err := margin.Prepare(b.portfolio, b.market, b.params)
	if err != nil {
		return b.inFileOf(err)
	}
	if err := s.CheckTrade(trade); err != nil {
		return inTradeFile(err, doc.name, b)
	}
	rep, err := s.Trade(trade)
	if err != nil {
		return inTradeFile(err, doc.name, b)
	}
	return c.render(e, c.JSON, "whatif", rep, nil, func() error { writeWhatif(e, rep, trade); return nil })
}

// inTradeFile names the trade file on an input error about the trade (paths
// "venue" and "position…"); an error about the book itself names the book.
func inTradeFile(err error, name string, b *book) error {
	var ie *input.Error
	if errors.As(err, &ie) && !strings.HasPrefix(ie.Path, "venues") {
		return input.InFile(err, name)
	}
	return b.inFileOf(err)
}

func writeWhatif(e *env, r *margin.WhatIf, t *margin.Trade) {
	w := e.out
	fmt.Fprintf(w, "What-if: %s at %s\n", describePosition(&t.Position), t.Venue)
	switch c := r.Cash; {
	case c.Asset != "" && c.Amount < 0:
		fmt.Fprintf(w, "Cash: pays %s %s (%s)", trimFloat(-c.Amount), c.Asset, usd(-c.USD))
	case c.Asset != "" && c.Amount > 0:
		fmt.Fprintf(w, "Cash: receives %s %s (%s)", trimFloat(c.Amount), c.Asset, usd(c.USD))
	case c.EntryPrice != 0:
		fmt.Fprintf(w, "Opens at %s: no cash", trimFloat(c.EntryPrice))
	default:
		fmt.Fprint(w, "No cash leg (assets brought in)")
	}
	if r.Cash.Borrowed > 0 {
		fmt.Fprintf(w, "; the venue lacks %s %s, borrowed", trimFloat(r.Cash.Borrowed), r.Cash.Asset)
	}
	fmt.Fprintln(w, ".")
	fmt.Fprintln(w, "Unified margin of the whole account, USD.")
	tb := newTable([]string{"", "before", "after", "change"}, left, right, right, right)
	b, a := r.Before, r.After
	rows := []struct {
		name string
		x, y float64
	}{
		{"collateral", b.CollateralValue, a.CollateralValue}, {"equity", b.Equity, a.Equity},
		{"initial", b.Initial, a.Initial}, {"  scenario", b.Components.Scenario, a.Components.Scenario},
		{"  liquidity", b.Components.Liquidity, a.Components.Liquidity},
		{"  contingency", b.Components.Contingency, a.Components.Contingency},
		{"maintenance", b.Maintenance, a.Maintenance}, {"excess", b.Excess, a.Excess},
	}
	for _, row := range rows {
		tb.add(row.name, usd(row.x), usd(row.y), usd(row.y-row.x))
	}
	tb.add("liquidatable", yesNo(b.Liquidatable), yesNo(a.Liquidatable), "")
	tb.write(w, "  ")
	fmt.Fprintf(w, "  worst scenario: %s → %s\n", quoteName(b.WorstScenario.Name), quoteName(a.WorstScenario.Name))
	v := r.Venue
	fmt.Fprintf(w, "\nVenue %s (%s), its own model, USD.\n", v.ID, v.Model)
	vt := newTable([]string{"", "before", "after", "change"}, left, right, right, right)
	for _, row := range []struct {
		name string
		x, y float64
	}{
		{"equity", v.Before.Equity, v.After.Equity}, {"initial", v.Before.Initial, v.After.Initial},
		{"maintenance", v.Before.Maintenance, v.After.Maintenance}, {"excess", v.Before.Excess, v.After.Excess},
	} {
		vt.add(row.name, usd(row.x), usd(row.y), usd(row.y-row.x))
	}
	vt.write(w, "  ")
	verdict := "allowed: the venue accepts it and the account still meets unified initial margin"
	switch {
	case !v.Allowed && r.After.Excess < 0:
		verdict = "not allowed: the venue's own initial margin and unified initial margin would both break"
	case !v.Allowed:
		verdict = "not allowed: the venue's own initial margin would break"
	case !r.Allowed:
		verdict = "not allowed: equity would be below unified initial margin"
	}
	fmt.Fprintf(w, "\n%s (unified initial %s by %s).\n", verdict, changeWord(r.DeltaInitial), usd(abs(r.DeltaInitial)))
}

// trimFloat prints a computed amount with up to 8 decimals, no trailing zeros.
func trimFloat(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e8)/1e8, 'f', -1, 64)
}

func changeWord(x float64) string {
	if x < 0 {
		return "falls"
	}
	return "rises"
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
