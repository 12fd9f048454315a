// Bulk re-margin: a population of books kept compiled in memory across
// market ticks. Every book's items sit in one flat array (an item is a
// quantity of an instrument plus its value and delta: 80 bytes), each book
// a range of it; instruments are numbered once for the population, so a
// tick looks each distinct instrument up once on the new compiled market
// and points the items at it. Each book is then margined by the kernel
// (kernel.go), the same computation Compute runs on one book, on every core.
package margin

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
)

// Population is books compiled for bulk re-margin. It is not safe for
// concurrent use: Remargin revalues its items in place.
type Population struct {
	books    []popBook
	items    []item
	terms    []entryTerms // per item: what its value needs besides the market
	inst     []int32      // per item: index into keys
	keys     []instrumentKey
	assetIDs [][]string // distinct asset lists (books sharing one share its mask)
	ids      []string   // account ids, by book
	symbols  []string   // the set assets keys' asset indices refer to
	// per tick: the compiled market table and masks refer to
	table  []*instrument
	masks  []*scenario.Mask
	target *Compiled
}

// popBook is one book of a population: its items and its asset list.
type popBook struct {
	lo, hi int32
	assets int32 // index into assetIDs
}

// NewPopulation checks every book against c's market and compiles it.
// Books keep their order; Remargin's results are in that order. Errors:
// the first book that fails portfolio.Check (*input.Error), with its index.
func (c *Compiled) NewPopulation(books []*portfolio.Portfolio) (*Population, error) {
	b := c.NewPopulationBuilder(len(books))
	for i, book := range books {
		if err := b.Add(book); err != nil {
			return nil, fmt.Errorf("book %d (%s): %w", i, book.Account, err)
		}
	}
	return b.Population(), nil
}

// PopulationBuilder compiles books one at a time, so that a population of
// millions never holds their documents: only items, entry terms and
// instrument numbers are kept.
type PopulationBuilder struct {
	c          *Compiled
	p          *Population
	keyIndex   map[instrumentKey]int32
	assetIndex map[string]int32
}

// NewPopulationBuilder starts a population on c with room for n books.
func (c *Compiled) NewPopulationBuilder(n int) *PopulationBuilder {
	return &PopulationBuilder{c: c,
		p:        &Population{books: make([]popBook, 0, n), ids: make([]string, 0, n), symbols: c.set.Assets},
		keyIndex: map[instrumentKey]int32{}, assetIndex: map[string]int32{}}
}

// Add checks book against the market and compiles it into the population.
// Errors: portfolio.Check's (*input.Error); nothing is added then.
func (b *PopulationBuilder) Add(book *portfolio.Portfolio) error {
	if err := portfolio.Check(book, b.c.m); err != nil {
		return err
	}
	p := b.p
	a := newAccount(book, b.c)
	lo := int32(len(p.items))
	for i := range a.items {
		it := &a.items[i]
		k, ok := b.keyIndex[it.inst.key]
		if !ok {
			k = int32(len(p.keys))
			b.keyIndex[it.inst.key] = k
			p.keys = append(p.keys, it.inst.key)
		}
		p.inst = append(p.inst, k)
		p.terms = append(p.terms, termsOf(book, it))
		p.items = append(p.items, *it)
	}
	assets := bookAssets(book)
	slices.Sort(assets)
	key := strings.Join(assets, "\x00")
	ai, ok := b.assetIndex[key]
	if !ok {
		ai = int32(len(p.assetIDs))
		b.assetIndex[key] = ai
		p.assetIDs = append(p.assetIDs, assets)
	}
	p.books = append(p.books, popBook{lo: lo, hi: int32(len(p.items)), assets: ai})
	p.ids = append(p.ids, book.Account)
	return nil
}

// Population returns the population built (the builder is done).
func (b *PopulationBuilder) Population() *Population {
	p := b.p
	p.items, p.terms, p.inst = slices.Clip(p.items), slices.Clip(p.terms), slices.Clip(p.inst)
	b.p = nil
	return p
}

// Len is the number of books.
func (p *Population) Len() int { return len(p.books) }

// Positions is the number of items (collateral entries and positions).
func (p *Population) Positions() int { return len(p.items) }

// Instruments is the number of distinct instruments the books hold.
func (p *Population) Instruments() int { return len(p.keys) }

// Account returns book i's account id.
func (p *Population) Account(i int) string { return p.ids[i] }

// Remargin margins every book on c (a compiled market, e.g. the next
// tick) and writes book i's unified figures to out[i] (len(out) ≥ Len()).
// Work is split over every core; the per-book loop allocates nothing. The
// figures equal Compute's on each book and c's market (the same kernel on
// the same items). Errors: c's market lacks an asset a book holds
// (ErrAssetDropped), when nothing is written.
func (p *Population) Remargin(c *Compiled, out []Unified) error {
	if err := p.retarget(c); err != nil {
		return err
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(p.books)/256))
	chunk := (len(p.books) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(p.books))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s kernelScratch
			for b := lo; b < hi; b++ {
				out[b] = p.margin(c, b, &s)
			}
		}()
	}
	wg.Wait()
	return nil
}

// ErrAssetDropped is Remargin on a market without an asset the population holds.
var ErrAssetDropped = errors.New("the market does not list an asset the population holds")

// margin revalues book b's items on c and runs the kernel on them.
func (p *Population) margin(c *Compiled, b int, s *kernelScratch) Unified {
	bk := &p.books[b]
	items := p.items[bk.lo:bk.hi]
	for i := range items {
		j := int(bk.lo) + i
		it := &items[i]
		it.inst = p.table[p.inst[j]]
		it.asset = it.inst.key.asset
		revalue(it, &p.terms[j])
	}
	r := c.unified(items, p.masks[bk.assets], s)
	if r.worst >= 0 {
		r.u.WorstScenario.Name = c.names[r.worst]
	}
	return r.u
}

// retarget looks every distinct instrument and asset list up on c, moving
// asset indices to c's set when its assets differ from the last one's.
func (p *Population) retarget(c *Compiled) error {
	remap := !slices.Equal(c.set.Assets, p.symbols)
	var to []int
	if remap {
		to = make([]int, len(p.symbols))
		for i, sym := range p.symbols {
			j, ok := c.set.Index(sym)
			if !ok && p.holds(i) {
				return fmt.Errorf("%w: %s", ErrAssetDropped, sym)
			}
			to[i] = j
		}
	}
	if cap(p.table) < len(p.keys) {
		p.table = make([]*instrument, len(p.keys))
	}
	p.table = p.table[:len(p.keys)]
	for k := range p.keys {
		if remap {
			p.keys[k].asset = to[p.keys[k].asset]
		}
		p.table[k] = c.instrument(p.keys[k])
	}
	p.symbols = c.set.Assets
	p.target = c
	p.masks = p.masks[:0]
	for _, assets := range p.assetIDs {
		p.masks = append(p.masks, c.mask(assets))
	}
	return nil
}

// holds reports whether an instrument of the population is on set asset i
// (of the set its keys refer to now).
func (p *Population) holds(i int) bool {
	for _, k := range p.keys {
		if k.asset == i {
			return true
		}
	}
	return false
}
