// The unified engine's liquidation: greedy risk-reducing clips, re-margined
// with the margin package after each (see doc.go for the rule).
package liquidation

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// impactDays is the vol horizon of the impact law (margin's liquidity add-on uses 30 days).
const impactDays = 30

// A penalty below minPenaltyUSD is waived.
const minPenaltyUSD = 0.01

// clipDecimals: a derivative clip's size keeps at most 8 decimals.
const clipDecimals = 8

// budgetTolUSD: below this much budget left, the engine stops.
const budgetTolUSD = 0.01

// healthTol absorbs float noise when comparing health before and after a
// clip, and equity with a level (reaches).
const healthTol = 1e-12

// candidate is one holding a clip can come from.
type candidate struct {
	venue, index int
	collateral   bool // a collateral entry, else a derivative position
}

type unifiedRun struct {
	ctx      context.Context // ends the run (checked per clip and per candidate)
	m        *market.Snapshot
	rp       *margin.RiskParams
	opt      Options
	orig     *portfolio.Portfolio
	cur      *portfolio.Portfolio
	u        margin.Unified
	cash     string
	out      *Unified
	merged   map[string]int // kind|venue|asset → index in out.Actions
	steps    int
	soldUSD  float64
	costUSD  float64
	penalty  float64
	candList []candidate
	budget   float64
}

func unifiedHealth(u *margin.Unified) float64 {
	if u.Maintenance <= 0 {
		return math.Inf(1)
	}
	return u.Equity / u.Maintenance
}

func healthPtr(u *margin.Unified) *float64 {
	h := unifiedHealth(u)
	if math.IsInf(h, 0) {
		return nil
	}
	return &h
}

// targetOf is the equity the unified engine restores on figures u under
// rp: UnifiedTarget with the governed rebalance buffer.
func targetOf(u *margin.Unified, rp *margin.RiskParams) float64 {
	return UnifiedTarget(u, rp.RebalanceBuffer)
}

// UnifiedTarget is the equity a unified liquidation restores, the one stop
// rule of the exact engine and of FastUnified: back above maintenance with
// buffer (the governed rebalance_buffer), and no further than initial —
// min(initial, maintenance × (1 + buffer)). The liquidation stops as soon
// as equity ≥ UnifiedTarget.
func UnifiedTarget(u *margin.Unified, buffer float64) float64 {
	return math.Min(u.Initial, u.Maintenance*(1+buffer))
}

// reaches says whether equity is at or above level (the target, a clip's
// penalty level, clipLevel), the one comparison of the exact engine and of
// FastUnified: up to float noise, healthTol of the level. The level is a
// product of float figures (UnifiedTarget: maintenance × 1.1 is a few ulp
// off the decimal it stands for, 115,200 × 1.1 = 126,720.00000000001),
// while the exact engine's equity is whole base units: without the
// tolerance an account exactly at its target (126,720.000000) is below it,
// its penalty waived (TestFastUnifiedPenaltyAtTargetHand).
func reaches(equity, level float64) bool {
	return equity >= level-healthTol*math.Abs(level)
}

// unifiedClosesOut says whether a liquidatable unified account is closed
// outright instead of clipped: equity ≤ 0 (nothing is left to restore).
func unifiedClosesOut(u *margin.Unified) bool { return u.Equity <= 0 }

// penaltyAbove is the unified penalty on a notional sold: rate of the
// notional, paid only out of above, the equity over the level it may not
// cross (the target; 0 when at or below it), so the penalty never stands
// between the account and its target nor lowers its health.
func penaltyAbove(rate, notional, above float64) float64 {
	return math.Min(rate*notional, math.Max(0, above))
}

