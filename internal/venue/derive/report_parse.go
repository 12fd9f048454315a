// Reading a case file's Result block into a Report, for comparison.
package derive

import (
	"github.com/unimargin/unimargin/internal/input"
)

// reportScalars are the Result's scalar figures and where they go.
var reportScalars = []struct {
	name  string
	field func(*Report) *float64
}{
	{"IM", func(r *Report) *float64 { return &r.IM }},
	{"MM", func(r *Report) *float64 { return &r.MM }},
	{"IMHand", func(r *Report) *float64 { return &r.IMHand }},
	{"MMHand", func(r *Report) *float64 { return &r.MMHand }},
	{"PortfolioMTM", func(r *Report) *float64 { return &r.PortfolioMTM }},
	{"OptionMTM", func(r *Report) *float64 { return &r.OptionMTM }},
	{"CollateralMTM", func(r *Report) *float64 { return &r.CollateralMTM }},
	{"PerpMTM", func(r *Report) *float64 { return &r.PerpMTM }},
	{"Cash", func(r *Report) *float64 { return &r.Cash }},
	{"UnrealisedFunding", func(r *Report) *float64 { return &r.UnrealisedFunding }},
	{"UnrealisedPerpPNL", func(r *Report) *float64 { return &r.UnrealisedPerpPNL }},
	{"worst_reg_loss", func(r *Report) *float64 { return &r.WorstRegLoss }},
	{"worst_tail_loss", func(r *Report) *float64 { return &r.WorstTailLoss }},
	{"worst_skew_loss", func(r *Report) *float64 { return &r.WorstSkewLoss }},
	{"ForwardContingency", func(r *Report) *float64 { return &r.ForwardContingency }},
	{"MMLossFactor", func(r *Report) *float64 { return &r.MMLossFactor }},
	{"IMLossFactor", func(r *Report) *float64 { return &r.IMLossFactor }},
	{"im_loss_factor", func(r *Report) *float64 { return &r.ImLossFactor }},
	{"MMPerpCont", func(r *Report) *float64 { return &r.MMPerpCont }},
	{"IMPerpCont", func(r *Report) *float64 { return &r.IMPerpCont }},
	{"IMPerpContNormal", func(r *Report) *float64 { return &r.IMPerpContNormal }},
	{"MMBaseCont", func(r *Report) *float64 { return &r.MMBaseCont }},
	{"IMBaseCont", func(r *Report) *float64 { return &r.IMBaseCont }},
	{"IMBaseContNormal", func(r *Report) *float64 { return &r.IMBaseContNormal }},
	{"MMOptionCont", func(r *Report) *float64 { return &r.MMOptionCont }},
	{"IMOptionCont", func(r *Report) *float64 { return &r.IMOptionCont }},
	{"IMOptionContNormal", func(r *Report) *float64 { return &r.IMOptionContNormal }},
	{"OracleCont", func(r *Report) *float64 { return &r.OracleCont }},
}

// reportLists are the Result's per-expiry and per-option lists.
var reportLists = []struct {
	name  string
	field func(*Report) *[]float64
}{
	{"OptionMTMPerExpiry", func(r *Report) *[]float64 { return &r.OptionMTMPerExpiry }},
	{"OptionMTMPerExpiryDiscounted", func(r *Report) *[]float64 { return &r.OptionMTMPerExpiryDiscounted }},
	{"VolShockUpMultiplier", func(r *Report) *[]float64 { return &r.VolShockUpMultiplier }},
	{"VolShockDownMultiplier", func(r *Report) *[]float64 { return &r.VolShockDownMultiplier }},
	{"VolShockUpEvaluated", func(r *Report) *[]float64 { return &r.VolShockUpEvaluated }},
	{"VolShockDownEvaluated", func(r *Report) *[]float64 { return &r.VolShockDownEvaluated }},
}

func parseReport(f *fields) *Report {
	r := &Report{}
	for _, s := range reportScalars {
		*s.field(r) = f.num(s.name, -inf, inf)
	}
	for _, l := range reportLists {
		*l.field(r) = numbers(f, f.list(l.name, maxCaseOptions))
	}
	for _, n := range f.list("discount_factors", maxCaseFeeds) {
		pair := numbers(f, listOf(f, n, 2))
		r.DiscountFactors = append(r.DiscountFactors, pair)
	}
	r.RegLosses = parseLosses(f, "reg_losses", false)
	r.TailLosses = parseLosses(f, "tail_losses", false)
	r.SkewLosses = parseLosses(f, "skew_losses", true)
	r.WorstRegScenario = numbers(f, f.list("worst_reg_scenario", 2))
	r.WorstTailScenario = numbers(f, f.list("worst_tail_scenario", 3))
	r.WorstSkewScenario = f.str("worst_skew_scenario")
	r.WorstAllScenarios = f.str("worst_all_scenarios")
	f.finish()
	return r
}

func numbers(f *fields, items []input.Node) []float64 {
	out := make([]float64, 0, len(items))
	for _, n := range items {
		out = append(out, f.numberOf(n, -inf, inf))
	}
	return out
}

// listOf reads n as an array of exactly size elements.
func listOf(f *fields, n input.Node, size int) []input.Node {
	if *f.err != nil {
		return nil
	}
	items, err := n.Array()
	if err == nil && len(items) != size {
		err = input.Errorf(n.Path, "must have %d elements, not %d", size, len(items))
	}
	if err != nil {
		f.fail(err)
		return nil
	}
	return items
}

// parseLosses reads rows [move, direction, P&L] or, for skew, [name, P&L].
func parseLosses(f *fields, name string, skew bool) []Loss {
	var out []Loss
	size := 3
	if skew {
		size = 2
	}
	for _, n := range f.list(name, maxCaseScenarios) {
		row := listOf(f, n, size)
		if *f.err != nil {
			return nil
		}
		if skew {
			s, err := row[0].String()
			if err != nil {
				f.fail(err)
				return nil
			}
			out = append(out, Loss{Skew: s, PnL: f.numberOf(row[1], -inf, inf)})
			continue
		}
		out = append(out, Loss{
			Move:      f.numberOf(row[0], -inf, inf),
			Direction: f.numberOf(row[1], -1, 1),
			PnL:       f.numberOf(row[2], -inf, inf),
		})
	}
	return out
}
