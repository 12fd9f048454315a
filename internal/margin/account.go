// The book flattened for the unified model: one item per collateral entry and
// per position, valued in USD at market prices (`assets`, never venue_prices).
package margin

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
	"github.com/unimargin/unimargin/internal/venue"
)

// itemKind says how an item is revalued.
type itemKind uint8

const (
	kindCollateral itemKind = iota // collateral entry: amount × price
	kindHolding                    // spot, supply (+amount × price) or borrow (−amount × price)
	kindPerp                       // q·(S − entry) + accrued funding; 0 without entry and funding
	kindFuture                     // q·(F − entry), F the forward at expiry (inverse: × S/F); 0 without entry
	kindOption                     // q·Black-76 price (F, K, vol at (K, T), T, USD rate)
)

// item is one collateral entry or position: a quantity of an instrument of
// the compiled market, with its value and delta in USD.
//
// Inverse (coin-settled) options and perps carry the same USD value as linear
// ones: an inverse option pays (S_T − K)⁺/S_T coins, worth (S_T − K)⁺ USD when
// paid, and an inverse perp's coin P&L q·(1 − entry/S) is worth q·(S − entry).
// An inverse future is different: its coin P&L q·(1 − entry/F) is credited in
// coin and worth q·S·(1 − entry/F) USD at the index — q·(F − entry)·S/F, not
// q·(F − entry) — and with the basis F/S held, it moves by q·S per unit return
// (delta q coins, not q·F/S). This is how the coin-settled venue values it too,
// so venue and unified equity agree.
type item struct {
	venue, index int32 // venue index in the book; collateral or position index there
	kind         itemKind
	asset        int32       // scenario.Set index of the held asset or the underlying
	inst         *instrument // what the market says of one unit
	// quantity is the signed number of units: derivatives' quantity, a
	// holding's amount (negative for a borrow), a collateral entry's amount.
	quantity float64
	value    float64 // mark-to-market, USD (collateral before haircuts)
	// haircut is a collateral entry's factor (1 − chain)(1 − bridge)(1 − venue)
	// of the unified model (tiers apply on top, book-wide per asset).
	haircut float64
	// delta is ∂value/∂ln S_asset (USD per unit relative move). For delta-1
	// items it is exact: Δvalue = delta × return in every scenario.
	delta float64
}

// account is the whole book ready for the unified model.
type account struct {
	book  *portfolio.Portfolio
	c     *Compiled
	m     *market.Snapshot
	rp    *RiskParams
	set   *scenario.Set // the compiled market's, over every market asset
	mask  *bookMask     // the book's own scenarios in set
	items []item
	rate  float64
	roots [][]scenario.Beta // per set asset: Betas to its roots
}

// bookAssets lists every asset the book holds or has a derivative on.
func bookAssets(book *portfolio.Portfolio) []string {
	seen := map[string]bool{}
	var out []string
	add := func(sym string) {
		if !seen[sym] {
			seen[sym] = true
			out = append(out, sym)
		}
	}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for _, c := range v.Collateral {
			add(c.Asset)
		}
		for pi := range v.Positions {
			add(v.Positions[pi].HoldingAsset())
		}
	}
	return out
}

// newAccount values every item of book on the compiled market c and takes
// the book's scenarios from c's set. The book must have passed
// portfolio.Check against c's market.
func newAccount(book *portfolio.Portfolio, c *Compiled) *account {
	set, m := c.set, c.m
	a := &account{book: book, c: c, m: m, rp: c.rp, set: set, mask: c.mask(bookAssets(book)), rate: c.rate}
	a.roots = c.roots
	n := 0
	for vi := range book.Venues {
		n += len(book.Venues[vi].Collateral) + len(book.Venues[vi].Positions)
	}
	a.items = make([]item, 0, n)
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for ci := range v.Collateral {
			cl := &v.Collateral[ci]
			asset := a.index(cl.Asset)
			it := item{venue: int32(vi), index: int32(ci), kind: kindCollateral, asset: asset, quantity: cl.AmountF,
				inst:    c.instrument(instrumentKey{kind: kindHolding, asset: asset}),
				haircut: (1 - c.rp.Chains[v.Chain].Haircut) * (1 - c.rp.Bridges[cl.Bridge].Haircut) * (1 - c.rp.Venues[v.ID].Haircut)}
			revalue(&it, &entryTerms{})
			a.items = append(a.items, it)
		}
		for pi := range v.Positions {
			a.items = append(a.items, a.position(vi, pi, &v.Positions[pi]))
		}
	}
	return a
}

