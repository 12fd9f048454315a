// scenarios: the scenario set in use for a market (and optionally a book).
package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/margin"
)

type scenariosCmd struct {
	bookFlags
	formatFlag
	JSON bool `help:"Print the scenarios as a JSON array."`
}

func (c *scenariosCmd) Run(e *env) error {
	b, err := c.load(false)
	if err != nil {
		return err
	}
	set, err := margin.Scenarios(b.portfolio, b.market, b.params)
	if err != nil {
		return b.inFileOf(err)
	}
	if set == nil {
		set = []margin.ScenarioInfo{}
	}
	if c.JSON || c.Format != "table" {
		return c.render(e, c.JSON, "scenarios", set, nil, nil)
	}
	counted := 0
	for _, s := range set {
		if s.InRequirement {
			counted++
		}
	}
	fmt.Fprintf(e.out, "%d scenarios, %d in the requirement (market as of %s)\n\n",
		len(set), counted, b.market.AsOf.Format("2006-01-02T15:04:05Z07:00"))
	t := newTable([]string{"#", "name", "kind", "spot moves", "vol", "fraction", "in requirement"},
		right, left, left, left, left, right, left)
	for i, s := range set {
		t.add(fmt.Sprint(i+1), s.Name, s.Kind, spotMoves(s.Spot), s.Vol, sig(s.Fraction, 4), yesNo(s.InRequirement))
	}
	t.write(e.out, "")
	return nil
}

// spotMoves renders {"BTC": -0.16, "WETH": -0.18} as "BTC -16%, WETH -18%".
func spotMoves(m map[string]float64) string {
	if len(m) == 0 {
		return "—"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + signedPercent(m[k])
	}
	return strings.Join(parts, ", ")
}
