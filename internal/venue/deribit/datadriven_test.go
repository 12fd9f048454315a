// Golden tables: each testdata/*.txt file is one published worked example (its
// source URL in a comment) or one family of model cases, written in a small
// DSL and run with cockroachdb/datadriven (update with -rewrite):
//
//	market                      body: market.json; loads the snapshot
//	portfolio                   body: portfolio.json; parses and checks it
//	margin [venue=i] [params]   runs the venue's model; prints the result
//	                            (these three are venuetest's shared commands)
//	pm-detail [venue=i] [vectors]
//	                            prints deribit-pm's risk matrix per underlying
//	check [tol=x]               body: "name[ + c …]: v1 v2 …" lines; compares
//	                            the last pm-detail's figures with published ones
//	standard-option right= forward= strike= mark= quantity= [set=]
//	                            Deribit standard-margin option formulas (WE-10)
//	vega-scale dte= power= [range=]
//	                            the vol-shock scaling (30/DTE)^power (× range)
//	legacy-contingency rate=    body: legacy PM contingency books (WE-6)
package deribit

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

// defaultCheckTol is the absolute tolerance of check lines, in settlement
// units: the published responses carry ~16 significant digits, and our
// float64 arithmetic differs from Deribit's in the last one or two.
const defaultCheckTol = 1e-15

// TestGolden runs testdata through venuetest's shared commands (market,
// portfolio, margin) and deribit's own below, each file with its own harness.
func TestGolden(t *testing.T) {
	venuetest.GoldenWith(t, "testdata", venuetest.Options{
		NewCommands:  func() venuetest.Commands { return new(harness).run },
		FormatParams: venuetest.FormatParamsGo,
	})
}

// harness holds what one file's check commands compare.
type harness struct {
	detail map[string][]float64 // named figures of the last pm-detail
}

func (h *harness) run(t *testing.T, d *datadriven.TestData, s *venuetest.State) (string, bool) {
	switch d.Cmd {
	case "pm-detail":
		return h.pmDetail(t, d, s), true
	case "check":
		return h.check(t, d), true
	case "standard-option":
		return standardOptionCmd(t, d), true
	case "vega-scale":
		return vegaScaleCmd(t, d), true
	case "legacy-contingency":
		return legacyContingencyCmd(t, d), true
	}
	return "", false
}

func (h *harness) pmDetail(t *testing.T, d *datadriven.TestData, s *venuetest.State) string {
	v := s.Venue(t, d)
	b, err := newBook(v, s.Market, pmName)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	params, _, err := resolvePM(v, b)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	r := computePM(b, params, s.Market.RateUSD())
	h.detail = map[string][]float64{
		"risk_matrix_margin": {r.riskMatrixMargin},
		"initial_margin":     {r.initial},
		"maintenance_margin": {r.maintenance},
	}
	var out strings.Builder
	for gi, pg := range r.groups {
		grp := b.groups[gi]
		fmt.Fprintf(&out, "%s (%s-settled):\n", pg.underlying, b.settle)
		for k, in := range grp.insts {
			name := fmt.Sprintf("positions[%d]", in.first)
			if in.netted > 1 {
				name += fmt.Sprintf("+%d netted", in.netted-1)
			}
			h.putVector(name, &pg.vectors[k])
			if d.HasArg("vectors") {
				fmt.Fprintf(&out, "  %s %s q=%s\n", name, in.kind, g(in.quantity))
				writeVector(&out, &pg.vectors[k])
			}
		}
		h.putVector("pre_aggregated", &pg.pre)
		h.putVector("aggregated", &pg.agg)
		out.WriteString("  pre_aggregated\n")
		writeVector(&out, &pg.pre)
		out.WriteString("  aggregated\n")
		writeVector(&out, &pg.agg)
		if at := pg.worstAt; at.source == "" {
			fmt.Fprintf(&out, "  worst_case: %s (no scenario loses)\n", g(pg.worstCase))
		} else {
			fmt.Fprintf(&out, "  worst_case: %s (source %s index %d bucket %d side %s)\n",
				g(pg.worstCase), at.source, at.index, at.bucket, at.side)
		}
		fmt.Fprintf(&out, "  roll_shock: %s\n", g(pg.rollShock))
		fmt.Fprintf(&out, "  delta_total: %s delta_shock: %s\n", g(pg.deltaTotal), g(pg.deltaShock))
		fmt.Fprintf(&out, "  risk_matrix_margin: %s\n", g(pg.riskMatrixMargin))
		h.detail["worst_case"] = append(h.detail["worst_case"], pg.worstCase)
		h.detail["roll_shock"] = append(h.detail["roll_shock"], pg.rollShock)
		h.detail["delta_shock"] = append(h.detail["delta_shock"], pg.deltaShock)
	}
	fmt.Fprintf(&out, "risk_matrix_margin: %s\n", g(r.riskMatrixMargin))
	fmt.Fprintf(&out, "initial_margin: %s\n", g(r.initial))
	fmt.Fprintf(&out, "maintenance_margin: %s\n", g(r.maintenance))
	return out.String()
}