// clipPenalty is the penalty on one clip of notional USD that left the
// account at figures u, the one rule of the exact engine (try, before its
// rounding to base units) and of FastUnified: rate of the clip's notional
// (penaltyAbove), only out of the equity above the level the clip may not
// cross — the target, and the health h0 the account had before the clip
// (max(UnifiedTarget, h0 × maintenance)); closing the account, only out of
// positive equity; below minPenaltyUSD, waived. A clip that leaves the
// account below its target pays nothing: of a run of clips, only the one
// that reaches the target pays.
func clipPenalty(rate, notional float64, u *margin.Unified, h0, buffer float64, closing bool) float64 {
	p := penaltyAbove(rate, notional, u.Equity-clipLevel(u, h0, buffer, closing))
	if p < minPenaltyUSD {
		return 0 // waived
	}
	return p
}

// clipLevel is the equity a clip's penalty may not take the account below
// (clipPenalty).
func clipLevel(u *margin.Unified, h0, buffer float64, closing bool) float64 {
	if closing {
		return 0
	}
	return math.Max(UnifiedTarget(u, buffer), h0*u.Maintenance)
}

// budgetRatio is the share of a clip of sold USD that the sale budget's
// remaining USD lets through (1: all of it), the one cap of the exact
// engine and of FastUnified: the unified engine never sells more than the
// isolated venues together would sell now on the same book.
func budgetRatio(sold, remaining float64) float64 {
	if sold <= remaining {
		return 1
	}
	return math.Max(0, remaining) / sold
}

// budgetSpent says whether the sale budget is spent (less than
// budgetTolUSD left after sold USD): the engine stops, budget bound.
func budgetSpent(budget, sold float64) bool { return budget-sold <= budgetTolUSD }

func unifiedOf(b *portfolio.Portfolio, m *market.Snapshot, rp *margin.RiskParams) (margin.Unified, error) {
	s, err := margin.Prepare(b, m, rp)
	if err != nil {
		return margin.Unified{}, err
	}
	return s.Unified(), nil
}

// liquidateUnified runs the unified engine on the whole book.
func liquidateUnified(ctx context.Context, b *portfolio.Portfolio, m *market.Snapshot, rp *margin.RiskParams, opt Options,
	budget float64) (Unified, error) {
	u, err := unifiedOf(b, m, rp)
	if err != nil {
		return Unified{}, err
	}
	out := Unified{Actions: []Action{}, EquityBefore: u.Equity, MaintenanceBefore: u.Maintenance,
		Target: targetOf(&u, rp), EquityAfter: u.Equity, InitialAfter: u.Initial, MaintenanceAfter: u.Maintenance,
		HealthBefore: healthPtr(&u), SaleBudgetUSD: budget}
	out.HealthAfter = out.HealthBefore
	if !u.Liquidatable {
		return out, nil
	}
	out.Liquidatable = true
	r, err := newUnifiedRun(ctx, b, m, rp, opt, budget, u, &out)
	if err != nil {
		return out, err
	}
	if err := r.run(); err != nil {
		return out, err
	}
	out.EquityAfter, out.InitialAfter, out.MaintenanceAfter = r.u.Equity, r.u.Initial, r.u.Maintenance
	out.SoldUSD, out.CostUSD, out.PenaltyUSD, out.Steps = r.soldUSD, r.costUSD, r.penalty, r.steps
	if !out.Closed {
		out.HealthAfter = healthPtr(&r.u)
	} else {
		out.HealthAfter = nil
	}
	if r.penalty > 0 {
		out.Actions = append(out.Actions, Action{Kind: KindPenalty, Asset: "USD", Amount: usdText(r.penalty)})
	}
	if out.Closed && r.u.Equity < 0 {
		bad := -r.u.Equity
		fund := opt.InsuranceFundUSD + r.penalty
		covered := math.Min(bad, fund)
		out.BadDebtUSD, out.InsuranceFundUSD, out.SocialisedUSD = bad, covered, bad-covered
		if covered > 0 {
			out.Actions = append(out.Actions, Action{Kind: KindInsuranceFund, Asset: "USD", Amount: usdText(covered)})
		}
		if bad-covered > 0 {
			out.Actions = append(out.Actions, Action{Kind: KindSocialise, Asset: "USD", Amount: usdText(bad - covered)})
		}
	}
	return out, nil
}

