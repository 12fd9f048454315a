// The standard normal distribution and the helpers that keep its tails and
// near-the-money differences to full relative precision.

package pricing

import "math"

const (
	invSqrt2Pi = 0.3989422804014327 // 1/√(2π)
	invSqrt2   = 0.7071067811865476 // 1/√2, so the hot path multiplies instead of divides
	sqrtHalfPi = 1.2533141373155003 // √(π/2)
)

// normCDF is N(x). erfc keeps full relative precision for x far below zero,
// where 1 − N(−x) would round to zero.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x*invSqrt2) }

// normPDF is the standard normal density n(x), to a few ulp (see expFast).
func normPDF(x float64) float64 { return invSqrt2Pi * expFast(-0.5*x*x) }

// payoffStep is the derivative of max(z, 0) taken as the average of its one-sided
// limits: 1 in the money, 0 out of it and 1/2 exactly at the money, which is
// also the σ√T → 0 limit of N(d1).
func payoffStep(z float64) float64 {
	switch {
	case z > 0:
		return 1
	case z == 0:
		return 0.5
	}
	return 0
}

// logRatio is ln(a/b) for positive a and b. Near a = b it is log1p of
// (a−b)/b, where a−b is exact (Sterbenz), so that at the money d1 and d2 carry
// no rounding from the ratio; ln(a/b) alone would err by up to 1e-16 absolute,
// a relative error of 1e-16/σ√T in a short-dated at-the-money price.
func logRatio(a, b float64) float64 {
	if a > 0.5*b && a < 2*b {
		return math.Log1p((a - b) / b)
	}
	return math.Log(a / b)
}

// millsRatio is M(z) = N(z)/n(z) for z ≤ 0, to a few ulp: √(π/2)·e^{x²}·erfc(x)
// with x = −z/√2 and the square exact (expSquare), so that the Gaussian
// factors of N and n cancel analytically rather than in rounding. It returns
// 0 below z = −√2·erfcScaledMax, where n(z) < 1e-293 and nothing is priced.
func millsRatio(z float64) float64 {
	x := -z * invSqrt2
	if x > erfcScaledMax {
		return 0
	}
	return sqrtHalfPi * math.Erfc(x) * expSquare(x)
}

// erfcScaledMax bounds x in e^{x²}·erfc(x): e^{x²} overflows above 26.6.
const erfcScaledMax = 26

// expSquare is e^{x²} for |x| ≤ erfcScaledMax, exact in the exponent: x is
// split as xh + (x − xh) with xh holding 26 bits, so xh² and the small
// remainder x² − xh² = (x − xh)(x + xh) are formed without the rounding that
// e^{x²} would magnify into a relative error of x²·ulp.
func expSquare(x float64) float64 {
	xh := math.Float64frombits(math.Float64bits(x) &^ (1<<27 - 1))
	return expFast(xh*xh) * expFast((x-xh)*(x+xh))
}
