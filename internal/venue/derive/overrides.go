// A venue's params: a built-in set's name, or a flat object of overrides
// keyed by PMRM_2's own names. Scalars take the snake_case of the PMRMLib_2
// field (vol_range_up, mm_factor, …); the Solidity camelCase (volRangeUp,
// MMPerpPercent) and the case files' names (VOLRANGEUP, MM_LOSS_FACTOR, in
// either letter case) are aliases. Two nested parameters: "scenarios" (the
// whole list) and "collaterals" (per asset).
package derive

import (
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Nested parameter names.
const (
	paramScenarios   = "scenarios"
	paramCollaterals = "collaterals"
)

// paramAliases maps every accepted spelling, as venue.SnakeCase leaves it,
// to its spec.
var paramAliases = func() map[string]*paramSpec {
	out := map[string]*paramSpec{}
	for i := range paramSpecs {
		s := &paramSpecs[i]
		for _, alias := range []string{s.name, camel(s.name), upper(s.caseName), strings.ToLower(s.caseName)} {
			out[venue.SnakeCase(alias)] = s
		}
	}
	// Solidity fields spelled with leading capitals (MMPerpPercent, …).
	for _, pair := range [][2]string{
		{"MMPerpPercent", "mm_perp_percent"}, {"IMPerpPercent", "im_perp_percent"},
		{"MMOptionPercent", "mm_option_percent"}, {"IMOptionPercent", "im_option_percent"},
	} {
		out[venue.SnakeCase(pair[0])] = out[pair[1]]
	}
	return out
}()

// camel turns vol_range_up into volRangeUp.
func camel(snake string) string {
	parts := strings.Split(snake, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func upper(s string) string { return strings.ToUpper(s) }

// resolved is a venue's parameters after its set and overrides.
type resolved struct {
	set         string
	params      Params
	collaterals map[string]CollateralParams // overrides, keyed by collateralKey
	warnings    []string
}

// resolveParams reads v.Params: the named set, else the set in force at
// asOf (venue.ParamSets), then the overrides. Errors: unknown set or parameter
// names, values that are not numbers or are outside PMRMLib_2's bounds,
// scenario lists PMRM_2.setScenarios would refuse, malformed collateral
// entries.
func resolveParams(v *portfolio.Venue, asOf time.Time) (resolved, error) {
	p, overrides, err := sets.ResolveFlat(v, asOf)
	if err != nil {
		return resolved{}, err
	}
	r := resolved{set: p.Name, warnings: p.Warnings}
	r.params = p.Set.params
	r.params.Scenarios = append([]Scenario(nil), r.params.Scenarios...)
	for _, o := range overrides {
		switch o.Name {
		case paramScenarios:
			if r.params.Scenarios, err = parseScenarioOverride(o.Node); err != nil {
				return resolved{}, err
			}
			continue
		case paramCollaterals:
			if r.collaterals, err = parseCollateralOverride(o.Node); err != nil {
				return resolved{}, err
			}
			continue
		}
		spec, ok := paramAliases[o.Name]
		if !ok {
			return resolved{}, venue.UnknownParam(o, modelName)
		}
		x, err := o.Node.Float()
		if err != nil {
			return resolved{}, err
		}
		if x < spec.min || x > spec.max {
			return resolved{}, input.Invalid(o.Node.Path, o.Node.Text(), "%s must be in [%g, %g]", spec.name, spec.min, spec.max)
		}
		*spec.field(&r.params) = x
	}
	return r, nil
}

// parseScenarioOverride reads [{"spot_shock": 1.18, "vol_shock": "up",
// "dampening_factor": 1}, …] (camelCase accepted).
func parseScenarioOverride(n input.Node) ([]Scenario, error) {
	var perr error
	items, err := n.Array()
	if err != nil {
		return nil, err
	}
	if len(items) > maxScenarios {
		return nil, input.Errorf(n.Path, "has %d scenarios, more than PMRM_2's limit of %d", len(items), maxScenarios)
	}
	out := make([]Scenario, 0, len(items))
	for _, it := range items {
		f := newFields(it, &perr)
		s := Scenario{}
		s.SpotShock = f.num(f.key("spot_shock", "spotShock"), 0, 100)
		s.Dampening = f.num(f.key("dampening_factor", "dampeningFactor"), 0, 10)
		dir := f.str(f.key("vol_shock", "volShock"))
		if perr == nil {
			v, ok := ParseVolShock(dir)
			if !ok {
				return nil, input.Invalid(input.Join(it.Path, f.key("vol_shock", "volShock")), dir,
					"is not a vol shock (up, down, none, linear, abs)")
			}
			s.Vol = v
		}
		f.finish()
		if perr != nil {
			return nil, perr
		}
		out = append(out, s)
	}
	if i, reason := checkScenarios(out); i >= 0 {
		return nil, input.Errorf(input.Index(n.Path, i), "%s", reason)
	}
	return out, nil
}

// key returns whichever spelling of a field the object uses (snake first).
func (f *fields) key(snake, camel string) string {
	if *f.err == nil && !f.obj.Has(snake) && f.obj.Has(camel) {
		return camel
	}
	return snake
}

// parseCollateralOverride reads {"wstETH": {"mm_haircut": 0.03,
// "im_haircut": 0.01, "risk_cancelling": true}, …}; an asset given here
// replaces its built-in entry, and an asset not built in becomes accepted.
func parseCollateralOverride(n input.Node) (map[string]CollateralParams, error) {
	obj, err := n.Object()
	if err != nil {
		return nil, err
	}
	out := map[string]CollateralParams{}
	var perr error
	for _, e := range obj.Entries() {
		f := newFields(e.Node, &perr)
		c := CollateralParams{
			MMHaircut: f.num(f.key("mm_haircut", "MMHaircut"), 0, 1),
			IMHaircut: f.num(f.key("im_haircut", "IMHaircut"), 0, 1),
		}
		c.RiskCancelling = f.flag(f.key("risk_cancelling", "isRiskCancelling"))
		f.finish()
		if perr == nil && c.MMHaircut+c.IMHaircut > 1 {
			// PMRMLib_2.setCollateralParameters: IMHaircut + MMHaircut ≤ 1.
			perr = input.Errorf(e.Node.Path, "mm_haircut + im_haircut must be ≤ 1")
		}
		if perr != nil {
			return nil, perr
		}
		out[collateralKey(e.Key)] = c
	}
	return out, nil
}

// paramList is what venues --json shows: every scalar of the default set
// under its canonical name, then the nested defaults.
func paramList() []venue.Param {
	p := paramSets[0].params
	out := make([]venue.Param, 0, len(paramSpecs)+2)
	for _, s := range paramSpecs {
		out = append(out, venue.Param{Name: s.name, Default: *s.field(&p)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	scenarios := make([]map[string]any, len(p.Scenarios))
	for i, s := range p.Scenarios {
		scenarios[i] = map[string]any{"spot_shock": s.SpotShock, "vol_shock": s.Vol.String(), "dampening_factor": s.Dampening}
	}
	return append(out,
		venue.Param{Name: paramCollaterals, Default: collateralTables},
		venue.Param{Name: paramScenarios, Default: scenarios})
}
