// Implied vol: reference values, round trips over the brief's grid, errors, extremes.

package pricing

import (
	"errors"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

const (
	// tolVolRel is the promised implied-vol accuracy where the price carries
	// vol information.
	tolVolRel = 1e-12
	// informativeVegaShare: a price carries vol information, for the strict
	// tolerance, when vega·vol ≥ 1% of the price, i.e. a 1% change in vol
	// moves the price by at least 0.01% of itself.
	informativeVegaShare = 1e-2
	// tolAtBoundRel: a price within this fraction of the upper bound from
	// either bound is numerically at it and may be refused.
	tolAtBoundRel = 1e-14
)

// TestImpliedVolReference: Hull's example — a call on a non-dividend stock
// worth 1.875 with S = 21, K = 20, r = 10%, T = 0.25 has implied vol 0.235.
func TestImpliedVolReference(t *testing.T) {
	vol, err := ImpliedVolBlackScholes(Call, 1.875, 21, 20, 0.25, 0.10)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "Hull implied vol", vol, 0.235, 0.0005, 1)
	checkClose(t, "reprice", BlackScholesPrice(Call, 21, 20, vol, 0.25, 0.10), 1.875, 1e-14, 1.875)
	// Haug's Black-76 example read backwards.
	vol, err = ImpliedVol(Black76, Put, 1.7011, 19, 19, 0.75, 0.10)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "Haug implied vol", vol, 0.28, 0.0001, 1)
}

// TestImpliedVolRoundTrip prices random options over the brief's grid and
// recovers the vol. Method: the price computed from vol carries a rounding of
// about eps × (F + K) (the size of its terms), which moves the solved vol by
// that much over vega·vol. So:
//   - within tolAtBoundRel·upper of a bound the price is numerically at it:
//     an ErrNoImpliedVol error is acceptable;
//   - where vega·vol ≥ informativeVegaShare·price the vol must come back to
//     tolVolRel;
//   - elsewhere (deep in the money, or near the upper bound) to tolVolRel
//     plus the vol resolution of the price, 4·eps·e^{−rT}(F + K)/(vega·vol).
func TestImpliedVolRoundTrip(t *testing.T) {
	for _, model := range []Model{Black76, BlackScholes} {
		t.Run(model.String(), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) { checkRoundTrip(t, model, drawOption(t, ivRanges)) })
		})
	}
}

