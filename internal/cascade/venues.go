// Isolated liquidation: each leg's rule (its venue's registry entry) is run
// by internal/liquidation's fast form of the rule's mechanism
// (liquidation.Fast: Aave's liquidationCall, Comet's absorb, the close
// orders of Hyperliquid, dYdX and GMX, Deribit's reduction, Derive's
// auction), which sits beside the exact executor of the same mechanism and
// shares its decisions. This file keeps no liquidation mechanics: legView is
// only the leg's bookkeeping (the market its sales go to, who bears its bad
// debt, Hyperliquid's orders per step against the simulator's clock).
package cascade

import (
	"math"

	"github.com/unimargin/unimargin/internal/liquidation"
)

// liquidateIsolated applies the leg's venue rule to domain d and returns
// the notional it liquidated (USD) and whether it acted (false: deferred,
// as Hyperliquid's cooldown defers a large position's next order).
func (s *sim) liquidateIsolated(i int32, d *domain) (float64, bool) {
	s.view = legView{s: s, d: d, i: i}
	n, acted, err := liquidation.Fast(&s.view, d.rule)
	if err != nil {
		s.fail(err)
		return 0, false
	}
	return n, acted
}

// legView is domain d (index i) of sim s as the liquidation.FastLeg its
// rule's fast form reads and moves.
type legView struct {
	s *sim
	d *domain
	i int32
}

var _ liquidation.FastLeg = (*legView)(nil)

func (v *legView) Assets() int             { return NumAssets }
func (v *legView) Price(a int) float64     { return v.s.px(v.d)[a] }
func (v *legView) Units(a int) float64     { return v.d.units[a] }
func (v *legView) Cash() float64           { return v.d.cash }
func (v *legView) Threshold(a int) float64 { return 1 - v.d.mRate[a] }

// Bonus is the rule's bonus for the leg's collateral of asset a: the
// venue's per-asset bonus of the first of a's market symbols it lists, else
// the rule's one penalty (a built-in leg's rule has one for all).
func (v *legView) Bonus(a int) float64 {
	for _, sym := range families[a] {
		if b, ok := v.d.rule.PenaltyByAsset[sym]; ok {
			return b
		}
	}
	return v.d.rule.Penalty
}

func (v *legView) Holds(a int) bool     { return v.d.units[a] != 0 || v.d.gam[a] != 0 }
func (v *legView) Equity() float64      { return v.s.equity(v.d, v.s.px(v.d)) }
func (v *legView) Maintenance() float64 { return v.s.maintenance(v.d, v.s.px(v.d)) }
func (v *legView) Share(a int) float64  { return v.d.share[a] }

func (v *legView) MaintenanceAfter(a int, f float64) float64 { return v.s.maintenanceAfter(v.d, a, f) }
func (v *legView) Credit(usd float64)                        { v.d.cash += usd }

func (v *legView) Notional(a int) float64 {
	p := v.s.price[a]
	return math.Abs(v.s.delta(v.d, a, p)) * p
}

// OrderAllowed counts the leg's orders this step against the rule's
// cooldown (liquidation.OrdersWithin one step); a leg that has used them
// waits for the next step.
func (v *legView) OrderAllowed() bool {
	s, d := v.s, v.d
	limit := liquidation.OrdersWithin(d.rule, s.path.HoursPerStep*3600)
	if limit == math.MaxInt {
		return true // no cooldown
	}
	if int(d.orders) >= min(limit, math.MaxUint16) {
		d.pending = true
		s.deferred = append(s.deferred, v.i)
		return false
	}
	if d.orders == 0 {
		s.touched = append(s.touched, v.i)
	}
	d.orders++
	return true
}

// Seize takes units of collateral a; the treasury's fee units stay out of
// the market, the rest is sold.
func (v *legView) Seize(a int, units, feeUnits float64) float64 {
	d := v.d
	d.units[a] -= units
	d.gross[a] = math.Abs(d.units[a])
	v.s.record(a, units, units-feeUnits, true)
	return units * v.s.price[a]
}

// Repay lowers a debt by usd at the venue's price. A debt asset the
// liquidator must buy moves its market, unless it is what the seized
// wrapper is backed by (a stETH sale for ETH repays WETH debt in kind).
func (v *legView) Repay(debt, seized int, usd float64) {
	d := v.d
	if debt < 0 {
		d.cash += usd
		return
	}
	u := usd / v.s.px(d)[debt]
	d.units[debt] += u
	d.gross[debt] = math.Abs(d.units[debt])
	v.s.record(debt, -u, -u, backing[seized] != debt)
}

func (v *legView) Close(a int, f float64) float64 { return v.s.closeAsset(v.d, a, f) }
func (v *legView) CloseAll(f float64) float64     { return v.s.closeAll(v.d, f) }

// Settle ends the leg; a lending leg's debts are restated as cash debt
// first (nobody buys them: they are not repaid).
func (v *legView) Settle() float64 {
	if v.d.kind.lending() {
		return v.s.settleLending(v.d)
	}
	return v.s.settle(v.d)
}

// settleLending ends a lending domain: debt in assets is restated as cash
// debt at the market (nobody buys it: it is not repaid), collateral left is
// sold, and what the account still owes is bad debt.
func (s *sim) settleLending(d *domain) float64 {
	for a := range NumAssets {
		if u := d.units[a]; u < 0 {
			d.cash += u * s.price[a]
			d.units[a], d.gross[a] = 0, 0
			s.record(a, u, 0, false)
		}
	}
	return s.settle(d)
}
