// Oracle prices: Aave's base currency is USD with 8 decimals (the Chainlink
// answers the AaveOracle returns), so every price becomes an integer number of
// 1e-8 USD before any arithmetic.
package aave

import (
	"strconv"
	"strings"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/market"
)

// priceDecimals is the AaveOracle's BASE_CURRENCY_UNIT exponent (1e8 = 1 USD).
const priceDecimals = 8

// oraclePriceE8Floor returns the venue's oracle price of symbol as an 8-decimal
// integer, rounding down (a price with more digits, which no Chainlink USD
// feed reports, loses its tail). The price is m.VenueSpot: the venue's own
// price (market.json venue_prices) when the market gives one, else the
// market price. It is taken exactly as written: from the asset's exact
// decimal when that is the price in force, else (a venue price, or a price a
// scenario or liquidation search has shifted, which the snapshot stores as
// float64 only) from the float's shortest decimal spelling, which is the
// written text for any price of at most 15 significant digits. ok is false
// when the market does not know the asset.
func oraclePriceE8Floor(m *market.Snapshot, venueID, symbol string) (price uint256.Int, ok bool) {
	a := m.Asset(symbol)
	p, isVenuePrice := m.VenuePrices[venueID][symbol]
	switch {
	case isVenuePrice:
	case a == nil:
		return price, false
	default:
		p = a.Price
		text := a.PriceExact.String()
		if f, err := strconv.ParseFloat(text, 64); err == nil && f == p {
			return decimalE8Floor(text), true
		}
	}
	return decimalE8Floor(strconv.FormatFloat(p, 'f', -1, 64)), true
}

// decimalE8Floor turns a plain non-negative decimal ("1816.85499606") into an
// integer of 1e-8 units, truncating further digits. The caller passes text
// produced by money.Decimal or strconv, so it is well formed.
func decimalE8Floor(text string) uint256.Int {
	intPart, frac, _ := strings.Cut(text, ".")
	if len(frac) > priceDecimals {
		frac = frac[:priceDecimals]
	}
	frac += strings.Repeat("0", priceDecimals-len(frac))
	digits := strings.TrimLeft(intPart+frac, "0")
	var z uint256.Int
	if digits == "" {
		return z
	}
	if err := z.SetFromDecimal(digits); err != nil {
		// Prices are at most 1e30 (market validation), far inside 256 bits.
		panic("aave: price " + strconv.Quote(text) + " is not a plain decimal: " + err.Error())
	}
	return z
}
