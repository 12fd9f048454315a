// Isolated liquidation: each venue's own mechanics applied in float64 to one
// margin domain over time, with the venues' numbers taken from the venue
// registry (rules.go, popfile.go's legRule), never restated here; the integer
// versions with the contracts' rounding are internal/liquidation's, and
// TestIsolatedRulesMatchLiquidation compares the two on the same books.
package cascade

import (
	"math"
	"sort"
)

// dustUSD is the share of a book below which a reduction stops clipping
// and settles (a float64 floor of the simulation, not a venue rule).
const dustUSD = 1e-6

// liquidateIsolated applies the venue's rule to domain d and returns the
// notional it liquidated (USD) and whether it acted (false: deferred, as
// Hyperliquid's cooldown defers a large position's next order).
func (s *sim) liquidateIsolated(i int32, d *domain) (float64, bool) {
	switch d.kind {
	case KindAave:
		return s.liquidateAave(d), true
	case KindCompound:
		return s.absorbCompound(d), true
	case KindHyperliquid:
		return s.liquidateHyperliquid(i, d)
	case KindDYDX:
		return s.liquidateDYDX(d), true
	case KindReduce:
		return s.liquidateReduce(d), true
	case KindClose:
		return s.closeWithFee(d), true
	}
	return 0, false // custody never liquidates
}

// liquidateAave is one Aave v3 liquidationCall at the oracle prices: the
// liquidator repays the largest debt (cash is the stablecoin debt) up to
// the close factor — 50%, or 100% at health ≤ 0.95 — and seizes repaid ×
// (1 + bonus) of the largest collateral, capped at what there is. The
// protocol fee (its share of the bonus) stays with the treasury; the
// liquidator sells the rest. A debt asset the liquidator must buy moves
// its market, unless it is what the seized wrapper is backed by (a stETH
// sale for ETH repays WETH debt in kind). Collateral gone with debt left:
// the remaining debt is bad debt.
func (s *sim) liquidateAave(d *domain) float64 {
	p := s.px(d)
	debtAsset, debtUSD, totalDebt := -1, math.Max(0, -d.cash), math.Max(0, -d.cash)
	coll, collUSD, weighted := -1, 0.0, 0.0
	for a := range NumAssets {
		v := d.units[a] * p[a]
		switch {
		case v < 0:
			totalDebt -= v
			if -v > debtUSD {
				debtAsset, debtUSD = a, -v
			}
		case v > 0:
			weighted += (1 - d.mRate[a]) * v
			if v > collUSD {
				coll, collUSD = a, v
			}
		}
	}
	if coll < 0 || totalDebt <= 0 {
		return s.settleLending(d)
	}
	cf := venueRuleNumbers().aaveCloseFactor
	if weighted/totalDebt <= venueRuleNumbers().aaveFullCloseBelowHealth {
		cf = 1
	}
	repay := cf * debtUSD
	seize := repay * (1 + d.bonus)
	if seize >= collUSD {
		seize, repay = collUSD, collUSD/(1+d.bonus)
	}
	units := seize / p[coll]
	if seize == collUSD {
		units = d.units[coll]
	}
	fee := (seize - seize/(1+d.bonus)) * d.fee / p[coll]
	d.units[coll] -= units
	d.gross[coll] = math.Abs(d.units[coll])
	s.record(coll, units, units-fee, true)
	if debtAsset < 0 {
		d.cash += repay
	} else {
		u := repay / p[debtAsset]
		d.units[debtAsset] += u
		d.gross[debtAsset] = math.Abs(d.units[debtAsset])
		s.record(debtAsset, -u, -u, backing[coll] != debtAsset)
	}
	n := units * s.price[coll]
	if !anyCollateral(d) {
		n += s.settleLending(d)
	}
	return n
}