func checkRoundTrip(t failer, model Model, o option) {
	g := Price(model, o.right, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
	df := math.Exp(-o.rate * o.expiryYears)
	forward := o.underlying
	if model == BlackScholes {
		forward /= df
	}
	intrinsic := df * max(float64(o.right)*(forward-o.strike), 0)
	upper := df * map[Right]float64{Call: forward, Put: o.strike}[o.right]
	atBound := g.Price-intrinsic <= tolAtBoundRel*upper || upper-g.Price <= tolAtBoundRel*upper
	got, err := ImpliedVol(model, o.right, g.Price, o.underlying, o.strike, o.expiryYears, o.rate)
	switch {
	case err != nil && atBound && errors.Is(err, ErrNoImpliedVol):
		return
	case err != nil:
		t.Fatalf("price %v (intrinsic %v, upper %v): %v", g.Price, intrinsic, upper, err)
	}
	tol := tolVolRel
	if g.Vega*o.vol < informativeVegaShare*g.Price || atBound {
		tol += 4 * eps * df * (forward + o.strike) / (g.Vega * o.vol)
	}
	checkClose(t, "implied vol", got, o.vol, tol, o.vol)
}

// TestImpliedVolRoundTripCases pins the corners of the grid, and the hardest
// region for the closed-form price: σ√T = 5e-4 (1% vol, one day) with the
// strike 0.1 to 6 standard deviations from the forward, where F·N(d1) and
// K·N(d2) agree to all but a few digits.
func TestImpliedVolRoundTripCases(t *testing.T) {
	for _, model := range []Model{Black76, BlackScholes} {
		for _, right := range []Right{Call, Put} {
			for _, vol := range []float64{0.01, 0.2, 1, 5} {
				for _, T := range []float64{1.0 / 365, 0.25, 5} {
					for _, m := range []float64{0.2, 0.9, 1, 1.1, 5} {
						checkRoundTrip(t, model, option{right, 100, 100 * m, vol, T, 0.03})
					}
				}
			}
			const vol, T = 0.01, 1.0 / 365
			for _, sds := range []float64{-6, -3, -1, -0.6, -0.5, -0.1, 0.1, 0.5, 0.6, 1, 3, 6} {
				strike := 100 * math.Exp(sds*vol*math.Sqrt(T))
				checkRoundTrip(t, model, option{right, 100, strike, vol, T, 0.03})
			}
		}
	}
}

// TestImpliedVolParity: a call and a put at one strike whose prices satisfy
// parity have one implied vol, since both are solved on the same
// out-of-the-money option.
func TestImpliedVolParity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, greeksRanges)
		df := math.Exp(-o.rate * o.expiryYears)
		call := Black76Price(Call, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		put := call - df*(o.underlying-o.strike)
		if call-df*max(o.underlying-o.strike, 0) <= 1e-10*df*max(o.underlying, o.strike) {
			t.Skip("time value too small to carry vol information in both rights")
		}
		volCall, errCall := ImpliedVolBlack76(Call, call, o.underlying, o.strike, o.expiryYears, o.rate)
		volPut, errPut := ImpliedVolBlack76(Put, put, o.underlying, o.strike, o.expiryYears, o.rate)
		if errCall != nil || errPut != nil {
			t.Fatalf("call: %v, put: %v", errCall, errPut)
		}
		g := Black76Greeks(Call, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
		checkClose(t, "put vol", volPut, volCall, 1e-12+8*eps*df*(o.underlying+o.strike)/(g.Vega*o.vol), volCall)
	})
}

// TestImpliedVolErrors checks that each kind of unusable price is refused with
// ErrNoImpliedVol and a message saying why.
func TestImpliedVolErrors(t *testing.T) {
	df := math.Exp(-0.05)
	cases := []struct {
		name                      string
		right                     Right
		price, forward, strike, T float64
		rate                      float64
		wantMsg                   string
	}{
		{"below intrinsic", Call, 12, 115, 100, 1, 0, "price 12 below intrinsic 15"},
		{"below discounted intrinsic", Put, 9, 100, 110, 1, 0.05, "below intrinsic"},
		{"at intrinsic", Put, 10, 100, 110, 1, 0, "vega too small to determine vol"},
		{"at upper bound", Call, 100 * df, 100, 80, 1, 0.05, "at or above upper bound"},
		{"above upper bound", Put, 120, 100, 110, 1, 0, "price 120 at or above upper bound 110"},
		{"within rounding of intrinsic", Call, 15 + 1e-15, 115, 100, 1, 0, "vega too small to determine vol"},
		{"underflowed time value", Call, 1e-310, 100, 500, 1, 0, "vega too small to determine vol"},
		{"NaN price", Call, math.NaN(), 100, 100, 1, 0, "price NaN is not a finite number"},
		{"infinite price", Call, math.Inf(1), 100, 100, 1, 0, "is not a finite number"},
		{"negative price", Put, -1, 100, 100, 1, 0, "price -1 is negative"},
		{"zero forward", Call, 1, 0, 100, 1, 0, "forward 0 must be positive and finite"},
		{"NaN strike", Call, 1, 100, math.NaN(), 1, 0, "strike NaN must be positive"},
		{"zero expiry", Call, 1, 100, 100, 0, 0, "expiry 0 years must be positive"},
		{"unknown right", 0, 1, 100, 100, 1, 0, "is not call or put"},
	}
	for _, c := range cases {
		_, err := ImpliedVolBlack76(c.right, c.price, c.forward, c.strike, c.T, c.rate)
		if !errors.Is(err, ErrNoImpliedVol) || !strings.Contains(err.Error(), c.wantMsg) {
			t.Errorf("%s: error %v, want ErrNoImpliedVol saying %q", c.name, err, c.wantMsg)
		}
	}
	if _, err := ImpliedVol(Model(7), Call, 1, 100, 100, 1, 0); !errors.Is(err, ErrUnknownModel) {
		t.Errorf("unknown model: error %v, want ErrUnknownModel", err)
	}
	// Black-Scholes bounds are in spot terms: a call is worth at most S.
	if _, err := ImpliedVolBlackScholes(Call, 100, 100, 90, 1, 0.05); !errors.Is(err, ErrNoImpliedVol) {
		t.Errorf("BS call at the spot: error %v, want ErrNoImpliedVol", err)
	}
}

