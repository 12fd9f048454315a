// Black-Scholes: published values, parity, finite-difference Greeks and limits.

package pricing

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestBlackScholesReference checks published Black-Scholes values; each
// tolerance is half a unit in the last digit the source prints.
func TestBlackScholesReference(t *testing.T) {
	// Hull, Options, Futures and Other Derivatives: S = 42, K = 40, r = 10%,
	// σ = 20%, T = 0.5 gives c = 4.76 and p = 0.81.
	hullCall := BlackScholesGreeks(Call, 42, 40, 0.2, 0.5, 0.10)
	checkClose(t, "Hull call", hullCall.Price, 4.76, 0.005, 1)
	checkClose(t, "Hull put", BlackScholesPrice(Put, 42, 40, 0.2, 0.5, 0.10), 0.81, 0.005, 1)
	// Haug, The Complete Guide to Option Pricing Formulas: S = 60, K = 65,
	// T = 0.25, r = 8%, σ = 30% gives c = 2.1334.
	checkClose(t, "Haug call", BlackScholesPrice(Call, 60, 65, 0.3, 0.25, 0.08), 2.1334, 0.00005, 1)

	// Hull's Greek letters example: S = 49, K = 50, r = 5%, σ = 20%,
	// T = 20 weeks = 0.3846: price 2.40, delta 0.522, gamma 0.066, vega 12.1
	// (per 1.00 of vol), theta −4.31 per year, rho 8.91.
	g := BlackScholesGreeks(Call, 49, 50, 0.2, 0.3846, 0.05)
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"price", g.Price, 2.40, 0.005}, {"delta", g.Delta, 0.522, 0.0005},
		{"gamma", g.Gamma, 0.066, 0.0005}, {"vega", g.Vega, 12.1, 0.05},
		{"theta", g.Theta, -4.31, 0.005}, {"rho", g.Rho, 8.91, 0.005},
	} {
		checkClose(t, "Hull "+c.name, c.got, c.want, c.tol, 1)
	}
}

// TestBlackScholesPutCallParity checks C − P = S − K·e^{−rT}.
func TestBlackScholesPutCallParity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, ivRanges)
		call := BlackScholesPrice(Call, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		put := BlackScholesPrice(Put, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		strikePV := o.strike * math.Exp(-o.rate*o.expiryYears)
		checkClose(t, "C − P", call-put, o.underlying-strikePV, tolParityRel, max(o.underlying, strikePV))
	})
}

// TestBlackScholesGreeksFiniteDifference checks every Greek against a central
// difference, each holding the spot (not the forward) fixed.
func TestBlackScholesGreeksFiniteDifference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, greeksRanges)
		s, k, v, T, r := o.underlying, o.strike, o.vol, o.expiryYears, o.rate
		g := BlackScholesGreeks(o.right, s, k, v, T, r)
		stdDev := v * math.Sqrt(T)
		scale := max(s, k) // the largest the price and its sensitivities get, per unit
		priceAt := func(s, v, T, r float64) float64 { return BlackScholesPrice(o.right, s, k, v, T, r) }

		hS := epsFD * s * stdDev
		checkClose(t, "delta", g.Delta, centralDiff(func(x float64) float64 { return priceAt(x, v, T, r) }, s, hS), tolFDRel, 1)
		deltaAt := func(x float64) float64 { return BlackScholesGreeks(o.right, x, k, v, T, r).Delta }
		checkClose(t, "gamma", g.Gamma, centralDiff(deltaAt, s, hS), tolFDRel, 1/(s*stdDev))
		checkClose(t, "vega", g.Vega, centralDiff(func(x float64) float64 { return priceAt(s, x, T, r) }, v, epsFD*v), tolFDRel, s*math.Sqrt(T))
		thetaFD := -centralDiff(func(x float64) float64 { return priceAt(s, v, x, r) }, T, epsFD*T)
		checkClose(t, "theta", g.Theta, thetaFD, tolFDRel, scale*(v/math.Sqrt(T)+math.Abs(r)))
		checkClose(t, "rho", g.Rho, centralDiff(func(x float64) float64 { return priceAt(s, v, T, x) }, r, epsFD), tolFDRel, T*scale)
	})
}

