// The worst scenario with one more option, pricing only the states that can
// still be the worst: exact, by bounds on the option's price.
package margin

import (
	"math"

	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/scenario"
)

// assetStates is, for one asset, what the base risk array says about each
// distinct (return, vol) state of its requirement moves: the largest base
// loss among the scenarios in the state (they share the option's price, so
// the one losing most now loses most with the option too, when their
// fractions agree) and the best scenario that does not move the asset.
type assetStates struct {
	states   []optionState
	frac     []float64 // common fraction of the state's scenarios; NaN if they differ
	negP     []float64 // max over the state's scenarios of −P_s
	argS     []int32   // the first scenario attaining it
	rank     []int8    // volRank of the state's vol column
	restLoss float64   // max counted loss over requirement scenarios not moving the asset (≥ 0)
	restS    int32     // its scenario, −1 when none loses
}

// statesFor builds (once per asset) the state summary over the base P&L.
func (s *Session) statesFor(asset int) *assetStates {
	if s.stateSummary[asset] != nil {
		return s.stateSummary[asset]
	}
	a := s.a
	moves := a.set.RequirementMoves(asset)
	states, stateOf := s.statesOf(asset, moves)
	st := &assetStates{states: states, frac: make([]float64, len(states)),
		negP: make([]float64, len(states)), argS: make([]int32, len(states)),
		rank: make([]int8, len(states)), restS: -1}
	for k := range states {
		st.negP[k], st.argS[k], st.frac[k] = math.Inf(-1), -1, -1
		st.rank[k] = volRank(states[k].vol)
	}
	moved := make([]bool, len(a.set.Scenarios))
	for j, mv := range moves {
		k, sc := stateOf[j], mv.Scenario
		moved[sc] = true
		f := a.set.Scenarios[sc].Fraction
		switch {
		case st.frac[k] == -1:
			st.frac[k] = f
		case st.frac[k] != f:
			st.frac[k] = math.NaN()
		}
		if v := -s.pnl[sc]; v > st.negP[k] || v == st.negP[k] && sc < st.argS[k] {
			st.negP[k], st.argS[k] = v, sc
		}
	}
	for sc := range a.set.Scenarios {
		x := &a.set.Scenarios[sc]
		if moved[sc] || !x.InRequirement {
			continue
		}
		if l := -s.pnl[sc] * x.Fraction; l > st.restLoss {
			st.restLoss, st.restS = l, int32(sc)
		}
	}
	s.stateSummary[asset] = st
	return st
}

// optionWorst returns the worst scenario and its counted loss (−1 and 0 when
// none loses) of the base account plus option item it, as worst() would on
// the full risk array. Each state's option price is bounded first (the
// discounted intrinsic value below; above, that plus the at-the-money time
// value bound DF·K·σ√T/√(2π); monotone in the forward and, when the shocked
// vols are ordered, in the vol column) and priced only while its bound could beat the best
// loss found; each price found tightens the bounds of the states it orders.
// States whose scenarios carry different fractions are always priced.
func (s *Session) optionWorst(it *item) (int, float64) {
	a := s.a
	st := s.statesFor(it.asset)
	n := len(st.states)
	cache := s.optionCache(it, n)
	lo, hi := resize(s.lo, n), resize(s.hi, n)
	s.lo, s.hi = lo, hi
	df := math.Exp(-a.rate * it.years)
	call := it.right == pricing.Call
	volOrdered := it.volDown <= it.vol && it.vol <= it.volUp
	// Time value is largest at the money: price − intrinsic ≤
	// DF·K·(2N(σ√T/2) − 1) ≤ DF·K·σ√T/√(2π) (plus a hair for rounding).
	tvPerVol := df * it.strike * math.Sqrt(it.years) / math.Sqrt(2*math.Pi)
	slack := 1e-12 * df * it.strike
	for k, x := range st.states {
		if cache.known[k] {
			lo[k], hi[k] = cache.prices[k], cache.prices[k]
			continue
		}
		f := it.forward * (1 + x.ret)
		intrinsic := df * max(it.strike-f, 0)
		if call {
			intrinsic = df * max(f-it.strike, 0)
		}
		lo[k], hi[k] = intrinsic, intrinsic+tvPerVol*it.volFor(x.vol)+slack
	}
	best, bestS := st.restLoss, int(st.restS)
	for k := range st.states {
		if cache.known[k] {
			bestS, best = s.stateLoss(st, k, it, cache.prices[k], bestS, best)
		}
	}
	q := it.quantity
	for {
		// the unpriced state with the largest bound on its loss
		pick, bound := -1, math.Inf(-1)
		for k := range st.states {
			if cache.known[k] || st.argS[k] < 0 {
				continue
			}
			f := st.frac[k]
			if math.IsNaN(f) {
				pick, bound = k, math.Inf(1)
				break
			}
			p := lo[k]
			if q < 0 {
				p = hi[k]
			}
			if ub := f * (st.negP[k] - q*(p-it.price)); ub > bound {
				pick, bound = k, ub
			}
		}
		if pick < 0 || bound < best-1e-12*math.Max(1, math.Abs(best)) && bestS >= 0 || bound <= 0 && bestS < 0 {
			break
		}
		p := it.priceAt(st.states[pick].ret, st.states[pick].vol, a.rate)
		cache.prices[pick], cache.known[pick] = p, true
		lo[pick], hi[pick] = p, p
		s.tighten(st, pick, p, call, volOrdered)
		bestS, best = s.stateLoss(st, pick, it, p, bestS, best)
	}
	return bestS, best
}

