// Derivative venues: positions closed at the mark, in the size and order
// the venue's liquidation rule gives (MechClose: Hyperliquid, dYdX v4, GMX
// v2; MechReduce: Deribit, SPAN). The venue's own model says when to stop
// and what health is left; every size, fee and threshold is the rule's.
package liquidation

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// ratOf is a rule's fraction as the exact rational of its shortest decimal
// spelling (0.2 is 1/5, not the binary double nearest it), so that shares
// of a position are exact decimals.
func ratOf(x float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		panic("liquidation: a rule fraction is not finite") // venue.Liquidation.Check refuses it
	}
	return r
}

// shortfallAction is the action and note for bad debt by who bears it.
func shortfallAction(s venue.Shortfall) (kind, note string) {
	switch s {
	case venue.ShortfallADL:
		return KindSocialise, "shortfall: auto-deleveraging"
	case venue.ShortfallLPPool:
		return KindInsuranceFund, "shortfall: the LP pool absorbs it"
	case venue.ShortfallSecurityModule:
		return KindInsuranceFund, "shortfall: the security module"
	case venue.ShortfallInsuranceFund:
		return KindInsuranceFund, "shortfall: the venue's insurance fund, then deleveraging"
	}
	return KindInsuranceFund, "shortfall: " + string(s)
}

// book is a derivative venue being liquidated: the template venue, the
// current quantity of each of its positions (by original index), and the
// collateral. Closed positions are left out of the venue the model sees.
type book struct {
	tmpl *portfolio.Venue
	qty  []money.Decimal
	coll []portfolio.Collateral
	m    *market.Snapshot
}

func newBook(v *portfolio.Venue, m *market.Snapshot) *book {
	b := &book{tmpl: v, qty: make([]money.Decimal, len(v.Positions)), m: m}
	b.coll = append([]portfolio.Collateral(nil), v.Collateral...)
	for i := range v.Positions {
		if v.Positions[i].Kind.IsDerivative() {
			b.qty[i] = v.Positions[i].Quantity
		} else {
			b.qty[i] = v.Positions[i].Amount
		}
	}
	return b
}

// venue materialises the current state.
func (b *book) venue() *portfolio.Venue {
	v := *b.tmpl
	v.Collateral = append([]portfolio.Collateral(nil), b.coll...)
	v.Positions = nil
	for i, p := range b.tmpl.Positions {
		q := b.qty[i]
		if q.Sign() == 0 {
			continue
		}
		if p.Kind.IsDerivative() {
			if orig := p.Quantity; orig.Cmp(q) != 0 {
				share := new(big.Rat).Quo(q.Rat(), orig.Rat())
				p.Funding = scaleDecimal(p.Funding, share, maxScale)
				p.FundingF = p.Funding.Float64()
			}
			p.Quantity, p.QuantityF = q, q.Float64()
		} else {
			p.Amount, p.AmountF = q, q.Float64()
		}
		v.Positions = append(v.Positions, p)
	}
	return &v
}

func (b *book) margin() (venue.Result, error) { return modelMargin(b.venue(), b.m) }

// openLiquidatable opens the venue's book and margins it by the venue's own
// model: only a liquidatable venue is liquidated, and out says so.
func openLiquidatable(v *portfolio.Venue, m *market.Snapshot, out *Venue) (*book, venue.Result, bool, error) {
	b := newBook(v, m)
	r, err := b.margin()
	if err != nil || !r.Liquidatable() {
		return b, r, false, err
	}
	out.Liquidatable = true
	return b, r, true, nil
}

// cashAsset is what a close settles in: the venue's first stablecoin
// collateral, else its first collateral (a coin-margined venue settles in
// its coin), else USDC.
func (b *book) cashAsset() string {
	for _, c := range b.coll {
		if a := b.m.Asset(c.Asset); a != nil && a.Class == market.ClassStable {
			return c.Asset
		}
	}
	if len(b.coll) > 0 {
		return b.coll[0].Asset
	}
	return "USDC"
}

