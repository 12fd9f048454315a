// The what-if of one trade as it would really open (`whatif --json`,
// POST /v1/whatif; DESIGN.md): the position opened at the market with its
// cash leg, the unified figures and the target venue's own figures before
// and after, and whether both the venue's model and unified margin allow it.
//
// The cash leg (what the venue's collateral gains or pays, in its
// settlement asset unless stated):
//   - an option bought pays its premium, an option sold receives it, at the
//     unified model's Black-76 value (the market has no option quotes);
//   - a perp or future without an entry price opens at the venue's mark
//     (its own oracle price, else spot) or the forward: no cash, no
//     unrealised P&L; with an entry price it opens there;
//   - a borrow delivers its proceeds to the venue, in the borrowed asset
//     (DESIGN.md: borrow proceeds to the venue);
//   - spot and supply positions are assets brought in (a deposit): no cash.
//
// A payment is taken from the venue's collateral entries of the asset, in
// order; what they lack becomes a borrow of the asset at the venue (debt),
// reported as `borrowed`. Paid amounts round up and received amounts down,
// in the asset's decimals.
package margin

import (
	"math/big"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// WhatIf is the what-if of one trade.
type WhatIf struct {
	Before       Unified     `json:"before"`
	After        Unified     `json:"after"`
	DeltaInitial float64     `json:"delta_initial"`
	Allowed      bool        `json:"allowed"` // venue.allowed and after.excess ≥ 0
	Venue        VenueWhatIf `json:"venue"`
	Cash         CashLeg     `json:"cash"`
}

// VenueWhatIf is the target venue's own model before and after the trade;
// Allowed says its post-trade initial requirement is covered (excess ≥ 0).
type VenueWhatIf struct {
	ID      string       `json:"id"`
	Model   string       `json:"model"`
	Before  VenueFigures `json:"before"`
	After   VenueFigures `json:"after"`
	Allowed bool         `json:"allowed"`
}

// VenueFigures are a venue's figures in USD, in equity terms (the report's
// venues carry them too).
type VenueFigures struct {
	CollateralValue float64  `json:"collateral_value"`
	Equity          float64  `json:"equity"`
	Initial         float64  `json:"initial"`
	Maintenance     float64  `json:"maintenance"`
	Excess          float64  `json:"excess"`
	Health          *float64 `json:"health"`
	Liquidatable    bool     `json:"liquidatable"`
}

// CashLeg is what the trade moves at the venue: Amount units of Asset
// credited to its collateral (negative: paid), worth USD; Borrowed units
// the venue's collateral lacked, taken as debt; EntryPrice the price a
// perp or future opened at (0 otherwise).
type CashLeg struct {
	Asset      string  `json:"asset"`
	Amount     float64 `json:"amount"`
	USD        float64 `json:"usd"`
	Borrowed   float64 `json:"borrowed"`
	EntryPrice float64 `json:"entry_price"`
}

// Trade returns the what-if of t on the session's book: t must have passed
// CheckTrade. Errors: *input.Error values when the book with the trade
// fails a check (a venue model refusing the new collateral, say).
func (s *Session) Trade(t *Trade) (*WhatIf, error) {
	vi, ok := s.venueIndex[t.Venue]
	if !ok {
		return nil, unknownVenue(t.Venue, s.a.book)
	}
	book := s.a.book
	p, cash, err := s.open(vi, t.Position)
	if err != nil {
		return nil, err
	}
	after := withPosition(book, vi, &p)
	if cash.Asset != "" {
		if err := payAt(&after.Venues[vi], &cash, s.a.m.Asset(cash.Asset).Decimals, s.a.m.Spot(cash.Asset)); err != nil {
			return nil, err
		}
	}
	if err := portfolio.Check(after, s.a.m); err != nil {
		return nil, err
	}
	w := &WhatIf{Before: s.base, Cash: cash, Venue: VenueWhatIf{ID: t.Venue, Model: book.Venues[vi].Model}}
	_, r := computeUnified(after, s.a.c)
	w.After = r.unified
	w.DeltaInitial = w.After.Initial - w.Before.Initial
	if w.Venue.Before, err = venueFigures(&book.Venues[vi], s.a); err != nil {
		return nil, err
	}
	if w.Venue.After, err = venueFigures(&after.Venues[vi], s.a); err != nil {
		return nil, err
	}
	w.Venue.Allowed = w.Venue.After.Excess >= 0
	w.Allowed = w.Venue.Allowed && w.After.Excess >= 0
	return w, nil
}

// open sets the position's entry (perps and futures without one open at the
// venue's mark or the forward) and works out its cash leg.
func (s *Session) open(vi int, p portfolio.Position) (portfolio.Position, CashLeg, error) {
	m, v := s.a.m, &s.a.book.Venues[vi]
	var cash CashLeg
	switch p.Kind {
	case portfolio.KindPerp, portfolio.KindFuture:
		if !p.HasEntry {
			mark := m.VenueSpot(v.ID, p.Underlying)
			if p.Kind == portfolio.KindFuture {
				mark = m.ForwardAt(p.Underlying, m.YearsTo(p.Expiry))
			}
			r := new(big.Rat).SetFloat64(mark)
			if r == nil {
				return p, cash, nil // not finite: the market refused such prices already
			}
			d, err := money.DecimalFromRatFloor(r, 8)
			if err != nil {
				return p, cash, err
			}
			p.EntryPrice, p.EntryF, p.HasEntry = d, d.Float64(), true
		}
		cash.EntryPrice = p.EntryF
	case portfolio.KindOption:
		it := s.a.position(vi, len(v.Positions), &p)
		cash.Asset = venue.Settlement(v, m)
		cash.USD = -it.value // bought: pays its value; sold: receives it
	case portfolio.KindBorrow:
		cash.Asset = p.Asset
		cash.USD = p.AmountF * m.Spot(p.Asset)
		cash.Amount = p.AmountF
	}
	if cash.Asset != "" && p.Kind != portfolio.KindBorrow {
		cash.Amount = cash.USD / m.Spot(cash.Asset)
	}
	return p, cash, nil
}

// payAt credits cash.Amount units of cash.Asset to v's collateral (v is a
// copy whose slices may be replaced): a receipt adds to the first entry of
// the asset without a bridge, or a new entry; a payment is taken from the
// asset's entries in order, and what they lack becomes a borrow. Amounts
// are exact decimals in the asset's decimals, paid rounded up and received
// rounded down; cash.Amount, USD and Borrowed are set to what was booked,
// USD at price (the asset's spot, which open converted with; never
// USD/Amount, which is 0/0 for an option worth nothing).
func payAt(v *portfolio.Venue, cash *CashLeg, decimals uint8, price float64) error {
	want := new(big.Rat).SetFloat64(cash.Amount)
	if want == nil {
		return nil // not finite: the market refused such prices already
	}
	v.Collateral = append([]portfolio.Collateral(nil), v.Collateral...)
	if want.Sign() >= 0 {
		d, err := money.DecimalFromRatFloor(want, int(decimals))
		if err != nil {
			return err
		}
		cash.Amount, cash.USD = d.Float64(), d.Float64()*price
		for i := range v.Collateral {
			if c := &v.Collateral[i]; c.Asset == cash.Asset && c.Bridge == "" {
				return addTo(c, d.Rat(), int(decimals))
			}
		}
		v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: cash.Asset, Amount: d, AmountF: d.Float64()})
		return nil
	}
	owed, err := money.DecimalFromRatCeil(new(big.Rat).Neg(want), int(decimals))
	if err != nil {
		return err
	}
	cash.Amount, cash.USD = -owed.Float64(), -owed.Float64()*price
	left := owed.Rat()
	for i := range v.Collateral {
		c := &v.Collateral[i]
		if c.Asset != cash.Asset || left.Sign() == 0 {
			continue
		}
		take := new(big.Rat).Set(left)
		if have := c.Amount.Rat(); take.Cmp(have) > 0 {
			take = have
		}
		if err := addTo(c, new(big.Rat).Neg(take), int(decimals)); err != nil {
			return err
		}
		left.Sub(left, take)
	}
	if left.Sign() > 0 {
		d, err := money.DecimalFromRatCeil(left, int(decimals))
		if err != nil {
			return err
		}
		cash.Borrowed = d.Float64()
		v.Positions = append(append([]portfolio.Position(nil), v.Positions...),
			portfolio.Position{Kind: portfolio.KindBorrow, Asset: cash.Asset, Amount: d, AmountF: d.Float64()})
	}
	return nil
}

// addTo adds delta (units) to a collateral entry's exact amount.
func addTo(c *portfolio.Collateral, delta *big.Rat, decimals int) error {
	sum := new(big.Rat).Add(c.Amount.Rat(), delta)
	d, err := money.DecimalFromRatFloor(sum, max(decimals, c.Amount.Scale()))
	if err != nil {
		return err
	}
	c.Amount, c.AmountF = d, d.Float64()
	return nil
}

// venueFigures runs the venue's own model on v.
func venueFigures(v *portfolio.Venue, a *account) (VenueFigures, error) {
	res, err := venue.Margin(v, a.m)
	if err != nil {
		return VenueFigures{}, err
	}
	return venueReport(v, &res).VenueFigures, nil
}
