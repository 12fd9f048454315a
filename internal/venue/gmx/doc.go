// Package gmx is the isolated margin model of one GMX v2 (gmx-synthetics)
// position: model gmx-v2.
//
// A GMX v2 position (market, collateral token, long or short) is margined
// alone against the market's liquidity pool, so one venue here is one
// position: at most one perpetual, whose collateral is the venue's first
// collateral entry in a token of its market (the long or the short token).
// Other collateral is valued 0 with a warning.
//
// Rule (gmx-io/gmx-synthetics contracts/position/PositionUtils.sol
// isPositionLiquidatable and willPositionCollateralBeSufficient, v2.2 as on
// main @ a5c0c88, 2026-03-13):
//
//	remaining = collateral + pnl + priceImpact − closeFee − borrowingFee − fundingFee
//	liquidatable ⇔ remaining < min_collateral_usd
//	             or remaining ≤ 0
//	             or remaining < sizeInUsd · min_collateral_factor_for_liquidation
//
// pnl = sizeInTokens·price − sizeInUsd for a long (the reverse for a short),
// sizeInUsd = |quantity|·entry_price (the mark when there is none). The
// price impact of closing the whole position is computed from the pool's open
// interest (parameters open_interest_long, open_interest_short), positive
// impact counts as 0 and negative impact is capped at sizeInUsd ·
// max_position_impact_factor_for_liquidations (0 on Arbitrum, so impact
// never counts there). The close fee is sizeInUsd × the position fee factor
// for positive or negative impact (whether closing improves the pool's
// balance; negative when open interest is not given). The liquidation fee is
// not part of the test (the code says so). Increasing a position further
// requires collateral ≥ sizeInUsd · max(min_collateral_factor,
// open interest of the side × min_collateral_factor_for_open_interest_multiplier)
// and the remaining-collateral test with min_collateral_factor.
//
// Equity terms (DESIGN.md). Equity = collateral + pnl + funding, where the
// position's funding field carries GMX's pending funding and borrowing fees
// (signed USD, negative = owed): both are deducted from collateral the same
// way. Then
//
//	Maintenance = max(min_collateral_usd, sizeInUsd·min_collateral_factor_for_liquidation) + closeFee − priceImpact
//	Initial     = max(min_collateral_usd, sizeInUsd·max(min_collateral_factor, OI·multiplier)) + closeFee − priceImpact
//
// so Equity < Maintenance ⇔ remaining < the threshold (liquidatable agrees
// with GMX whenever the threshold is positive, as min_collateral_usd = 1
// makes it). Initial applies the open-interest factor to equity, where GMX
// applies it to collateral without unrealised P&L (inferred: the nearest
// equity-terms reading). Without open interest the position's own size is
// taken as its side's open interest. Health = Equity / Maintenance.
//
// Not modelled (documented, each 0 or absent on the default markets): the pool's
// cap on trader P&L (max_pnl_factor_for_traders), virtual-inventory impact,
// pending impact amounts of v2.2, UI fees and referral discounts. Units: USD
// float64 at the venue's oracle prices (m.VenueSpot).
package gmx
