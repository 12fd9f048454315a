// dYdX v4's liquidation rule: positions closed whole (genesis
// max_position_portion_liquidated_ppm 1,000,000), largest notional first,
// until the subaccount is collateralised; each close pays a fee of at most
// max_liquidation_fee_ppm of its notional (genesis 5,000 = 0.5%) to the
// insurance fund, never taking the subaccount below zero; the insurance fund
// then deleveraging take a shortfall (defi-venues.md §5.1).
package dydx

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// maxLiquidationFeePPM is the genesis liquidations_config.max_liquidation_fee_ppm.
const maxLiquidationFeePPM = 5_000

// Liquidation is the whole-position close, after Margin's input checks.
func (md model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, err := md.Margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	return venue.Liquidation{Mechanism: venue.MechClose, CloseFactor: 1, PartialFraction: 1,
		Penalty: maxLiquidationFeePPM / 1e6, Order: venue.OrderLargestNotional, StopWhenHealthy: true,
		Shortfall: venue.ShortfallInsuranceFund,
		Note: "positions closed whole (genesis max_position_portion_liquidated 100%), largest notional first, " +
			"until collateralised; fee ≤ 0.5% of notional to the insurance fund",
		Source: "dydxprotocol/v4-chain x/clob liquidations_config (genesis max_liquidation_fee_ppm 5000, " +
			"max_position_portion_liquidated_ppm 1000000; defi-venues.md §5.1)"}, nil
}
