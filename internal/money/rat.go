// Exact rationals to decimals, with the rounding direction in the name: the
// one place a big.Rat (a ratio of base units, a price) becomes a Decimal.
package money

import (
	"fmt"
	"math/big"
)

// DecimalFromRatFloor is r rounded toward −∞ to scale decimal places.
func DecimalFromRatFloor(r *big.Rat, scale int) (Decimal, error) { return ratDecimal(r, scale, false) }

// DecimalFromRatCeil is r rounded toward +∞ to scale decimal places.
func DecimalFromRatCeil(r *big.Rat, scale int) (Decimal, error) { return ratDecimal(r, scale, true) }

func ratDecimal(r *big.Rat, scale int, up bool) (Decimal, error) {
	if scale < 0 {
		return Decimal{}, fmt.Errorf("scale %d: %w", scale, ErrDecimalScale)
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	num := new(big.Int).Mul(r.Num(), unit)
	q, m := new(big.Int).DivMod(num, r.Denom(), new(big.Int)) // Euclidean: floors for a positive denominator
	if up && m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return ParseDecimal(new(big.Rat).SetFrac(q, unit).FloatString(scale))
}