// newUnifiedRun is a run on book b, whose figures are u, reporting to out:
// its candidates are every collateral entry that is not a stablecoin and
// every derivative position. Error: the market has no stablecoin.
func newUnifiedRun(ctx context.Context, b *portfolio.Portfolio, m *market.Snapshot, rp *margin.RiskParams, opt Options,
	budget float64, u margin.Unified, out *Unified) (*unifiedRun, error) {
	r := &unifiedRun{ctx: ctx, m: m, rp: rp, opt: opt, orig: b, cur: cloneBook(b), u: u, out: out,
		merged: map[string]int{}, cash: cashAssetOf(m), budget: budget}
	if r.cash == "" {
		return nil, fmt.Errorf("liquidate: the market has no stablecoin to settle sales in")
	}
	for vi := range b.Venues {
		v := &b.Venues[vi]
		for ci, c := range v.Collateral {
			if a := m.Asset(c.Asset); a != nil && a.Class != market.ClassStable && c.Amount.Sign() > 0 {
				r.candList = append(r.candList, candidate{vi, ci, true})
			}
		}
		for pi := range v.Positions {
			if v.Positions[pi].Kind.IsDerivative() {
				r.candList = append(r.candList, candidate{vi, pi, false})
			}
		}
	}
	return r, nil
}

func cashAssetOf(m *market.Snapshot) string {
	if a := m.Asset("USDC"); a != nil {
		return "USDC"
	}
	for _, s := range m.Symbols() {
		if m.Asset(s).Class == market.ClassStable {
			return s
		}
	}
	return ""
}

func (r *unifiedRun) run() error {
	if unifiedClosesOut(&r.u) {
		return r.closeAll()
	}
	for r.steps < r.opt.MaxSteps && !reaches(r.u.Equity, targetOf(&r.u, r.rp)) {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if budgetSpent(r.budget, r.soldUSD) {
			r.out.BudgetBound = true
			return nil
		}
		remaining := r.budget - r.soldUSD
		ok, err := r.step(remaining)
		if err != nil {
			return err
		}
		if !ok {
			return r.closeAll()
		}
	}
	return nil
}

// scored is a candidate clip with its estimated score.
type scored struct {
	c     candidate
	f     *big.Rat
	score float64
}

// step takes one clip: candidates are scored (a derivative clip by the
// session's incremental WhatIf, a collateral sale by a full re-margin),
// then the best is applied exactly (re-margined, penalty included) if it
// keeps health and gives relief; else the next best. ok is false when no
// clip qualifies.
func (r *unifiedRun) step(remaining float64) (ok bool, err error) {
	h0 := unifiedHealth(&r.u)
	gap0 := r.u.Equity - targetOf(&r.u, r.rp)
	s, err := margin.Prepare(withoutEmpty(r.cur), r.m, r.rp)
	if err != nil {
		return false, err
	}
	var list []scored
	for _, c := range r.candList {
		if err := r.ctx.Err(); err != nil {
			return false, err
		}
		f := r.clipFraction(c)
		est, err := r.estimate(s, c, f)
		if err != nil {
			return false, err
		}
		if est != nil && budgetRatio(est.sold, remaining) < 1 {
			// Shrink the clip to what the budget has left (rounded down).
			f = ratDecimalFloor(new(big.Rat).Mul(f, new(big.Rat).SetFloat64(budgetRatio(est.sold, remaining))), 9).Rat()
			if est, err = r.estimate(s, c, f); err != nil {
				return false, err
			}
		}
		if est == nil {
			continue
		}
		if score, ok := clipScore(h0, gap0, &est.u, est.cost, r.rp.RebalanceBuffer); ok {
			list = append(list, scored{c, f, score})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].score > list[j].score })
	for _, sc := range list {
		if err := r.ctx.Err(); err != nil {
			return false, err
		}
		cl, err := r.try(sc.c, sc.f, h0, false)
		if err != nil {
			return false, err
		}
		if cl == nil || unifiedHealth(&cl.u) < h0 || cl.u.Equity+cl.penalty-targetOf(&cl.u, r.rp) <= gap0 {
			continue
		}
		r.apply(cl)
		return true, nil
	}
	return false, nil
}

