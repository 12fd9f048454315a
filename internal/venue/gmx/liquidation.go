// GMX v2's liquidation rule: a liquidatable position closes whole (a keeper's
// liquidation order), paying the market's liquidation_fee_factor of its
// notional out of the collateral left (never below zero); the LP pool (GM
// holders) absorbs a shortfall. The fee factor is the resolved market's, so
// an override in the venue's params reaches it.
package gmx

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Liquidation is the whole close with the market's fee, after Margin's
// input checks.
func (md model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	r, err := md.Margin(v, m)
	if err != nil {
		return venue.Liquidation{}, err
	}
	var fee float64
	if used := r.ParamsUsed.(paramsUsed); used.Market != nil { // the position's market, overrides applied
		fee = used.Market.LiquidationFeeFactor
	}
	return venue.Liquidation{Mechanism: venue.MechClose, CloseFactor: 1, PartialFraction: 1, Penalty: fee,
		Order: venue.OrderBook, Shortfall: venue.ShortfallLPPool,
		Note: fmt.Sprintf("the position closes whole, paying a liquidation fee of %g%% of its notional from "+
			"the collateral left; the rest returns to the account", 100*fee),
		Source: "gmx-io/gmx-synthetics DecreasePositionUtils (liquidation order), liquidation_fee_factor; set " + r.ParamsSet}, nil
}