func (h *harness) putVector(name string, v *riskVector) {
	h.detail[name+".standard"] = v.standard[:]
	h.detail[name+".extended"] = v.extended[:]
}

func writeVector(b *strings.Builder, v *riskVector) {
	b.WriteString("    standard:")
	for i, x := range v.standard {
		if i%volScenarios == 0 {
			b.WriteString(" |")
		}
		b.WriteString(" " + g(x))
	}
	b.WriteString("\n    extended:")
	for _, x := range v.extended {
		b.WriteString(" " + g(x))
	}
	b.WriteString("\n")
}

// check compares named figures of the last pm-detail with published values.
// A line "initial_margin + 0.06: 0.12" adds constants to the computed figure
// first (components Deribit reports that the model does not have).
func (h *harness) check(t *testing.T, d *datadriven.TestData) string {
	tol := defaultCheckTol
	if d.HasArg("tol") {
		var s string
		d.ScanArgs(t, "tol", &s)
		tol = parseF(t, s)
	}
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
		lhs, rhs, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s: check line %q has no ':'", d.Pos, line)
		}
		terms := strings.Split(lhs, "+")
		name := strings.TrimSpace(terms[0])
		got, ok := h.detail[name]
		if !ok {
			t.Fatalf("%s: no figure %q (have %v)", d.Pos, name, sortedKeys(h.detail))
		}
		var add float64
		for _, c := range terms[1:] {
			add += parseF(t, strings.TrimSpace(c))
		}
		want := strings.Fields(rhs)
		if len(want) != len(got) {
			fmt.Fprintf(&out, "%s: MISMATCH: %d values, published %d\n", lhs, len(got), len(want))
			continue
		}
		worst := 0.0
		for i, w := range want {
			worst = math.Max(worst, math.Abs(got[i]+add-parseF(t, w)))
		}
		t.Logf("%s: max |computed − published| = %.3g", strings.TrimSpace(lhs), worst)
		if worst <= tol {
			fmt.Fprintf(&out, "%s: ok\n", strings.TrimSpace(lhs))
		} else {
			fmt.Fprintf(&out, "%s: MISMATCH: max |Δ| %.3g > %g\n", strings.TrimSpace(lhs), worst, tol)
		}
	}
	return out.String()
}

func standardOptionCmd(t *testing.T, d *datadriven.TestData) string {
	var right, set string
	var forward, strike, mark, quantity string
	d.ScanArgs(t, "right", &right)
	d.ScanArgs(t, "forward", &forward)
	d.ScanArgs(t, "strike", &strike)
	d.ScanArgs(t, "mark", &mark)
	d.ScanArgs(t, "quantity", &quantity)
	set = "deribit-standard-btc"
	if d.HasArg("set") {
		d.ScanArgs(t, "set", &set)
	}
	s := stdSetNamed(set)
	if s == nil {
		t.Fatalf("%s: no set %q", d.Pos, set)
	}
	f := standardOption(&s.params, right == "call", parseF(t, quantity), parseF(t, forward), parseF(t, strike), parseF(t, mark))
	return fmt.Sprintf("deribit IM %s MM %s\nequity-terms initial %s maintenance %s\n",
		g(f.nativeIM), g(f.nativeMM), g(f.initial), g(f.maintenance))
}

func vegaScaleCmd(t *testing.T, d *datadriven.TestData) string {
	var dte, power, rng string
	d.ScanArgs(t, "dte", &dte)
	d.ScanArgs(t, "power", &power)
	rng = "1"
	if d.HasArg("range") {
		d.ScanArgs(t, "range", &rng)
	}
	p := parseF(t, power)
	scale := vegaScale(parseF(t, dte), p, p)
	return fmt.Sprintf("(30/DTE)^power = %s\nrelative vol shock = %s\n", g(scale), g(scale*parseF(t, rng)))
}

// g formats a computed figure with 12 significant digits (venuetest.G):
// checks against published values use full precision.
var g = venuetest.G

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad number %q: %v", s, err)
	}
	return x
}

func sortedKeys(m map[string][]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
