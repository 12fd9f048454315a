// Market ticks on a compiled market. Compiled.Tick compiles the next
// snapshot reusing every instrument whose underlying's inputs did not move
// (the instruments of moved assets are valued anew, on first use), and
// records which assets moved; Population.RemarginTick then re-margins only
// the books that hold a moved asset (or a wrapper backed by one), through
// an index from set asset to the books' asset lists to books. A tick's
// numbers are checked before anything is compiled (market.CheckNumbers):
// a NaN, infinite or negative price or vol is an error naming the field,
// and the previous compiled market stays as it was.
//
// An asset has moved when anything its compiled figures read differs: its
// market entry (price, vol, depth, spread, backing), vol surface and
// quoted forwards, its scenario moves, roots (look-through Betas),
// liquidity coefficients or collateral tiers. A tick that changes what
// every instrument reads (as_of, the USD rate, the risk parameters) or the
// scenario set itself (its assets or scenarios) moves every asset.
package margin

import (
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/unimargin/unimargin/internal/market"
)

// tickOf is what a compiled market knows of the market it was ticked from.
type tickOf struct {
	base  *Compiled
	moved []bool // per set asset
}

// Tick checks m's numbers and compiles it with c's risk parameters,
// reusing c's instruments on every asset whose inputs did not move.
// Errors: market.CheckNumbers' and Compile's (*input.Error); c is left as
// it was.
func (c *Compiled) Tick(m *market.Snapshot) (*Compiled, error) {
	if err := m.CheckNumbers(); err != nil {
		return nil, err
	}
	n, err := Compile(m, c.rp)
	if err != nil {
		return nil, err
	}
	moved := c.movedTo(n)
	n.tick = tickOf{base: c, moved: moved}
	c.mu.RLock()
	for key, in := range c.instruments {
		if !moved[key.asset] {
			n.instruments[key] = in
		}
	}
	c.mu.RUnlock()
	return n, nil
}

// movedTo lists, per set asset of n, whether it moved from c to n (all
// of them when the two sets or the global inputs differ).
func (c *Compiled) movedTo(n *Compiled) []bool {
	moved := make([]bool, len(n.set.Assets))
	if !c.comparable(n) {
		for i := range moved {
			moved[i] = true
		}
		return moved
	}
	for i, sym := range n.set.Assets {
		a, b := &c.moves[i], &n.moves[i]
		moved[i] = c.spot[i] != n.spot[i] || c.liquidity[i] != n.liquidity[i] ||
			!slices.Equal(a.scenario, b.scenario) || !slices.Equal(a.ret, b.ret) || !slices.Equal(a.vol, b.vol) ||
			a.reqLen != b.reqLen || !slices.Equal(c.roots[i], n.roots[i]) || !slices.Equal(c.tiers[i], n.tiers[i]) ||
			!reflect.DeepEqual(c.m.Assets[sym], n.m.Assets[sym]) ||
			!reflect.DeepEqual(c.m.Surfaces[sym], n.m.Surfaces[sym]) ||
			!reflect.DeepEqual(c.m.Forwards[sym], n.m.Forwards[sym])
	}
	return moved
}

// comparable reports whether n can reuse c's instruments at all: the same
// parameters, time, rate, set assets and scenarios.
func (c *Compiled) comparable(n *Compiled) bool {
	if c.rp != n.rp || !c.m.AsOf.Equal(n.m.AsOf) || c.rate != n.rate ||
		!slices.Equal(c.set.Assets, n.set.Assets) || !slices.Equal(c.names, n.names) ||
		len(c.set.Scenarios) != len(n.set.Scenarios) {
		return false
	}
	for i := range c.set.Scenarios {
		x, y := &c.set.Scenarios[i], &n.set.Scenarios[i]
		if x.InRequirement != y.InRequirement || x.Fraction != y.Fraction || x.Vol != y.Vol || x.Kind != y.Kind {
			return false
		}
	}
	return true
}

// Valued is the number of instruments c has valued itself (not reused
// from the market it was ticked from).
func (c *Compiled) Valued() int { return int(c.valued.Load()) }

// RemarginTick re-margins, into out, the books that hold an asset that
// moved between the compiled market the population was last margined on
// and c, when c is a tick of it (Compiled.Tick); out must hold the
// population's figures on that market (the other books' stay). Otherwise
// it re-margins every book (Remargin). It returns how many books it
// re-margined (0 when c is that market itself: nothing moved). Errors:
// Remargin's, when nothing is written.
func (p *Population) RemarginTick(c *Compiled, out []Unified) (int, error) {
	if c == p.last {
		return 0, nil
	}
	if p.last == nil || c.tick.base != p.last {
		if err := p.Remargin(c, out); err != nil {
			return 0, err
		}
		return len(p.books), nil
	}
	if err := p.retarget(c); err != nil {
		return 0, err
	}
	books := p.affected(c)
	p.run(len(books), func(s *kernelScratch, lo, hi int) {
		for _, b := range books[lo:hi] {
			out[b] = p.margin(c, int(b), s)
		}
	})
	p.last = c
	return len(books), nil
}

// affected lists the books whose asset list or a root of it moved in c's
// tick, in book order within each asset list.
func (p *Population) affected(c *Compiled) []int32 {
	if p.byList == nil {
		p.byList = make([][]int32, len(p.assetIDs))
		for b := range p.books {
			l := p.books[b].assets
			p.byList[l] = append(p.byList[l], int32(b))
		}
	}
	p.tickBooks = p.tickBooks[:0]
	for l, assets := range p.assetIDs {
		if p.listMoved(c, assets) {
			p.tickBooks = append(p.tickBooks, p.byList[l]...)
		}
	}
	return p.tickBooks
}

// listMoved reports whether an asset of the list, or one of its roots,
// moved in c's tick.
func (p *Population) listMoved(c *Compiled, assets []string) bool {
	for _, sym := range assets {
		i, ok := c.set.Index(sym)
		if !ok || c.tick.moved[i] {
			return true
		}
		for _, r := range c.roots[i] {
			if c.tick.moved[r.Asset] {
				return true
			}
		}
	}
	return false
}

// run splits n units of work over every core, each worker with its own
// kernel scratch (kept across calls: a re-margin allocates only its
// goroutines). Workers take chunks of runChunk units in turn rather than a
// fixed share each, so a core the machine's other work slows down does
// less and the call ends when the work does, not when the slowest share
// does.
func (p *Population) run(n int, work func(s *kernelScratch, lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	for len(p.scratch) < workers {
		p.scratch = append(p.scratch, &kernelScratch{})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(runChunk)) - runChunk
				if lo >= n {
					return
				}
				work(p.scratch[w], lo, min(lo+runChunk, n))
			}
		}()
	}
	wg.Wait()
}

// runChunk is the units of work a worker takes at a time: large enough
// that taking one costs nothing next to margining it (~1 ms of books),
// small enough that the last ones spread over the cores.
const runChunk = 1024
