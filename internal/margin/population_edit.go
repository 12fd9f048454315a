// Editing a compiled population between re-margins, for simulators that
// margin the same books step after step while their quantities change (the
// cascade closes shares of a book): a copy per run, one book re-margined at
// a time on the current compiled market, item quantities read and set,
// shares of items closed at their value at the book's last margin. Contract: MarginBook's
// figures are the kernel's (kernel.go) on the book's items with their
// current quantities — exactly (==) what Compute gives on a book document
// holding those quantities on the same market and parameters; nothing here
// allocates except Clone.
package margin

import "github.com/unimargin/unimargin/internal/assert"

// Scratch is the kernel's working memory for MarginBook, reused across
// books (one per goroutine).
type Scratch struct{ k kernelScratch }

// Clone returns a copy of p whose item quantities and values can change
// independently of p's (instrument numbers, terms and asset lists are
// shared: they never change; books and their planned series are copied:
// they change with the quantities). The copy has no compiled market yet.
func (p *Population) Clone() *Population {
	cp := *p
	cp.items = append([]popItem(nil), p.items...)
	cp.books = append([]popBook(nil), p.books...)     // plans go stale with quantities
	cp.series = append([]seriesNet(nil), p.series...) // and are planned again
	cp.keys = append([]instrumentKey(nil), p.keys...) // retarget remaps asset indices in place
	cp.table, cp.masks, cp.target, cp.last = nil, nil, nil, nil
	cp.insts, cp.arena = nil, nil                       // retarget copies instruments into them in place: the copy's own
	cp.byList, cp.tickBooks, cp.scratch = nil, nil, nil // per-run working state
	return &cp
}

// Retarget points the population at the compiled market c (e.g. the market
// after a price step): every distinct instrument and asset list is looked
// up once; MarginBook then margins on c. Errors: as Remargin
// (ErrAssetDropped), when the population keeps its previous market.
func (p *Population) Retarget(c *Compiled) error { return p.retarget(c) }

// MarginBook revalues book b's items on the compiled market the population
// was last retargeted at (Retarget or Remargin) and returns its unified
// figures, without allocating. It panics when the population has no
// compiled market.
func (p *Population) MarginBook(b int, s *Scratch) Unified {
	assert.That(p.target != nil, "margin: MarginBook before Retarget")
	return p.margin(p.target, b, &s.k)
}

// Items is the number of items of book b (its collateral entries, then its
// positions, venue by venue in the document's order).
func (p *Population) Items(b int) int {
	bk := &p.books[b]
	return int(bk.hi - bk.lo)
}

// Quantity is item i of book b's signed quantity (a collateral entry's or
// holding's amount, negative for a borrow; a derivative's quantity).
func (p *Population) Quantity(b, i int) float64 { return p.items[p.at(b, i)].quantity }

// SetQuantity sets item i of book b's signed quantity; the next margin of
// the book values it.
func (p *Population) SetQuantity(b, i int, q float64) {
	p.items[p.at(b, i)].quantity = q
	p.books[b].stale = true
}

// Value is item i of book b's USD value on the compiled market the
// population was last retargeted at (the market of the book's last margin,
// MarginBook or Remargin): collateral before haircuts, a perp's unrealised
// profit, an option's premium, a borrow's negative amount.
func (p *Population) Value(b, i int) float64 {
	it, _ := p.itemAt(b, i)
	return it.value
}

// Close closes share f (0 ≤ f ≤ 1) of item i of book b at its value at the
// book's last margin and returns the USD that realises: f × the part of the
// value that is the quantity's (a perp's accrued funding is a claim of its
// own and stays with the item). The book's next margin values the rest.
func (p *Population) Close(b, i int, f float64) float64 {
	it, t := p.itemAt(b, i)
	realised := f * (it.value - t.funding)
	pi := &p.items[p.at(b, i)]
	p.books[b].stale = true
	if f >= 1 {
		pi.quantity = 0
	} else {
		pi.quantity *= 1 - f
	}
	return realised
}

// itemAt is item i of book b valued on the population's current market.
func (p *Population) itemAt(b, i int) (item, entryTerms) {
	assert.That(p.target != nil, "margin: an item's value before Retarget")
	bk := &p.books[b]
	j := p.at(b, i)
	x := bk.extra
	for k := bk.lo; k < int32(j); k++ {
		if p.items[k].extra {
			x++
		}
	}
	var e *popExtra
	if p.items[j].extra {
		e = &p.extras[x]
	}
	return p.valued(&p.items[j], e)
}

func (p *Population) at(b, i int) int {
	bk := &p.books[b]
	j := int(bk.lo) + i
	assert.That(i >= 0 && j < int(bk.hi), "margin: item index out of the book")
	return j
}

// MaxCountedMove is the largest |return| × fraction any asset takes in a
// requirement scenario of c: per USD of a delta-one position's value, the
// most any counted scenario loss changes when its price moves by 1 USD (a
// bound simulators screen accounts with).
func (c *Compiled) MaxCountedMove() float64 {
	m := 0.0
	for i := range c.moves {
		am := &c.moves[i]
		for k := range am.reqLen {
			m = max(m, abs(am.ret[k])*c.set.Scenarios[am.scenario[k]].Fraction)
		}
	}
	return m
}
