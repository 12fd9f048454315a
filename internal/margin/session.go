// A cached unified computation for what-ifs: the book's items and its
// compiled risk arrays are kept, so that adding one position prices only
// that position's risk array; the unified figures then come from the
// kernel (kernel.go) on the book's items with the trade, as for any book.
package margin

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Session is one account's unified margin, prepared for what-ifs. A trade's
// scenario part is the book's compiled P&L with the trade's added
// (Compiled.addPnL), so only a new option instrument is priced, once per
// compiled market; liquidity, contingencies, haircuts and equity are the
// kernel's on the items with the trade (Compiled.figures), the same
// computation Compute runs. A Session is not safe for concurrent use
// (WhatIf reuses scratch buffers); the book must not change after Prepare.
type Session struct {
	a    *account
	base Unified
	r    *unifiedResult

	venueIndex map[string]int

	pnl      []float64 // the book's P&L per scenario (addPnL)
	scratch  []float64 // P&L with the last trade WhatIf priced fast
	pnlReady bool      // scratch holds it (false after a full recompute)
	items    []item    // the book's items and the trade (scratch)
	gathered *gathered // the kernel's state after the book's items
	sums     pnlScratch
	kernel   kernelScratch
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
	s.pnl = a.pnl()
	s.scratch = make([]float64, len(s.pnl))
	s.items = make([]item, len(a.items), len(a.items)+1)
	copy(s.items, a.items)
	s.gathered = c.gatherBook(a.items)
	return s
}

// Unified returns the account's unified result before any trade.
func (s *Session) Unified() Unified { return s.base }

// Book returns the book the session was prepared on (not to be modified).
func (s *Session) Book() *portfolio.Portfolio { return s.a.book }

// WhatIf returns the unified result of the account with position added at
// the venue venueID, as Compute would report it on that book (equal up to
// float64 summation order: the trade's risk array is added to the book's
// sums). Only the new position is valued (an option instrument new to the
// compiled market is priced once); the kernel then gives the figures.
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
	items := append(s.items[:len(a.items)], a.position(vi, len(a.book.Venues[vi].Positions), p))
	s.items = items
	pnl := s.scratch
	copy(pnl, s.pnl)
	a.c.addPnL(pnl, items[len(a.items):], &s.sums)
	k := a.c.figuresAfter(items, s.gathered, a.mask, pnl, &s.kernel)
	if k.worst >= 0 {
		k.u.WorstScenario.Name = s.name(k.worst)
	}
	return k.u, nil
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
