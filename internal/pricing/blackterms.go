// blackTerms is the kernel of every Black formula here: the undiscounted price
// and the signed probabilities, evaluated in whichever of three forms keeps the
// time value to full relative precision in its regime.

package pricing

import "math"

// seriesMaxStdDev is the σ√T at or below which the price is summed from its
// Taylor series in σ√T (otmSeries). The closed forms lose about 1/σ√T ulps of
// the time value to the rounding of d1 and d2: some 20 at this seam, but 2,000
// for a one-day option at 1% vol, which would cost its implied vol 1e-12.
const seriesMaxStdDev = 0.05

// blackTerms returns ω(a·N(ωd1) − b·N(ωd2)), the undiscounted Black price with
// a the forward (or spot) and b the strike (or its present value), together
// with p1 = ωN(ωd1) and p2 = ωN(ωd2), where d2 = d1 − stdDev and stdDev > 0.
// spread is a − b, passed in because the caller can often form it more
// exactly than by subtracting rounded a and b.
//
// In the money the price is the intrinsic ω(a−b) plus the out-of-the-money
// option at the same strike (put-call parity): two positive parts, so the
// small time value is not lost against terms of size a. That option is priced
// by otmSeries when σ√T is small, by otmTails far out of the money, and
// otherwise from erf: near the money its two terms are each about b/2 and
// cancel, and N(x) = (1 + erf(x/√2))/2 turns the price of either right into
// (ω(a−b) + a·erf(d1/√2) − b·erf(d2/√2))/2, whose terms are of the size of the
// answer. The switch at d = −0.5 (d1 for a call, −d2 for a put) sits where
// the tail N(d) and |erf(d/√2)| are about equal.
func blackTerms(omega, a, b, spread, d1, stdDev float64) (price, p1, p2 float64) {
	d2 := d1 - stdDev
	otm, dOwn := 1.0, d1 // the out-of-the-money right, and its d1 or −d2
	if spread > 0 {
		otm, dOwn = -1, -d2
	}
	var otmPrice, tail1, tail2 float64 // tail = N(otm·d)
	switch {
	case stdDev <= seriesMaxStdDev:
		otmPrice, tail1, tail2 = otmSeries(otm, a, b, d1, stdDev)
	case dOwn < -0.5:
		otmPrice, tail1, tail2 = otmTails(otm, a, b, d1, d2, stdDev)
	default:
		x1, x2 := d1*invSqrt2, d2*invSqrt2 // x1 ≥ x2
		var e1, e2 float64
		if x1 < erfRationalMax && -x2 < erfRationalMax {
			e1, e2 = erfRational(x1), erfRational(x2)
		} else {
			e1, e2 = math.Erf(x1), math.Erf(x2)
		}
		price = 0.5 * (omega*spread + a*e1 - b*e2)
		if price < 0 { // rounding of a vanishing time value; a branch is cheaper than max
			price = 0
		}
		return price, 0.5 * (omega + e1), 0.5 * (omega + e2)
	}
	if omega == otm {
		return otmPrice, omega * tail1, omega * tail2
	}
	return omega*spread + otmPrice, omega * (1 - tail1), omega * (1 - tail2)
}

// otmTails prices the out-of-the-money option when both its probabilities
// are tails, N(otm·d) = erfc(x)/2 with x > 0.35, and returns them too. The
// two terms a·N(otm·d1) and b·N(otm·d2) nearly cancel, by a factor |d|/σ√T,
// and each term's Gaussian factor moves by |d|·δd for a rounding δd of d, so
// subtracted directly the rounding of d1 and d2 would cost |d|²/σ√T ulps.
// With the scaled erfcx(x) = e^{x²}·erfc(x) the price is
//
//	otm · a·e^{−d1²/2}/2 · (erfcx(x1) − erfcx(x2)),
//
// using a·n(d1) = b·n(d2): the Gaussian is one common factor, and erfcx is
// smooth, so only |d|/σ√T ulps are lost. It costs four more exponentials, so
// the tails are subtracted directly where that loses at most
// tailsDirectMaxLoss ulps, and beyond erfcScaledMax, where the price is below
// 1e-290 of a.
func otmTails(otm, a, b, d1, d2, stdDev float64) (price, tail1, tail2 float64) {
	x1, x2 := -otm*d1*invSqrt2, -otm*d2*invSqrt2
	erfc1, erfc2 := math.Erfc(x1), math.Erfc(x2)
	tail1, tail2 = 0.5*erfc1, 0.5*erfc2
	if d1*d1 <= tailsDirectMaxLoss*stdDev || max(x1, x2) > erfcScaledMax {
		return max(otm*(a*tail1-b*tail2), 0), tail1, tail2
	}
	scaledDiff := erfc1*expSquare(x1) - erfc2*expSquare(x2)
	return max(otm*0.5*a*expFast(-0.5*d1*d1)*scaledDiff, 0), tail1, tail2
}

// tailsDirectMaxLoss is the most ulps otmTails lets a direct subtraction of
// the tails lose (d1²/σ√T) before it pays for the scaled form.
const tailsDirectMaxLoss = 32

// inverseFactorials[k] = 1/k!.
var inverseFactorials = [...]float64{1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
	1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800}

// otmSeries prices the out-of-the-money option for σ√T ≤ seriesMaxStdDev and
// returns N(otm·d1) and N(otm·d2). With z = −|ln(a/b)|/σ√T ≤ 0, h = σ√T/2
// and the Mills ratio M = N/n, both terms share the Gaussian a·n(d1) = b·n(d2)
// and the price is
//
//	a·n(d1)·(M(z+h) − M(z−h)) = a·n(d1) · 2·Σ_{k odd} M⁽ᵏ⁾(z)·hᵏ/k!,
//
// with M' = 1 + zM and M⁽ᵏ⁺¹⁾ = z·M⁽ᵏ⁾ + k·M⁽ᵏ⁻¹⁾. Every M⁽ᵏ⁾ is positive,
// so the sum has no cancellation, and z and h enter separately, so the
// rounding of d1 − d2 that limits the closed forms to ~ulp/σ√T never occurs.
// M⁽ᵏ⁾(z) = ∫₀^∞ tᵏ·e^{zt − t²/2} dt grows with z, so relative to the sum the
// terms fall off fastest far from the money and slowest at z = 0, where
// M⁽ᵏ⁾(0) ~ (k−1)!!; there, through k = 10, the truncation is below 1e-19
// for h ≤ 0.025.
func otmSeries(otm, a, b, d1, stdDev float64) (price, tail1, tail2 float64) {
	h := 0.5 * stdDev
	z := -math.Abs(d1 - h)
	m := millsRatio(z)
	derivPrev, deriv := m, 1+z*m // M⁽ᵏ⁻¹⁾, M⁽ᵏ⁾ for k = 1
	even, odd := m, deriv*h
	power := h // hᵏ
	for k := 1; k < len(inverseFactorials)-1; k++ {
		derivPrev, deriv = deriv, z*deriv+float64(k)*derivPrev
		power *= h
		if term := deriv * power * inverseFactorials[k+1]; k%2 == 1 {
			even += term
		} else {
			odd += term
		}
	}
	density1 := normPDF(d1)
	density2 := density1 * a / b // n(d2), from a·n(d1) = b·n(d2)
	mPlus, mMinus := even+odd, even-odd
	if otm > 0 {
		tail1, tail2 = density1*mPlus, density2*mMinus
	} else {
		tail1, tail2 = density1*mMinus, density2*mPlus
	}
	return 2 * a * density1 * odd, tail1, tail2
}
