// Vol surfaces: per expiry a smile of vols at strikes. Interpolation is linear
// in total variance (σ²T) across expiries and linear in vol across strikes,
// flat outside both ranges (the contract's rule).
package market

import (
	"math"
	"sort"
	"time"
)

// Smile is one expiry's vols at ascending strikes.
type Smile struct {
	Expiry      time.Time
	ExpiryYears float64
	Strikes     []float64 // strictly ascending, > 0
	Vols        []float64 // same length, ≥ 0
}

// VolAt returns the smile's vol at strike: linear between strikes, flat outside.
func (s *Smile) VolAt(strike float64) float64 {
	n := len(s.Strikes)
	if strike <= s.Strikes[0] {
		return s.Vols[0]
	}
	if strike >= s.Strikes[n-1] {
		return s.Vols[n-1]
	}
	i := sort.SearchFloat64s(s.Strikes, strike) // Strikes[i-1] < strike <= Strikes[i]
	k0, k1 := s.Strikes[i-1], s.Strikes[i]
	w := (strike - k0) / (k1 - k0)
	return s.Vols[i-1] + w*(s.Vols[i]-s.Vols[i-1])
}

// Surface is an asset's smiles, sorted by expiry.
type Surface struct {
	Smiles []Smile
}

// VolAt returns the vol at strike for an option expiring in expiryYears.
func (s *Surface) VolAt(strike, expiryYears float64) float64 {
	n := len(s.Smiles)
	first, last := &s.Smiles[0], &s.Smiles[n-1]
	if expiryYears <= first.ExpiryYears {
		return first.VolAt(strike)
	}
	if expiryYears >= last.ExpiryYears {
		return last.VolAt(strike)
	}
	i := sort.Search(n, func(i int) bool { return s.Smiles[i].ExpiryYears >= expiryYears })
	a, b := &s.Smiles[i-1], &s.Smiles[i]
	va, vb := a.VolAt(strike), b.VolAt(strike)
	wa, wb := va*va*a.ExpiryYears, vb*vb*b.ExpiryYears
	w := wa + (wb-wa)*(expiryYears-a.ExpiryYears)/(b.ExpiryYears-a.ExpiryYears)
	return math.Sqrt(math.Max(w, 0) / expiryYears)
}
