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
	venue, index int // venue index in the book; collateral or position index there
	kind         itemKind
	asset        int         // scenario.Set index of the held asset or the underlying
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
	set   *scenario.Set  // the compiled market's, over every market asset
	mask  *scenario.Mask // the book's own scenarios in set
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
			in := c.instrument(instrumentKey{kind: kindHolding, asset: asset})
			value := cl.AmountF * in.spot
			a.items = append(a.items, item{venue: vi, index: ci, kind: kindCollateral, asset: asset,
				inst: in, quantity: cl.AmountF, value: value, delta: value,
				haircut: (1 - c.rp.Chains[v.Chain].Haircut) * (1 - c.rp.Bridges[cl.Bridge].Haircut) * (1 - c.rp.Venues[v.ID].Haircut)})
		}
		for pi := range v.Positions {
			a.items = append(a.items, a.position(vi, pi, &v.Positions[pi]))
		}
	}
	return a
}

func (a *account) index(sym string) int {
	i, ok := a.set.Index(sym)
	if !ok {
		panic("margin: asset " + sym + " missing from the compiled market's scenario set")
	}
	return i
}

func (a *account) position(vi, pi int, p *portfolio.Position) item {
	it := item{venue: vi, index: pi, asset: a.index(p.HoldingAsset())}
	switch p.Kind {
	case portfolio.KindSpot, portfolio.KindSupply, portfolio.KindBorrow:
		it.kind, it.quantity = kindHolding, p.AmountF
		if p.Kind == portfolio.KindBorrow {
			it.quantity = -it.quantity
		}
		it.inst = a.c.instrument(instrumentKey{kind: kindHolding, asset: it.asset})
		it.value = it.quantity * it.inst.spot
		it.delta = it.value
	case portfolio.KindPerp:
		it.kind, it.quantity = kindPerp, p.QuantityF
		it.inst = a.c.instrument(instrumentKey{kind: kindPerp, asset: it.asset})
		it.delta = it.quantity * it.inst.spot
		if p.HasEntry {
			it.value = it.quantity * (it.inst.spot - p.EntryF)
		}
		// Accrued funding is a USD claim (positive: received): equity, no risk.
		it.value += p.FundingF
	case portfolio.KindFuture:
		it.kind, it.quantity = kindFuture, p.QuantityF
		it.inst = a.c.instrument(instrumentKey{kind: kindFuture, asset: it.asset,
			expiryUnix: p.Expiry.UnixNano(), inverse: a.inverse(vi, p.Underlying)})
		in := it.inst
		it.delta = it.quantity * in.forward
		if p.HasEntry {
			it.value = it.quantity * (in.forward - p.EntryF)
		}
		if in.key.inverse {
			it.delta = it.quantity * in.spot
			it.value *= in.spot / in.forward
		}
	case portfolio.KindOption:
		it.kind, it.quantity = kindOption, p.QuantityF
		it.inst = a.c.instrument(instrumentKey{kind: kindOption, asset: it.asset,
			right: p.Right, strike: p.StrikeF, expiryUnix: p.Expiry.UnixNano()})
		it.value = it.quantity * it.inst.price
		it.delta = it.quantity * it.inst.delta
	}
	return it
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