// clipScore is the unified engine's score of a candidate clip that would
// leave the account at figures after, at a cost of cost USD, from health h0
// and gap0 = equity − target before it: its margin relief (the gain in
// equity − target) per USD of cost (at least 1), the one choice of the
// exact engine (step: the best first) and FastUnified. ok is false for a
// clip that lowers health or gives no relief (never taken).
func clipScore(h0, gap0 float64, after *margin.Unified, cost, buffer float64) (score float64, ok bool) {
	if unifiedHealth(after) < h0-healthTol*math.Abs(h0) {
		return 0, false
	}
	relief := after.Equity - UnifiedTarget(after, buffer) - gap0
	if relief <= 0 {
		return 0, false
	}
	return relief / math.Max(cost, 1), true
}

// estimate is a clip's effect for scoring, without penalty: a collateral
// sale exactly (tryWith); a derivative clip through s.WhatIf with the
// opposite position added (closing at the mark keeps the position's value
// as cash, so equity falls only by the cost).
func (r *unifiedRun) estimate(s *margin.Session, c candidate, f *big.Rat) (*clip, error) {
	if c.collateral {
		return r.tryWith(c, f, 0)
	}
	p := r.cur.Venues[c.venue].Positions[c.index]
	size := clipSize(p.Quantity, f)
	if size.Sign() == 0 {
		return nil, nil
	}
	trade := p
	trade.Quantity = size
	if p.Quantity.Sign() > 0 {
		trade.Quantity = size.Neg()
	}
	trade.QuantityF = trade.Quantity.Float64()
	trade.Funding, trade.FundingF = money.Decimal{}, 0
	trade.EntryPrice, trade.EntryF, trade.HasEntry = money.Decimal{}, 0, false
	u, err := s.WhatIf(r.cur.Venues[c.venue].ID, &trade)
	if err != nil {
		return nil, err
	}
	cl := &clip{sold: size.Float64() * r.m.Spot(p.Underlying)}
	cl.cost = liquidityCost(r.m, p.Underlying, cl.sold)
	u.Equity = r.u.Equity - cl.cost
	u.Excess, u.Liquidatable = u.Equity-u.Initial, u.Equity < u.Maintenance
	cl.u = u
	return cl, nil
}

// clipSize is the size a clip of fraction f closes of a position of
// quantity q: |q|·f rounded down to clipDecimals, or all of it when f = 1.
func clipSize(q money.Decimal, f *big.Rat) money.Decimal {
	if f.Cmp(big.NewRat(1, 1)) == 0 {
		return q.Abs()
	}
	return ratDecimalFloor(new(big.Rat).Mul(q.Abs().Rat(), f), clipDecimals)
}

// clip is one tried sale: the book after it and what it did.
type clip struct {
	book    *portfolio.Portfolio
	u       margin.Unified
	actions []Action
	sold    float64
	cost    float64
	penalty float64
}

func (r *unifiedRun) apply(c *clip) {
	r.cur, r.u = c.book, c.u
	r.soldUSD += c.sold
	r.costUSD += c.cost
	r.penalty += c.penalty
	r.steps++
	for _, a := range c.actions {
		key := a.Kind + "|" + a.Venue + "|" + a.Asset
		if i, ok := r.merged[key]; ok {
			prev := money.MustDecimal(r.out.Actions[i].Amount)
			r.out.Actions[i].Amount = addDecimal(prev, money.MustDecimal(a.Amount)).String()
			continue
		}
		r.merged[key] = len(r.out.Actions)
		r.out.Actions = append(r.out.Actions, a)
	}
}

