// Black-76: published values, parity, finite-difference Greeks, limits and digits.

package pricing

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestBlack76Reference checks published Black-76 values. Each tolerance is
// half a unit in the last digit the source prints.
func TestBlack76Reference(t *testing.T) {
	cases := []struct {
		name                                  string
		right                                 Right
		forward, strike, vol, expiryYears, rf float64
		want, tol                             float64
	}{
		// Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), Black-76
		// example: c = p = 1.7011.
		{"Haug call", Call, 19, 19, 0.28, 0.75, 0.10, 1.7011, 0.00005},
		{"Haug put", Put, 19, 19, 0.28, 0.75, 0.10, 1.7011, 0.00005},
		// Hull, Options, Futures and Other Derivatives, Black's model example: a
		// 4-month put on a futures price of 20, strike 20, r = 9%, σ = 25%: 1.12.
		{"Hull futures put", Put, 20, 20, 0.25, 4.0 / 12, 0.09, 1.12, 0.005},
	}
	for _, c := range cases {
		got := Black76Greeks(c.right, c.forward, c.strike, c.vol, c.expiryYears, c.rf).Price
		checkClose(t, c.name, got, c.want, c.tol, 1)
		checkClose(t, c.name+" Black76Price", Black76Price(c.right, c.forward, c.strike, c.vol, c.expiryYears, c.rf), got, 0, 1)
	}
}

// TestBlack76PutCallParity checks C − P = e^{−rT}(F − K) over random
// options, including far from the money and at tiny and huge vols.
func TestBlack76PutCallParity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, ivRanges)
		call := Black76Price(Call, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		put := Black76Price(Put, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		df := math.Exp(-o.rate * o.expiryYears)
		checkClose(t, "C − P", call-put, df*(o.underlying-o.strike), tolParityRel, df*max(o.underlying, o.strike))
	})
}

// TestBlack76GreeksFiniteDifference checks every analytic Greek against a
// central difference of the analytic function one order below it (gamma
// against delta, the rest against price), each holding the forward fixed.
func TestBlack76GreeksFiniteDifference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, greeksRanges)
		f, k, v, T, r := o.underlying, o.strike, o.vol, o.expiryYears, o.rate
		g := Black76Greeks(o.right, f, k, v, T, r)
		df := math.Exp(-r * T)
		stdDev := v * math.Sqrt(T)
		priceAt := func(f, v, T, r float64) float64 { return Black76Price(o.right, f, k, v, T, r) }

		hF := epsFD * f * stdDev // the forward moves the price on the scale F·σ√T
		checkClose(t, "delta", g.Delta, centralDiff(func(x float64) float64 { return priceAt(x, v, T, r) }, f, hF), tolFDRel, df)
		deltaAt := func(x float64) float64 { return Black76Greeks(o.right, x, k, v, T, r).Delta }
		checkClose(t, "gamma", g.Gamma, centralDiff(deltaAt, f, hF), tolFDRel, df/(f*stdDev))
		checkClose(t, "vega", g.Vega, centralDiff(func(x float64) float64 { return priceAt(f, x, T, r) }, v, epsFD*v), tolFDRel, df*f*math.Sqrt(T))
		thetaFD := -centralDiff(func(x float64) float64 { return priceAt(f, v, x, r) }, T, epsFD*T)
		checkClose(t, "theta", g.Theta, thetaFD, tolFDRel, df*f*(v/math.Sqrt(T)+math.Abs(r)))
		checkClose(t, "rho", g.Rho, centralDiff(func(x float64) float64 { return priceAt(f, v, T, x) }, r, epsFD), tolFDRel, T*df*f)
	})
}

// TestBlack76Limits checks the vol → 0 and deep in-the-money limits, and the
// exact σ√T = 0 branch.
func TestBlack76Limits(t *testing.T) {
	const f, T, r = 100.0, 0.5, 0.05
	df := math.Exp(-r * T)
	for _, right := range []Right{Call, Put} {
		for _, k := range []float64{80, 99, 100, 101, 120} {
			intrinsic := df * max(float64(right)*(f-k), 0)
			// The time value is at most e^{−rT}·max(F, K)·σ√T, so it must shrink with vol.
			for _, vol := range []float64{1e-2, 1e-4, 1e-8} {
				got := Black76Price(right, f, k, vol, T, r)
				checkClose(t, "price as vol → 0", got, intrinsic, vol*math.Sqrt(T), df*max(f, k))
			}
			g := Black76Greeks(right, f, k, 0, T, r)
			step := map[bool]float64{true: 1, false: 0}[float64(right)*(f-k) > 0]
			if k == f {
				step = 0.5
			}
			want := Greeks{Price: intrinsic, Delta: df * float64(right) * step, Theta: r * intrinsic, Rho: -T * intrinsic}
			if g != want {
				t.Errorf("Black76Greeks(%v, K=%v, vol=0) = %+v, want %+v", right, k, g, want)
			}
		}
	}
	// Deep in the money the option is the discounted forward less strike:
	// delta → ±e^{−rT}, gamma and vega → 0.
	call := Black76Greeks(Call, 100, 1, 0.2, T, r)
	checkClose(t, "deep ITM call delta", call.Delta, df, 1e-15, 1)
	put := Black76Greeks(Put, 1, 100, 0.2, T, r)
	checkClose(t, "deep ITM put delta", put.Delta, -df, 1e-15, 1)
	if call.Gamma > 1e-100 || call.Vega > 1e-100 {
		t.Errorf("deep ITM call gamma %g, vega %g, want ~0", call.Gamma, call.Vega)
	}
}

