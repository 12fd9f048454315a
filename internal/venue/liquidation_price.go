// Liquidation prices: for each asset a venue is exposed to, the price at which
// the venue's counted equity meets its maintenance requirement (Result.Cushion)
// with every other price held fixed, in terms of the oracle the venue uses.
// Generic over models: it re-runs the model on shifted markets.
//
// Two prices are not the market's to move alone. A derivative venue's
// settlement stablecoin is its unit of account (USDC at dYdX): it has no
// liquidation price. And a venue whose oracle prices a wrapper by its
// exchange rate (Aave v3 and Compound v3 price wstETH as wstETH/stETH ×
// ETH/USD, not by the stETH market: ExchangeRateOracle) moves the wrapper
// with its backing: a wstETH/WETH loop has no ETH liquidation price, and the
// wrapper's own price is its exchange rate's move with the backing fixed.
package venue

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Search grid: steps in log price, both sides alternately, starting at 1%
// and growing by 30% a step up to 20% (so a band where the venue is
// liquidatable that is wider than ~20% in price is never stepped over), out
// to 1e-6 and 1e6 times the current price; a sign change of equity −
// maintenance is then narrowed by regula falsi (Illinois), guarded by
// bisection. About 80 evaluations per side at most to bracket; margin
// rules are piecewise linear in a price, so the narrowing takes a handful
// of evaluations where bisection took ~40.
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
//
// A model that implements LiquidationSolver and states v as a Linear form
// is solved in closed form (liquidation_solve.go); otherwise the generic
// search re-runs the model on shifted markets (SearchLiquidationPrices).
func LiquidationPrices(v *portfolio.Venue, m *market.Snapshot) (map[string]*float64, error) {
	return LiquidationPricesContext(context.Background(), v, m)
}

// LiquidationPricesContext is LiquidationPrices that stops when ctx ends:
// each evaluation of the model (one re-margin of the venue, the unit of
// work here) first checks ctx, and ctx's error is returned.
func LiquidationPricesContext(ctx context.Context, v *portfolio.Venue, m *market.Snapshot) (map[string]*float64, error) {
	model, err := ForVenue(v)
	if err != nil {
		return nil, err
	}
	var solver PriceSolver
	if s, ok := model.(LiquidationSolver); ok {
		if solver, err = s.PriceSolver(v, m); err != nil {
			return nil, err
		}
	}
	out := map[string]*float64{}
	for _, e := range movedSets(model, v, m) {
		if cs, ok := solver.(ContextPriceSolver); ok {
			f, solved, err := cs.FactorContext(ctx, e.moved)
			if err != nil {
				return nil, err
			}
			if solved {
				out[e.sym] = priceAt(f, v, m, e.sym)
				continue
			}
		} else if solver != nil {
			if f, solved := solver.Factor(e.moved); solved {
				out[e.sym] = priceAt(f, v, m, e.sym)
				continue
			}
		}
		f, err := search(ctx, model, v, m, e.moved)
		if err != nil {
			return nil, err
		}
		out[e.sym] = priceAt(f, v, m, e.sym)
	}
	return out, nil
}

// priceAt is the venue's price of sym moved by factor (nil for nil).
func priceAt(factor *float64, v *portfolio.Venue, m *market.Snapshot, sym string) *float64 {
	if factor == nil {
		return nil
	}
	price := *factor * m.VenueSpot(v.ID, sym)
	return &price
}

// SearchLiquidationPrices is LiquidationPrices by the generic search alone,
// whatever the model: the reference a model's own solver is tested against.
func SearchLiquidationPrices(v *portfolio.Venue, m *market.Snapshot) (map[string]*float64, error) {
	model, err := ForVenue(v)
	if err != nil {
		return nil, err
	}
	return searchLiquidationPrices(context.Background(), model, v, m)
}

// exposure is one exposed asset and the assets whose prices move with it at
// the venue's oracle: itself, and at an exchange-rate oracle its wrappers.
type exposure struct {
	sym   string
	moved []string
}

// movedSets lists v's exposures, sorted by asset.
func movedSets(model Model, v *portfolio.Venue, m *market.Snapshot) []exposure {
	rateOracle := false
	if o, ok := model.(ExchangeRateOracle); ok {
		rateOracle = o.PricesWrappersByExchangeRate()
	}
	exposed := exposedAssets(v, m)
	out := make([]exposure, 0, len(exposed))
	for _, sym := range exposed {
		moved := []string{sym}
		if rateOracle {
			moved = append(moved, wrappersOf(m, sym, exposed)...)
		}
		out = append(out, exposure{sym, moved})
	}
	return out
}

