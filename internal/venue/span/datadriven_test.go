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

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func TestGolden(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var h harness
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return h.run(t, d)
		})
	})
}

type harness struct {
	m *market.Snapshot
	p *portfolio.Portfolio
}

func (h *harness) run(t *testing.T, d *datadriven.TestData) string {
	switch d.Cmd {
	case "arrays":
		return arraysCmd(t, d)
	case "delta-one-array":
		var scan, multiple, coverage, round float64
		d.ScanArgs(t, "scan", &scan)
		d.ScanArgs(t, "multiple", &multiple)
		d.ScanArgs(t, "coverage", &coverage)
		if d.HasArg("round") {
			d.ScanArgs(t, "round", &round)
		}
		a := DeltaOneArray(scan, multiple, coverage).Scale(-1) // profit positive, as published
		return formatArray(a, round) + "\n"
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
	case "detail":
		return h.detail(t, d)
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
	fmt.Fprintf(&b, "collateral_value: %s\nequity: %s\ninitial: %s\nmaintenance: %s\nexcess: %s\n",
		g(r.CollateralValue), g(r.Equity), g(r.Initial), g(r.Maintenance), g(r.Equity-r.Initial))
	if r.Health != nil {
		fmt.Fprintf(&b, "health: %s\n", g(*r.Health))
	} else {
		b.WriteString("health: null\n")
	}
	fmt.Fprintf(&b, "liquidatable: %v\n", r.Liquidatable())
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	if d.HasArg("params") {
		fmt.Fprintf(&b, "params: %+v\n", r.ParamsUsed)
	}
	return b.String()
}

func (h *harness) detail(t *testing.T, d *datadriven.TestData) string {
	det, err := Compute(h.venue(t, d), h.m)
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

func g(x float64) string { return strconv.FormatFloat(x, 'g', 12, 64) }
