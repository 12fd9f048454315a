// The human margin report: the same figures as --json, in aligned tables a
// risk manager can check line by line. Every figure comes from the report;
// this file only sums columns for display and formats.
package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func writeMarginReport(w io.Writer, r *margin.Report, b *book, hedges []margin.Suggestion) {
	fmt.Fprintf(w, "Margin report — account %s, as of %s\n", r.Account, r.AsOf)
	fmt.Fprintln(w, "USD unless noted. Requirements are equity needed; excess = equity − initial;")
	fmt.Fprintln(w, "liquidatable = equity < maintenance.")
	writeVenues(w, r)
	writeLiquidationPrices(w, r)
	writeComparison(w, r)
	writeCollateralByChain(w, r)
	writeComponents(w, r)
	writeReconciliation(w, r)
	writeVenueReported(w, r)
	writeCarry(w, r)
	writeEfficiency(w, r)
	writeGreeks(w, r)
	writeAttribution(w, r, b.portfolio)
	section(w, "Hedges that free unified margin (best per USD of cost; `hedge --top N` for more)")
	writeSuggestions(w, hedges)
	writeRebalance(w, r)
	writeWarnings(w, r)
	fmt.Fprintf(w, "\nparams_version %s\n", r.ParamsVersion)
}

func writeVenues(w io.Writer, r *margin.Report) {
	section(w, "Isolated venues (each as the venue itself computes it)")
	t := newTable([]string{"venue", "model", "collateral", "equity", "initial", "maintenance",
		"excess", "health", "liquidatable", "native requirement"},
		left, left, right, right, right, right, right, right, left, left)
	var excess float64
	for _, v := range r.Venues {
		excess += v.Excess
		native := ""
		if v.Native != nil {
			native = fmt.Sprintf("IM %s / MM %s %s", trimZeros(sig(v.Native.Initial, 6)), trimZeros(sig(v.Native.Maintenance, 6)), v.Native.Currency)
		}
		t.add(v.ID, v.Model, usd(v.CollateralValue), usd(v.Equity), usd(v.Initial), usd(v.Maintenance),
			usd(v.Excess), optional(v.Health, func(x float64) string { return fixed(x, 3) }),
			yesNo(v.Liquidatable), native)
	}
	f := r.Fragmented
	t.add("total", "fragmented", usd(f.CollateralValue), usd(f.Equity), usd(f.Initial), usd(f.Maintenance),
		usd(excess), "", yesNo(anyLiquidatable(r)), "")
	t.write(w, "  ")
}

func anyLiquidatable(r *margin.Report) bool {
	for _, v := range r.Venues {
		if v.Liquidatable {
			return true
		}
	}
	return false
}

func writeLiquidationPrices(w io.Writer, r *margin.Report) {
	t := newTable([]string{"venue", "asset", "liquidation price"}, left, left, right)
	rows := 0
	for _, v := range r.Venues {
		for _, asset := range sortedKeys(v.LiquidationPrices) {
			t.add(v.ID, asset, optional(v.LiquidationPrices[asset], func(x float64) string { return sig(x, 8) }))
			rows++
		}
	}
	if rows == 0 {
		return
	}
	section(w, "Liquidation prices (isolated; — means no price reaches it)")
	t.write(w, "  ")
}

func writeComparison(w io.Writer, r *margin.Report) {
	section(w, "Fragmented (sum of venues) versus unified (one account)")
	f, u := r.Fragmented, r.Unified
	t := newTable([]string{"", "fragmented", "unified", "difference"}, left, right, right, right)
	t.add("collateral", usd(f.CollateralValue), usd(u.CollateralValue), usd(f.CollateralValue-u.CollateralValue))
	t.add("equity", usd(f.Equity), usd(u.Equity), usd(f.Equity-u.Equity))
	t.add("initial", usd(f.Initial), usd(u.Initial), usd(f.Initial-u.Initial))
	t.add("maintenance", usd(f.Maintenance), usd(u.Maintenance), usd(f.Maintenance-u.Maintenance))
	var excess float64
	for _, v := range r.Venues {
		excess += v.Excess
	}
	t.add("excess", usd(excess), usd(u.Excess), usd(excess-u.Excess))
	t.add("liquidatable", yesNo(anyLiquidatable(r))+" (any venue)", yesNo(u.Liquidatable), "")
	t.write(w, "  ")
	fmt.Fprintln(w, "  unified collateral is after haircuts (asset tier, chain, bridge, venue).")
}

