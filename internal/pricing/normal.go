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
// a relative error of 1e-16/σ√T in a short-dated at-the-money price. Within
// log1pKernelMin < (a−b)/b < log1pKernelMax, where every risk-array cell near
// the money falls, it is log1pKernel, inlined.
func logRatio(a, b float64) float64 {
	diff := a - b
	if f := diff / b; f > log1pKernelMin && f < log1pKernelMax {
		// (a−b)/(a+b) is f/(2+f) formed from a and b in parallel with f.
		return log1pKernel(f, diff/(a+b))
	}
	if a > 0.5*b && a < 2*b {
		return math.Log1p(diff / b)
	}
	return math.Log(a / b)
}

// The range of f where log1pKernel is math.Log1p's own reduced-argument case
// (√2/2 − 1 < f < √2 − 1, no scaling by a power of two).
const (
	log1pKernelMin = -2.928932188134524755992e-01 // √2/2 − 1
	log1pKernelMax = 4.142135623730950488017e-01  // √2 − 1
)

// log1pKernel is ln(1+f) for log1pKernelMin < f < log1pKernelMax, given
// s = f/(2+f): the fdlibm (s_log1p.c) formula and coefficients that
// math.Log1p evaluates on this range, f − (f²/2 − s·(f²/2 + R(s²))), to within
// an ulp of it (error < 2^-58.45 in R), without its special-case branches. s
// enters only the correction term s·(f²/2 + R), at most 0.03·f, so its own
// rounding moves the result by well under an ulp.
func log1pKernel(f, s float64) float64 {
	const (
		lp1 = 6.666666666666735130e-01 // 3FE5555555555593
		lp2 = 3.999999999940941908e-01 // 3FD999999997FA04
		lp3 = 2.857142874366239149e-01 // 3FD2492494229359
		lp4 = 2.222219843214978396e-01 // 3FCC71C51D8E78AF
		lp5 = 1.818357216161805012e-01 // 3FC7466496CB03DE
		lp6 = 1.531383769920937332e-01 // 3FC39A09D078C69F
		lp7 = 1.479819860511658591e-01 // 3FC2F112DF3E5244
	)
	hfsq := 0.5 * f * f
	z := s * s
	z2 := z * z
	// Estrin's grouping of fdlibm's Horner polynomial: a shorter dependency chain.
	r := z * ((lp1 + z*lp2) + z2*(lp3+z*lp4) + z2*z2*(lp5+z*lp6+z2*lp7))
	return f - (hfsq - s*(hfsq+r))
}

// erfRationalMax bounds |x| where erfRational applies.
const erfRationalMax = 0.84375

// erfRational is erf(x) for |x| < erfRationalMax: fdlibm's (s_erf.c)
// x + x·P(x²)/Q(x²), the approximation math.Erf evaluates there (error
// < 2^-57.90 in P/Q), with its coefficients, but small enough to inline and
// without math.Erf's special-case and sign branches: the form is odd in x, so
// it needs no reflection. Below |x| = 2^-28 math.Erf takes x + 0.128…·x
// instead, which differs from this in the last place at most.
func erfRational(x float64) float64 {
	const (
		pp0 = 1.28379167095512558561e-01  // 0x3FC06EBA8214DB68
		pp1 = -3.25042107247001499370e-01 // 0xBFD4CD7D691CB913
		pp2 = -2.84817495755985104766e-02 // 0xBF9D2A51DBD7194F
		pp3 = -5.77027029648944159157e-03 // 0xBF77A291236668E4
		pp4 = -2.37630166566501626084e-05 // 0xBEF8EAD6120016AC
		qq1 = 3.97917223959155352819e-01  // 0x3FD97779CDDADC09
		qq2 = 6.50222499887672944485e-02  // 0x3FB0A54C5536CEBA
		qq3 = 5.08130628187576562776e-03  // 0x3F74D022C4D36B0F
		qq4 = 1.32494738004321644526e-04  // 0x3F215DC9221C1A10
		qq5 = -3.96022827877536812320e-06 // 0xBED09C4342A26120
	)
	z := x * x
	z2 := z * z
	// Estrin's grouping of fdlibm's Horner polynomials: a shorter dependency chain.
	p := (pp0 + z*pp1) + z2*(pp2+z*pp3+z2*pp4)
	q := (1 + z*qq1) + z2*(qq2+z*qq3) + z2*z2*(qq4+z*qq5)
	return x + x*(p/q)
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
