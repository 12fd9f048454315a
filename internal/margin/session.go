// A cached unified computation for what-ifs: the account's risk array, net
// exposures and contingency nets are kept, so that adding one position prices
// only that position's risk array and updates each component incrementally.
package margin

import (
	"math"
	"slices"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Session is one account's unified margin, prepared for what-ifs. It holds
// the USD delta per root and its liquidity add-on, the net quantity per
// option series (short-option contingency) and per (underlying, venue)
// delta-1 leg (basis), and the equity. A trade's scenario part is the
// account's compiled P&L with the trade's position added (account.addPnL:
// the one path), so only a new option instrument is priced, once per
// compiled market. A Session is not safe for concurrent use (WhatIf reuses
// a scratch buffer); the book must not change after Prepare.
type Session struct {
	a    *account
	base Unified
	r    *unifiedResult

	venueIndex map[string]int
	deltaUSD   []float64    // per set asset index (roots carry the exposure)
	liqOf      []float64    // liquidity add-on per root
	liqCoef    [][2]float64 // per root: half-spread, impact coefficient
	series     map[optionSeries]float64
	legs       []legNet    // the book's basis legs (account.basisLegs)
	withTrade  []legNet    // legs with the trade's applied (scratch)
	terms      []basisTerm // basisFor's scratch
	basisOf    []float64   // basis charge per underlying (set index)

	pnl      []float64 // the book's P&L per scenario (addPnL)
	scratch  []float64 // P&L with the last trade WhatIf priced fast
	pnlReady bool      // scratch holds it (false after a full recompute)
	trade    [1]item   // the trade as addPnL's item list
	sums     pnlScratch
}

// Prepare checks book against m, compiles m with rp and prepares the
// session (Compiled.Prepare). Errors: *input.Error values from
// portfolio.Check and the scenario set.
func Prepare(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams) (*Session, error) {
	if err := portfolio.Check(book, m); err != nil {
		return nil, err
	}
	c, err := Compile(m, rp)
	if err != nil {
		return nil, err
	}
	return c.prepare(book), nil
}

// Prepare checks book against c's market and computes its unified margin,
// keeping what WhatIf needs. Errors: *input.Error values from
// portfolio.Check.
func (c *Compiled) Prepare(book *portfolio.Portfolio) (*Session, error) {
	if err := portfolio.Check(book, c.m); err != nil {
		return nil, err
	}
	return c.prepare(book), nil
}

func (c *Compiled) prepare(book *portfolio.Portfolio) *Session {
	a, r := computeUnified(book, c)
	s := &Session{a: a, base: r.unified, r: r, venueIndex: map[string]int{}}
	for vi := range book.Venues {
		s.venueIndex[book.Venues[vi].ID] = vi
	}
	_, s.deltaUSD = a.greeks()
	s.liqOf = make([]float64, len(s.deltaUSD))
	s.liqCoef = make([][2]float64, len(s.deltaUSD))
	for root, x := range s.deltaUSD {
		if a.set.IsRoot(root) {
			s.liqOf[root] = a.liquidityOf(root, x)
			s.liqCoef[root][0], s.liqCoef[root][1] = a.liquidityCoefficients(root)
		}
	}
	s.series = map[optionSeries]float64{}
	for i := range a.items {
		if it := &a.items[i]; it.kind == kindOption {
			s.series[optionSeries{it.asset, it.inst.key.expiryUnix, it.inst.key.strike}] += it.quantity
		}
	}
	s.legs, _ = a.basisLegs()
	s.basisOf = make([]float64, len(a.set.Assets))
	for asset := range s.basisOf {
		s.basisOf[asset] = s.basisFor(asset, s.legs)
	}
	s.pnl = a.pnl()
	s.scratch = make([]float64, len(s.pnl))
	return s
}

// Unified returns the account's unified result before any trade.
func (s *Session) Unified() Unified { return s.base }

// Book returns the book the session was prepared on (not to be modified).
func (s *Session) Book() *portfolio.Portfolio { return s.a.book }

// basisFor is the basis charge on one underlying over legs (the book's, or
// the book's with a trade): contingency.go's rule.
func (s *Session) basisFor(asset int, legs []legNet) float64 {
	s.terms = s.a.rp.appendBasisTerms(s.terms, legs, asset, s.a.c.spot[asset])
	return chargeOf(s.terms)
}

// legsWith returns the book's legs with the delta-1 item it added to its
// venue's leg (a new leg when the venue had none), in a reused buffer.
func (s *Session) legsWith(it *item) []legNet {
	legs := append(s.withTrade[:0], s.legs...)
	k := slices.IndexFunc(legs, func(l legNet) bool { return l.leg == basisLeg{it.asset, it.venue} })
	if k < 0 {
		k = len(legs)
		legs = append(legs, legNet{leg: basisLeg{it.asset, it.venue}})
	}
	legs[k].add(it)
	s.withTrade = legs
	return legs
}

// WhatIf returns the unified result of the account with position added at
// the venue venueID, as Compute would report it on that book (equal up to
// float64 summation order). Only the new position is valued: its compiled
// P&L is added to the book's (an option instrument new to the compiled
// market is priced once), then the worst scenario, the liquidity of its
// roots, its option series and basis leg are updated.
//
// The position must be valid for the market (CheckTrade); a position on an
// asset outside the book's backing closure adds scenarios to the book's set
// and is margined in full (slower). Errors: an unknown venue id or a
// position that fails portfolio.Check (*input.Error).
func (s *Session) WhatIf(venueID string, p *portfolio.Position) (Unified, error) {
	vi, ok := s.venueIndex[venueID]
	if !ok {
		return Unified{}, unknownVenue(venueID, s.a.book)
	}
	a := s.a
	s.pnlReady = false
	if asset, inSet := a.set.Index(p.HoldingAsset()); !inSet || !a.mask.InClosure(asset) || !s.quickValid(p) {
		return s.full(vi, p)
	}
	s.pnlReady = true
	it := a.position(vi, len(a.book.Venues[vi].Positions), p)
	u := s.base

	// scenario: the book's compiled P&L plus the new item's
	pnl := s.scratch
	copy(pnl, s.pnl)
	s.trade[0] = it
	a.c.addPnL(pnl, s.trade[:], &s.sums)
	worst, loss := a.c.worst(pnl, a.mask)
	u.WorstScenario, u.Components.Scenario = Worst{}, 0
	if worst >= 0 {
		u.WorstScenario = Worst{Name: s.name(worst), Loss: loss}
		u.Components.Scenario = loss
	}

	// liquidity: only the roots the item moves change
	liq := s.base.Components.Liquidity
	for _, b := range a.roots[it.asset] {
		root := b.Asset
		c := &s.liqCoef[root]
		liq += liquidityCost(math.Abs(s.deltaUSD[root]+it.delta*b.Beta), c[0], c[1]) - s.liqOf[root]
	}
	u.Components.Liquidity = liq

	// contingencies: the item's option series or basis leg
	cont := s.base.Components.Contingency
	switch it.kind {
	case kindOption:
		net := s.series[optionSeries{it.asset, it.inst.key.expiryUnix, it.inst.key.strike}]
		cont += a.rp.seriesCharge(net+it.quantity, it.inst.spot) - a.rp.seriesCharge(net, it.inst.spot)
	case kindPerp, kindFuture:
		cont += s.basisFor(it.asset, s.legsWith(&it)) - s.basisOf[it.asset]
	}
	u.Components.Contingency = cont

	u.Initial = u.Components.Scenario + u.Components.Liquidity + u.Components.Contingency
	u.Maintenance = a.rp.MaintenanceFraction * u.Initial
	u.Equity += it.value
	u.Excess = u.Equity - u.Initial
	u.Liquidatable = u.Equity < u.Maintenance
	return u, nil
}

func (s *Session) name(sc int) string { return s.a.c.names[sc] }

// quickValid is the part of portfolio.Check a position on a set asset can
// fail: an expired dated instrument or an option without a vol.
func (s *Session) quickValid(p *portfolio.Position) bool {
	m := s.a.m
	switch p.Kind {
	case portfolio.KindFuture:
		return p.Expiry.After(m.AsOf)
	case portfolio.KindOption:
		return p.Expiry.After(m.AsOf) && m.HasVol(p.Underlying)
	}
	return true
}

// full margins the book with the position applied from scratch.
func (s *Session) full(vi int, p *portfolio.Position) (Unified, error) {
	book := withPosition(s.a.book, vi, p)
	if err := portfolio.Check(book, s.a.m); err != nil {
		return Unified{}, err
	}
	_, r := computeUnified(book, s.a.c)
	return r.unified, nil
}

// withPosition returns a copy of book with p appended to venue vi's positions
// (the other venues' slices are shared, not copied).
func withPosition(book *portfolio.Portfolio, vi int, p *portfolio.Position) *portfolio.Portfolio {
	out := &portfolio.Portfolio{Account: book.Account, Venues: append([]portfolio.Venue(nil), book.Venues...)}
	v := &out.Venues[vi]
	v.Positions = append(append(make([]portfolio.Position, 0, len(v.Positions)+1), v.Positions...), *p)
	return out
}