func (a *account) index(sym string) int32 {
	i, ok := a.set.Index(sym)
	if !ok {
		panic("margin: asset " + sym + " missing from the compiled market's scenario set")
	}
	return int32(i)
}

func (a *account) position(vi, pi int, p *portfolio.Position) item {
	it := item{venue: int32(vi), index: int32(pi), asset: a.index(p.HoldingAsset())}
	key := instrumentKey{asset: it.asset}
	switch p.Kind {
	case portfolio.KindSpot, portfolio.KindSupply, portfolio.KindBorrow:
		it.kind, it.quantity, key.kind = kindHolding, p.AmountF, kindHolding
		if p.Kind == portfolio.KindBorrow {
			it.quantity = -it.quantity
		}
	case portfolio.KindPerp:
		it.kind, it.quantity, key.kind = kindPerp, p.QuantityF, kindPerp
	case portfolio.KindFuture:
		it.kind, it.quantity, key.kind = kindFuture, p.QuantityF, kindFuture
		key.expiryUnix, key.inverse = p.Expiry.UnixNano(), a.inverse(vi, p.Underlying)
	case portfolio.KindOption:
		it.kind, it.quantity, key.kind = kindOption, p.QuantityF, kindOption
		key.right, key.strike, key.expiryUnix = p.Right, p.StrikeF, p.Expiry.UnixNano()
	}
	it.inst = a.c.instrument(key)
	t := positionTerms(p)
	revalue(&it, &t)
	return it
}

// entryTerms is what a position's value needs besides its instrument and
// quantity: the entry price of a perp or future (without one there is no
// unrealised P&L) and a perp's accrued funding (USD, positive received).
type entryTerms struct {
	entry    float64
	hasEntry bool
	funding  float64
}

func positionTerms(p *portfolio.Position) entryTerms {
	return entryTerms{entry: p.EntryF, hasEntry: p.HasEntry, funding: p.FundingF}
}

// termsOf returns item it's entry terms in book.
func termsOf(book *portfolio.Portfolio, it *item) entryTerms {
	if it.kind == kindCollateral {
		return entryTerms{}
	}
	return positionTerms(&book.Venues[it.venue].Positions[it.index])
}

// revalue sets it's value and delta from its instrument, quantity and
// entry terms: the one valuation of an item (a book's, or a population's
// on every tick).
func revalue(it *item, t *entryTerms) {
	in, q := it.inst, it.quantity
	switch it.kind {
	case kindCollateral, kindHolding:
		it.value = q * in.spot
		it.delta = it.value
	case kindPerp:
		it.delta, it.value = q*in.spot, 0
		if t.hasEntry {
			it.value = q * (in.spot - t.entry)
		}
		it.value += t.funding // accrued funding is a USD claim: equity, no risk
	case kindFuture:
		it.delta, it.value = q*in.forward, 0
		if t.hasEntry {
			it.value = q * (in.forward - t.entry)
		}
		if in.key.inverse {
			it.delta = q * in.spot
			it.value *= in.spot / in.forward
		}
	case kindOption:
		it.value = q * in.price
		it.delta = q * in.delta
	}
}

// inverse reports whether venue vi settles derivatives on underlying in the
// underlying coin itself (coin-margined, inverse contracts).
func (a *account) inverse(vi int, underlying string) bool {
	v := &a.book.Venues[vi]
	settle := venue.Settlement(v, a.m)
	if settle != underlying {
		return false
	}
	asset := a.m.Asset(settle)
	return asset != nil && asset.Class != market.ClassStable
}

// linear reports whether Δvalue = delta × return exactly (all but options).
func (it *item) linear() bool { return it.kind != kindOption }
