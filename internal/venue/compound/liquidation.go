// Comet's liquidation rule for the registry, and what the liquidation
// engine reads of a Comet venue besides Absorb: the resolved parameter set
// (base asset and decimals, collateral decimals).
package compound

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// ResolvedSet returns the venue's Comet parameter set after overrides, on
// market m (whose as_of dates the set). Callers must not mutate it. Errors
// are those of Margin's parameter check.
func ResolvedSet(v *portfolio.Venue, m *market.Snapshot) (*Set, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return nil, err
	}
	return res.set, nil
}

// Liquidation is Comet's absorb: all collateral goes to the protocol,
// credited at liquidationFactor; the penalty of an asset is
// 1 − liquidationFactor of the resolved set (overrides included); the
// reserves absorb a shortfall.
func (Model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, _, err := margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	set, err := ResolvedSet(v, m)
	if err != nil {
		return venue.Liquidation{}, err
	}
	r := venue.Liquidation{Mechanism: venue.MechAbsorb, CloseFactor: 1, PartialFraction: 1,
		PenaltyByAsset: map[string]float64{}, Shortfall: venue.ShortfallReserves,
		Note: "Comet absorb: all collateral to the protocol, credited at liquidationFactor; " +
			"the account keeps no debt (health undefined)",
		Source: "Comet.absorbInternal (compound-finance/comet contracts/Comet.sol); set " + set.Name}
	for _, c := range v.Collateral {
		if a := set.Assets[c.Asset]; a != nil {
			p := 1 - factorFloat(a.LiquidationFactor)
			r.PenaltyByAsset[c.Asset] = p
			r.Penalty = max(r.Penalty, p)
		}
	}
	return r, nil
}