func writeCollateralByChain(w io.Writer, r *margin.Report) {
	if len(r.CollateralByChain) == 0 {
		return
	}
	section(w, "Collateral by chain (unified: after tier, chain, bridge and venue haircuts)")
	t := newTable([]string{"chain", "at market", "counted", "haircut"}, left, right, right, right)
	var value, counted float64
	for _, chain := range sortedKeys(r.CollateralByChain) {
		c := r.CollateralByChain[chain]
		value += c.Value
		counted += c.Counted
		t.add(chain, usd(c.Value), usd(c.Counted), share(c.Value-c.Counted, c.Value))
	}
	t.add("total", usd(value), usd(counted), share(value-counted, value))
	t.write(w, "  ")
}

func writeComponents(w io.Writer, r *margin.Report) {
	u := r.Unified
	section(w, "Unified initial requirement")
	t := newTable([]string{"component", "USD", "share"}, left, right, right)
	c := u.Components
	t.add("scenario (worst loss)", usd(c.Scenario), share(c.Scenario, u.Initial))
	t.add("liquidity add-on", usd(c.Liquidity), share(c.Liquidity, u.Initial))
	t.add("contingency", usd(c.Contingency), share(c.Contingency, u.Initial))
	t.add("initial", usd(u.Initial), share(u.Initial, u.Initial))
	t.write(w, "  ")
	fmt.Fprintf(w, "  worst scenario: %s (loss %s)\n", quoteName(u.WorstScenario.Name), usd(u.WorstScenario.Loss))
}

// writeReconciliation sets a single-venue book's unified requirement beside
// the venue's own, step by step from one to the other.
func writeReconciliation(w io.Writer, r *margin.Report) {
	rc := r.Reconciliation
	if rc == nil {
		return
	}
	section(w, fmt.Sprintf("Unified against %s's own margin (one venue; the venue margins in %s, unified in USD)",
		rc.Venue, rc.Numeraire))
	t := newTable([]string{"step", "USD"}, left, right)
	t.add("venue initial", usd(rc.VenueInitial))
	for _, p := range rc.VenueAddOns {
		t.add("− venue "+p.Name, usd(-p.USD))
	}
	t.add("= the venue's worst scenario", usd(rc.VenueScenario))
	t.add("+ scenario set (unified worst loss in "+rc.Numeraire+" − the venue's)", usd(rc.ScenarioSet))
	t.add("+ numeraire (the same loss in USD − in "+rc.Numeraire+")", usd(rc.NumeraireEffect))
	t.add("+ liquidity add-on", usd(rc.Liquidity))
	t.add("+ short-option contingency", usd(rc.ShortOption))
	t.add("+ basis contingency", usd(rc.Basis))
	t.add("= unified initial", usd(rc.UnifiedInitial))
	t.write(w, "  ")
}

func quoteName(s string) string {
	if s == "" {
		return "none"
	}
	return "\"" + s + "\""
}

// share renders part/whole as a percentage, "—" when whole is 0.
func share(part, whole float64) string {
	if whole == 0 {
		return "—"
	}
	return percent(part / whole)
}

func writeEfficiency(w io.Writer, r *margin.Report) {
	section(w, "Savings and capital efficiency")
	t := newTable([]string{"", "value", ""}, left, right, left)
	t.add("initial margin saved", usd(r.Savings.Initial), percent(r.Savings.Fraction)+" of fragmented initial")
	ce := r.CapitalEfficiency
	t.add("capital efficiency, fragmented", fixed(ce.Fragmented, 2)+"x", "gross notional per unit of initial")
	t.add("capital efficiency, unified", fixed(ce.Unified, 2)+"x", "")
	t.add("deadweight loss", usd(ce.DeadweightLossPerYear),
		fmt.Sprintf("USD a year (redundant collateral × %s, the %s)", percent(ce.DeadweightRate), ce.DeadweightRateSource))
	t.write(w, "  ")
}

// writeVenueReported sets each venue's own reported figures beside the
// model's (venues[].reported); nothing when no venue reports any.
func writeVenueReported(w io.Writer, r *margin.Report) {
	t := newTable([]string{"venue", "figure", "model", "reported", "difference", "tolerance", "drift"},
		left, left, right, right, right, right, left)
	rows := 0
	for _, v := range r.Venues {
		if v.Reported == nil {
			continue
		}
		for _, f := range v.Reported.Figures {
			render := usd
			if f.Name == "health" {
				render = health4
			}
			t.add(v.ID, f.Name, optional(f.Model, render), render(f.Reported), optional(f.Difference, render),
				render(f.Tolerance), yesNo(f.Drift))
			rows++
		}
	}
	if rows == 0 {
		return
	}
	section(w, "Model against the venues' own reported figures (tolerance: venues[].reported.tolerance)")
	t.write(w, "  ")
}

