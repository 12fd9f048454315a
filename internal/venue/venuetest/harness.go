// Package venuetest is the shared golden-table harness of the venue models:
// a small datadriven DSL (update with -rewrite) that loads a market and a
// book, runs a venue's model and prints its result, so every model's
// testdata reads the same way.
//
//	market                       body: market.json; loads the snapshot
//	portfolio                    body: portfolio.json; parses and checks it
//	margin [venue=i] [params]    runs the venue's model; prints the result
//	liquidation-prices [venue=i] venue.LiquidationPrices of the venue
package venuetest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Extra handles a model's own commands; ok is false for a command it lacks.
type Extra func(t *testing.T, d *datadriven.TestData) (out string, ok bool)

// Golden runs every file under dir through the DSL, with extra (may be nil)
// for commands beyond the shared four.
func Golden(t *testing.T, dir string, extra Extra) {
	datadriven.Walk(t, dir, func(t *testing.T, path string) {
		var h harness
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return h.run(t, d, extra)
		})
	})
}

type harness struct {
	m *market.Snapshot
	p *portfolio.Portfolio
}

func (h *harness) run(t *testing.T, d *datadriven.TestData, extra Extra) string {
	switch d.Cmd {
	case "market":
		m, err := market.Load([]byte(d.Input), market.Options{AllowStale: true})
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.m = m
		return ""
	case "portfolio":
		p, err := portfolio.Parse([]byte(d.Input))
		if err == nil {
			err = portfolio.Check(p, h.m)
		}
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.p = p
		return ""
	case "margin":
		return h.margin(t, d)
	case "liquidation-prices":
		return h.liquidationPrices(t, d)
	}
	if extra != nil {
		if out, ok := extra(t, d); ok {
			return out
		}
	}
	t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	return ""
}

func (h *harness) venue(t *testing.T, d *datadriven.TestData) *portfolio.Venue {
	i := 0
	if d.HasArg("venue") {
		d.ScanArgs(t, "venue", &i)
	}
	if h.p == nil || i >= len(h.p.Venues) {
		t.Fatalf("%s: no venue %d loaded", d.Pos, i)
	}
	return &h.p.Venues[i]
}

func (h *harness) margin(t *testing.T, d *datadriven.TestData) string {
	r, err := venue.Margin(h.venue(t, d), h.m)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "collateral_value: %s\n", G(r.CollateralValue))
	fmt.Fprintf(&b, "equity: %s\n", G(r.Equity))
	fmt.Fprintf(&b, "initial: %s\n", G(r.Initial))
	fmt.Fprintf(&b, "maintenance: %s\n", G(r.Maintenance))
	fmt.Fprintf(&b, "excess: %s\n", G(r.Equity-r.Initial))
	if r.Health != nil {
		fmt.Fprintf(&b, "health: %s\n", G(*r.Health))
	} else {
		b.WriteString("health: null\n")
	}
	fmt.Fprintf(&b, "liquidatable: %v\n", r.Liquidatable())
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	if d.HasArg("params") {
		js, err := json.Marshal(r.ParamsUsed)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "params: %s\n", js)
	}
	return b.String()
}

func (h *harness) liquidationPrices(t *testing.T, d *datadriven.TestData) string {
	prices, err := venue.LiquidationPrices(h.venue(t, d), h.m)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	syms := make([]string, 0, len(prices))
	for s := range prices {
		syms = append(syms, s)
	}
	sort.Strings(syms)
	var b strings.Builder
	for _, s := range syms {
		if prices[s] == nil {
			fmt.Fprintf(&b, "%s: null\n", s)
		} else {
			fmt.Fprintf(&b, "%s: %s\n", s, G(*prices[s]))
		}
	}
	return b.String()
}

// G formats a figure with 12 significant digits: every published digit, and
// identical on every platform.
func G(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 12, 64)
}