// searchLiquidationPrices is the generic search for every exposed asset.
func searchLiquidationPrices(ctx context.Context, model Model, v *portfolio.Venue, m *market.Snapshot) (map[string]*float64, error) {
	out := map[string]*float64{}
	for _, e := range movedSets(model, v, m) {
		f, err := search(ctx, model, v, m, e.moved)
		if err != nil {
			return nil, err
		}
		out[e.sym] = priceAt(f, v, m, e.sym)
	}
	return out, nil
}

// search is the generic search for one exposure: the model re-run on a
// market with the moved assets shifted, a grid of log steps both ways,
// then regula falsi; it returns the factor (nil: none). It stops when ctx
// ends (checked before each evaluation of the model), returning ctx's error.
func search(ctx context.Context, model Model, v *portfolio.Venue, m *market.Snapshot, moved []string) (*float64, error) {
	shift := m.PriceShift(moved...) // one copy per search, rewritten per factor
	return SearchCushion(ctx, func(factor float64, _ int) (float64, error) {
		r, err := model.Margin(v, shift.At(factor))
		return r.Cushion(), err
	}, nil)
}

// SearchCushion is the generic search's root finder on a cushion function
// of the price factor (the venue's Result.Cushion with the moved assets'
// prices × factor): the grid of log steps both ways, then regula falsi. A
// model whose solver can evaluate its own cushion more cheaply than a
// whole Margin run (a venue validated and netted once, marked again per
// factor) runs the search through it and gets exactly the search's factor
// when its cushion is exactly Margin's. It stops when ctx ends (checked
// before each evaluation), returning ctx's error; an error at a shifted
// price ends that side of the search. cushion's point is the grid point's
// ordinal at the search's grid factors (GridPoints: the same for every
// venue, so worth remembering across venues) and 0 at the narrowing's
// points (particular to the venue).
//
// bound, when not nil, proves stretches of the grid where the cushion
// keeps its sign, and the search does not evaluate the grid points inside
// them (CushionBound): the factor found is the same, with fewer
// evaluations. A cushion with a bound must fail only when ctx ends.
func SearchCushion(ctx context.Context, cushion func(factor float64, point int) (float64, error), bound CushionBound) (*float64, error) {
	gap := func(factor float64, point int) (float64, error) {
		if err := ctx.Err(); err != nil {
			return 0, err // ends the search at once: every side and the narrowing stop on an error
		}
		return cushion(factor, point)
	}
	factor, err := nearestRoot(gap, bound)
	if err == nil {
		err = ctx.Err() // nearestRoot takes an error off the current price as the end of a side
	}
	return factor, err
}

// CushionBound proves that a cushion keeps its sign over a stretch of
// price factors, so that the search can step over the grid points there.
// Holds(from, gap, to) reports that a cushion of gap at factor from (as
// evaluated there, to the bit) is on gap's side of zero (sameSide: ≥ 0
// when gap ≥ 0, < 0 when gap < 0) at every factor between from and to,
// as the cushion evaluates it there. It must say true only when that is
// proven (false is always safe: the grid point is evaluated), so the
// search finds exactly the factor it finds without the bound.
type CushionBound interface {
	Holds(from, gap, to float64) bool
}

// GridPoints is the number of grid points of the search (factor 1 and
// the log steps both ways); cushion's point runs 1 … GridPoints.
var GridPoints = 1 + 2*len(gridLogs)

// gridLogs are the search grid's log distances from the current price,
// the same on both sides: step n (1-based) is at gridLogs[n-1], its point
// below (factor e^−gridLogs[n-1]) is grid point 2n and its point above
// 2n + 1 (factor 1 is point 1). Each is the previous + the step, the step
// growing from liqLogStepFirst by liqLogStepGrow up to liqLogStepMax,
// until it passes liqLogRange.
var gridLogs = func() []float64 {
	var logs []float64
	at, step := 0.0, liqLogStepFirst
	for at+step <= liqLogRange {
		at += step
		logs = append(logs, at)
		step = math.Min(step*liqLogStepGrow, liqLogStepMax)
	}
	return logs
}()

// gridFactors are the grid's factors, e^(∓gridLogs[n-1]) below and above
// (index 0: factor 1), as the walk evaluates them.
var gridFactors = func() (f [2][]float64) {
	for side, sign := range [2]float64{-1, 1} {
		f[side] = []float64{1}
		for _, l := range gridLogs {
			f[side] = append(f[side], math.Exp(sign*l))
		}
	}
	return f
}()

