// Bulk re-margin: a population of books kept compiled in memory across
// market ticks. Every book's positions sit in one flat array of 16-byte
// entries (an instrument number, a quantity, the venue and kind), each
// book a range of it; what few entries need besides (a collateral entry's
// haircut, a perp's or future's entry price and funding) sits in a side
// array. Instruments are numbered once for the population, so a tick looks
// each distinct instrument up once on the new compiled market. Each book
// is then expanded into the kernel's items (valued on the market, in a
// per-core scratch) and margined by the kernel (kernel.go), the same
// computation Compute runs on one book, on every core.
package margin

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/unimargin/unimargin/internal/assert"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Population is books compiled for bulk re-margin. It is not safe for
// concurrent use: Remargin revalues its items in place.
type Population struct {
	books    []popBook
	items    []popItem
	extras   []popExtra  // of the items flagged extra, in item order
	series   []seriesNet // the books' planned option series (bookPlan), book by book
	keys     []instrumentKey
	assetIDs [][]string // distinct asset lists (books sharing one share its mask)
	ids      []string   // account ids, by book
	symbols  []string   // the set assets keys' asset indices refer to
	// per tick: the compiled market table and masks refer to
	table     []*instrument // by instrument number, the compiled market's
	insts     []instrument  // the table's instruments, copied (compact): what items read
	arena     []float64     // their P&L vectors
	masks     []*bookMask
	target    *Compiled
	last      *Compiled        // the market last margined on (RemarginTick)
	byList    [][]int32        // per asset list: its books (built on the first tick)
	tickBooks []int32          // the books a tick re-margins (scratch)
	scratch   []*kernelScratch // per worker, kept across calls
}

// popBook is one book of a population: its items, the first of its
// extras, its asset list and its plan (bookPlan: its series and whether
// its basis legs are two-sided; stale after its quantities change, when
// the next margin plans it again).
type popBook struct {
	lo, hi       int32
	extra        int32
	assets       int32 // index into assetIDs
	slo, shi     int32 // its series in Population.series
	basis, stale bool
}

// popItem is one item of a population book: what the kernel's item is
// made of besides the market (kind, venue, quantity, instrument).
type popItem struct {
	quantity float64
	inst     int32 // index into keys (and the tick's table)
	venue    uint16
	kind     itemKind
	extra    bool // its popExtra is the book's next
}

