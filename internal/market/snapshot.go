// Snapshot is the validated, read-only market, with the lookups every model
// uses: spot, venue oracle price, vol at (strike, expiry), forward, rate.
package market

import (
	"math"
	"sort"
	"time"
)

// ForwardPoint is a quoted forward price for one expiry.
type ForwardPoint struct {
	Expiry      time.Time
	ExpiryYears float64
	Price       float64
}

// Snapshot is one validated market document.
type Snapshot struct {
	AsOf         time.Time
	Assets       map[string]*Asset
	Surfaces     map[string]*Surface
	Rates        map[string]float64 // by currency; "USD" discounts everything
	Correlations map[string]float64 // key "A/B" with A < B
	Forwards     map[string][]ForwardPoint
	VenuePrices  map[string]map[string]float64 // venue id → asset → USD price
	// Funding is the perp funding rate per underlying, annualised (positive:
	// longs pay shorts), with per-venue overrides (carry.go).
	Funding  Funding
	Warnings []string // e.g. stale oracles allowed by AllowStale
}

// yearSeconds is the ACT/365 year.
const yearSeconds = 365 * 24 * 3600

// YearsTo returns the ACT/365 year fraction from AsOf to t (negative if before).
func (s *Snapshot) YearsTo(t time.Time) float64 {
	return t.Sub(s.AsOf).Seconds() / yearSeconds
}

// Asset returns the asset or nil.
func (s *Snapshot) Asset(symbol string) *Asset { return s.Assets[symbol] }

// Spot returns the asset's USD price (0 when unknown; callers validate first).
func (s *Snapshot) Spot(symbol string) float64 {
	if a := s.Assets[symbol]; a != nil {
		return a.Price
	}
	return 0
}

// VenueSpot returns the venue's own oracle price for the asset when the market
// gives one, else the market price.
func (s *Snapshot) VenueSpot(venueID, symbol string) float64 {
	if p, ok := s.VenuePrices[venueID][symbol]; ok {
		return p
	}
	return s.Spot(symbol)
}

// RateUSD returns the USD rate (0 when none is given).
func (s *Snapshot) RateUSD() float64 { return s.Rates["USD"] }

// HasVol reports whether the asset has a flat vol or a surface.
func (s *Snapshot) HasVol(symbol string) bool {
	if _, ok := s.Surfaces[symbol]; ok {
		return true
	}
	a := s.Assets[symbol]
	return a != nil && a.HasVol
}

// VolAt returns the vol for an option on symbol; a surface wins over the flat vol.
func (s *Snapshot) VolAt(symbol string, strike, expiryYears float64) float64 {
	if surf, ok := s.Surfaces[symbol]; ok {
		return surf.VolAt(strike, expiryYears)
	}
	if a := s.Assets[symbol]; a != nil {
		return a.Vol
	}
	return 0
}

// ForwardAt returns the forward price of symbol for expiryYears. A quoted
// forward at that expiry is used as is; between quotes the annualised log
// basis is interpolated linearly (flat outside); without quotes F = S·e^{rT}.
func (s *Snapshot) ForwardAt(symbol string, expiryYears float64) float64 {
	spot := s.Spot(symbol)
	pts := s.Forwards[symbol]
	if len(pts) == 0 || expiryYears <= 0 {
		return spot * math.Exp(s.RateUSD()*math.Max(expiryYears, 0))
	}
	basis := func(p ForwardPoint) float64 { return math.Log(p.Price/spot) / p.ExpiryYears }
	i := sort.Search(len(pts), func(i int) bool { return pts[i].ExpiryYears >= expiryYears })
	var b float64
	switch {
	case i < len(pts) && math.Abs(pts[i].ExpiryYears-expiryYears) < 1e-12:
		return pts[i].Price
	case i == 0:
		b = basis(pts[0])
	case i == len(pts):
		b = basis(pts[len(pts)-1])
	default:
		a, c := pts[i-1], pts[i]
		w := (expiryYears - a.ExpiryYears) / (c.ExpiryYears - a.ExpiryYears)
		b = basis(a) + w*(basis(c)-basis(a))
	}
	return spot * math.Exp(b*expiryYears)
}

// Correlation returns the correlation of two assets and whether it is given.
func (s *Snapshot) Correlation(a, b string) (float64, bool) {
	if a == b {
		return 1, true
	}
	if b < a {
		a, b = b, a
	}
	c, ok := s.Correlations[a+"/"+b]
	return c, ok
}

// Symbols returns the asset symbols in sorted order.
func (s *Snapshot) Symbols() []string {
	out := make([]string, 0, len(s.Assets))
	for k := range s.Assets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RootWeights returns how many units of each root asset one unit of symbol
// holds after look-through (a root asset maps to itself with weight 1).
func (s *Snapshot) RootWeights(symbol string) map[string]float64 {
	out := map[string]float64{}
	s.addRoots(symbol, 1, out)
	return out
}

func (s *Snapshot) addRoots(symbol string, w float64, out map[string]float64) {
	a := s.Assets[symbol]
	if a == nil || a.IsRoot() {
		out[symbol] += w
		return
	}
	for _, b := range a.BackedBy {
		s.addRoots(b.Asset, w*b.PerUnit, out)
	}
}
