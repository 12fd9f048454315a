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
		if a.exactIs(p) {
			return DecimalUnitsFloor(a.PriceExact.String(), decimals), true
		}
	}
	var buf [48]byte // the shortest spelling of any price ≤ 1e30 fits
	return DecimalUnitsFloor(strconv.AppendFloat(buf[:0], p, 'f', -1, 64), decimals), true
}

// exactIs reports whether the asset's exact price, read as float64, is p:
// then the exact decimal is the price in force. Load keeps that float
// (a shifted copy keeps the original's, so a shifted price is never
// mistaken for it); an asset built by hand is read here.
func (a *Asset) exactIs(p float64) bool {
	if a.exactKnown {
		return a.exactFloat == p
	}
	f, err := strconv.ParseFloat(a.PriceExact.String(), 64)
	return err == nil && f == p
}

// DecimalUnitsFloor turns a plain non-negative decimal ("1816.85499606") into
// an integer of 10^-decimals units, truncating further digits. Callers pass
// text produced by money.Decimal or strconv, so it is well formed; prices are
// at most 1e30 (validation), far inside 256 bits. A result of at most 19
// digits (every real price at 8 decimals below 1e11) is accumulated in a
// uint64 without allocating; longer ones go through uint256's parser.
func DecimalUnitsFloor[T string | []byte](text T, decimals int) uint256.Int {
	var z uint256.Int
	if units, ok := unitsFloor64(text, decimals); ok {
		z.SetUint64(units)
		return z
	}
	intPart, frac, _ := strings.Cut(string(text), ".")
	if len(frac) > decimals {
		frac = frac[:decimals]
	}
	frac += strings.Repeat("0", decimals-len(frac))
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return z
	}
	if err := z.SetFromDecimal(digits); err != nil {
		panic("market: price " + strconv.Quote(string(text)) + " is not a plain decimal: " + err.Error())
	}
	return z
}

// unitsFloor64 is DecimalUnitsFloor when the result has at most 19 digits
// (< 2^64); ok is false otherwise, and for text that is not a plain decimal.
func unitsFloor64[T string | []byte](text T, decimals int) (units uint64, ok bool) {
	digits := 0 // significant digits in units
	frac := -1  // fraction digits read, −1 before the point
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '.' && frac < 0 {
			frac = 0
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		if frac >= 0 {
			if frac == decimals {
				break // truncated: the rest is below one unit
			}
			frac++
		}
		if digits == 0 && c == '0' {
			continue
		}
		if digits == 19 {
			return 0, false
		}
		units, digits = units*10+uint64(c-'0'), digits+1
	}
	for frac = max(frac, 0); frac < decimals && digits > 0; frac++ {
		if digits == 19 {
			return 0, false
		}
		units, digits = units*10, digits+1
	}
	return units, true
}