// clipFraction is the share of the current holding that is ClipFraction of
// the original one (all of it when less remains).
func (r *unifiedRun) clipFraction(c candidate) *big.Rat {
	var cur, orig money.Decimal
	if c.collateral {
		cur, orig = r.cur.Venues[c.venue].Collateral[c.index].Amount, r.orig.Venues[c.venue].Collateral[c.index].Amount
	} else {
		cur, orig = r.cur.Venues[c.venue].Positions[c.index].Quantity, r.orig.Venues[c.venue].Positions[c.index].Quantity
	}
	if cur.Sign() == 0 {
		return new(big.Rat)
	}
	share, ok := new(big.Rat).SetString(strconv.FormatFloat(r.opt.ClipFraction, 'f', -1, 64))
	if !ok {
		share = big.NewRat(1, 10)
	}
	clipRat := new(big.Rat).Mul(orig.Rat(), share)
	f := new(big.Rat).Quo(clipRat, cur.Rat())
	if f.Cmp(big.NewRat(1, 1)) > 0 {
		return big.NewRat(1, 1)
	}
	return f
}

// liquidityCost is the liquidity law on a sale of notional n (USD) of sym:
// n·spread_bps/20000 + (vol/√365)·n·√(n/depth).
func liquidityCost(m *market.Snapshot, sym string, n float64) float64 {
	a := m.Asset(sym)
	if a == nil || n <= 0 {
		return 0
	}
	cost := n * a.SpreadBps / 20000
	if a.HasDepth && a.DepthUSD > 0 && m.HasVol(sym) {
		vol := m.VolAt(sym, a.Price, impactDays/365.0)
		cost += vol / math.Sqrt(365) * n * math.Sqrt(n/a.DepthUSD)
	}
	return cost
}

// try is tryWith at the largest penalty, up to PenaltyRate of the notional,
// that leaves equity at or above the target (closing: at or above 0), so the
// penalty never lowers health, never delays the target (never costs another
// clip), and never creates bad debt. The penalty is a whole number of the
// cash asset's base units (penaltyUnits): the slack rounded to the nearest
// unit, or one unit less when the net's rounding down to a base unit in
// settle took the account below the level (reaches); waived when neither
// keeps it.
func (r *unifiedRun) try(c candidate, f *big.Rat, h0 float64, closing bool) (*clip, error) {
	cl, err := r.tryWith(c, f, 0)
	if err != nil || cl == nil || r.opt.PenaltyRate <= 0 {
		return cl, err
	}
	// The fund is paid only out of equity above the target, so the penalty
	// never stands between the account and its target, and (target ≥
	// maintenance > h0·maintenance) never lowers health (clipPenalty).
	p := clipPenalty(r.opt.PenaltyRate, cl.sold, &cl.u, h0, r.rp.RebalanceBuffer, closing)
	for _, p := range r.penaltyUnits(p) {
		if p < minPenaltyUSD {
			return cl, nil
		}
		withPenalty, err := r.tryWith(c, f, p)
		if err != nil {
			return nil, err
		}
		if reaches(withPenalty.u.Equity, clipLevel(&withPenalty.u, h0, r.rp.RebalanceBuffer, closing)) &&
			(closing || unifiedHealth(&withPenalty.u) >= h0) {
			return withPenalty, nil
		}
	}
	return cl, nil
}

// penaltyUnits are the penalties try tries for a penalty of p USD, as whole
// numbers of the cash asset's base units: p rounded to the nearest unit,
// then one unit less. The clip's net is credited in base units rounded down
// (settle): a whole-unit penalty comes off that credit exactly when the net
// stays in the cash asset, and one unit covers the rounding when it repays
// another asset first. (A penalty of the slack to the float, not to a unit,
// left equity up to one base unit below the target: the engine took one
// more clip and paid one more penalty.)
func (r *unifiedRun) penaltyUnits(p float64) [2]float64 {
	price := r.m.Spot(r.cash)
	unit := price / math.Pow10(int(r.m.Asset(r.cash).Decimals))
	n := math.Round(p / unit)
	return [2]float64{n * unit, (n - 1) * unit}
}

