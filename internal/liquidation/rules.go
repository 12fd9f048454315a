// The venues' liquidation constants as plain numbers, for callers that
// replay these rules over time rather than on one book now (the cascade
// simulator applies them in float64 on its margin domains). They are the
// same values the mechanics in this package use, read from the same
// declarations; the simulator must take them from here, never restate them.
package liquidation

// AaveCloseFactor is Aave v3.0.2's DEFAULT_LIQUIDATION_CLOSE_FACTOR (50%):
// the share of the chosen debt one liquidationCall may repay.
const AaveCloseFactor = float64(defaultCloseFactorBps) / percentageFactor

// AaveCloseFactorHFThreshold is CLOSE_FACTOR_HF_THRESHOLD (0.95): at or
// below this health factor the close factor is 100%.
var AaveCloseFactorHFThreshold = float64(closeFactorHFThreshold.Uint64()) / 1e18

// Hyperliquid's liquidation: a position above HyperliquidPartialNotionalUSD
// of notional sends HyperliquidPartialFraction of it per order, then waits
// HyperliquidCooldownSeconds (one order per cooldown: this package liquidates
// one moment and sends one order); below HyperliquidBackstopFraction of
// maintenance the backstop liquidator takes the account.
const (
	HyperliquidPartialNotionalUSD = float64(hyperliquidPartialNotionalUSD)
	HyperliquidBackstopFraction   = hyperliquidBackstopFraction
	HyperliquidCooldownSeconds    = 30
)

// HyperliquidPartialFraction is the share one partial order sends (20%).
var HyperliquidPartialFraction, _ = hyperliquidPartialFraction.Float64()

// DYDXMaxLiquidationFee is dYdX v4's max_liquidation_fee_ppm (genesis) as a
// fraction of the notional closed (0.5%).
const DYDXMaxLiquidationFee = float64(dydxMaxLiquidationFeePPM) / 1e6

// ReductionClip is Deribit's and SPAN's incremental reduction: the share of
// a position one step closes (10%).
const ReductionClip = reductionClip
