// Oracle prices as integers: contract venues (Aave, Comet) read Chainlink USD
// answers with a fixed number of decimals, so their models need the price in
// force as an integer of 10^-decimals USD, exactly as written.
package market

import (
	"strconv"
	"strings"

	"github.com/holiman/uint256"
)

// OraclePriceFloor returns the venue's oracle price of symbol (VenueSpot) as
// an integer of 10^-decimals USD, rounding down: a price with more digits,
// which no Chainlink USD feed reports, loses its tail. The price is taken
// exactly as written: from the asset's exact decimal when that is the price
// in force, else (a venue price, or a price WithPriceScaled has shifted, held
// as float64 only) from the float's shortest decimal spelling, which is the
// written text for any price of at most 15 significant digits. ok is false
// when the market does not know the asset.
func (s *Snapshot) OraclePriceFloor(venueID, symbol string, decimals int) (price uint256.Int, ok bool) {
	a := s.Asset(symbol)
	p, isVenuePrice := s.VenuePrices[venueID][symbol]
	switch {
	case isVenuePrice:
	case a == nil:
		return price, false
	default:
		p = a.Price
		text := a.PriceExact.String()
		if f, err := strconv.ParseFloat(text, 64); err == nil && f == p {
			return DecimalUnitsFloor(text, decimals), true
		}
	}
	return DecimalUnitsFloor(strconv.FormatFloat(p, 'f', -1, 64), decimals), true
}

// DecimalUnitsFloor turns a plain non-negative decimal ("1816.85499606") into
// an integer of 10^-decimals units, truncating further digits. Callers pass
// text produced by money.Decimal or strconv, so it is well formed; prices are
// at most 1e30 (validation), far inside 256 bits.
func DecimalUnitsFloor(text string, decimals int) uint256.Int {
	intPart, frac, _ := strings.Cut(text, ".")
	if len(frac) > decimals {
		frac = frac[:decimals]
	}
	frac += strings.Repeat("0", decimals-len(frac))
	digits := strings.TrimLeft(intPart+frac, "0")
	var z uint256.Int
	if digits == "" {
		return z
	}
	if err := z.SetFromDecimal(digits); err != nil {
		panic("market: price " + strconv.Quote(text) + " is not a plain decimal: " + err.Error())
	}
	return z
}