// tryWith applies fraction f of candidate c to a copy of the current book,
// pays penaltyUSD out of the proceeds, and re-margins; nil when nothing is
// left to sell.
func (r *unifiedRun) tryWith(c candidate, f *big.Rat, penaltyUSD float64) (*clip, error) {
	if f.Sign() == 0 {
		return nil, nil
	}
	b := cloneBook(r.cur)
	v := &b.Venues[c.venue]
	cl := &clip{book: b}
	var proceeds float64
	if c.collateral {
		e := &v.Collateral[c.index]
		dec := r.m.Asset(e.Asset).Decimals
		take := ratDecimalFloor(new(big.Rat).Mul(e.Amount.Rat(), f), int(dec))
		if take.Sign() <= 0 {
			return nil, nil
		}
		e.Amount = subDecimal(e.Amount, take)
		e.AmountF = e.Amount.Float64()
		cl.sold = take.Float64() * r.m.Spot(e.Asset)
		cl.cost = liquidityCost(r.m, e.Asset, cl.sold)
		proceeds = cl.sold
		cl.actions = append(cl.actions, Action{Kind: KindSell, Venue: v.ID, Asset: e.Asset, Amount: take.String()})
	} else {
		p := &v.Positions[c.index]
		old := p.Quantity
		// The clip's size is rounded down to clipDecimals (a whole clip of
		// what is left closes it exactly).
		size := clipSize(old, f)
		if size.Sign() == 0 {
			return nil, nil
		}
		if old.Sign() < 0 {
			p.Quantity = addDecimal(old, size)
		} else {
			p.Quantity = subDecimal(old, size)
		}
		keep := new(big.Rat).Quo(p.Quantity.Rat(), old.Rat())
		p.QuantityF = p.Quantity.Float64()
		p.Funding = scaleDecimal(p.Funding, keep, maxScale)
		p.FundingF = p.Funding.Float64()
		without, err := unifiedOf(withoutEmpty(b), r.m, r.rp)
		if err != nil {
			return nil, err
		}
		cl.sold = size.Float64() * r.m.Spot(p.Underlying)
		cl.cost = liquidityCost(r.m, p.Underlying, cl.sold)
		cl.actions = append(cl.actions, Action{Kind: KindClose, Venue: v.ID, Asset: instrument(p), Amount: size.String()})
		proceeds = r.u.Equity - without.Equity // the value the position carried
	}
	cl.penalty = penaltyUSD
	r.settle(cl, v, proceeds-cl.cost-cl.penalty)
	u, err := unifiedOf(withoutEmpty(b), r.m, r.rp)
	if err != nil {
		return nil, err
	}
	cl.u = u
	return cl, nil
}

// settle credits net USD to the venue: first repaying its borrows (largest
// value first), then as cash collateral; a negative net is paid from cash,
// then borrowed.
func (r *unifiedRun) settle(cl *clip, v *portfolio.Venue, net float64) {
	dec := r.m.Asset(r.cash).Decimals
	price := r.m.Spot(r.cash)
	if net < 0 {
		owe := floatAmount(-net/price, dec, true)
		have := money.Decimal{}
		for _, c := range v.Collateral {
			if c.Asset == r.cash {
				have = addDecimal(have, c.Amount)
			}
		}
		pay := minDecimal(owe, have)
		takeCollateral(v, r.cash, pay)
		if rest := subDecimal(owe, pay); rest.Sign() > 0 {
			v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindBorrow, Asset: r.cash,
				Amount: rest, AmountF: rest.Float64()})
		}
		return
	}
	for net > 0 {
		bi, best := -1, 0.0
		for i, p := range v.Positions {
			if p.Kind == portfolio.KindBorrow && p.Amount.Sign() > 0 {
				if val := p.AmountF * r.m.Spot(p.Asset); val > best {
					bi, best = i, val
				}
			}
		}
		if bi < 0 {
			break
		}
		p := &v.Positions[bi]
		pdec := r.m.Asset(p.Asset).Decimals
		repay := minDecimal(floatAmount(net/r.m.Spot(p.Asset), pdec, false), p.Amount)
		if repay.Sign() <= 0 {
			break
		}
		repayBorrow(v, p.Asset, repay)
		cl.actions = append(cl.actions, Action{Kind: KindRepay, Venue: v.ID, Asset: p.Asset, Amount: repay.String()})
		net -= repay.Float64() * r.m.Spot(p.Asset)
		if p.Amount.Sign() > 0 {
			break
		}
	}
	if net > 0 {
		addCollateral(v, r.cash, floatAmount(net/price, dec, false))
	}
}

