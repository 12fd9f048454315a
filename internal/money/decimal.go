// Decimal is an exact signed decimal number with at most 18 fractional digits,
// parsed from the plain text the file contract uses for amounts and prices.
package money

import (
	"errors"
	"math/big"
	"strconv"
	"strings"

	"github.com/holiman/uint256"
)

// MaxScale is the most fractional digits a Decimal may carry (the contract's 18).
const MaxScale = 18

// MaxUnitScale is the most fractional digits of an amount in whole units of
// a ledger asset: vault shares carry their asset's decimals plus the decimals
// offset (24 for an 18-decimal asset), and a balance the service renders must
// parse back. 36 digits with 40 integer digits stay within 256 bits.
const MaxUnitScale = 36

// maxIntegerDigits bounds the integer part; 1e30 units is the contract's limit
// for amounts, and 40 digits leaves room while keeping coef·10^18 in 256 bits.
const maxIntegerDigits = 40

var (
	// ErrDecimalSyntax is returned for text that is not a plain decimal.
	ErrDecimalSyntax = errors.New("is not a plain decimal number (digits, optional '-' and one '.')")
	// ErrDecimalScale is returned for more than MaxScale fractional digits.
	ErrDecimalScale = errors.New("has more than 18 decimal places")
	// ErrDecimalRange is returned for an integer part beyond the supported range.
	ErrDecimalRange = errors.New("is too large")
)

// Decimal is coef × 10^(−scale), with a sign. The zero value is 0.
type Decimal struct {
	coef  uint256.Int
	scale uint8
	neg   bool
}

// ParseDecimal parses text such as "-90000", "0.5" or "1.250". No exponent, no
// leading '+', no spaces, no NaN or Inf; at most 18 fractional digits.
func ParseDecimal(s string) (Decimal, error) { return parseDecimal(s, MaxScale) }

// ParseDecimalUnits parses an amount in whole units of an asset with the given
// decimals: as ParseDecimal, but with up to max(decimals, MaxScale) fractional
// digits (at most MaxUnitScale), so that every Amount.Units text parses back.
func ParseDecimalUnits(s string, decimals uint8) (Decimal, error) {
	return parseDecimal(s, min(max(int(decimals), MaxScale), MaxUnitScale))
}

func parseDecimal(s string, maxScale int) (Decimal, error) {
	var d Decimal
	body := s
	if strings.HasPrefix(body, "-") {
		d.neg = true
		body = body[1:]
	}
	intPart, fracPart, hasDot := strings.Cut(body, ".")
	if intPart == "" || (hasDot && fracPart == "") || !allDigits(intPart) || !allDigits(fracPart) {
		return Decimal{}, ErrDecimalSyntax
	}
	if len(fracPart) > maxScale {
		return Decimal{}, ErrDecimalScale
	}
	if len(strings.TrimLeft(intPart, "0")) > maxIntegerDigits {
		return Decimal{}, ErrDecimalRange
	}
	if err := d.coef.SetFromDecimal(strings.TrimLeft(intPart+fracPart, "0") + "0"); err != nil {
		return Decimal{}, ErrDecimalSyntax
	}
	// SetFromDecimal above parsed one extra trailing zero so that an all-zero
	// string is valid; divide it back out.
	d.coef.Div(&d.coef, uint256.NewInt(10))
	d.scale = uint8(len(fracPart))
	if d.coef.IsZero() {
		d.neg = false
	}
	return d.normalize(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustDecimal parses s or panics; for constants in code and tests.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic("money.MustDecimal(" + strconv.Quote(s) + "): " + err.Error())
	}
	return d
}

// normalize strips trailing fractional zeros so equal values compare equal.
func (d Decimal) normalize() Decimal {
	ten := uint256.NewInt(10)
	var q, r uint256.Int
	for d.scale > 0 {
		q.DivMod(&d.coef, ten, &r)
		if !r.IsZero() {
			break
		}
		d.coef = q
		d.scale--
	}
	return d
}

// Sign returns −1, 0 or +1.
func (d Decimal) Sign() int {
	switch {
	case d.coef.IsZero():
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// Abs returns |d|.
func (d Decimal) Abs() Decimal { d.neg = false; return d }

// Neg returns −d.
func (d Decimal) Neg() Decimal {
	if !d.coef.IsZero() {
		d.neg = !d.neg
	}
	return d
}

// Scale returns the number of fractional digits after normalisation.
func (d Decimal) Scale() int { return int(d.scale) }

// String renders the canonical plain text ("-1.5", "0", "90000").
func (d Decimal) String() string {
	digits := d.coef.Dec()
	if d.scale > 0 {
		if len(digits) <= int(d.scale) {
			digits = strings.Repeat("0", int(d.scale)-len(digits)+1) + digits
		}
		cut := len(digits) - int(d.scale)
		digits = digits[:cut] + "." + digits[cut:]
	}
	if d.neg {
		return "-" + digits
	}
	return digits
}

// Float64 returns the nearest float64 (correctly rounded from the exact text).
func (d Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// Cmp compares d and e: −1, 0 or +1. Exact in 256-bit integers: the
// coefficient of the smaller scale is multiplied up to the other's (a
// product past 256 bits is the larger magnitude, as the other fits).
func (d Decimal) Cmp(e Decimal) int {
	ds, es := d.Sign(), e.Sign()
	switch {
	case ds != es:
		return cmpInt(ds, es)
	case ds == 0:
		return 0
	case ds < 0:
		return -cmpMagnitude(&d, &e)
	}
	return cmpMagnitude(&d, &e)
}

// cmpMagnitude compares |d| and |e|, both nonzero.
func cmpMagnitude(d, e *Decimal) int {
	a, b := d.coef, e.coef
	switch {
	case d.scale < e.scale:
		if !mulPow10(&a, int(e.scale-d.scale)) {
			return 1
		}
	case e.scale < d.scale:
		if !mulPow10(&b, int(d.scale-e.scale)) {
			return -1
		}
	}
	return a.Cmp(&b)
}

// mulPow10 sets x to x·10^n, reporting false when that overflows 256 bits
// (x nonzero).
func mulPow10(x *uint256.Int, n int) bool {
	if n >= len(pow10s) {
		return false
	}
	_, overflow := x.MulOverflow(x, &pow10s[n])
	return !overflow
}

// pow10s are 10^0 … 10^77, every power of ten within 256 bits.
var pow10s = func() []uint256.Int {
	out := make([]uint256.Int, 78)
	out[0].SetOne()
	for i := 1; i < len(out); i++ {
		out[i].Mul(&out[i-1], uint256.NewInt(10))
	}
	return out
}()

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (d Decimal) rat() *big.Rat {
	num := d.coef.ToBig()
	if d.neg {
		num.Neg(num)
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale)), nil)
	return new(big.Rat).SetFrac(num, den)
}

// Rat returns d as an exact rational.
func (d Decimal) Rat() *big.Rat { return d.rat() }

// MarshalText renders the canonical text, so Decimals travel in JSON as strings.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