// stateLoss updates the best loss with state k's (its scenarios at price p).
func (s *Session) stateLoss(st *assetStates, k int, it *item, p float64, bestS int, best float64) (int, float64) {
	dv := it.quantity * (p - it.price)
	if math.IsNaN(st.frac[k]) {
		// fractions differ: every scenario of the state on its own
		for j, mv := range s.a.set.RequirementMoves(it.asset) {
			if int(s.stateOf[it.asset][j]) != k {
				continue
			}
			sc := int(mv.Scenario)
			l := -(s.pnl[sc] + dv) * s.a.set.Scenarios[sc].Fraction
			bestS, best = better(sc, l, bestS, best)
		}
		return bestS, best
	}
	sc := int(st.argS[k])
	return better(sc, -(s.pnl[sc]+dv)*st.frac[k], bestS, best)
}

// better keeps the larger positive loss, the earlier scenario on a tie.
func better(sc int, l float64, bestS int, best float64) (int, float64) {
	if l > best && l > 0 || l == best && l > 0 && sc < bestS {
		return sc, l
	}
	return bestS, best
}

// tighten narrows the price bounds of the states ordered with state k by
// monotonicity: a call's price rises with the forward, a put's falls; both
// rise with vol (vol columns compare only when down ≤ none ≤ up).
func (s *Session) tighten(st *assetStates, k int, p float64, call, volOrdered bool) {
	rk, vk := st.states[k].ret, st.rank[k]
	lo, hi := s.lo, s.hi
	for j := range st.states {
		vj := st.rank[j]
		if j == k || !volOrdered && vj != vk {
			continue
		}
		rj := st.states[j].ret
		higher, lower := rj >= rk, rj <= rk // j's forward against k's
		if !call {
			higher, lower = lower, higher
		}
		if higher && vj >= vk {
			lo[j] = max(lo[j], p)
		}
		if lower && vj <= vk {
			hi[j] = min(hi[j], p)
		}
	}
}

// volRank orders vol columns by the vol they price at (down, none, up).
func volRank(v scenario.Vol) int8 {
	switch v {
	case scenario.VolDown:
		return 0
	case scenario.VolUp:
		return 2
	}
	return 1
}

// optionPrices caches one option instrument's exact state prices.
type optionPrices struct {
	key    optionKey
	prices []float64
	known  []bool
}

// optionCache returns the cache for it's instrument, reset when the
// instrument changes (a hedge search tries one instrument at several sizes).
func (s *Session) optionCache(it *item, n int) *optionPrices {
	key := optionKey{optionSeries{it.asset, it.expiryUnix, it.strike}, int8(it.right)}
	c := &s.cache
	if c.key != key || len(c.known) != n || !s.priced {
		c.key, s.priced = key, true
		c.prices = resize(c.prices, n)
		if cap(c.known) < n {
			c.known = make([]bool, n)
		}
		c.known = c.known[:n]
		clear(c.known)
	}
	return c
}