func anyCollateral(d *domain) bool {
	for a := range NumAssets {
		if d.units[a] > 0 {
			return true
		}
	}
	return false
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

// absorbCompound is Comet's absorb: every collateral unit goes to the
// protocol, which credits liquidationFactor (1 − bonus) of its value at the
// oracle against the base debt and sells it through buyCollateral (the
// buyers sell it on); a shortfall falls on the reserves (bad debt), a
// surplus stays with the account as base.
func (s *sim) absorbCompound(d *domain) float64 {
	p := s.px(d)
	n := 0.0
	for a := range NumAssets {
		if u := d.units[a]; u > 0 {
			d.cash += u * p[a] * (1 - d.bonus)
			d.units[a], d.gross[a] = 0, 0
			s.record(a, u, u, true)
			n += u * s.price[a]
		}
	}
	return n + s.settleLending(d)
}

// liquidateHyperliquid: below 2/3 of maintenance the backstop liquidator
// (HLP) takes every position and the margin (it unwinds them into the same
// market; negative equity is auto-deleveraged: bad debt). Otherwise market
// orders at the mark, no fee: a position above $100k of notional sends 20%
// per order, one order per 30 s cooldown, so at most maxOrders per step.
func (s *sim) liquidateHyperliquid(i int32, d *domain) (float64, bool) {
	e, m := s.equity(d, &s.price), s.maintenance(d, &s.price)
	if e < venueRuleNumbers().hyperliquidBackstopBelowMain*m {
		n := s.closeAll(d, 1)
		if d.cash > 0 {
			d.cash = 0 // the margin goes to HLP
		}
		return n + s.settle(d), true
	}
	if int(d.orders) >= s.maxOrders {
		d.pending = true
		s.deferred = append(s.deferred, i)
		return 0, false
	}
	if d.orders == 0 {
		s.touched = append(s.touched, i)
	}
	d.orders++
	n := 0.0
	for a := range NumAssets {
		f := 1.0
		if math.Abs(s.delta(d, a, s.price[a]))*s.price[a] > venueRuleNumbers().hyperliquidPartialAboveUSD {
			f = venueRuleNumbers().hyperliquidPartialFraction
		}
		n += s.closeAsset(d, a, f)
	}
	if !anyOpen(d) {
		n += s.settle(d)
	}
	return n, true
}

// liquidateDYDX closes positions whole, largest notional first, until the
// subaccount is back above maintenance; each close pays a fee of at most
// max_liquidation_fee_ppm (0.5%) of its notional to the insurance fund,
// never taking equity below zero. Negative equity: the insurance fund pays
// (bad debt).
func (s *sim) liquidateDYDX(d *domain) float64 {
	n := 0.0
	for _, a := range s.byNotional(d) {
		c := s.closeAsset(d, a, 1)
		n += c
		d.cash -= math.Min(d.bonus*c, math.Max(0, s.equity(d, &s.price)))
		if s.gap(d) >= 0 {
			break
		}
	}
	if !anyOpen(d) {
		n += s.settle(d)
	}
	return n
}

// byNotional lists the assets with a position, largest notional first.
func (s *sim) byNotional(d *domain) []int {
	var idx []int
	for a := range NumAssets {
		if d.units[a] != 0 || d.gam[a] != 0 {
			idx = append(idx, a)
		}
	}
	sort.SliceStable(idx, func(x, y int) bool {
		return math.Abs(s.delta(d, idx[x], s.price[idx[x]]))*s.price[idx[x]] >
			math.Abs(s.delta(d, idx[y], s.price[idx[y]]))*s.price[idx[y]]
	})
	return idx
}

// liquidateReduce is Deribit's incremental reduction: clips of 10% of the
// original positions until equity ≥ maintenance; an account with no equity
// left is closed whole (the insurance fund takes the shortfall).
func (s *sim) liquidateReduce(d *domain) float64 {
	if s.equity(d, &s.price) <= 0 {
		return s.settle(d)
	}
	n := 0.0
	for k := 0; float64(k) < 1/venueRuleNumbers().reductionClip+1 && s.gap(d) < 0 && d.size > dustUSD; k++ {
		n += s.closeAll(d, math.Min(1, venueRuleNumbers().reductionClip/d.size))
	}
	if !anyOpen(d) || d.size <= dustUSD {
		n += s.settle(d)
	}
	return n
}

// closeWithFee is GMX v2: the position closes whole and pays the
// liquidation fee (0.2% of notional) out of what collateral is left.
func (s *sim) closeWithFee(d *domain) float64 {
	e := s.equity(d, &s.price)
	n := s.closeAll(d, 1)
	d.cash -= math.Min(d.bonus*n, math.Max(0, e))
	return n + s.settle(d)
}
