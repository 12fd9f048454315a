// Oracle prices: Aave's base currency is USD with 8 decimals (the Chainlink
// answers the AaveOracle returns), so every price becomes an integer number of
// 1e-8 USD before any arithmetic.
package aave

import (
	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/market"
)

// priceDecimals is the AaveOracle's BASE_CURRENCY_UNIT exponent (1e8 = 1 USD).
const priceDecimals = 8

// oraclePriceE8Floor returns the venue's oracle price of symbol as an 8-decimal
// integer, rounding down (market.Snapshot.OraclePriceFloor says how the
// written price is kept exact).
func oraclePriceE8Floor(m *market.Snapshot, venueID, symbol string) (uint256.Int, bool) {
	return m.OraclePriceFloor(venueID, symbol, priceDecimals)
}

// decimalE8Floor turns a plain non-negative decimal into 1e-8 units, truncating.
func decimalE8Floor(text string) uint256.Int { return market.DecimalUnitsFloor(text, priceDecimals) }
