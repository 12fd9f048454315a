// Package venuetest is the shared golden-table harness of the venue models:
// a small datadriven DSL (update with -rewrite) that loads a market and a
// book, runs a venue's model and prints its result, so every model's
// testdata reads the same way.
//
//	market                       body: market.json; loads the snapshot
//	portfolio                    body: portfolio.json; parses and checks it
//	margin [venue=i] [params]    runs the venue's model; prints the result
//	                             (and the venue's native coin figures where
//	                             it reports them)
//	liquidation-prices [venue=i] venue.LiquidationPrices of the venue
//
// A model adds its own commands with Golden's Extra, or, where they need the
// loaded market and venue or keep state between commands of a file, with
// GoldenWith's Commands.
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
	var o Options
	if extra != nil {
		o.NewCommands = func() Commands {
			return func(t *testing.T, d *datadriven.TestData, _ *State) (string, bool) { return extra(t, d) }
		}
	}
	GoldenWith(t, dir, o)
}

// State is what a file's market and portfolio commands have loaded so far,
// for a model's own commands.
type State struct {
	Market    *market.Snapshot
	Portfolio *portfolio.Portfolio
}

// Venue is the venue the command's venue=i argument names (the first by
// default); it fails t when no such venue is loaded.
func (s *State) Venue(t *testing.T, d *datadriven.TestData) *portfolio.Venue {
	i := 0
	if d.HasArg("venue") {
		d.ScanArgs(t, "venue", &i)
	}
	if s.Portfolio == nil || i >= len(s.Portfolio.Venues) {
		t.Fatalf("%s: no venue %d loaded", d.Pos, i)
	}
	return &s.Portfolio.Venues[i]
}

// Commands handles a model's own commands, given the file's State; ok is
// false for a command it lacks.
type Commands func(t *testing.T, d *datadriven.TestData, s *State) (out string, ok bool)

// Options tailor GoldenWith to a model.
type Options struct {
	// NewCommands makes the model's own commands afresh for each file, so
	// that what they keep between commands (the figures a later command
	// checks) stays within that file. Nil: the shared commands only.
	NewCommands func() Commands
	// FormatParams prints Result.ParamsUsed on margin's params line. Nil
	// prints JSON; FormatParamsGo prints Go's %+v, the form of span's and
	// deribit's testdata.
	FormatParams func(params any) string
}

// FormatParamsGo prints params as fmt's %+v does.
func FormatParamsGo(params any) string { return fmt.Sprintf("%+v", params) }

// GoldenWith runs every file under dir through the DSL: the shared commands,
// then o.NewCommands' for the rest.
func GoldenWith(t *testing.T, dir string, o Options) {
	datadriven.Walk(t, dir, func(t *testing.T, path string) {
		if strings.HasSuffix(path, ".fail") { // rapid's failure files (testdata/rapid), not cases
			return
		}
		h := harness{formatParams: o.FormatParams}
		if o.NewCommands != nil {
			h.commands = o.NewCommands()
		}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return h.run(t, d)
		})
	})
}

type harness struct {
	State
	commands     Commands
	formatParams func(params any) string
}

func (h *harness) run(t *testing.T, d *datadriven.TestData) string {
	switch d.Cmd {
	case "market":
		m, err := market.Load([]byte(d.Input), market.Options{AllowStale: true})
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.Market = m
		return ""
	case "portfolio":
		p, err := portfolio.Parse([]byte(d.Input))
		if err == nil {
			err = portfolio.Check(p, h.Market)
		}
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		h.Portfolio = p
		return ""
	case "margin":
		return h.margin(t, d)
	case "liquidation-prices":
		return h.liquidationPrices(t, d)
	}
	if h.commands != nil {
		if out, ok := h.commands(t, d, &h.State); ok {
			return out
		}
	}
	t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
	return ""
}

func (h *harness) margin(t *testing.T, d *datadriven.TestData) string {
	r, err := venue.Margin(h.Venue(t, d), h.Market)
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
	if n := r.Native; n != nil {
		fmt.Fprintf(&b, "native: %s initial %s maintenance %s\n", n.Currency, G(n.Initial), G(n.Maintenance))
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	if d.HasArg("params") {
		fmt.Fprintf(&b, "params: %s\n", h.params(t, r.ParamsUsed))
	}
	return b.String()
}

func (h *harness) params(t *testing.T, params any) string {
	if h.formatParams != nil {
		return h.formatParams(params)
	}
	js, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func (h *harness) liquidationPrices(t *testing.T, d *datadriven.TestData) string {
	prices, err := venue.LiquidationPrices(h.Venue(t, d), h.Market)
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
