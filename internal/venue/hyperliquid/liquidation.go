// Hyperliquid's liquidation rule (hyperliquid.gitbook.io/hyperliquid-docs/
// trading/liquidations, read 2026-11): market orders at the mark, no
// clearance fee; a position above partial_liquidation_threshold_usd of
// notional sends partial_liquidation_fraction per order, then waits
// partial_liquidation_cooldown_seconds; below backstop_liquidation_ratio of
// maintenance the liquidator vault (HLP) takes every position and the
// margin; a negative account is auto-deleveraged. Every figure is the
// venue's resolved parameter (the set's, or the book's override).
package hyperliquid

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Liquidation is the venue's rule with its resolved parameters, after
// Margin's input checks.
func (md model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	r, err := md.Margin(v, m)
	if err != nil {
		return venue.Liquidation{}, err
	}
	p := r.ParamsUsed.(paramsUsed).Venue // the account-level rules, overrides applied
	return venue.Liquidation{Mechanism: venue.MechClose, CloseFactor: 1,
		PartialAboveUSD: p.PartialLiquidationThresholdUSD, PartialFraction: p.PartialLiquidationFraction,
		CooldownSeconds: p.PartialLiquidationCooldownSecond, Order: venue.OrderLargestNotional,
		Backstop:  &venue.Backstop{BelowMaintenance: p.BackstopLiquidationRatio, By: "the liquidator vault (HLP)"},
		Shortfall: venue.ShortfallADL,
		Note: fmt.Sprintf("market orders at the mark, no clearance fee; positions above $%.0f notional "+
			"send %g%%, then a %g s cooldown", p.PartialLiquidationThresholdUSD, 100*p.PartialLiquidationFraction,
			p.PartialLiquidationCooldownSecond),
		Source: "hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations (read 2026-11); set " + r.ParamsSet}, nil
}