// credit moves usd of value into (or, negative, out of) the venue's
// collateral, rounding against the account: a credit goes to the cash
// asset; a debit comes from the cash asset first, then from the other
// collateral in order. It returns the USD the collateral could not pay.
func (b *book) credit(usd float64) float64 {
	if usd == 0 {
		return 0
	}
	asset := b.cashAsset()
	v := portfolio.Venue{Collateral: b.coll}
	defer func() { b.coll = v.Collateral }()
	if usd > 0 {
		addCollateral(&v, asset, floatAmount(usd/b.m.VenueSpot(b.tmpl.ID, asset), b.m.Asset(asset).Decimals, false))
		return 0
	}
	owed := -usd
	order := []string{asset}
	for _, c := range b.coll {
		if c.Asset != asset {
			order = append(order, c.Asset)
		}
	}
	for _, sym := range order {
		if owed <= 0 {
			break
		}
		price := b.m.VenueSpot(b.tmpl.ID, sym)
		if price <= 0 {
			continue
		}
		have := money.Decimal{}
		for _, c := range v.Collateral {
			if c.Asset == sym {
				have = addDecimal(have, c.Amount)
			}
		}
		take := minDecimal(floatAmount(owed/price, b.m.Asset(sym).Decimals, true), have)
		takeCollateral(&v, sym, take)
		owed -= take.Float64() * price
	}
	return math.Max(owed, 0)
}

// closeShare closes fraction f of position i at the mark: the value it
// carried in the venue's equity is settled in cash, so the close itself
// leaves equity unchanged. It returns the size closed (abs), its notional
// and any loss the collateral could not pay.
func (b *book) closeShare(i int, f *big.Rat) (money.Decimal, float64, float64, error) {
	before, err := b.margin()
	if err != nil {
		return money.Decimal{}, 0, 0, err
	}
	old := b.qty[i]
	keep := new(big.Rat).Sub(big.NewRat(1, 1), f)
	b.qty[i] = scaleDecimal(old, keep, maxScale)
	closed := subDecimal(old, b.qty[i]).Abs()
	after, err := b.margin()
	if err != nil {
		return money.Decimal{}, 0, 0, err
	}
	short := b.credit(before.Equity - after.Equity)
	p := &b.tmpl.Positions[i]
	return closed, closed.Float64() * b.m.VenueSpot(b.tmpl.ID, p.HoldingAsset()), short, nil
}

// closeAndRecord closes fraction f of position i (closeShare), records the
// close as an action and its notional as sold, and returns the notional and
// the shortfall it left.
func (b *book) closeAndRecord(out *Venue, i int, f *big.Rat) (notional, short float64, err error) {
	size, notional, short, err := b.closeShare(i, f)
	if err != nil {
		return 0, 0, err
	}
	b.closeAction(out, i, size)
	out.SoldUSD += notional
	return notional, short, nil
}

func (b *book) notional(i int) float64 {
	return math.Abs(b.qty[i].Float64()) * b.m.VenueSpot(b.tmpl.ID, b.tmpl.Positions[i].HoldingAsset())
}

func (b *book) open() []int {
	var out []int
	for i, p := range b.tmpl.Positions {
		if p.Kind.IsDerivative() && b.qty[i].Sign() != 0 {
			out = append(out, i)
		}
	}
	return out
}

// byNotional orders open positions largest notional first (ties: index).
func (b *book) byNotional() []int {
	idx := b.open()
	sort.SliceStable(idx, func(x, y int) bool { return b.notional(idx[x]) > b.notional(idx[y]) })
	return idx
}

func (b *book) closeAction(out *Venue, i int, size money.Decimal) {
	out.Actions = append(out.Actions, Action{Kind: KindClose, Asset: instrument(&b.tmpl.Positions[i]), Amount: size.String()})
}

