// hedge: trades that lower the account's unified initial margin most per
// unit of cost.
package main

import (
	"fmt"
	"io"

	"github.com/unimargin/unimargin/internal/margin"
)

type hedgeCmd struct {
	bookFlags
	formatFlag
	Top  int  `default:"5" help:"How many suggestions to print (best first)."`
	JSON bool `help:"Print {\"suggestions\": [...]} as JSON."`
}

// hedgeReport is `hedge --json`.
type hedgeReport struct {
	UnifiedInitial float64             `json:"unified_initial"`
	Suggestions    []margin.Suggestion `json:"suggestions"`
}

func (c *hedgeCmd) Run(e *env) error {
	if c.Top < 1 || c.Top > 1000 {
		return usagef("--top must be between 1 and 1000")
	}
	b, err := c.load(true)
	if err != nil {
		return err
	}
	s, err := margin.Prepare(b.portfolio, b.market, b.params)
	if err != nil {
		return b.inFileOf(err)
	}
	sugg, err := s.Hedges(c.Top)
	if err != nil {
		return b.inFileOf(err)
	}
	rep := hedgeReport{UnifiedInitial: s.Unified().Initial, Suggestions: sugg}
	if c.JSON || c.Format != "table" {
		return c.render(e, c.JSON, "hedge", rep, nil, nil)
	}
	fmt.Fprintf(e.out, "Hedge suggestions — unified initial %s USD now; best margin freed per USD of cost first.\n",
		usd(rep.UnifiedInitial))
	writeSuggestions(e.out, sugg)
	return nil
}

// writeSuggestions prints hedge suggestions as a table (also used by the
// human margin report).
func writeSuggestions(w io.Writer, sugg []margin.Suggestion) {
	if len(sugg) == 0 {
		fmt.Fprintln(w, "  no trade among the candidates lowers unified initial margin.")
		return
	}
	t := newTable([]string{"#", "venue", "trade", "initial after", "freed", "cost", "freed per USD"},
		right, left, left, right, right, right, right)
	for i, s := range sugg {
		tr := s.Trade()
		t.add(fmt.Sprint(i+1), s.Venue, describePosition(&tr.Position), usd(s.UnifiedInitialAfter),
			usd(s.Reduction), usd(s.Cost), fixed(s.Score, 2))
	}
	t.write(w, "  ")
	fmt.Fprintln(w, "  cost = half-spread + square-root impact on the delta-equivalent notional + option premium paid.")
}
