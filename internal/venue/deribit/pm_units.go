// A memo of options' marks (markOption) and per-unit risk vectors
// (optionUnitVector) for the liquidation-price solvers. The search
// (venue.SearchCushion) re-margins a venue at the same sequence of grid
// factors for every book (1, then the log steps both ways), so every book
// holding a listed option asks for that option's mark and per-unit vector
// at the same shifted markets: computed once (35 Black-76 prices a
// vector), they are then read for every other book, whatever its
// quantities.
//
// The memo is a ladder per option and search: the values at the search's
// grid points in order, rung k holding the k-th grid factor's. A search
// finds its option's ladder once, at factor 1 (keyed by everything the
// option's value depends on there, and the assets the search moves), then
// reads rung k at the k-th grid factor with no hashing and no lock. Each
// rung keeps the full key of its value (every input, bit for bit), and a
// value is used only when that key equals the one asked for, so a memoised
// value is the computed one exactly, and a new market, price or parameter
// is a new key (nothing to invalidate). A rung is written once, by the
// first search to compute it. Per-book results are never kept: quantities,
// netting, offsets and the worst case are computed per book; the
// narrowing's points, which differ per book, are computed and never
// stored.
package deribit

import (
	"math"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/unimargin/unimargin/internal/pricing"
)

// ladderRungs bounds the grid points a ladder remembers: the search's grid
// has 2×77 + 1 points (TestLadderHoldsTheGrid), so every one fits.
const ladderRungs = 160

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

// markKey is every input of an option's mark (markOption), as float64 bits.
type markKey [6]uint64

// markValue is an option's Black-76 value and forward delta, one unit.
type markValue struct{ price, delta float64 }

// rung is one grid point's value and the key it was computed from.
type rung[K comparable, V any] struct {
	key   K
	value V
}

// ladder is one option's values at the search's grid points, in order.
// Its rungs are held in spans of ladderSpan, each allocated when a search
// first stores a rung in it: a search reads rung k+1 after rung k, so the
// rungs it reads next sit next to each other in memory (one allocation
// per rung, scattered, cost the grid walk ~13% of its CPU in cache
// misses), and a search that stops early allocates no more than its spans.
type ladder[K comparable, V any] struct {
	spans [ladderRungs / ladderSpan]atomic.Pointer[ladderSpanOf[K, V]]
}

// ladderSpan is the rungs a span of a ladder holds (ladderRungs is a
// multiple of it).
const ladderSpan = 16

// ladderSpanOf is ladderSpan consecutive rungs. A rung's state says
// whether it is written: empty, being written (by the one search that
// claimed it), or written (then never changed); its key and value are
// read only once it is written.
type ladderSpanOf[K comparable, V any] struct {
	state [ladderSpan]atomic.Uint32
	rungs [ladderSpan]rung[K, V]
}

// A rung's states.
const (
	rungEmpty uint32 = iota
	rungWriting
	rungWritten
)

// ladderKey finds a ladder: an option's key at factor 1 and the assets the
// search moves (joined), which decide its keys at the other grid points.
type ladderKey[K comparable] struct {
	first K
	moved string
}

// ladders holds ladders in two generations: a lookup reads the current
// one, then the previous one (moving a hit forward); when the current one
// is full it becomes the previous one. Ladders asked for again and again
// stay, one-offs (an option on a market that has moved on) age out, and
// no more than two generations are held.
type ladders[K comparable, V any] struct {
	mu        sync.Mutex
	size      int // ladders per generation
	cur, prev map[ladderKey[K]]*ladder[K, V]
}

// find returns the ladder under key, adding an empty one when unknown.
func (l *ladders[K, V]) find(key ladderKey[K]) *ladder[K, V] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if v, ok := l.cur[key]; ok {
		return v
	}
	v, ok := l.prev[key]
	if !ok {
		v = new(ladder[K, V])
	}
	if len(l.cur) >= l.size {
		l.prev, l.cur = l.cur, nil
	}
	if l.cur == nil {
		l.cur = make(map[ladderKey[K]]*ladder[K, V], l.size)
	}
	l.cur[key] = v
	return v
}

// at returns the value at grid point k of the search on ladder l (nil: no
// ladder; k < 0: not a grid point): the rung's when it was computed from
// key, else compute's, stored in the rung when the rung is empty.
func at[K comparable, V any](l *ladder[K, V], k int, key K, compute func() V) V {
	if l == nil || k < 0 || k >= ladderRungs {
		return compute()
	}
	slot := &l.spans[k/ladderSpan]
	span, i := slot.Load(), k%ladderSpan
	if span != nil && span.state[i].Load() == rungWritten && span.rungs[i].key == key {
		return span.rungs[i].value
	}
	v := compute()
	if span == nil {
		slot.CompareAndSwap(nil, new(ladderSpanOf[K, V]))
		span = slot.Load()
	}
	if span.state[i].CompareAndSwap(rungEmpty, rungWriting) {
		span.rungs[i] = rung[K, V]{key, v}
		span.state[i].Store(rungWritten)
	}
	return v
}

// unitMemo is the memo of per-unit risk vectors and of option marks.
type unitMemo struct {
	vectors ladders[unitKey, riskVector]
	marks   ladders[markKey, markValue]
}

// The solvers' memo, shared by every book and goroutine: 256 ladders a
// generation of each kind (the demo's listed options are 54; a vector
// ladder filled to the end is ~65 KB, a mark ladder ~5 KB).
var pmUnits = &unitMemo{vectors: ladders[unitKey, riskVector]{size: 256}, marks: ladders[markKey, markValue]{size: 256}}

// search is where a book's solver is in its search: the assets it moves,
// and 1 + the index of the grid point being marked (0: a narrowing point,
// or no search).
type search struct {
	moved string
	point int
}

// rung is the ladder rung of the point being marked (-1: none).
func (s *search) rung() int { return s.point - 1 }

// startSearch prepares b for a search moving the assets moved: the
// options' ladders are found again at factor 1.
func (b *book) startSearch(moved []string) {
	b.search = search{moved: strings.Join(moved, "\x00")}
	for _, g := range b.groups {
		for k := range g.insts {
			g.insts[k].marks, g.insts[k].units = nil, nil
		}
	}
}

// vector is optionUnitVector, read from the memo when known.
func (u *unitMemo) vector(b *book, g *group, in *instrument, p *pmParams, rate float64) riskVector {
	key := newUnitKey(b, g, in, p, rate)
	if b.search.rung() == 0 {
		in.units = u.vectors.find(ladderKey[unitKey]{key, b.search.moved})
	}
	return at(in.units, b.search.rung(), key, func() riskVector { return b.optionUnitVector(g, in, p, rate) })
}

// mark is markOption, read from the memo when known.
func (u *unitMemo) mark(b *book, in *instrument, forward, vol, expiryYears, rate float64) markValue {
	bits := math.Float64bits
	key := markKey{uint64(int64(in.right)), bits(forward), bits(in.strike), bits(vol), bits(expiryYears), bits(rate)}
	if b.search.rung() == 0 {
		in.marks = u.marks.find(ladderKey[markKey]{key, b.search.moved})
	}
	return at(in.marks, b.search.rung(), key, func() markValue {
		return markOption(in.right, forward, in.strike, vol, expiryYears, rate)
	})
}

// markOption is one unit of option's Black-76 value and forward delta.
func markOption(right pricing.Right, forward, strike, vol, expiryYears, rate float64) markValue {
	gr := pricing.Black76Greeks(right, forward, strike, vol, expiryYears, rate)
	return markValue{gr.Price, gr.Delta}
}