// writeCarry prints each venue's yearly carry at the market's rates
// (venues[].carry); nothing when the market gives no rates.
func writeCarry(w io.Writer, r *margin.Report) {
	t := newTable([]string{"venue", "supply", "borrow", "funding", "total", "no rate for"},
		left, right, right, right, right, left)
	rows := 0
	for _, v := range r.Venues {
		if c := v.Carry; c != nil {
			t.add(v.ID, usd(c.Supply), usd(c.Borrow), usd(c.Funding), usd(c.Total), strings.Join(c.Unpriced, ", "))
			rows++
		}
	}
	if rows == 0 {
		return
	}
	section(w, "Carry at market rates (USD a year; supply_apr, borrow_apr, funding in the market file)")
	t.write(w, "  ")
}

func writeGreeks(w io.Writer, r *margin.Report) {
	if len(r.Greeks) == 0 {
		return
	}
	section(w, "Greeks per root asset (all venues, collateral included)")
	t := newTable([]string{"asset", "delta", "gamma", "vega", "theta", "delta USD", "gamma USD/1%",
		"vega USD/vol pt", "theta USD/day", "exposure USD"},
		left, right, right, right, right, right, right, right, right, right)
	for _, a := range sortedKeys(r.Greeks) {
		g := r.Greeks[a]
		t.add(a, sig(g.Delta, 6), sig(g.Gamma, 4), sig(g.Vega, 6), sig(g.Theta, 6),
			usd(g.DeltaUSD), usd(g.GammaUSD), usd(g.VegaUSD), usd(g.ThetaUSD), usd(r.ExposureByRootAsset[a]))
	}
	t.write(w, "  ")
	fmt.Fprintln(w, "  delta in units of the asset; vega per 1.00 of vol; theta per year.")
	if len(r.LongestBackingChain) > 1 {
		fmt.Fprintf(w, "  longest backing chain (look-through): %s\n", strings.Join(r.LongestBackingChain, " → "))
	}
}

func writeAttribution(w io.Writer, r *margin.Report, bk *portfolio.Portfolio) {
	if len(r.Attribution) == 0 {
		return
	}
	section(w, "Attribution of the unified initial requirement (Euler; sums to the total)")
	t := newTable([]string{"venue", "item", "initial", "share"}, left, left, right, right)
	var sum float64
	for _, a := range r.Attribution {
		sum += a.Initial
		t.add(a.Venue, describeItem(bk, a), usd(a.Initial), share(a.Initial, r.Unified.Initial))
	}
	t.add("total", "", usd(sum), share(sum, r.Unified.Initial))
	t.write(w, "  ")
}

// describeItem names an attribution entry by what it holds.
func describeItem(bk *portfolio.Portfolio, a margin.Attribution) string {
	v := findVenue(bk, a.Venue)
	switch {
	case a.Position != nil:
		desc := fmt.Sprintf("position %d", *a.Position)
		if v != nil && *a.Position >= 0 && *a.Position < len(v.Positions) {
			desc += ": " + describePosition(&v.Positions[*a.Position])
		}
		return desc
	case a.Collateral != nil:
		desc := fmt.Sprintf("collateral %d", *a.Collateral)
		if v != nil && *a.Collateral >= 0 && *a.Collateral < len(v.Collateral) {
			c := v.Collateral[*a.Collateral]
			desc += ": " + c.Amount.String() + " " + c.Asset
		}
		return desc
	}
	return ""
}

func findVenue(bk *portfolio.Portfolio, id string) *portfolio.Venue {
	if bk == nil {
		return nil
	}
	for i := range bk.Venues {
		if bk.Venues[i].ID == id {
			return &bk.Venues[i]
		}
	}
	return nil
}

func describePosition(p *portfolio.Position) string {
	switch p.Kind {
	case portfolio.KindOption:
		return fmt.Sprintf("%s %s %s %s %s", p.Quantity.String(), p.Underlying, p.Right, p.Strike.String(),
			p.Expiry.Format(time.DateOnly))
	case portfolio.KindFuture:
		return fmt.Sprintf("%s %s future %s", p.Quantity.String(), p.Underlying, p.Expiry.Format(time.DateOnly))
	case portfolio.KindPerp:
		return fmt.Sprintf("%s %s perp", p.Quantity.String(), p.Underlying)
	}
	return fmt.Sprintf("%s %s %s", p.Kind, p.Amount.String(), p.Asset)
}

func writeRebalance(w io.Writer, r *margin.Report) {
	if len(r.Rebalance) == 0 {
		return
	}
	section(w, "Suggested collateral moves (bring every venue to health ≥ 1 + rebalance_buffer)")
	t := newTable([]string{"from", "to", "asset", "amount"}, left, left, left, right)
	for _, m := range r.Rebalance {
		t.add(m.From, m.To, m.Asset, m.Amount)
	}
	t.write(w, "  ")
}

func writeWarnings(w io.Writer, r *margin.Report) {
	if len(r.Warnings) == 0 {
		return
	}
	section(w, "Warnings")
	for _, msg := range r.Warnings {
		fmt.Fprintf(w, "  - %s\n", strings.TrimSpace(msg))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