// withoutEmpty drops zero-size positions (closed ones) for margining.
func withoutEmpty(b *portfolio.Portfolio) *portfolio.Portfolio {
	c := cloneBook(b)
	for i := range c.Venues {
		removeEmptyPositions(&c.Venues[i])
	}
	return c
}

// closeAll sells every holding: the account is closed.
func (r *unifiedRun) closeAll() error {
	r.out.Closed = true
	for _, c := range r.candList {
		cl, err := r.try(c, r.clipFractionAll(c), 0, true)
		if err != nil {
			return err
		}
		if cl == nil {
			continue
		}
		r.apply(cl)
	}
	return nil
}

func (r *unifiedRun) clipFractionAll(c candidate) *big.Rat {
	var cur money.Decimal
	if c.collateral {
		cur = r.cur.Venues[c.venue].Collateral[c.index].Amount
	} else {
		cur = r.cur.Venues[c.venue].Positions[c.index].Quantity
	}
	if cur.Sign() == 0 {
		return new(big.Rat)
	}
	return big.NewRat(1, 1)
}

// FastBook is an account's unified book in the compact form a simulator
// keeps (internal/cascade: the engine's margin kernel on the account's
// book). FastUnified decides every step of the liquidation; the book owns
// only its bookkeeping (where closed units go, who bears bad debt).
type FastBook interface {
	// Margin is the account's unified figures now (the engine's margin on
	// the book as it stands, at the simulator's prices).
	Margin() margin.Unified
	// Market is the market the book is valued on now: the liquidity law's
	// spread, depth and vol (liquidityCost).
	Market() *market.Snapshot
	// Holdings is the number of the book's holdings a clip sells from, and
	// Holding h's market symbol and USD notional at the mark now.
	Holdings() int
	Holding(h int) (sym string, notionalUSD float64)
	// Share is the share of holding h's original size still held.
	Share(h int) float64
	// MarginAfter is the account's figures were share f of holding h
	// closed at the mark, its value and usd credited to cash (the book
	// does not change): what the choice of a clip weighs.
	MarginAfter(h int, f, usd float64) margin.Unified
	// Close closes share f of holding h at the mark, its value credited to
	// cash (equity unchanged), and returns the USD notional.
	Close(h int, f float64) float64
	// Budget is what the isolated venues together would sell on the book
	// now, by their own rules (USD; math.Inf(1): no cap).
	Budget() float64
	// Open says whether a position is still open.
	Open() bool
	// Credit moves usd into (> 0) or out of (< 0) the account's cash.
	Credit(usd float64)
	// Settle ends the account: what is open closes at the mark, negative
	// equity left is bad debt. It returns the USD notional closed.
	Settle() float64
}

