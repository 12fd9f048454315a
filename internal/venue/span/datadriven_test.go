package span

// Golden tables: each testdata/*.txt file is one published worked example
// (its source in a comment) or one family of model cases, in a small DSL run
// with cockroachdb/datadriven (update with -rewrite, then check every changed
// figure by hand):
//
//	arrays                      body: "NAME: v1 … v16" published risk arrays
//	                            (profit positive, as McMillan prints them) and
//	                            "portfolio NAME: ARRAY qty, ARRAY qty" lines;
//	                            prints each portfolio's array and scan risk
//	delta-one-array scan= multiple= coverage= [round=]
//	                            the array of one long future, from parameters
//	market                      body: market.json
//	portfolio                   body: portfolio.json
//	margin [venue=i] [params]   runs the venue's model; prints the result
//	detail [venue=i]            prints the SPAN computation per commodity
//
// market, portfolio and margin are venuetest's shared commands.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

// TestGolden runs testdata through venuetest's shared commands (market,
// portfolio, margin) and span's own below.
func TestGolden(t *testing.T) {
	venuetest.GoldenWith(t, "testdata", venuetest.Options{
		NewCommands:  func() venuetest.Commands { return commands },
		FormatParams: venuetest.FormatParamsGo,
	})
}

func commands(t *testing.T, d *datadriven.TestData, s *venuetest.State) (string, bool) {
	switch d.Cmd {
	case "arrays":
		return arraysCmd(t, d), true
	case "delta-one-array":
		return deltaOneArrayCmd(t, d), true
	case "detail":
		return detailCmd(t, d, s), true
	}
	return "", false
}

func deltaOneArrayCmd(t *testing.T, d *datadriven.TestData) string {
	var scan, multiple, coverage, round float64
	d.ScanArgs(t, "scan", &scan)
	d.ScanArgs(t, "multiple", &multiple)
	d.ScanArgs(t, "coverage", &coverage)
	if d.HasArg("round") {
		d.ScanArgs(t, "round", &round)
	}
	a := DeltaOneArray(scan, multiple, coverage).Scale(-1) // profit positive, as published
	return formatArray(a, round) + "\n"
}

func detailCmd(t *testing.T, d *datadriven.TestData, s *venuetest.State) string {
	det, err := Compute(s.Venue(t, d), s.Market)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	for _, c := range det.Commodities {
		fmt.Fprintf(&b, "%s: spot %s scan_range %s\n", c.Underlying, g(c.SpotUSD), g(c.ScanUSD))
		fmt.Fprintf(&b, "  array (loss): %s\n", formatArray(c.Array, 0))
		fmt.Fprintf(&b, "  scan_risk %s (scenario %d) time_risk %s volatility_risk %s price_risk %s\n",
			g(c.ScanRisk), c.ScanScenario, g(c.TimeRisk), g(c.VolatilityRisk), g(c.PriceRisk))
		fmt.Fprintf(&b, "  net_delta %s tiers", g(c.NetDelta))
		for _, tr := range c.Tiers {
			fmt.Fprintf(&b, " %s:%s", tr.Expiry, g(tr.Delta))
		}
		fmt.Fprintf(&b, "\n  intra_spreads %s intra_charge %s inter_credit %s\n", g(c.IntraSpreads), g(c.IntraCharge), g(c.InterCredit))
		fmt.Fprintf(&b, "  short_calls %s short_puts %s som %s\n", g(c.ShortCalls), g(c.ShortPuts), g(c.SOM))
		fmt.Fprintf(&b, "  risk %s net_option_value %s\n", g(c.Risk), g(c.NetOptionValue))
	}
	fmt.Fprintf(&b, "collateral %s value %s\n", g(det.Collateral), g(det.ValueUSD))
	return b.String()
}

// arraysCmd combines published risk arrays. Published arrays carry profit as
// positive (McMillan); the package's arrays carry loss as positive, so they
// are negated on the way in and out. All values are integers: exact.
func arraysCmd(t *testing.T, d *datadriven.TestData) string {
	arrays := map[string]RiskArray{}
	var b strings.Builder
	for _, ln := range strings.Split(d.Input, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(ln, "portfolio "); ok {
			name, legs, _ := strings.Cut(rest, ":")
			var total RiskArray
			for _, leg := range strings.Split(legs, ",") {
				f := strings.Fields(leg)
				a, ok := arrays[f[0]]
				if len(f) != 2 || !ok {
					t.Fatalf("%s: bad leg %q", d.Pos, leg)
				}
				q, err := strconv.ParseFloat(f[1], 64)
				if err != nil {
					t.Fatal(err)
				}
				total = total.Add(a.Scale(q))
			}
			loss, s := total.ScanRisk()
			fmt.Fprintf(&b, "%s: %s\n  scan risk %s (scenario %d)\n", name, formatArray(total.Scale(-1), 0), g(loss), s)
			continue
		}
		name, vals, ok := strings.Cut(ln, ":")
		f := strings.Fields(vals)
		if !ok || len(f) != Scenarios {
			t.Fatalf("%s: want NAME: 16 values, got %q", d.Pos, ln)
		}
		var a RiskArray
		for k, s := range f {
			x, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
			if err != nil {
				t.Fatal(err)
			}
			a[k] = -x
		}
		arrays[name] = a
		loss, s := a.ScanRisk()
		fmt.Fprintf(&b, "%s: scan risk %s (scenario %d)\n", name, g(loss), s)
	}
	return b.String()
}

// formatArray prints 16 values, each rounded to a multiple of round when
// round > 0 (McMillan rounds to $10).
func formatArray(a RiskArray, round float64) string {
	parts := make([]string, len(a))
	for k, x := range a {
		if round > 0 {
			x = math.Round(x/round) * round
		}
		if x == 0 {
			x = 0 // no "-0"
		}
		parts[k] = g(x)
	}
	return strings.Join(parts, " ")
}

var g = venuetest.G
