// whatif: the unified margin of the account before and after one trade.
package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
)

type whatifCmd struct {
	bookFlags
	Trade string `help:"Trade file: {\"venue\": ID, \"position\": {…a position as in portfolio.json…}}." placeholder:"FILE" required:""`
	JSON  bool   `help:"Print {before, after, delta_initial, allowed} as JSON."`
}

// whatifReport is `whatif --json`: before and after have the shape of the
// margin report's unified; allowed says whether the account still meets
// initial margin after the trade (after.equity ≥ after.initial).
type whatifReport struct {
	Before       margin.Unified `json:"before"`
	After        margin.Unified `json:"after"`
	DeltaInitial float64        `json:"delta_initial"`
	Allowed      bool           `json:"allowed"`
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
	after, err := s.WhatIf(trade.Venue, &trade.Position)
	if err != nil {
		return inTradeFile(err, doc.name, b)
	}
	before := s.Unified()
	rep := whatifReport{Before: before, After: after, DeltaInitial: after.Initial - before.Initial,
		Allowed: after.Equity >= after.Initial}
	if c.JSON {
		return writeJSON(e.out, rep)
	}
	writeWhatif(e, &rep, trade)
	return nil
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

func writeWhatif(e *env, r *whatifReport, t *margin.Trade) {
	w := e.out
	fmt.Fprintf(w, "What-if: %s at %s\n", describePosition(&t.Position), t.Venue)
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
	verdict := "allowed: the account still meets initial margin"
	if !r.Allowed {
		verdict = "not allowed: equity would be below initial margin"
	}
	fmt.Fprintf(w, "\n%s (initial %s by %s).\n", verdict, changeWord(r.DeltaInitial), usd(abs(r.DeltaInitial)))
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