// FastUnified runs the unified engine's liquidation on book b in float64,
// for a simulator that runs it many times a path, with opt's clip, penalty
// and steps and the rebalance buffer: nothing when b is not liquidatable
// (false); equity ≤ 0 closes it (unifiedClosesOut, fastCloseOut); else, at most
// opt.MaxSteps times while equity < UnifiedTarget, one clip of
// opt.ClipFraction of a holding's original size (fastClipFraction),
// shrunk to the sale budget left (budgetRatio; spent: it stops, bound),
// the holding chosen by clipScore (relief per USD of its liquidity cost,
// liquidityCost, among clips that keep health: the exact engine's choice),
// paying its cost and its penalty (clipPenalty) from cash; when no clip
// qualifies, every holding is sold (cost and penalty out of positive
// equity) and the account settles, as the exact engine closes it. It
// returns the USD notional liquidated, whether it acted (false: not
// liquidatable, or a budget of nothing), and whether the budget stopped it
// (bound, as the exact engine's budget_bound).
//
// It shares every decision with the exact engine (target, close-out,
// choice, budget, cost, penalty); what differs is the state (float64, no
// base-unit rounding) and what a holding is (the book's: the exact
// engine's are its collateral entries and derivative positions).
// TestFastUnifiedMatchesExact holds the two together.
func FastUnified(b FastBook, opt Options, buffer float64) (sold float64, acted, bound bool) {
	u := b.Margin()
	if !u.Liquidatable {
		return 0, false, false
	}
	if unifiedClosesOut(&u) {
		return fastCloseOut(b, opt, buffer), true, false
	}
	budget := b.Budget()
	m := b.Market()
	n := 0.0
	// u is the figures after the last clip, before its penalty: the
	// penalty is paid out of equity above the target, so it never decides
	// whether another clip is needed (in float64 it could leave equity a
	// rounding below the level it was sized to)
	for step := 0; step < opt.MaxSteps && !reaches(u.Equity, UnifiedTarget(&u, buffer)); step++ {
		if budgetSpent(budget, n) {
			return n, n > 0, true
		}
		h0, gap0 := unifiedHealth(&u), u.Equity-UnifiedTarget(&u, buffer)
		best, bestScore, bestF, bestCost := -1, 0.0, 0.0, 0.0
		for h := range b.Holdings() {
			share := b.Share(h)
			if share <= 0 {
				continue
			}
			f := fastClipFraction(share, opt.ClipFraction)
			sym, usd := b.Holding(h)
			notional := f * usd
			if r := budgetRatio(notional, budget-n); r < 1 {
				f, notional = f*r, notional*r
			}
			cost := liquidityCost(m, sym, notional)
			after := b.MarginAfter(h, f, -cost)
			if score, ok := clipScore(h0, gap0, &after, cost, buffer); ok && (best < 0 || score > bestScore) {
				best, bestScore, bestF, bestCost = h, score, f, cost
			}
		}
		if best < 0 {
			return n + fastCloseOut(b, opt, buffer), true, false
		}
		c := b.Close(best, bestF)
		b.Credit(-bestCost)
		u = b.Margin()
		if p := clipPenalty(opt.PenaltyRate, c, &u, h0, buffer, false); p > 0 {
			b.Credit(-p)
		}
		n += c
	}
	if !b.Open() {
		return n + b.Settle(), true, false
	}
	return n, n > 0, false
}

// fastCloseOut closes book b as the exact engine closes an account no clip
// helps (closeAll): every holding sold whole, its liquidity cost and its
// penalty paid out of positive equity (clipPenalty, closing), then
// settled. It returns the USD notional.
func fastCloseOut(b FastBook, opt Options, buffer float64) float64 {
	m := b.Market()
	n := 0.0
	for h := range b.Holdings() {
		if b.Share(h) <= 0 {
			continue
		}
		sym, _ := b.Holding(h)
		c := b.Close(h, 1)
		b.Credit(-liquidityCost(m, sym, c))
		u := b.Margin()
		if p := clipPenalty(opt.PenaltyRate, c, &u, 0, buffer, true); p > 0 {
			b.Credit(-p)
		}
		n += c
	}
	return n + b.Settle()
}
