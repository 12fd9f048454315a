// Shared tolerances, generators and checks for the pricing tests.

package pricing

import (
	"math"

	"pgregory.net/rapid"
)

// Named tolerances shared by the pricing tests.
const (
	eps = 0x1p-52 // float64 machine epsilon

	// tolParityRel bounds put-call parity relative to max(F, K): both prices
	// carry a few roundings of terms as large as that.
	tolParityRel = 1e-12

	// epsFD is the central-difference step as a fraction of each input's
	// natural scale; tolFDRel bounds |analytic − difference| as a fraction of
	// the Greek's natural scale. The difference errs by O(epsFD²) ≈ 1e-8 from
	// truncation and O(eps/epsFD) ≈ 1e-12 from rounding, so 1e-6 is loose
	// enough never to flake and tight enough to catch any wrong term.
	epsFD    = 1e-4
	tolFDRel = 1e-6
)

// option is one randomly drawn contract and market.
type option struct {
	right                                      Right
	underlying, strike, vol, expiryYears, rate float64
}

// optionRanges are the bounds rapid draws an option from; strikes are
// log-uniform in moneyness.
type optionRanges struct {
	volMin, volMax, expiryMin, expiryMax, moneynessMin, moneynessMax float64
}

// greeksRanges keep σ√T ≥ 0.01 and |ln K/F| ≤ ln 2, where the finite
// differences at epsFD are accurate to well under tolFDRel.
var greeksRanges = optionRanges{0.05, 1.5, 0.05, 3, 0.5, 2}

// ivRanges are the brief's: vol in [0.01, 5], T in [1/365, 5], K/F in [0.2, 5].
var ivRanges = optionRanges{0.01, 5, 1.0 / 365, 5, 0.2, 5}

func drawOption(t *rapid.T, r optionRanges) option {
	right := rapid.SampledFrom([]Right{Call, Put}).Draw(t, "right")
	// The underlying spans 1e-3 to 1e6 so that scale-dependent mistakes show.
	underlying := math.Exp(rapid.Float64Range(math.Log(1e-3), math.Log(1e6)).Draw(t, "lnUnderlying"))
	lnMoneyness := rapid.Float64Range(math.Log(r.moneynessMin), math.Log(r.moneynessMax)).Draw(t, "lnK/F")
	return option{
		right:       right,
		underlying:  underlying,
		strike:      underlying * math.Exp(lnMoneyness),
		vol:         rapid.Float64Range(r.volMin, r.volMax).Draw(t, "vol"),
		expiryYears: rapid.Float64Range(r.expiryMin, r.expiryMax).Draw(t, "expiryYears"),
		rate:        rapid.Float64Range(-0.05, 0.15).Draw(t, "rate"),
	}
}

// centralDiff is (f(x+h) − f(x−h)) / 2h.
func centralDiff(f func(float64) float64, x, h float64) float64 {
	return (f(x+h) - f(x-h)) / (2 * h)
}

// failer is what the checks need of *testing.T and *rapid.T.
type failer interface {
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// checkClose fails t when |got − want| > tol·scale.
func checkClose(t interface{ Errorf(string, ...any) }, what string, got, want, tol, scale float64) {
	if !(math.Abs(got-want) <= tol*scale) {
		t.Errorf("%s = %.17g, want %.17g (diff %.3g > %.3g = %g × scale %.3g)",
			what, got, want, math.Abs(got-want), tol*scale, tol, scale)
	}
}