// popExtra is what an item needs besides its quantity and instrument, kept
// only for the items that have it.
type popExtra struct {
	terms   entryTerms
	haircut float64
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
	s          kernelScratch // planOf's
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
	if len(book.Venues) > portfolio.MaxVenues {
		return input.Errorf("venues", "has %d venues, more than the limit of %d", len(book.Venues), portfolio.MaxVenues)
	}
	p := b.p
	a := newAccount(book, b.c)
	lo, extra := int32(len(p.items)), int32(len(p.extras))
	for i := range a.items {
		it := &a.items[i]
		k, ok := b.keyIndex[it.inst.key]
		if !ok {
			k = int32(len(p.keys))
			b.keyIndex[it.inst.key] = k
			p.keys = append(p.keys, it.inst.key)
		}
		pi := popItem{quantity: it.quantity, inst: k, venue: uint16(it.venue), kind: it.kind}
		if x := (popExtra{terms: termsOf(book, it), haircut: it.haircut}); x != (popExtra{}) {
			pi.extra = true
			p.extras = append(p.extras, x)
		}
		p.items = append(p.items, pi)
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
	plan := b.c.planOf(a.items, &b.s)
	slo := int32(len(p.series))
	p.series = append(p.series, plan.series...)
	p.books = append(p.books, popBook{lo: lo, hi: int32(len(p.items)), extra: extra, assets: ai,
		slo: slo, shi: int32(len(p.series)), basis: plan.basis})
	p.ids = append(p.ids, book.Account)
	return nil
}

// Population returns the population built (the builder is done).
func (b *PopulationBuilder) Population() *Population {
	p := b.p
	p.items, p.extras, p.series = slices.Clip(p.items), slices.Clip(p.extras), slices.Clip(p.series)
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
	p.run(len(p.books), func(s *kernelScratch, lo, hi int) {
		for b := lo; b < hi; b++ {
			out[b] = p.margin(c, b, s)
		}
	})
	p.last = c
	return nil
}

// ErrAssetDropped is Remargin on a market without an asset the population holds.
var ErrAssetDropped = errors.New("the market does not list an asset the population holds")

// margin values book b's items on c (into s.items) and runs the kernel on
// them. Items keep no position index: the kernel does not attribute.
func (p *Population) margin(c *Compiled, b int, s *kernelScratch) Unified {
	bk := &p.books[b]
	src := p.items[bk.lo:bk.hi]
	if cap(s.items) < len(src) {
		s.items = make([]item, 0, 2*len(src))
	}
	items := s.items[:len(src)]
	x := bk.extra
	for i := range src {
		pi := &src[i]
		var e *popExtra
		if pi.extra {
			e = &p.extras[x]
			x++
		}
		p.value(&items[i], pi, e)
	}
	if bk.stale { // its quantities changed (SetQuantity, Close): plan it again
		plan := c.planOf(items, s)
		assert.That(len(plan.series) == int(bk.shi-bk.slo), "margin: a book's series changed with its quantities")
		copy(p.series[bk.slo:bk.shi], plan.series)
		bk.basis, bk.stale = plan.basis, false
	}
	plan := bookPlan{series: p.series[bk.slo:bk.shi], basis: bk.basis}
	r := c.unifiedPlanned(items, p.masks[bk.assets], &plan, s)
	if r.worst >= 0 {
		r.u.WorstScenario.Name = c.names[r.worst]
	}
	return r.u
}

// value sets it to population item pi (with its extra e, nil when it has
// none) valued on the market the population was last retargeted at: the
// kernel's item. It writes it in place (a book's items are rewritten for
// every margin; building and copying them was a third of the work).
func (p *Population) value(it *item, pi *popItem, e *popExtra) {
	in := &p.insts[pi.inst] // the copy itself: no load of a pointer first
	// field by field: a struct literal is built on the stack and copied,
	// and the copy's wide loads stall on the narrow stores just made
	it.venue, it.index, it.kind, it.asset = int32(pi.venue), 0, pi.kind, in.key.asset
	it.inst, it.quantity, it.haircut = in, pi.quantity, 0
	t := &noTerms
	if e != nil {
		it.haircut, t = e.haircut, &e.terms
	}
	revalue(it, t)
}

// noTerms is the entry terms of an item without any (read only).
var noTerms entryTerms

// valued is population item pi (with its extra e, nil when it has none)
// valued as value does, and its entry terms.
func (p *Population) valued(pi *popItem, e *popExtra) (item, entryTerms) {
	var it item
	p.value(&it, pi, e)
	var t entryTerms
	if e != nil {
		t = e.terms
	}
	return it, t
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
	if remap {
		for k := range p.series {
			p.series[k].asset = int32(to[p.series[k].asset])
		}
	}
	for k := range p.keys {
		if remap {
			p.keys[k].asset = int32(to[p.keys[k].asset])
		}
		p.table[k] = c.instrument(p.keys[k])
	}
	p.compact()
	p.symbols = c.set.Assets
	p.target = c
	p.masks = p.masks[:0]
	for _, assets := range p.assetIDs {
		p.masks = append(p.masks, c.mask(assets))
	}
	return nil
}

// compact copies the tick's instruments (the table's) into one array and
// their P&L vectors into one arena, in instrument-number order: a book's
// items then read a dense array instead of instruments scattered over the
// heap (the reads, not the arithmetic, set the kernel's speed). Each
// vector starts on a 64-byte line (the arena's start aligned, each
// vector's stride rounded up to whole lines: a 38-state vector read over
// its 32 requirement states then touches 4 lines, not 5), as does each
// instrument when the array does (instrument's size is a multiple of 64;
// an array of instruments of more than 32 KiB is a large object, which
// starts on a page). Instruments are immutable once valued, so a copy has
// the same figures.
func (p *Population) compact() {
	n := 0
	for _, in := range p.table {
		n += lineStride(len(in.pnl))
	}
	if cap(p.insts) < len(p.table) {
		p.insts = make([]instrument, len(p.table))
	}
	p.insts = p.insts[:len(p.table)]
	if cap(p.arena) < n+lineFloats-1 {
		p.arena = make([]float64, n+lineFloats-1)
	}
	arena := lineAligned(p.arena[:cap(p.arena)])
	for k, in := range p.table {
		p.insts[k] = *in
		v := arena[:len(in.pnl):len(in.pnl)]
		copy(v, in.pnl)
		arena = arena[lineStride(len(in.pnl)):]
		if in.pnl != nil {
			p.insts[k].pnl = v
		}
	}
}

// lineFloats is the float64s in a 64-byte cache line.
const lineFloats = 8

// lineStride is n float64s rounded up to whole 64-byte lines.
func lineStride(n int) int { return (n + lineFloats - 1) &^ (lineFloats - 1) }

// lineAligned is s from its first element on a 64-byte line (s must have
// lineFloats−1 elements to spare).
func lineAligned(s []float64) []float64 {
	off := int(uintptr(unsafe.Pointer(unsafe.SliceData(s))) % 64 / 8)
	return s[(lineFloats-off)%lineFloats:]
}

// holds reports whether an instrument of the population is on set asset i
// (of the set its keys refer to now).
func (p *Population) holds(i int) bool {
	for _, k := range p.keys {
		if int(k.asset) == i {
			return true
		}
	}
	return false
}
