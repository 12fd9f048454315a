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
// feed reports, loses its tail). The venue's own price (market.json
// venue_prices) wins over the market price, as m.VenueSpot says. The market
// price is used exactly as written; a venue price is stored by the market as
// a float64 and is recovered as its shortest decimal spelling, which is the
// written text for any price of at most 15 significant digits. ok is false
// when the market does not know the asset.
func oraclePriceE8Floor(m *market.Snapshot, venueID, symbol string) (price uint256.Int, ok bool) {
	var text string
	if p, has := m.VenuePrices[venueID][symbol]; has {
		text = strconv.FormatFloat(p, 'f', -1, 64)
	} else if a := m.Asset(symbol); a != nil {
		text = a.PriceExact.String()
	} else {
		return price, false
	}
	return decimalE8Floor(text), true
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
