// SVI: the raw stochastic-volatility-inspired smile Derive's vol feed
// publishes per expiry (Gatheral's raw parameterisation, with Derive's
// bounds on log-moneyness and total variance).
package derive

import (
	"errors"
	"math"
)

// SVI is one expiry's raw SVI parameters as Derive's vol feed holds them.
type SVI struct {
	A, B, Rho, M, Sigma float64
	Forward             float64 // the forward the smile was fitted at
	Tau                 float64 // years to expiry the smile was fitted for
}

// sviMaxTotalVariance caps w (Derive's MAX_TOTAL_VAR = 144).
const sviMaxTotalVariance = 144

// sviMoneynessBound scales the bound on |k|: B = 4·√(a + b·σ)
// (Derive's TOTAL_VOL_SCALAR).
const sviMoneynessBound = 4

// ErrSVINegativeVariance is returned when the smile's total variance at a
// strike is negative (Derive's feed reverts with SVI_InvalidParameters).
var ErrSVINegativeVariance = errors.New("SVI total variance is negative")

// Vol returns the implied vol at strike:
//
//	k = ln(K/F) clamped to ±4·√(a + b·σ)
//	w = a + b·(ρ·(k − m) + √((k − m)² + σ²)), at most 144
//	σ(K) = √(w / τ)
//
// A zero strike has vol 0. Errors: ErrSVINegativeVariance.
func (s *SVI) Vol(strike float64) (float64, error) {
	if strike == 0 {
		return 0, nil
	}
	bound := sviMoneynessBound * math.Sqrt(math.Max(s.A+s.B*s.Sigma, 0))
	k := math.Log(strike / s.Forward)
	k = math.Max(-bound, math.Min(bound, k))
	d := k - s.M
	w := s.A + s.B*(math.Sqrt(d*d+s.Sigma*s.Sigma)+s.Rho*d)
	if w < 0 {
		return 0, ErrSVINegativeVariance
	}
	w = math.Min(w, sviMaxTotalVariance)
	return math.Sqrt(w / s.Tau), nil
}