// instrument names a position: its underlying, with kind and terms for
// dated instruments ("BTC option 2026-12-25 60000 put").
func instrument(p *portfolio.Position) string {
	switch p.Kind {
	case portfolio.KindPerp:
		return p.Underlying + "-PERP"
	case portfolio.KindFuture:
		return fmt.Sprintf("%s-%s", p.Underlying, p.Expiry.Format("2006-01-02"))
	case portfolio.KindOption:
		return fmt.Sprintf("%s-%s-%s-%s", p.Underlying, p.Expiry.Format("2006-01-02"), p.Strike.String(), p.Right.String())
	}
	return p.Asset
}

// finish sets health after and bad debt from the final state.
func (b *book) finish(out *Venue, shortUSD float64, badDebtKind, note string) error {
	r, err := b.margin()
	if err != nil {
		return err
	}
	out.HealthAfter = r.Health
	if len(b.open()) == 0 {
		out.HealthAfter = nil
	}
	bad := shortUSD
	if len(b.open()) == 0 {
		switch {
		case r.Equity < 0:
			bad += -r.Equity
		case bad > 0 && r.Equity > 0:
			// A close booked a shortfall and a later close's gain stayed
			// as collateral: the fund covers the account's net deficit,
			// so what is left pays the shortfall down first (as the fast
			// form nets it) instead of the fund paying in full while the
			// account keeps the gain.
			pay := math.Min(bad, r.Equity)
			bad -= pay - b.credit(-pay)
		}
	}
	if bad >= minPenaltyUSD {
		out.BadDebtUSD = bad
		out.Actions = append(out.Actions, Action{Kind: badDebtKind, Asset: "USD", Amount: usdText(bad)})
		out.Notes = append(out.Notes, note)
	}
	return nil
}

// liquidateClose is MechClose: the backstop below its threshold, else
// market orders at the mark in the rule's order, each closing the partial
// fraction of a position above the partial threshold (all of it
// otherwise), paying the rule's penalty of the notional as a fee (never
// taking equity below zero), stopping once healthy when the rule says so.
func liquidateClose(v *portfolio.Venue, m *market.Snapshot, rule venue.Liquidation, out *Venue) error {
	b, r, liquidatable, err := openLiquidatable(v, m, out)
	if err != nil || !liquidatable {
		return err
	}
	if backstopTakes(&rule, r.Equity, r.Maintenance) {
		backstop(b, v, r, rule.Backstop, out)
		return nil
	}
	order := b.open()
	if rule.Order == venue.OrderLargestNotional {
		order = b.byNotional()
	}
	partial := ratOf(rule.PartialFraction)
	var short float64
	for _, i := range order {
		f := big.NewRat(1, 1)
		if partialApplies(&rule, b.notional(i)) {
			f = partial
		}
		notional, s, err := b.closeAndRecord(out, i, f)
		if err != nil {
			return err
		}
		short += s
		if rule.Penalty > 0 {
			if err := b.chargeFee(out, notional*rule.Penalty); err != nil {
				return err
			}
		}
		if rule.StopWhenHealthy {
			if r2, err := b.margin(); err != nil {
				return err
			} else if !r2.Liquidatable() {
				break
			}
		}
	}
	out.Notes = append(out.Notes, rule.Note)
	kind, note := shortfallAction(rule.Shortfall)
	return b.finish(out, short, kind, note)
}

// chargeFee takes a liquidation fee of at most fee USD from the venue's
// cash asset, never more than its equity (the fill is no worse than
// bankruptcy) nor than its collateral can pay, and records what it took.
func (b *book) chargeFee(out *Venue, fee float64) error {
	after, err := b.margin()
	if err != nil {
		return err
	}
	fee = feeCapped(fee, after.Equity)
	if fee <= 0 {
		return nil
	}
	asset := b.cashAsset()
	price := b.m.VenueSpot(b.tmpl.ID, asset)
	amount := floatAmount(fee/price, b.m.Asset(asset).Decimals, false)
	if unpaid := b.credit(-amount.Float64() * price); unpaid > 0 {
		// equity above zero in another position's gain, with no collateral
		// left to pay from: only what the collateral paid is a fee (an
		// unpaid one would be counted again by the next close's cap)
		amount = floatAmount((amount.Float64()*price-unpaid)/price, b.m.Asset(asset).Decimals, false)
		if amount.Sign() <= 0 {
			return nil
		}
	}
	out.Actions = append(out.Actions, Action{Kind: KindFee, Asset: asset, Amount: amount.String()})
	return nil
}

