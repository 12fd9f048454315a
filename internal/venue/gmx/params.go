// Parameter overrides. A venue's params is a built-in set name, or a flat
// object of overrides of its market's values in DefaultSet, keyed by GMX's
// own names (the config/DataStore keys in snake_case; camelCase such as
// minCollateralFactor accepted). A venue is one position, so every key
// applies to that position's market.
package gmx

import (
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// specs are the overridable values of marketParams with their ranges.
var specs = venue.FloatParams[marketParams]{
	{Name: "liquidation_fee_factor", Field: func(m *marketParams) *float64 { return &m.LiquidationFeeFactor }, Min: 0, Max: 1},
	{Name: "max_position_impact_factor_for_liquidations", Field: func(m *marketParams) *float64 { return &m.MaxPositionImpactFactorForLiquidations }, Min: 0, Max: 1},
	{Name: "min_collateral_factor", Field: func(m *marketParams) *float64 { return &m.MinCollateralFactor }, Min: 0, Max: 1},
	{Name: "min_collateral_factor_for_liquidation", Field: func(m *marketParams) *float64 { return &m.MinCollateralFactorForLiquidation }, Min: 0, Max: 1},
	{Name: "min_collateral_factor_for_open_interest_multiplier", Field: func(m *marketParams) *float64 {
		return &m.MinCollateralFactorForOpenInterestMultiplier
	}, Min: 0, Max: 1},
	{Name: "min_collateral_usd", Field: func(m *marketParams) *float64 { return &m.MinCollateralUSD }, Min: 0, Max: 1e12},
	{Name: "negative_position_impact_exponent_factor", Field: func(m *marketParams) *float64 { return &m.NegativePositionImpactExponentFactor }, Min: 1, Max: 10},
	{Name: "negative_position_impact_factor", Field: func(m *marketParams) *float64 { return &m.NegativePositionImpactFactor }, Min: 0, Max: 1},
	{Name: "open_interest_long", Field: func(m *marketParams) *float64 { return &m.OpenInterestLong }, Min: 0, Max: 1e15},
	{Name: "open_interest_short", Field: func(m *marketParams) *float64 { return &m.OpenInterestShort }, Min: 0, Max: 1e15},
	{Name: "position_fee_factor_for_negative_impact", Field: func(m *marketParams) *float64 { return &m.PositionFeeFactorForNegativeImpact }, Min: 0, Max: 1},
	{Name: "position_fee_factor_for_positive_impact", Field: func(m *marketParams) *float64 { return &m.PositionFeeFactorForPositiveImpact }, Min: 0, Max: 1},
	{Name: "positive_position_impact_exponent_factor", Field: func(m *marketParams) *float64 { return &m.PositivePositionImpactExponentFactor }, Min: 1, Max: 10},
	{Name: "positive_position_impact_factor", Field: func(m *marketParams) *float64 { return &m.PositivePositionImpactFactor }, Min: 0, Max: 1},
}

// resolveParams returns the set (the named one, else the set in force at
// asOf, with its warnings) and the venue's overrides of its market's
// values, checked by name. Errors are *input.Error values at
// venues[i].params.
func resolveParams(v *portfolio.Venue, asOf time.Time) (string, []venue.Override, []string, error) {
	r, overrides, err := sets.ResolveFlat(v, asOf)
	if err != nil {
		return "", nil, nil, err
	}
	for _, o := range overrides {
		if _, ok := specs.Find(o.Name); !ok {
			return "", nil, nil, input.Invalid(o.Node.Path, o.Node.Text(), "is not a parameter of gmx-v2 (%s)", specs.Names())
		}
	}
	return r.Name, overrides, r.Warnings, nil
}

// applyOverrides checks and applies overrides to mp.
func applyOverrides(mp *marketParams, overrides []venue.Override) error {
	return specs.Apply(mp, overrides, Name)
}
