// Exact amounts: base units ↔ whole-unit decimal strings, and exact scaling
// of decimals by rationals with an explicit rounding direction.
package liquidation

import (
	"math"
	"math/big"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/assert"
	"github.com/unimargin/unimargin/internal/money"
)

// maxScale is the most fractional digits a simulated amount keeps (the
// contract's 18).
const maxScale = 18

// unitsText renders base units of an asset with decimals as whole units.
func unitsText(x *uint256.Int, decimals uint8) string {
	a, err := money.AmountFromBig(x.ToBig())
	assert.NoError(err, "liquidation: a uint256 as money.Amount")
	return a.Units(decimals)
}

// unitsFloat is base units as a float64 number of whole units.
func unitsFloat(x *uint256.Int, decimals uint8) float64 {
	return x.Float64() / math.Pow10(int(decimals))
}

// ratDecimalFloor is r rounded toward −∞ to scale digits; ratDecimalCeil toward +∞.
// Scales here are asset decimals or fixed fractions, never above
// money.MaxScale, and magnitudes stay within the decimals' 40 integer
// digits because Run refuses larger books up front (checkMagnitudes), so
// an error is a bug.
func ratDecimalFloor(r *big.Rat, scale int) money.Decimal {
	return mustDecimal(money.DecimalFromRatFloor(r, scale))
}

func ratDecimalCeil(r *big.Rat, scale int) money.Decimal {
	return mustDecimal(money.DecimalFromRatCeil(r, scale))
}

func mustDecimal(d money.Decimal, err error) money.Decimal {
	assert.NoError(err, "liquidation: an exact decimal")
	return d
}

// scaleDecimal is d × f rounded toward zero to scale digits (a share of a
// holding never exceeds the holding).
func scaleDecimal(d money.Decimal, f *big.Rat, scale int) money.Decimal {
	r := new(big.Rat).Mul(d.Rat(), f)
	if r.Sign() < 0 {
		return ratDecimalCeil(r, scale)
	}
	return ratDecimalFloor(r, scale)
}

// subDecimal is d − e, exact.
func subDecimal(d, e money.Decimal) money.Decimal {
	return ratDecimalFloor(new(big.Rat).Sub(d.Rat(), e.Rat()), maxScale)
}

// addDecimal is d + e, exact.
func addDecimal(d, e money.Decimal) money.Decimal {
	return ratDecimalFloor(new(big.Rat).Add(d.Rat(), e.Rat()), maxScale)
}

// usdFloorText renders a non-negative USD figure with cents, rounded down.
func usdText(x float64) string {
	if x <= 0 || math.IsNaN(x) {
		return "0"
	}
	a, err := money.FromFloatFloor(x, 2)
	if err != nil {
		return "0"
	}
	return a.Units(2)
}

// floatAmount converts a non-negative float number of whole units into an
// exact decimal at the asset's decimals: floor for what the account
// receives, ceil for what it pays (STYLE.md's one conversion point).
func floatAmount(units float64, decimals uint8, ceil bool) money.Decimal {
	if units <= 0 || math.IsNaN(units) {
		return money.Decimal{}
	}
	conv := money.FromFloatFloor
	if ceil {
		conv = money.FromFloatCeil
	}
	a, err := conv(units, decimals)
	if err != nil {
		return money.Decimal{}
	}
	return a.Decimal(decimals)
}
