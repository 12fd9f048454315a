// The gmx-v2 model: registration and one position's margin.
package gmx

import (
	"fmt"
	"math"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Name is the model's name in portfolio.json.
const Name = "gmx-v2"

type model struct{}

func init() { venue.Register(model{}) }

func (model) Name() string { return Name }

func (model) Source() string {
	return "GMX v2 position liquidation and increase checks (gmx-io/gmx-synthetics " +
		"contracts/position/PositionUtils.sol, pricing/PositionPricingUtils.sol @ a5c0c88, 2026-03-13); set: " +
		sets.Default().source
}

// Params lists every overridable value with the ETH/USD market's default.
func (model) Params() []venue.Param {
	mp := sets.Default().markets[0]
	out := make([]venue.Param, len(specs))
	for i, s := range specs {
		out[i] = venue.Param{Name: s.Name, Default: *s.Field(&mp)}
		if *s.Field(&mp) < 0 {
			out[i].Default = "not given"
		}
	}
	return out
}

type paramsUsed struct {
	Set        string        `json:"set"`
	Overridden bool          `json:"overridden"`
	Market     *marketParams `json:"market,omitempty"`
}

// Margin computes the position's requirement. Input errors (*input.Error):
// more than one position, kinds other than perp, underlyings without a market
// in the set, bad parameters.
func (model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	setName, overrides, dateWarnings, err := resolveParams(v, m.AsOf)
	if err != nil {
		return venue.Result{}, err
	}
	set, _ := sets.Lookup(setName)
	used := paramsUsed{Set: setName, Overridden: overrides != nil}
	if len(v.Positions) == 0 {
		if err := applyOverrides(&marketParams{}, overrides); err != nil {
			return venue.Result{}, err
		}
		r := venue.Result{ParamsUsed: used, ParamsSet: setName}
		r.CollateralValue, r.Warnings = collateralValue(v, m, func(a string) bool {
			for i := range set.markets {
				if set.markets[i].accepts(a) {
					return true
				}
			}
			return false
		})
		r.Equity = r.CollateralValue
		r.Warnings = append(dateWarnings, r.Warnings...)
		return r, nil
	}
	p, mp, err := checkPosition(v, set)
	if err != nil {
		return venue.Result{}, err
	}
	if err := applyOverrides(&mp, overrides); err != nil {
		return venue.Result{}, err
	}
	used.Market = &mp
	r := venue.Result{ParamsUsed: used, ParamsSet: setName}
	r.CollateralValue, r.Warnings = collateralValue(v, m, mp.accepts)
	r.Warnings = append(dateWarnings, r.Warnings...)
	f := positionFigures(&mp, p, m.VenueSpot(v.ID, p.Underlying))
	r.Equity = r.CollateralValue + f.pnl + p.FundingF
	r.Maintenance = f.maintenance
	r.Initial = math.Max(f.initial, f.maintenance)
	r.Health = venue.EquityHealth(r.Equity, r.Maintenance)
	if f.oiFactor > mp.MinCollateralFactor {
		r.Warnings = append(r.Warnings, fmt.Sprintf("open interest raises the min collateral factor "+
			"for increases to %.6g (from %.6g)", f.oiFactor, mp.MinCollateralFactor))
	}
	return r, nil
}

// checkPosition returns the venue's only position and its market.
func checkPosition(v *portfolio.Venue, set *paramSet) (*portfolio.Position, marketParams, error) {
	positions := input.Join(v.Path, "positions")
	if len(v.Positions) > 1 {
		return nil, marketParams{}, input.Errorf(input.Index(positions, 1), "a gmx-v2 venue is one isolated "+
			"position: put each GMX position in a venue of its own")
	}
	p := &v.Positions[0]
	if p.Kind != portfolio.KindPerp {
		return nil, marketParams{}, input.Invalid(input.Join(input.Index(positions, 0), "kind"), string(p.Kind),
			"is not traded on gmx-v2 (perpetuals only)")
	}
	mp, ok := set.marketFor(p.Underlying)
	if !ok {
		var names []string
		for _, m := range set.markets {
			names = append(names, m.Name)
		}
		return nil, marketParams{}, input.Invalid(input.Join(input.Index(positions, 0), "underlying"), p.Underlying,
			"has no market in parameter set %s (%s)", set.name, strings.Join(names, ", "))
	}
	return p, mp, nil
}

// collateralValue values the position's collateral: the first entry in a
// token the market accepts fixes the collateral token; anything else is 0.
func collateralValue(v *portfolio.Venue, m *market.Snapshot, accepts func(string) bool) (float64, []string) {
	var value float64
	var warnings []string
	token := ""
	for i, c := range v.Collateral {
		switch {
		case token == "" && accepts(c.Asset):
			token = c.Asset
		case c.Asset == token:
		case accepts(c.Asset):
			warnings = append(warnings, fmt.Sprintf("collateral[%d] %s is a second collateral token; "+
				"a GMX position holds one (%s): valued 0 here", i, c.Asset, token))
			continue
		default:
			warnings = append(warnings, fmt.Sprintf("collateral[%d] %s is not a collateral token of "+
				"this gmx-v2 market; valued 0 here", i, c.Asset))
			continue
		}
		value += c.AmountF * m.VenueSpot(v.ID, c.Asset)
	}
	return value, warnings
}

// figures are one position's margin terms in USD.
type figures struct {
	sizeUSD, pnl, priceImpact, closeFee float64
	maintenance, initial, oiFactor      float64
}

// positionFigures applies GMX's checks to position p at index price.
func positionFigures(mp *marketParams, p *portfolio.Position, price float64) figures {
	var f figures
	long := p.QuantityF > 0
	tokens := math.Abs(p.QuantityF)
	entry := price
	if p.HasEntry {
		entry = p.EntryF
	}
	f.sizeUSD = tokens * entry
	if long {
		f.pnl = tokens*price - f.sizeUSD
	} else {
		f.pnl = f.sizeUSD - tokens*price
	}
	impact, improved := closeImpact(mp, long, f.sizeUSD)
	// isPositionLiquidatable: positive impact counts as 0; negative impact is
	// capped at sizeInUsd × max_position_impact_factor_for_liquidations.
	f.priceImpact = math.Max(math.Min(impact, 0), -f.sizeUSD*mp.MaxPositionImpactFactorForLiquidations)
	feeFactor := mp.PositionFeeFactorForNegativeImpact
	if improved {
		feeFactor = mp.PositionFeeFactorForPositiveImpact
	}
	f.closeFee = f.sizeUSD * feeFactor
	costs := f.closeFee - f.priceImpact
	f.maintenance = math.Max(mp.MinCollateralUSD, f.sizeUSD*mp.MinCollateralFactorForLiquidation) + costs
	oi := f.sizeUSD // the position is at least its side's open interest
	if side := sideOpenInterest(mp, long); side >= 0 {
		oi = side
	}
	f.oiFactor = oi * mp.MinCollateralFactorForOpenInterestMultiplier
	f.initial = math.Max(mp.MinCollateralUSD, f.sizeUSD*math.Max(mp.MinCollateralFactor, f.oiFactor)) + costs
	return f
}

func sideOpenInterest(mp *marketParams, long bool) float64 {
	if long {
		return mp.OpenInterestLong
	}
	return mp.OpenInterestShort
}

// closeImpact is PositionPricingUtils' price impact of closing sizeUSD of the
// position's side (impact from the pool's open-interest imbalance) and
// whether closing improves the balance. Without open interest there is no
// impact and the balance counts as worsened (the higher fee).
func closeImpact(mp *marketParams, long bool, sizeUSD float64) (float64, bool) {
	if mp.OpenInterestLong < 0 || mp.OpenInterestShort < 0 {
		return 0, false
	}
	l0, s0 := mp.OpenInterestLong, mp.OpenInterestShort
	l1, s1 := l0, s0
	if long {
		l1 = math.Max(l0-sizeUSD, 0)
	} else {
		s1 = math.Max(s0-sizeUSD, 0)
	}
	initialDiff, nextDiff := math.Abs(l0-s0), math.Abs(l1-s1)
	improved := nextDiff < initialDiff
	// getAdjustedPositionImpactFactors: positive impact never above negative.
	// getAdjustedPositionImpactExponentFactors: likewise for the exponents.
	posFactor := math.Min(mp.PositivePositionImpactFactor, mp.NegativePositionImpactFactor)
	negFactor := mp.NegativePositionImpactFactor
	posExp := math.Min(mp.PositivePositionImpactExponentFactor, mp.NegativePositionImpactExponentFactor)
	negExp := mp.NegativePositionImpactExponentFactor
	apply := func(diff, factor, exponent float64) float64 { return math.Pow(diff, exponent) * factor }
	if (l0 <= s0) == (l1 <= s1) { // same-side rebalance
		factor, exponent := negFactor, negExp
		if improved {
			factor, exponent = posFactor, posExp
		}
		delta := math.Abs(apply(initialDiff, factor, exponent) - apply(nextDiff, factor, exponent))
		if improved {
			return delta, true
		}
		return -delta, false
	}
	positive := apply(initialDiff, posFactor, posExp)
	negative := apply(nextDiff, negFactor, negExp)
	return positive - negative, improved
}
