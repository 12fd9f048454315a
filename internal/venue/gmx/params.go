// Parameter overrides. A venue's params is a built-in set name, or a flat
// object of overrides of its market's values in DefaultSet, keyed by GMX's
// own names (the config/DataStore keys in snake_case; camelCase such as
// minCollateralFactor accepted). A venue is one position, so every key
// applies to that position's market.
package gmx

import (
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// paramSpec is one overridable value of marketParams with its allowed range.
type paramSpec struct {
	name   string
	field  func(*marketParams) *float64
	lo, hi float64
}

var specs = []paramSpec{
	{"liquidation_fee_factor", func(m *marketParams) *float64 { return &m.LiquidationFeeFactor }, 0, 1},
	{"max_position_impact_factor_for_liquidations", func(m *marketParams) *float64 { return &m.MaxPositionImpactFactorForLiquidations }, 0, 1},
	{"min_collateral_factor", func(m *marketParams) *float64 { return &m.MinCollateralFactor }, 0, 1},
	{"min_collateral_factor_for_liquidation", func(m *marketParams) *float64 { return &m.MinCollateralFactorForLiquidation }, 0, 1},
	{"min_collateral_factor_for_open_interest_multiplier", func(m *marketParams) *float64 {
		return &m.MinCollateralFactorForOpenInterestMultiplier
	}, 0, 1},
	{"min_collateral_usd", func(m *marketParams) *float64 { return &m.MinCollateralUSD }, 0, 1e12},
	{"negative_position_impact_exponent_factor", func(m *marketParams) *float64 { return &m.NegativePositionImpactExponentFactor }, 1, 10},
	{"negative_position_impact_factor", func(m *marketParams) *float64 { return &m.NegativePositionImpactFactor }, 0, 1},
	{"open_interest_long", func(m *marketParams) *float64 { return &m.OpenInterestLong }, 0, 1e15},
	{"open_interest_short", func(m *marketParams) *float64 { return &m.OpenInterestShort }, 0, 1e15},
	{"position_fee_factor_for_negative_impact", func(m *marketParams) *float64 { return &m.PositionFeeFactorForNegativeImpact }, 0, 1},
	{"position_fee_factor_for_positive_impact", func(m *marketParams) *float64 { return &m.PositionFeeFactorForPositiveImpact }, 0, 1},
	{"positive_position_impact_exponent_factor", func(m *marketParams) *float64 { return &m.PositivePositionImpactExponentFactor }, 1, 10},
	{"positive_position_impact_factor", func(m *marketParams) *float64 { return &m.PositivePositionImpactFactor }, 0, 1},
}

func specNamed(name string) (paramSpec, bool) {
	i := sort.Search(len(specs), func(i int) bool { return specs[i].name >= name })
	if i < len(specs) && specs[i].name == name {
		return specs[i], true
	}
	return paramSpec{}, false
}

func specNames() string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

// resolveParams returns the set (the named one, else the set in force at
// asOf, with its warnings) and the venue's overrides of its market's
// values, checked by name. Errors are *input.Error values at
// venues[i].params.
func resolveParams(v *portfolio.Venue, asOf time.Time) (string, []venue.Override, []string, error) {
	r, err := sets.Resolve(v, asOf)
	if err != nil {
		return "", nil, nil, err
	}
	overrides, err := r.Overrides()
	if err != nil {
		return "", nil, nil, err
	}
	for _, o := range overrides {
		if _, ok := specNamed(o.Name); !ok {
			return "", nil, nil, input.Invalid(o.Node.Path, o.Node.Text(), "is not a parameter of gmx-v2 (%s)", specNames())
		}
	}
	return r.Name, overrides, r.Warnings, nil
}

// applyOverrides checks and applies overrides to mp.
func applyOverrides(mp *marketParams, overrides []venue.Override) error {
	for _, o := range overrides {
		spec, _ := specNamed(o.Name)
		x, err := o.Node.Float()
		if err != nil {
			return err
		}
		if x < spec.lo || x > spec.hi {
			return input.Invalid(o.Node.Path, o.Node.Text(), "%s must be in [%g, %g]", spec.name, spec.lo, spec.hi)
		}
		*spec.field(mp) = x
	}
	return nil
}
