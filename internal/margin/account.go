// The book flattened for the unified model: one item per collateral entry and
// per position, valued in USD at market prices (`assets`, never venue_prices).
package margin

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
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

// item is one collateral entry or position.
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
	asset        int // scenario.Set index of the held asset or the underlying

	value float64 // mark-to-market, USD (collateral before haircuts)
	// delta is ∂value/∂ln S_asset (USD per unit relative move). For delta-1
	// items it is exact: Δvalue = delta × return in every scenario.
	delta float64

	// perps, futures and options
	quantity, spot float64
	// futures and options
	forward, years float64
	// options
	right           pricing.Right
	strike, vol     float64
	volUp, volDown  float64 // vol shocked up and down for this expiry
	price           float64 // Black-76 price of one unit, USD
	gamma, vega, th float64 // of the whole position: ∂²V/∂F², ∂V/∂σ, θ per year (forward fixed)
	expiryUnix      int64
	opt             *compiledOption // options: the instrument's per-unit P&L in each move
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
	a.roots = make([][]scenario.Beta, len(set.Assets))
	for i := range set.Assets {
		a.roots[i] = set.Roots(i)
	}
	n := 0
	for vi := range book.Venues {
		n += len(book.Venues[vi].Collateral) + len(book.Venues[vi].Positions)
	}
	a.items = make([]item, 0, n)
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for ci := range v.Collateral {
			cl := &v.Collateral[ci]
			value := cl.AmountF * m.Spot(cl.Asset)
			a.items = append(a.items, item{venue: vi, index: ci, kind: kindCollateral,
				asset: a.index(cl.Asset), value: value, delta: value})
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
		it.kind = kindHolding
		it.value = p.AmountF * a.m.Spot(p.Asset)
		if p.Kind == portfolio.KindBorrow {
			it.value = -it.value
		}
		it.delta = it.value
	case portfolio.KindPerp:
		it.kind, it.quantity, it.spot = kindPerp, p.QuantityF, a.m.Spot(p.Underlying)
		it.delta = it.quantity * it.spot
		if p.HasEntry {
			it.value = it.quantity * (it.spot - p.EntryF)
		}
		// Accrued funding is a USD claim (positive: received): equity, no risk.
		it.value += p.FundingF
	case portfolio.KindFuture:
		it.kind, it.quantity, it.spot = kindFuture, p.QuantityF, a.m.Spot(p.Underlying)
		it.years = a.m.YearsTo(p.Expiry)
		it.forward = a.m.ForwardAt(p.Underlying, it.years)
		it.delta = it.quantity * it.forward
		if p.HasEntry {
			it.value = it.quantity * (it.forward - p.EntryF)
		}
		if a.inverse(vi, p.Underlying) {
			it.delta = it.quantity * it.spot
			it.value *= it.spot / it.forward
		}
	case portfolio.KindOption:
		a.option(&it, p)
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

func (a *account) option(it *item, p *portfolio.Position) {
	it.kind, it.quantity, it.spot = kindOption, p.QuantityF, a.m.Spot(p.Underlying)
	it.right, it.strike, it.expiryUnix = p.Right, p.StrikeF, p.Expiry.UnixNano()
	it.years = a.m.YearsTo(p.Expiry)
	it.forward = a.m.ForwardAt(p.Underlying, it.years)
	it.vol = a.m.VolAt(p.Underlying, it.strike, it.years)
	vs := &a.rp.VolShock
	it.volUp = vs.Shocked(it.vol, it.years, scenario.VolUp)
	it.volDown = vs.Shocked(it.vol, it.years, scenario.VolDown)
	g := pricing.Black76Greeks(it.right, it.forward, it.strike, it.vol, it.years, a.rate)
	it.price = g.Price
	it.value = it.quantity * g.Price
	// ∂V/∂ln S = q·Δ_F·∂F/∂ln S = q·Δ_F·F (the forward moves with spot).
	it.delta = it.quantity * g.Delta * it.forward
	it.gamma, it.vega, it.th = it.quantity*g.Gamma, it.quantity*g.Vega, it.quantity*g.Theta
	it.opt = a.c.option(it)
}

// volFor returns the option's vol in a vol column.
func (it *item) volFor(v scenario.Vol) float64 {
	switch v {
	case scenario.VolUp:
		return it.volUp
	case scenario.VolDown:
		return it.volDown
	}
	return it.vol
}

// priceAt is one unit's Black-76 price after the underlying returns ret in
// vol column v (the forward moves with spot; strike, expiry and rate stay).
func (it *item) priceAt(ret float64, v scenario.Vol, rate float64) float64 {
	if ret == 0 && v == scenario.VolNone {
		return it.price
	}
	return pricing.Black76Price(it.right, it.forward*(1+ret), it.strike, it.volFor(v), it.years, rate)
}

// linear reports whether Δvalue = delta × return exactly (all but options).
func (it *item) linear() bool { return it.kind != kindOption }