// backstop hands every position and the margin to the backstop; a negative
// account is auto-deleveraged.
func backstop(b *book, v *portfolio.Venue, r venue.Result, bs *venue.Backstop, out *Venue) {
	for _, i := range b.open() {
		out.Actions = append(out.Actions, Action{Kind: KindBackstop, Asset: instrument(&v.Positions[i]),
			Amount: b.qty[i].Abs().String()})
		out.SoldUSD += b.notional(i)
	}
	for _, c := range v.Collateral {
		out.Actions = append(out.Actions, Action{Kind: KindBackstop, Asset: c.Asset, Amount: c.Amount.String()})
	}
	out.Notes = append(out.Notes, fmt.Sprintf("equity below %.4g of maintenance: the backstop, %s, takes "+
		"every position and the margin; maintenance margin is not returned", bs.BelowMaintenance, bs.By))
	if r.Equity < 0 {
		out.BadDebtUSD = -r.Equity
		out.Actions = append(out.Actions, Action{Kind: KindSocialise, Asset: "USD", Amount: usdText(-r.Equity)})
		out.Notes = append(out.Notes, "negative account value: auto-deleveraging of opposing traders")
	}
}

// liquidateReduce is MechReduce (Deribit, SPAN): clips of the rule's share
// of a position's original size, each time the one that lowers
// maintenance most, until equity ≥ maintenance (at most MaxSteps clips).
func liquidateReduce(v *portfolio.Venue, m *market.Snapshot, rule venue.Liquidation, out *Venue) error {
	b, r, liquidatable, err := openLiquidatable(v, m, out)
	if err != nil || !liquidatable {
		return err
	}
	clip := ratOf(rule.Clip)
	var short float64
	closed := map[int]money.Decimal{}
	var order []int
	for step := 0; step < rule.MaxSteps && r.Liquidatable() && len(b.open()) > 0; step++ {
		best, err := reduceChoice(b.open(), func(i int) (float64, error) {
			f := clipFraction(b.qty[i], v.Positions[i].Quantity, clip)
			trial := *b
			trial.qty = append([]money.Decimal(nil), b.qty...)
			trial.qty[i] = scaleDecimal(b.qty[i], new(big.Rat).Sub(big.NewRat(1, 1), f), maxScale)
			tr, err := trial.margin()
			return tr.Maintenance, err
		})
		if err != nil {
			return err
		}
		size, notional, s, err := b.closeShare(best, clipFraction(b.qty[best], v.Positions[best].Quantity, clip))
		if err != nil {
			return err
		}
		if _, seen := closed[best]; !seen {
			order = append(order, best)
		}
		closed[best] = addDecimal(closed[best], size)
		out.SoldUSD += notional
		short += s
		if r, err = b.margin(); err != nil {
			return err
		}
	}
	for _, i := range order {
		b.closeAction(out, i, closed[i])
	}
	out.Notes = append(out.Notes, rule.Note)
	kind, note := shortfallAction(rule.Shortfall)
	return b.finish(out, short, kind, note)
}

// reduceChoice is MechReduce's choice of the next clip, the one rule of the
// exact reduction (liquidateReduce) and the fast one (fastReduce): among
// the open positions, in their order, the one whose clip leaves the lowest
// maintenance (maintenanceAfter: the venue's maintenance were that
// position's next clip closed); ties go to the first. Errors are
// maintenanceAfter's.
func reduceChoice(open []int, maintenanceAfter func(i int) (float64, error)) (int, error) {
	best, bestMM := open[0], math.Inf(1)
	for _, i := range open {
		mm, err := maintenanceAfter(i)
		if err != nil {
			return 0, err
		}
		if mm < bestMM {
			best, bestMM = i, mm
		}
	}
	return best, nil
}

