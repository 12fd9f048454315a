// Amount is a non-negative quantity of one asset in integer base units
// (256-bit). This file is also the one place where float figures become money.
package money

import (
	"errors"
	"math"
	"math/big"

	"github.com/holiman/uint256"
)

var (
	// ErrAmountOverflow is returned instead of wrapping around.
	ErrAmountOverflow = errors.New("amount overflows 256 bits")
	// ErrAmountNegative is returned for a negative value where an amount is required.
	ErrAmountNegative = errors.New("amount must not be negative")
	// ErrAmountPrecision is returned when a value has more decimals than its asset.
	ErrAmountPrecision = errors.New("has more decimal places than the asset")
	// ErrNotFinite is returned for NaN or ±Inf.
	ErrNotFinite = errors.New("is not a finite number")
)

// Amount is base units of an asset whose decimals the holder knows.
type Amount struct{ v uint256.Int }

// AmountFromUint64 returns n base units.
func AmountFromUint64(n uint64) Amount {
	var a Amount
	a.v.SetUint64(n)
	return a
}

// AmountFromBig returns the amount for a non-negative big integer.
func AmountFromBig(b *big.Int) (Amount, error) {
	if b.Sign() < 0 {
		return Amount{}, ErrAmountNegative
	}
	var a Amount
	if a.v.SetFromBig(b) {
		return Amount{}, ErrAmountOverflow
	}
	return a, nil
}

// AmountExact converts a whole-unit decimal into base units of an asset with
// the given decimals; it fails rather than round when d has more decimals.
func AmountExact(d Decimal, decimals uint8) (Amount, error) {
	if d.neg {
		return Amount{}, ErrAmountNegative
	}
	if int(d.scale) > int(decimals) {
		return Amount{}, ErrAmountPrecision
	}
	var a Amount
	if _, overflow := a.v.MulOverflow(&d.coef, pow10(int(decimals)-int(d.scale))); overflow {
		return Amount{}, ErrAmountOverflow
	}
	return a, nil
}

// Uint256 returns a copy of the base units.
func (a Amount) Uint256() *uint256.Int { return new(uint256.Int).Set(&a.v) }

// Big returns the base units as a big integer.
func (a Amount) Big() *big.Int { return a.v.ToBig() }

// IsZero reports whether the amount is zero.
func (a Amount) IsZero() bool { return a.v.IsZero() }

// Cmp compares two amounts of the same asset.
func (a Amount) Cmp(b Amount) int { return a.v.Cmp(&b.v) }

// Add returns a+b or ErrAmountOverflow.
func (a Amount) Add(b Amount) (Amount, error) {
	var r Amount
	if _, overflow := r.v.AddOverflow(&a.v, &b.v); overflow {
		return Amount{}, ErrAmountOverflow
	}
	return r, nil
}

// Sub returns a−b or ErrAmountNegative when b > a.
func (a Amount) Sub(b Amount) (Amount, error) {
	if a.v.Lt(&b.v) {
		return Amount{}, ErrAmountNegative
	}
	var r Amount
	r.v.Sub(&a.v, &b.v)
	return r, nil
}

// Units renders whole units with the asset's decimals ("1.5"), the contract's
// format for money at rest.
func (a Amount) Units(decimals uint8) string {
	d := Decimal{coef: a.v, scale: decimals}
	return d.normalize().String()
}

// Decimal returns the amount as a whole-unit Decimal when decimals ≤ MaxScale.
func (a Amount) Decimal(decimals uint8) Decimal {
	return Decimal{coef: a.v, scale: decimals}.normalize()
}

// Float64 returns whole units as a float64 (for analytics only).
func (a Amount) Float64(decimals uint8) float64 {
	f, _ := new(big.Rat).SetFrac(a.v.ToBig(), pow10(int(decimals)).ToBig()).Float64()
	return f
}

// FromFloatCeil converts a requirement in whole units to base units, rounding
// up: a requirement is never understated. Negative values are an error.
func FromFloatCeil(units float64, decimals uint8) (Amount, error) {
	return fromFloat(units, decimals, true)
}

// FromFloatFloor converts a collateral value in whole units to base units,
// rounding down: collateral is never overstated. Negative values are an error.
func FromFloatFloor(units float64, decimals uint8) (Amount, error) {
	return fromFloat(units, decimals, false)
}

func fromFloat(units float64, decimals uint8, ceil bool) (Amount, error) {
	if math.IsNaN(units) || math.IsInf(units, 0) {
		return Amount{}, ErrNotFinite
	}
	if units < 0 {
		return Amount{}, ErrAmountNegative
	}
	// A float64 is an exact binary rational, so the product with 10^decimals
	// is exact as a big.Rat and the rounding below is the only one.
	r := new(big.Rat).SetFloat64(units)
	r.Mul(r, new(big.Rat).SetInt(pow10(int(decimals)).ToBig()))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if ceil && m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return AmountFromBig(q)
}

func pow10(n int) *uint256.Int {
	return new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(uint64(n)))
}
