// Derive's liquidation rule: the Dutch auction (DutchAuction.sol; parameters
// scripts/config-mainnet.sol; defi-venues.md §4.3) at its start. The
// discount starts at 0.95 (then falls linearly to 0.70 over 15 minutes and
// to 0 over 12 hours); the buffer margin is MM + 0.15·(MM − MTM); the
// security module's fee is 10% of |MTM| × the fraction at discount 1; the
// fraction is taken to 6 decimals, rounded up. An insolvent account (MTM <
// 0) is taken whole, the security module paying the bidder.
package derive

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// auction is DutchAuction.sol's mainnet configuration.
var auction = venue.Auction{StartDiscount: 0.95, BufferMargin: 0.15, FeeRate: 0.10, FractionDecimals: 6}

// Liquidation is the auction, after Margin's input checks.
func (md model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, err := md.Margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	a := auction
	return venue.Liquidation{Mechanism: venue.MechAuction, Auction: &a, Shortfall: venue.ShortfallSecurityModule,
		Penalty: a.FeeRate, PartialFraction: 1, CloseFactor: 1,
		Note: "Dutch auction at its start: the bidder takes the fraction f of every position and collateral " +
			"for MTM·discount·f in cash",
		Source: "derivexyz/v2-core src/liquidation/DutchAuction.sol, scripts/config-mainnet.sol (defi-venues.md §4.3)"}, nil
}
