// Exact decimal arithmetic for the conversion: big.Rat in, decimal strings out.
package hyperliquid

import (
	"math/big"

	"github.com/unimargin/unimargin/internal/money"
)

// usdcDecimals is USDC's scale: collateral amounts carry at most this many.
const usdcDecimals = 6

// floorString renders r rounded down to scale decimals as a canonical
// decimal string ("-0.5", "12", "0").
func floorString(r *big.Rat, scale int) string {
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	num := new(big.Int).Mul(r.Num(), unit)
	q := new(big.Int)
	m := new(big.Int)
	q.DivMod(num, r.Denom(), m) // Euclidean: floors for a positive denominator
	s := new(big.Rat).SetFrac(q, unit).FloatString(scale)
	d, err := money.ParseDecimal(s)
	if err != nil {
		panic("hyperliquid: floorString produced " + s + ": " + err.Error())
	}
	return d.String()
}