// TestBlack76ThetaSign: with r = 0 a long option only loses time value, so
// theta < 0 at the money for every vol and expiry.
func TestBlack76ThetaSign(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		right := rapid.SampledFrom([]Right{Call, Put}).Draw(t, "right")
		vol := rapid.Float64Range(0.01, 3).Draw(t, "vol")
		T := rapid.Float64Range(1.0/365, 5).Draw(t, "T")
		if g := Black76Greeks(right, 100, 100, vol, T, 0); !(g.Theta < 0) {
			t.Fatalf("ATM %v theta = %v, want < 0", right, g.Theta)
		}
	})
}

// TestBlack76AtTheMoneyDigits: at the money the price is e^{−rT}·F·erf(σ√T/2√2)
// exactly, and it must keep its relative precision however small σ√T is.
func TestBlack76AtTheMoneyDigits(t *testing.T) {
	for _, stdDev := range []float64{1e-1, 1e-3, 1e-5, 1e-8} {
		want := 100 * math.Erf(stdDev/(2*math.Sqrt2))
		checkClose(t, "ATM price", Black76Price(Call, 100, 100, stdDev, 1, 0), want, 4*eps, want)
	}
}

// TestBlack76PriceDigits checks the price to near machine precision in each
// regime of blackTerms — the σ√T series, the erf form near the money, the
// scaled-erfc tails — including the cases where the textbook formula
// F·N(d1) − K·N(d2) cancels most of its digits. The references are
// F·N(d1) − K·N(d2) (or K·N(−d2) − F·N(−d1)) evaluated by mpmath at 50
// digits on the same binary inputs, with r = 0 so no discounting is involved.
// The tolerance is 32 ulps, or 4·|d1|/σ√T ulps where the tails form loses up
// to |d1|/σ√T ulps to the rounding of d (see otmTails); subtracting the two
// tails directly would lose |d1|²/σ√T and fail the "5 sd out" cases.
func TestBlack76PriceDigits(t *testing.T) {
	cases := []struct {
		name                 string
		right                Right
		forward, strike, vol float64
		expiryYears, want    float64
	}{
		{"series, 3.5 sd out", Call, 100, 100.35, 0.001, 1, 0.000006002362556647644157027946},
		{"series, at the money", Call, 100, 100.0001, 0.0001, 1, 0.003939624266439797613190038},
		{"series, put in the money", Put, 100, 100.2, 0.001, 1, 0.2008544781289389986723617},
		{"series, 0.6 sd out", Call, 100, 100.06, 0.01, 0.01, 0.01687726811345896536351896},
		{"series, below the seam", Call, 100, 99.99, 0.04, 1, 1.600587946271186281837898},
		{"erf, above the seam", Call, 100, 100.5, 0.0500001, 1, 1.759431230177068074822808},
		{"erf", Call, 100, 105, 0.5, 0.25, 7.888845756294357836476864},
		{"erf, large vol, put in the money", Put, 100, 150, 2, 4, 144.4487054970792939052407},
		{"tails", Call, 100, 160, 0.5, 0.25, 0.3659216252261896110827947},
		{"tails, put", Put, 300, 100, 0.3, 1, 0.001560368470016667383644103},
		{"tails, 5 sd out, small vol", Call, 100, 135, 0.06, 1, 0.0000003690775834511554444406816},
		{"tails, put, 5 sd out", Put, 135, 100, 0.06, 1, 0.0000003690775834511554444406816},
		{"tails, 3.3 sd out", Call, 100, 140, 0.1, 1, 0.001174154865032493391713561},
	}
	for _, c := range cases {
		got := Black76Price(c.right, c.forward, c.strike, c.vol, c.expiryYears, 0)
		stdDev := c.vol * math.Sqrt(c.expiryYears)
		d1 := math.Log(c.forward/c.strike)/stdDev + 0.5*stdDev
		checkClose(t, c.name, got, c.want, eps*max(32, 4*math.Abs(d1)/stdDev), c.want)
	}
}

// TestBlack76OddInput: invalid input gives NaN figures, never a panic.
func TestBlack76OddInput(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name                       string
		right                      Right
		forward, strike, vol, T, r float64
	}{
		{"unknown right", 0, 100, 100, 0.2, 1, 0},
		{"negative vol", Call, 100, 100, -0.2, 1, 0},
		{"negative expiry", Put, 100, 100, 0.2, -1, 0},
		{"NaN forward", Call, nan, 100, 0.2, 1, 0},
		{"NaN vol", Call, 100, 100, nan, 1, 0},
	}
	for _, c := range cases {
		g := Black76Greeks(c.right, c.forward, c.strike, c.vol, c.T, c.r)
		p := Black76Price(c.right, c.forward, c.strike, c.vol, c.T, c.r)
		if !math.IsNaN(g.Price) || !math.IsNaN(p) {
			t.Errorf("%s: price %v, Greeks %+v, want NaN", c.name, p, g)
		}
	}
}