// TestBlackScholesIsBlack76OnForward: the price is Black-76 on F = S·e^{rT},
// and spot delta is forward delta × e^{rT} (∂F/∂S); rate and time
// sensitivities differ because a different quantity is held fixed.
func TestBlackScholesIsBlack76OnForward(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, ivRanges)
		growth := math.Exp(o.rate * o.expiryYears)
		bs := BlackScholesGreeks(o.right, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		b76 := Black76Greeks(o.right, o.underlying*growth, o.strike, o.vol, o.expiryYears, o.rate)
		scale := max(o.underlying, o.strike)
		checkClose(t, "price", bs.Price, b76.Price, 1e-11, scale)
		checkClose(t, "delta", bs.Delta, b76.Delta*growth, 1e-11, 1)
		checkClose(t, "vega", bs.Vega, b76.Vega, 1e-11, scale*math.Sqrt(o.expiryYears))
	})
}

// TestBlackScholesLimits checks vol → 0 (max(S − K·e^{−rT}, 0) for a call),
// deep in-the-money delta → ±1 and the theta sign at the money with r = 0.
func TestBlackScholesLimits(t *testing.T) {
	const s, T, r = 100.0, 0.5, 0.05
	strikePV := func(k float64) float64 { return k * math.Exp(-r*T) }
	for _, right := range []Right{Call, Put} {
		for _, k := range []float64{80, 100, 102.5, 120} {
			intrinsic := max(float64(right)*(s-strikePV(k)), 0)
			for _, vol := range []float64{1e-2, 1e-4, 1e-8} {
				got := BlackScholesPrice(right, s, k, vol, T, r)
				checkClose(t, "price as vol → 0", got, intrinsic, vol*math.Sqrt(T), max(s, k))
			}
			if g := BlackScholesGreeks(right, s, k, 0, T, r); g.Price != intrinsic || g.Gamma != 0 || g.Vega != 0 {
				t.Errorf("BlackScholesGreeks(%v, K=%v, vol=0) = %+v, want price %v, no gamma or vega", right, k, g, intrinsic)
			}
		}
	}
	// At zero vol an in-the-money call is S − K·e^{−rT}: delta 1, rho K·T·e^{−rT},
	// theta −r·K·e^{−rT}.
	g := BlackScholesGreeks(Call, s, 80, 0, T, r)
	want := Greeks{Price: s - strikePV(80), Delta: 1, Theta: -r * strikePV(80), Rho: T * strikePV(80)}
	if g != want {
		t.Errorf("zero-vol ITM call = %+v, want %+v", g, want)
	}
	checkClose(t, "deep ITM call delta", BlackScholesGreeks(Call, 100, 1, 0.2, T, r).Delta, 1, 1e-15, 1)
	checkClose(t, "deep ITM put delta", BlackScholesGreeks(Put, 1, 100, 0.2, T, r).Delta, -1, 1e-15, 1)
	for _, right := range []Right{Call, Put} {
		if g := BlackScholesGreeks(right, 100, 100, 0.3, 0.25, 0); !(g.Theta < 0) {
			t.Errorf("ATM %v theta at r = 0 is %v, want < 0", right, g.Theta)
		}
	}
}

// TestPriceDispatch: Price is Black76Greeks or BlackScholesGreeks by model,
// and NaN for an unknown one.
func TestPriceDispatch(t *testing.T) {
	if got, want := Price(Black76, Put, 100, 90, 0.4, 1, 0.02), Black76Greeks(Put, 100, 90, 0.4, 1, 0.02); got != want {
		t.Errorf("Price(Black76) = %+v, want %+v", got, want)
	}
	if got, want := Price(BlackScholes, Put, 100, 90, 0.4, 1, 0.02), BlackScholesGreeks(Put, 100, 90, 0.4, 1, 0.02); got != want {
		t.Errorf("Price(BlackScholes) = %+v, want %+v", got, want)
	}
	if g := Price(Model(0), Call, 100, 90, 0.4, 1, 0.02); !math.IsNaN(g.Price) {
		t.Errorf("Price(Model(0)) = %+v, want NaN", g)
	}
}
