// A memo of options' per-unit risk vectors (optionUnitVector) for the
// liquidation-price solver. The solver's search re-margins a venue at the
// same grid of price factors for every book (the generic search's log
// steps), so every book holding a listed option asks for that option's
// per-unit vector at the same shifted marks: computed once (35 Black-76
// prices), it is then read for every other book, whatever its quantities.
// The key is every input of optionUnitVector, bit for bit, so a memoised
// vector is the computed one exactly and a new market, price or parameter
// is a new key (nothing to invalidate). Per-book results are never kept:
// quantities, netting, offsets and the worst case are computed per book.
package deribit

import (
	"math"
	"sync"

	"github.com/unimargin/unimargin/internal/pricing"
)

// unitKey is every input of optionUnitVector, as float64 bits.
type unitKey [16]uint64

func newUnitKey(b *book, g *group, in *instrument, p *pmParams, rate float64) unitKey {
	bits := math.Float64bits
	inverse := uint64(0)
	if b.inverse {
		inverse = 1
	}
	return unitKey{uint64(int64(in.right)), bits(in.strike), bits(in.expiryYears), bits(in.forwardUSD), bits(in.vol),
		bits(in.priceUSD), bits(g.indexUSD), bits(b.settleUSD), inverse, bits(rate), bits(p.PriceRange),
		bits(p.VolatilityRangeUp), bits(p.VolatilityRangeDown), bits(p.ShortTermVegaPower), bits(p.LongTermVegaPower),
		bits(p.MinVolatilityForShockUp)}
}

// memo holds values in two generations: a lookup reads the current one,
// then the previous one (moving a hit forward); when the current one is
// full it becomes the previous one. Values asked for again and again stay,
// one-offs age out, and a memo never holds more than two generations. The
// solver stores only what the search's grid factors compute (the same for
// every book); the narrowing's points, which differ per book, are read
// from the memo but never stored.
type memo[K comparable, V any] struct {
	mu        sync.Mutex
	size      int // entries per generation
	cur, prev map[K]*V
}

// get returns the value under key, computing it when unknown and then
// storing it when store is true.
func (u *memo[K, V]) get(key K, store bool, compute func() V) V {
	u.mu.Lock()
	v, ok := u.cur[key]
	if !ok {
		if v, ok = u.prev[key]; ok {
			u.put(key, v)
		}
	}
	u.mu.Unlock()
	if ok {
		return *v
	}
	computed := compute()
	if !store {
		return computed
	}
	u.mu.Lock()
	u.put(key, &computed)
	u.mu.Unlock()
	return computed
}

// put stores v under key in the current generation (u.mu held).
func (u *memo[K, V]) put(key K, v *V) {
	if len(u.cur) >= u.size {
		u.prev, u.cur = u.cur, nil
	}
	if u.cur == nil {
		u.cur = make(map[K]*V, u.size)
	}
	u.cur[key] = v
}

// unitMemo is the memo of per-unit risk vectors and of option marks.
type unitMemo struct {
	vectors memo[unitKey, riskVector]
	marks   memo[markKey, markValue]
}

// The solver's memo, shared by every book and goroutine: 8,192 vectors a
// generation (~3.5 MB: the search's ~155 grid factors × ~50 listed
// options) and as many marks (~0.7 MB).
var pmUnits = &unitMemo{vectors: memo[unitKey, riskVector]{size: 8192}, marks: memo[markKey, markValue]{size: 8192}}

// vector is optionUnitVector, read from the memo when known.
func (u *unitMemo) vector(b *book, g *group, in *instrument, p *pmParams, rate float64) riskVector {
	return u.vectors.get(newUnitKey(b, g, in, p, rate), b.remember, func() riskVector { return b.optionUnitVector(g, in, p, rate) })
}

// markKey is every input of an option's mark (markOption), as float64 bits.
type markKey [6]uint64

// markValue is an option's Black-76 value and forward delta, one unit.
type markValue struct{ price, delta float64 }

// mark is markOption, read from the memo when known (stored when store).
func (u *unitMemo) mark(store bool, right pricing.Right, forward, strike, vol, expiryYears, rate float64) markValue {
	bits := math.Float64bits
	key := markKey{uint64(int64(right)), bits(forward), bits(strike), bits(vol), bits(expiryYears), bits(rate)}
	return u.marks.get(key, store, func() markValue { return markOption(right, forward, strike, vol, expiryYears, rate) })
}
