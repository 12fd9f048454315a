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

// Search grid: steps in log price, both sides alternately, starting at 1%
// and growing by 30% a step up to 20% (so a band where the venue is
// liquidatable that is wider than ~20% in price is never stepped over), out
// to 1e-6 and 1e6 times the current price; a sign change of equity −
// maintenance is then bisected. About 80 evaluations per side at most.
const (
	liqLogStepFirst = 0.01
	liqLogStepGrow  = 1.3
	liqLogStepMax   = 0.2
	liqLogRange     = 13.815510557964274 // ln(1e6)
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

// nearestRoot finds the factor nearest 1 (in log distance) where gap
// changes sign, or nil when none does within the search range. An error at
// the current price is returned; an error at a shifted price (a model that
// refuses an absurd price, e.g. an on-chain overflow) ends the search on
// that side only, so a report never fails for a price nobody will see.
func nearestRoot(gap func(float64) (float64, error)) (*float64, error) {
	g0, err := gap(1)
	if err != nil {
		return nil, err
	}
	prevLog := [2]float64{0, 0} // last log factor reached below (0) and above (1)
	done := [2]bool{}
	step := liqLogStepFirst
	for !done[0] || !done[1] {
		for side, sign := range [2]float64{-1, 1} {
			if done[side] {
				continue
			}
			nextLog := prevLog[side] + step
			if nextLog > liqLogRange {
				done[side] = true
				continue
			}
			g, err := gap(math.Exp(sign * nextLog))
			if err != nil {
				done[side] = true
				continue
			}
			if !sameSide(g, g0) {
				return bisect(gap, math.Exp(sign*prevLog[side]), math.Exp(sign*nextLog), g0), nil
			}
			prevLog[side] = nextLog
		}
		step = math.Min(step*liqLogStepGrow, liqLogStepMax)
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

// bisect narrows [a, b] (gap(a) has the sign of g0, gap(b) does not) in log
// space and returns the far end, b. A model error inside the bracket stops
// the narrowing there: b is still a price on the far side.
func bisect(gap func(float64) (float64, error), a, b, g0 float64) *float64 {
	for i := 0; i < liqBisectSteps && math.Abs(b-a) > liqBisectRelTol*math.Max(a, b); i++ {
		mid := math.Sqrt(a * b)
		g, err := gap(mid)
		if err != nil {
			break
		}
		if sameSide(g, g0) {
			a = mid
		} else {
			b = mid
		}
	}
	return &b
}
