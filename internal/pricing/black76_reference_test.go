// The Black-76 formulas as they stood before the hot path was rewritten for
// latency (math.Erf and math.Log1p called, each Greek formed after the
// density), kept as the reference the rewrite must reproduce.

package pricing

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// tolReferenceRel bounds the rewritten Black76Greeks and Black76Price against
// the reference. The two differ by the last place of erf (erfRational against
// math.Erf), of ln(F/K) (log1pKernel's Estrin grouping and its s from F and
// K) and of a few products regrouped, so a few ulps of each figure, plus what
// an ulp of ln(F/K) moves the answer by: ∂ln V/∂d1·δd1 ≈ |d1|·(|ln F/K|/σ√T)·ε
// ≤ d1²·ε in the tails, which allowReference adds, as the reference's own
// rounding is of that size there.
const tolReferenceRel = 1e-13

// referenceFloor is where figures stop being compared relatively: below the
// smallest normal number (2.2e-308) a subnormal keeps fewer digits than
// 1e-13 asks for, so the allowance tolReferenceRel·referenceFloor = 1e-313
// covers them and nothing of any size.
const referenceFloor = 1e-300

// TestBlack76GreeksMatchReference: goal, the rewritten Black76Greeks and
// Black76Price (inlined near-the-money erf form, erfRational, log1pKernel,
// Greek factors formed before the density) give the figures of the reference
// formulas below to tolReferenceRel. Method: rapid draws options over the
// implied-vol grid (every regime of blackTerms), and near the money with
// |K/F − 1| from 1e-17 to 0.5, where ln(F/K) goes through log1pKernel and the
// price through the erf form or the series; each figure is compared relative
// to the size of the terms it is formed from (the theta terms r·V and the
// density term, which may cancel).
func TestBlack76GreeksMatchReference(t *testing.T) {
	check := func(t *rapid.T, o option) {
		got := Black76Greeks(o.right, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		want := black76GreeksReference(o.right, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		stdDev := o.vol * math.Sqrt(o.expiryYears)
		d1 := math.Log(o.underlying/o.strike)/stdDev + 0.5*stdDev
		tol := tolReferenceRel + 4*eps*d1*d1
		thetaDensity := want.Theta - o.rate*want.Price // −e^{−rT}·F·n(d1)·σ/(2√T)
		rel := func(what string, got, want, scale float64) {
			checkClose(t, what, got, want, tol, max(scale, referenceFloor))
		}
		rel("Price", got.Price, want.Price, math.Abs(want.Price))
		rel("Delta", got.Delta, want.Delta, math.Abs(want.Delta))
		rel("Gamma", got.Gamma, want.Gamma, want.Gamma)
		rel("Vega", got.Vega, want.Vega, want.Vega)
		rel("Theta", got.Theta, want.Theta, math.Abs(o.rate*want.Price)+math.Abs(thetaDensity))
		rel("Rho", got.Rho, want.Rho, math.Abs(want.Rho))
		price := Black76Price(o.right, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		rel("Black76Price", price, want.Price, math.Abs(want.Price))
	}
	t.Run("grid", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { check(t, drawOption(t, ivRanges)) })
	})
	t.Run("near the money", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			o := drawOption(t, ivRanges)
			gap := math.Pow(10, rapid.Float64Range(-17, math.Log10(0.5)).Draw(t, "log10|K/F−1|"))
			sign := rapid.SampledFrom([]float64{-1, 1}).Draw(t, "sign")
			o.strike = o.underlying * (1 + sign*gap)
			check(t, o)
		})
	})
}

// TestBlack76NearMoneyInline: the erf form Black76Greeks evaluates inline
// gives blackTerms' figures bit for bit, over options drawn near the money
// (where it applies) and beyond (where both go to blackTerms).
func TestBlack76NearMoneyInline(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, optionRanges{0.05, 2, 0.05, 2, 0.5, 2})
		f, k := o.underlying, o.strike
		df := discountFactor(o.rate, o.expiryYears)
		stdDev := o.vol * math.Sqrt(o.expiryYears)
		d1 := logRatio(f, k)*(1/stdDev) + 0.5*stdDev
		price, p1, _ := blackTerms(float64(o.right), f, k, f-k, d1, stdDev)
		g := Black76Greeks(o.right, f, k, o.vol, o.expiryYears, o.rate)
		if g.Price != df*price || g.Delta != df*p1 {
			t.Fatalf("price %v delta %v, blackTerms gives %v and %v", g.Price, g.Delta, df*price, df*p1)
		}
	})
}

// black76GreeksReference prices a European option on the forward:
// price = e^{−rT}·ω(F·N(ωd1) − K·N(ωd2)), d1,2 = (ln(F/K) ± σ²T/2)/(σ√T).
// Delta and Gamma are with respect to the forward; Vega is per 1.00 of vol;
// Theta = −∂V/∂T per year and Rho = ∂V/∂r = −T·price, both with the forward
// held fixed. At zero vol or expiry the option is its discounted intrinsic
// value (Delta is the payoff step, half at the money; Gamma and Vega are 0).
// An unknown right, negative vol or negative expiry gives NaN figures.
func black76GreeksReference(right Right, forward, strike, vol, expiryYears, rate float64) Greeks {
	if !right.valid() || vol < 0 || expiryYears < 0 {
		return nanGreeks
	}
	omega := float64(right)
	df := discountFactor(rate, expiryYears)
	sqrtT := math.Sqrt(expiryYears)
	stdDev := vol * sqrtT
	if stdDev == 0 {
		return black76Intrinsic(omega, forward, strike, df, expiryYears, rate)
	}
	// One division for 1/(σ√T) serves d1, gamma and theta: this is the hot
	// path of every risk array, and a division costs as much as a polynomial.
	invStdDev := 1 / stdDev
	d1 := logRatioReference(forward, strike)*invStdDev + 0.5*stdDev
	undiscounted, p1, _ := blackTermsReference(omega, forward, strike, forward-strike, d1, stdDev)
	price := df * undiscounted
	densityPV := df * normPDF(d1) // e^{−rT}·n(d1)
	vega := densityPV * forward * sqrtT
	return Greeks{
		Price: price,
		Delta: df * p1,
		Gamma: densityPV * invStdDev / forward,
		Vega:  vega,
		// −∂V/∂T = rV − e^{−rT}·F·n(d1)·σ/(2√T), and σ/√T = σ²/(σ√T).
		Theta: rate*price - 0.5*densityPV*forward*vol*vol*invStdDev,
		Rho:   -expiryYears * price,
	}
}

// blackTermsReference returns ω(a·N(ωd1) − b·N(ωd2)), the undiscounted Black price with
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
func blackTermsReference(omega, a, b, spread, d1, stdDev float64) (price, p1, p2 float64) {
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
		e1 := math.Erf(d1 * invSqrt2)
		e2 := math.Erf(d2 * invSqrt2)
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

// logRatioReference is ln(a/b) for positive a and b. Near a = b it is log1p of
// (a−b)/b, where a−b is exact (Sterbenz), so that at the money d1 and d2 carry
// no rounding from the ratio; ln(a/b) alone would err by up to 1e-16 absolute,
// a relative error of 1e-16/σ√T in a short-dated at-the-money price.
func logRatioReference(a, b float64) float64 {
	if a > 0.5*b && a < 2*b {
		return math.Log1p((a - b) / b)
	}
	return math.Log(a / b)
}
