// The case files' Parameters block: PMRMLib_2's parameter groups under the
// names of Derive's Python reference (VOLRANGEUP, MM_LOSS_FACTOR, …), and
// the scenario list.
package derive

import (
	"strconv"

	"github.com/unimargin/unimargin/internal/input"
)

// derivedCaseParams are Parameters entries the case files carry for
// reference only: each is the sum of an MM and an IM percentage
// (IM_PERP_PERCENT_NORMAL = MM_PERP_PERCENT + IM_PERP_PERCENT), and Derive's
// driver does not read them.
var derivedCaseParams = map[string][]string{
	"OtherContingency": {"IM_PERP_PERCENT_NORMAL", "IM_OPTION_PERCENT_NORMAL"},
}

func parseParameters(f *fields) Params {
	var p Params
	groups := map[string]*fields{}
	var order []string
	for _, spec := range paramSpecs {
		g, ok := groups[spec.group]
		if !ok {
			g = f.object(spec.group)
			groups[spec.group], order = g, append(order, spec.group)
		}
		*spec.field(&p) = g.num(spec.caseName, spec.min, spec.max)
	}
	for _, name := range order {
		groups[name].skip(derivedCaseParams[name]...)
		groups[name].finish()
	}
	for _, n := range f.list("Scenarios", maxCaseScenarios) {
		p.Scenarios = append(p.Scenarios, parseScenarioParam(newFields(n, f.err)))
	}
	if *f.err == nil {
		if i, reason := checkScenarios(p.Scenarios); i >= 0 {
			f.fail(input.Errorf(input.Index(input.Join(f.obj.Path, "Scenarios"), i), "%s", reason))
		}
	}
	f.finish()
	return p
}

func parseScenarioParam(f *fields) Scenario {
	s := Scenario{
		SpotShock: f.num("SpotShock", 0, 100),
		Dampening: f.num("DampeningFactor", 0, 10),
	}
	dir := f.str("VolShockDirection")
	if *f.err == nil {
		v, ok := ParseVolShock(dir)
		if !ok {
			f.fail(input.Invalid(input.Join(f.obj.Path, "VolShockDirection"), dir,
				"is not a vol shock direction (Up, Down, None, LINEAR, ABS)"))
		}
		s.Vol = v
	}
	f.finish()
	return s
}

func fmtNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