// clipFraction is the share of the current size that is clip of the
// original (all of it when less remains).
func clipFraction(cur, orig money.Decimal, clip *big.Rat) *big.Rat {
	c := new(big.Rat).Mul(orig.Rat(), clip)
	f := new(big.Rat).Quo(c, cur.Rat())
	if f.Cmp(big.NewRat(1, 1)) > 0 || f.Sign() <= 0 {
		return big.NewRat(1, 1)
	}
	return f
}

// fastClose is MechClose on a FastLeg: the backstop takes everything below
// its share of maintenance (the margin goes with it; negative equity is
// bad debt); otherwise, if the cooldown allows an order, market orders in
// the rule's order, each closing the partial fraction of a position above
// the partial threshold (all of it otherwise), paying the rule's penalty of
// the notional as a fee never taking equity below zero, stopping once
// healthy when the rule says so. A leg with nothing open settles.
func fastClose(l FastLeg, rule *venue.Liquidation) (float64, bool) {
	if backstopTakes(rule, l.Equity(), l.Maintenance()) {
		n := l.CloseAll(1)
		if c := l.Cash(); c > 0 {
			l.Credit(-c) // the margin goes to the backstop
		}
		return n + l.Settle(), true
	}
	if !l.OrderAllowed() {
		return 0, false
	}
	n := 0.0
	for _, a := range fastOrder(l, rule.Order) {
		f := 1.0
		if partialApplies(rule, l.Notional(a)) {
			f = rule.PartialFraction
		}
		c := l.Close(a, f)
		n += c
		if rule.Penalty > 0 {
			l.Credit(-feeCapped(rule.Penalty*c, l.Equity()))
		}
		if rule.StopWhenHealthy && l.Equity() >= l.Maintenance() {
			break
		}
	}
	if !anyOpen(l) {
		n += l.Settle()
	}
	return n, true
}

// fastOrder lists the assets with an open position in the rule's order
// (largest notional first, ties by index; or index order).
func fastOrder(l FastLeg, order venue.Order) []int {
	var idx []int
	for a := range l.Assets() {
		if l.Holds(a) {
			idx = append(idx, a)
		}
	}
	if order == venue.OrderLargestNotional {
		sort.SliceStable(idx, func(x, y int) bool { return l.Notional(idx[x]) > l.Notional(idx[y]) })
	}
	return idx
}

// fastReduce is MechReduce on a FastLeg: clips of the rule's share of a
// position's original size, each time the one that lowers maintenance most
// (reduceChoice, the exact reduction's rule, on the leg's MaintenanceAfter),
// until equity ≥ maintenance (at most MaxSteps clips); a leg with no equity
// left, or nothing open, settles (the insurance fund takes the shortfall).
func fastReduce(l FastLeg, rule *venue.Liquidation) float64 {
	if l.Equity() <= 0 {
		return l.Settle()
	}
	n := 0.0
	for step := 0; step < rule.MaxSteps && l.Equity() < l.Maintenance(); step++ {
		open := fastOrder(l, venue.OrderBook)
		if len(open) == 0 {
			break
		}
		a, _ := reduceChoice(open, func(a int) (float64, error) {
			return l.MaintenanceAfter(a, fastClipFraction(l.Share(a), rule.Clip)), nil
		})
		n += l.Close(a, fastClipFraction(l.Share(a), rule.Clip))
	}
	if !anyOpen(l) {
		n += l.Settle()
	}
	return n
}

// fastClipFraction is clipFraction in float64: the share of the current
// size that is clip of the original, share being the original's share
// still open (all of it when no more remains, up to the float rounding of
// the shares the clips before left: the tenth clip of 10% closes it).
func fastClipFraction(share, clip float64) float64 {
	if share <= clip*(1+1e-9) {
		return 1
	}
	return clip / share
}
