// Liquidation prices: for each asset a venue is exposed to, the price at which
// the venue's equity meets its maintenance requirement with every other price
// held fixed. Generic over models: it re-runs the model on shifted markets.
package venue

import (
	"math"
	"sort"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Search grid: multiplicative steps from the current price out to 1e-6 and
// 1e6 times it; a sign change of equity − maintenance is then bisected.
const (
	liqGridStep     = 1.02
	liqGridMax      = 1e6
	liqBisectRelTol = 1e-12
	liqBisectSteps  = 200
)

// LiquidationPrices returns, per exposed asset, the USD price nearest to the
// current one (in log distance) at which equity − maintenance changes sign,
// or nil when no price in (0, ∞) within the search range reaches it.
func LiquidationPrices(v *portfolio.Venue, m *market.Snapshot) (map[string]*float64, error) {
	model, err := ForVenue(v)
	if err != nil {
		return nil, err
	}
	out := map[string]*float64{}
	for _, sym := range exposedAssets(v) {
		gap := func(factor float64) (float64, error) {
			r, err := model.Margin(v, m.WithPriceScaled(sym, factor))
			return r.Equity - r.Maintenance, err
		}
		factor, err := nearestRoot(gap)
		if err != nil {
			return nil, err
		}
		if factor != nil {
			price := *factor * m.VenueSpot(v.ID, sym)
			out[sym] = &price
		} else {
			out[sym] = nil
		}
	}
	return out, nil
}

// exposedAssets lists the assets whose price the venue's margin depends on.
func exposedAssets(v *portfolio.Venue) []string {
	set := map[string]bool{}
	for _, c := range v.Collateral {
		set[c.Asset] = true
	}
	for i := range v.Positions {
		set[v.Positions[i].HoldingAsset()] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// nearestRoot finds the factor nearest 1 where gap changes sign.
func nearestRoot(gap func(float64) (float64, error)) (*float64, error) {
	g0, err := gap(1)
	if err != nil {
		return nil, err
	}
	lo, hi := 1.0, 1.0
	for lo > 1/liqGridMax || hi < liqGridMax {
		for _, dir := range []float64{1 / liqGridStep, liqGridStep} {
			prev := lo
			if dir > 1 {
				prev = hi
			}
			next := prev * dir
			if next < 1/liqGridMax || next > liqGridMax {
				continue
			}
			g, err := gap(next)
			if err != nil {
				return nil, err
			}
			if !sameSide(g, g0) {
				return bisect(gap, prev, next, g0)
			}
			if dir > 1 {
				hi = next
			} else {
				lo = next
			}
		}
		if lo <= 1/liqGridMax*liqGridStep && hi >= liqGridMax/liqGridStep {
			break
		}
	}
	return nil, nil
}

// sameSide reports whether gap g is on the same side of the boundary as g0.
// Liquidatable means equity < maintenance (gap < 0), so a gap of exactly 0 is
// on the healthy side: the returned price is always on the far side of g0.
func sameSide(g, g0 float64) bool {
	if g0 >= 0 {
		return g >= 0
	}
	return g < 0
}

// bisect narrows [a, b] (gap(a) has the sign of g0, gap(b) does not) in log space.
func bisect(gap func(float64) (float64, error), a, b, g0 float64) (*float64, error) {
	for i := 0; i < liqBisectSteps && math.Abs(b-a) > liqBisectRelTol*math.Max(a, b); i++ {
		mid := math.Sqrt(a * b)
		g, err := gap(mid)
		if err != nil {
			return nil, err
		}
		if sameSide(g, g0) {
			a = mid
		} else {
			b = mid
		}
	}
	return &b, nil
}