// ExchangeRateOracle is implemented by models whose venue prices a wrapped
// asset (market `backed_by`) at its backing's price × the wrapping exchange
// rate, so the wrapper moves with its backing there.
type ExchangeRateOracle interface {
	PricesWrappersByExchangeRate() bool
}

// exposedAssets lists the assets whose price the venue's margin depends on:
// what it holds or has derivatives on, less the settlement stablecoin of a
// venue that holds derivatives (its unit of account).
func exposedAssets(v *portfolio.Venue, m *market.Snapshot) []string {
	set := map[string]bool{}
	derivatives := false
	for _, c := range v.Collateral {
		set[c.Asset] = true
	}
	for i := range v.Positions {
		p := &v.Positions[i]
		set[p.HoldingAsset()] = true
		derivatives = derivatives || p.Kind.IsDerivative()
	}
	if settle := Settlement(v, m); derivatives {
		if a := m.Asset(settle); a != nil && a.Class == market.ClassStable {
			delete(set, settle)
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// wrappersOf lists the assets among held (other than sym) whose backing
// chain reaches sym: at an exchange-rate oracle they move with it.
func wrappersOf(m *market.Snapshot, sym string, held []string) []string {
	var out []string
	for _, w := range held {
		if w != sym && backedBy(m, w, sym, 0) {
			out = append(out, w)
		}
	}
	return out
}

// backedBy reports whether asset's backing chain reaches root (the market
// refuses backing cycles, so the depth only guards a corrupt snapshot).
func backedBy(m *market.Snapshot, asset, root string, depth int) bool {
	a := m.Asset(asset)
	if a == nil || depth > 16 {
		return false
	}
	for _, b := range a.BackedBy {
		if b.Asset == root || backedBy(m, b.Asset, root, depth+1) {
			return true
		}
	}
	return false
}

// nearestRoot finds the factor nearest 1 (in log distance) where gap
// changes sign, or nil when none does within the search range. An error at
// the current price is returned; an error at a shifted price (a model that
// refuses an absurd price, e.g. an on-chain overflow) ends the search on
// that side only, so a report never fails for a price nobody will see.
//
// The grid is walked both ways alternately, step n below, then step n
// above, and the first sign change met is narrowed. With a bound, the grid
// points the bound proves on the side of the last one evaluated on that
// side are stepped over (walk.skip); when the first point after them
// changes sign, the last of them is evaluated for the bracket's near end,
// so the bracket, and the factor narrowed from it, are the full walk's.
func nearestRoot(gap func(factor float64, point int) (float64, error), bound CushionBound) (*float64, error) {
	g0, err := gap(1, 1)
	if err != nil {
		return nil, err
	}
	sides := [2]walk{{sign: -1, gap: g0, factors: gridFactors[0]}, {sign: 1, gap: g0, factors: gridFactors[1]}}
	for n := 1; n <= len(gridLogs) && (!sides[0].done || !sides[1].done); n++ {
		for i := range sides {
			w := &sides[i]
			if w.done || n <= w.proven {
				continue
			}
			g, err := gap(w.factor(n), 2*n+i)
			if err != nil {
				w.done = true
				continue
			}
			if !sameSide(g, g0) {
				if w.at < n-1 { // the bracket's near end was stepped over
					if w.gap, err = w.nearEnd(gap, n-1, 2*(n-1)+i, g0); err != nil {
						w.done = true
						continue
					}
					w.at = n - 1
				}
				return narrow(gap, bracket{w.log(w.at), w.gap, w.log(n), g}, g0), nil
			}
			w.at, w.gap = n, g
			if bound != nil {
				w.skip(bound)
			}
		}
	}
	return nil, nil
}

// walk is one side of the grid walk: the last grid step evaluated (at, 0
// for the current price) and its gap, and the last step proven (steps up
// to proven are not evaluated).
type walk struct {
	sign       float64   // −1 below, +1 above
	factors    []float64 // the side's grid factors (gridFactors)
	at, proven int
	gap        float64
	done       bool
}

// log is step n's log factor on this side (0 for n = 0, signed as the
// side's: the bracket's near end at the current price is −0 below).
func (w *walk) log(n int) float64 {
	if n == 0 {
		return w.sign * 0
	}
	return w.sign * gridLogs[n-1]
}

// factor is step n's factor, e^log(n).
func (w *walk) factor(n int) float64 { return w.factors[n] }

// skip marks the steps after at that bound proves on at's side: none when
// the next step is not (the common case far from a root: one call), all
// of them to the range's end (the side is done), or the most a galloping
// search from at finds proven (steps at+2, +4, … until one is not, then a
// bisection between the last two).
func (w *walk) skip(bound CushionBound) {
	from, last := w.factor(w.at), len(gridLogs)
	if w.at == last || !bound.Holds(from, w.gap, w.factor(w.at+1)) {
		return
	}
	if bound.Holds(from, w.gap, w.factor(last)) {
		w.done = true
		return
	}
	lo, hi := w.at+1, last // lo proven, hi not
	for d := 2; w.at+d < hi; d *= 2 {
		if !bound.Holds(from, w.gap, w.factor(w.at+d)) {
			hi = w.at + d
			break
		}
		lo = w.at + d
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if bound.Holds(from, w.gap, w.factor(mid)) {
			lo = mid
		} else {
			hi = mid
		}
	}
	w.proven = lo
}

// nearEnd evaluates step n, the last proven one, the near end of a
// bracket whose far end is the step after it (grid point point). The
// bound proved it on g0's side: a gap there on the other side is a wrong
// bound, a programmer error, and panics (the full walk would have stopped
// there). An error (ctx's) is returned.
func (w *walk) nearEnd(gap func(factor float64, point int) (float64, error), n, point int, g0 float64) (float64, error) {
	g, err := gap(w.factor(n), point)
	if err == nil && !sameSide(g, g0) {
		panic(fmt.Sprintf("venue: a cushion bound proved grid point %d on the side of %g, but it is %g", point, g0, g))
	}
	return g, err
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

// bracket is a sign change of the gap in log factor: la on the side of g0,
// lb beyond it, with the gaps there.
type bracket struct {
	la, ga, lb, gb float64
}

// narrow shrinks the bracket until its ends are within liqBisectRelTol of
// each other and returns the far end, exp(lb): a price on the far side of
// g0. Each step tries the secant point (Illinois: an end kept twice has its
// gap halved, so neither end stalls), kept a little inside the bracket so
// the step always brackets the root more tightly, and falls back to the
// midpoint when the bracket did not halve in two steps. A model error
// inside the bracket stops the narrowing there: lb is still on the far side.
func narrow(gap func(factor float64, point int) (float64, error), br bracket, g0 float64) *float64 {
	la, ga, lb, gb := br.la, br.ga, br.lb, br.gb
	kept := 0        // +n: the far end kept n times in a row; −n: the near end
	width := lb - la // bracket width two steps ago, for the bisection guard
	for i := 0; i < liqBisectSteps && math.Abs(lb-la) > liqBisectRelTol; i++ {
		x := secantInside(la, ga, lb, gb)
		if i%2 == 0 {
			if math.Abs(lb-la) > math.Abs(width)/2 && i > 0 {
				x = (la + lb) / 2
			}
			width = lb - la
		}
		g, err := gap(math.Exp(x), 0)
		if err != nil {
			break
		}
		if sameSide(g, g0) {
			la, ga = x, g
			if kept > 0 {
				gb /= 2
			}
			kept = max(kept, 0) + 1
		} else {
			lb, gb = x, g
			if kept < 0 {
				ga /= 2
			}
			kept = min(kept, 0) - 1
		}
	}
	b := math.Exp(lb)
	return &b
}

// secantInside is the secant root of the bracket, moved to half the
// tolerance from an end when the secant puts it nearer: the root is then
// within the tolerance of that end, and a point just past it closes the
// bracket at once (where regula falsi alone creeps up from one side).
func secantInside(la, ga, lb, gb float64) float64 {
	x := (la + lb) / 2
	if d := gb - ga; d != 0 && !math.IsInf(d, 0) {
		if s := lb - gb*(lb-la)/d; !math.IsNaN(s) {
			x = s
		}
	}
	step := math.Copysign(liqBisectRelTol/2, lb-la) // from la toward lb
	lo, hi := math.Min(la, lb), math.Max(la, lb)
	x = math.Max(lo, math.Min(hi, x))
	if math.Abs(x-la) < liqBisectRelTol/2 {
		x = la + step
	}
	if math.Abs(lb-x) < liqBisectRelTol/2 {
		x = lb - step
	}
	return x
}

// MovesWith returns the assets whose prices move with sym at v's oracle when
// its liquidation price is found (sym, and at an exchange-rate oracle its
// wrappers), or nil when v is not exposed to sym.
func MovesWith(v *portfolio.Venue, m *market.Snapshot, sym string) ([]string, error) {
	model, err := ForVenue(v)
	if err != nil {
		return nil, err
	}
	for _, e := range movedSets(model, v, m) {
		if e.sym == sym {
			return e.moved, nil
		}
	}
	return nil, nil
}