// TestImpliedVolExtremes drives the solver far outside the brief's grid — vols
// from 1e-6 to 50, expiries from an hour to 50 years, strikes 1e-3 to 1e3 of
// the forward, prices nudged off the model — plus hand-picked edges and
// arbitrary special values. It must return promptly, and either refuse with
// ErrNoImpliedVol or return a vol that reprices within rounding of the price's
// terms.
func TestImpliedVolExtremes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := drawOption(t, optionRanges{1e-6, 50, 1.0 / 8760, 50, 1e-3, 1e3})
		nudge := rapid.SampledFrom([]float64{1, 1, 1, 1 - 1e-9, 1 + 1e-9}).Draw(t, "nudge")
		checkSolveOrRefuse(t, o, nudge)
	})
	edges := []option{
		{Call, 100, 100 * (1 + 1e-15), 1e-8, 1, 0},  // a hair out of the money, tiny vol
		{Put, 100, 100 * (1 - 1e-15), 1e-8, 1, 0},   // the same for the put
		{Call, 100, 100 * (1 - 1e-15), 1e-7, 1, 0},  // a hair in the money
		{Call, 1e-300, 1e-300, 0.3, 1, 0},           // tiny prices
		{Put, 1e300, 1e300, 0.3, 1, 0},              // huge prices
		{Call, 100, 100, 0.2, 1e-12, 0},             // expiry in microseconds
		{Call, 100, 100, 1e3, 1, 0},                 // vol so high the price is at its bound
		{Put, 100, 1e-200, 2, 1, 0},                 // strike far below anything
		{Call, 100, 100 * (1 + 1e-12), 1e-14, 1, 0}, // time value far below the intrinsic scale
	}
	for _, o := range edges {
		checkSolveOrRefuse(t, o, 1)
	}
	special := []float64{0, math.Copysign(0, -1), 1e-320, 1e-300, 1, 1e300, math.MaxFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), -1}
	rapid.Check(t, func(t *rapid.T) {
		pick := func(name string) float64 { return rapid.SampledFrom(special).Draw(t, name) }
		_, err := ImpliedVolBlack76(Call, pick("price"), pick("forward"), pick("strike"), pick("T"), pick("rate"))
		if err != nil && !errors.Is(err, ErrNoImpliedVol) {
			t.Fatalf("error %v does not wrap ErrNoImpliedVol", err)
		}
	})
}

// checkSolveOrRefuse prices o, scales the price by nudge and solves it back.
func checkSolveOrRefuse(t failer, o option, nudge float64) {
	price := nudge * Black76Price(o.right, o.underlying, o.strike, o.vol, o.expiryYears, o.rate)
	got, err := ImpliedVolBlack76(o.right, price, o.underlying, o.strike, o.expiryYears, o.rate)
	if err != nil {
		if !errors.Is(err, ErrNoImpliedVol) {
			t.Fatalf("error %v does not wrap ErrNoImpliedVol", err)
		}
		return
	}
	if !(got > 0) || math.IsInf(got, 1) {
		t.Fatalf("vol %v for price %v", got, price)
	}
	df := math.Exp(-o.rate * o.expiryYears)
	repriced := Black76Price(o.right, o.underlying, o.strike, got, o.expiryYears, o.rate)
	checkClose(t, "repriced", repriced, price, 64*eps, df*(o.underlying+o.strike))
}
