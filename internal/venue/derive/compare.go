// Comparing a computed Report with a case file's published Result, with the
// tolerance of Derive's Solidity driver.
package derive

import (
	"fmt"
	"math"
	"strings"
)

// Tolerances of Derive's driver (TestPMRM_2_PortfolioCasesNEW): figures agree
// to 1e-8 relative to the published value; a figure whose published or
// computed value is below 1e-10 in magnitude agrees to 1e-8 absolute (the
// driver's rule for scenario P&L, applied here to every figure so that
// vanishing figures compare sensibly).
const (
	TolRelative = 1e-8
	TolAbsolute = 1e-8
	tolNearZero = 1e-10
)

// Agree reports whether got matches the published want within the tolerances.
func Agree(got, want float64) bool {
	d := math.Abs(got - want)
	if d <= TolRelative*math.Abs(want) {
		return true
	}
	return (math.Abs(got) < tolNearZero || math.Abs(want) < tolNearZero) && d <= TolAbsolute
}

// Check is one figure compared with the published value.
type Check struct {
	Figure   string // the file's name, with an index for list entries
	Got      float64
	Want     float64
	GotText  string // for labels (worst_all_scenarios …): the values compared
	WantText string
	OK       bool
	// Asserted marks the figures Derive's own driver asserts: IM, MM,
	// OptionMTM, CollateralMTM and every scenario P&L.
	Asserted bool
}

// Figures lists every figure of r in the files' order, as checks of r
// against itself (Got holds the value, GotText a label's text).
func (r *Report) Figures() []Check { return Compare(r, r) }

// Compare checks every published figure against got, in the file's order.
// A list of different length is one failed check naming both lengths.
func Compare(got, want *Report) []Check {
	var out []Check
	num := func(name string, g, w float64, asserted bool) {
		out = append(out, Check{Figure: name, Got: g, Want: w, OK: Agree(g, w), Asserted: asserted})
	}
	label := func(name, g, w string) {
		out = append(out, Check{Figure: name, GotText: g, WantText: w, OK: g == w})
	}
	lengths := func(name string, g, w int) bool {
		if g == w {
			return true
		}
		label(name+" (length)", fmt.Sprint(g), fmt.Sprint(w))
		return false
	}
	list := func(name string, g, w []float64, asserted bool) {
		if lengths(name, len(g), len(w)) {
			for i := range w {
				num(fmt.Sprintf("%s[%d]", name, i), g[i], w[i], asserted)
			}
		}
	}
	for _, s := range reportScalars {
		asserted := s.name == "IM" || s.name == "MM" || s.name == "OptionMTM" || s.name == "CollateralMTM"
		num(s.name, *s.field(got), *s.field(want), asserted)
	}
	for _, l := range reportLists {
		list(l.name, *l.field(got), *l.field(want), false)
	}
	if lengths("discount_factors", len(got.DiscountFactors), len(want.DiscountFactors)) {
		for i := range want.DiscountFactors {
			list(fmt.Sprintf("discount_factors[%d]", i), got.DiscountFactors[i], want.DiscountFactors[i], false)
		}
	}
	losses := func(name string, g, w []Loss) {
		if !lengths(name, len(g), len(w)) {
			return
		}
		for i := range w {
			row := fmt.Sprintf("%s[%d]", name, i)
			if w[i].Skew != "" {
				label(row+" name", g[i].Skew, w[i].Skew)
			} else {
				num(row+" move", g[i].Move, w[i].Move, false)
				num(row+" vol", g[i].Direction, w[i].Direction, false)
			}
			num(row+" pnl", g[i].PnL, w[i].PnL, true)
		}
	}
	losses("reg_losses", got.RegLosses, want.RegLosses)
	losses("tail_losses", got.TailLosses, want.TailLosses)
	losses("skew_losses", got.SkewLosses, want.SkewLosses)
	worstScenario := func(name string, rows []Loss, worst float64, g, w []float64) {
		c := Check{Figure: name, GotText: fmtNumbers(g), WantText: fmtNumbers(w)}
		c.OK = allAgree(g, w) || tiesWorst(rows, worst, w)
		out = append(out, c)
	}
	worstScenario("worst_reg_scenario", got.RegLosses, got.WorstRegLoss, got.WorstRegScenario, want.WorstRegScenario)
	worstScenario("worst_tail_scenario", got.TailLosses, got.WorstTailLoss, got.WorstTailScenario, want.WorstTailScenario)
	skew := Check{Figure: "worst_skew_scenario", GotText: got.WorstSkewScenario, WantText: want.WorstSkewScenario}
	skew.OK = skew.GotText == skew.WantText || tiesWorstSkew(got, want.WorstSkewScenario)
	all := Check{Figure: "worst_all_scenarios", GotText: got.WorstAllScenarios, WantText: want.WorstAllScenarios}
	all.OK = all.GotText == all.WantText || Agree(groupWorst(got, all.WantText), groupWorst(got, all.GotText))
	return append(out, skew, all)
}

// The files name the worst scenario of each group, and the worst group. When
// several scenarios lose the same amount (a box spread's flat P&L, a perp's
// tail losses, which the 0.036/|move| dampening makes equal) the name is a
// matter of float rounding, so a published name is accepted when the model's
// P&L in that scenario agrees with the model's worst.

func tiesWorst(rows []Loss, worst float64, w []float64) bool {
	for _, l := range rows {
		key := []float64{l.Move, l.Direction, l.Dampening}[:len(w)]
		if allAgree(key, w) && Agree(l.PnL, worst) {
			return true
		}
	}
	return false
}

func tiesWorstSkew(got *Report, name string) bool {
	for _, l := range got.SkewLosses {
		if l.Skew == name && Agree(l.PnL, got.WorstSkewLoss) {
			return true
		}
	}
	return false
}

// groupWorst is the model's worst loss of a group named as in
// worst_all_scenarios.
func groupWorst(r *Report, group string) float64 {
	switch group {
	case kindRegular:
		return r.WorstRegLoss
	case kindTail:
		return r.WorstTailLoss
	case kindSkew:
		return r.WorstSkewLoss
	case "fwd_contingency":
		return r.ForwardContingency
	}
	return math.NaN()
}

func allAgree(g, w []float64) bool {
	if len(g) != len(w) {
		return false
	}
	for i := range w {
		if !Agree(g[i], w[i]) {
			return false
		}
	}
	return true
}

func fmtNumbers(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmtNumber(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
