// The unified engine's sale budget in the cascade (budget.go): the budget
// is what the account's venues would sell now, the engine stops at it as
// liquidation.Run's does, and parked accounts wake when it turns positive.
package cascade

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/market"
)

// budgetCase is one account of two perp legs on WETH — Hyperliquid 10 ETH
// long with 200 USD of equity at WETH 1,520, dYdX 100 ETH long with 6,000
// — and the WETH move 1,600 → 1,520 (−5%).
func budgetCase() ([]Leg, [NumAssets]float64) {
	p0, p1 := defaultStart, defaultStart
	p1[aWETH], p1[aStETH] = 1520, 1520
	// a perp leg's equity at p is cash + units·p
	return []Leg{newLeg("hyperliquid", aWETH, 10, 200-10*1520, p0), newLeg("dydx-v4", aWETH, 100, 6000-100*1520, p0)}, p1
}

// hubAt is a hub simulation of one account of legs (from defaultStart,
// without impact) at the prices p1 of its second step, and the account.
func hubAt(t interface{ Fatal(...any) }, legs []Leg, p1 [NumAssets]float64, cfg *Config) (*sim, *Population) {
	pop := &Population{Accounts: []Account{{ID: "one", Legs: legs}}, Start: defaultStart}
	path := &Path{Name: "step", Prices: [][NumAssets]float64{defaultStart, p1}, HoursPerStep: 0.072}
	s, _, err := newSim(pop, path, Hub, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.setPrices(1)
	return s, pop
}

// unifiedOptions are the unified engine's options the cascade runs with.
func unifiedOptions(cfg *Config) liquidation.Options {
	opt := liquidation.DefaultOptions()
	opt.PenaltyRate, opt.ClipFraction = cfg.PenaltyRate, cfg.ClipFraction
	return opt
}

// TestBudgetHand: the hand-derived case (budgetCase). At WETH 1,520:
//
//   - Hyperliquid: equity 200, maintenance 10 × 1,520 / 50 = 304 (half the
//     initial 1/25): below; its notional 15,200 is under the partial
//     threshold (100,000), so its rule closes the whole position: it sells
//     10 × 1,520 = 15,200 USD;
//   - dYdX: equity 6,000, maintenance 3% × 152,000 = 4,560: above, sells
//     nothing;
//
// so the budget is 15,200. The unified account: equity 6,200 on 110 ETH
// long, 167,200 USD; the kernel's maintenance is 14.4% of it, 24,076.80,
// its initial 18%, 30,096 (margin.Compute's figures on this book), so its
// target is min(30,096, 1.1 × 24,076.80) = 26,484.48. The engine's first
// clip (10% of the 110 ETH holding, 16,720 USD) is cut to the 15,200 left
// and it stops there, bound: 100 ETH open, equity 6,200 (a close at the
// mark; no penalty below the target), maintenance 0.144 × 152,000 =
// 21,888. liquidation.Run on the same book and market (its candidates are
// the two positions: the dYdX clip of 10 ETH, 15,200 USD, relieves most)
// gives the same: venue sales 15,200 and 0, budget 15,200, sold 15,200,
// budget_bound, equity 6,200 and maintenance 21,888 after.
func TestBudgetHand(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	legs, p1 := budgetCase()
	s, pop := hubAt(t, legs, p1, &cfg)
	d := &s.ds[0]
	u := s.margin(d)
	if !u.Liquidatable || !near(u.Equity, 6200, 1e-6) || !near(u.Maintenance, 24076.8, 1e-6) ||
		!near(u.Initial, 30096, 1e-6) {
		t.Fatalf("unified before %+v, want equity 6,200, maintenance 24,076.80, initial 30,096", u)
	}
	if got := s.venueSales(d); !near(got, 15200, 1e-6) {
		t.Fatalf("budget %.6f, want 15,200 (Hyperliquid's whole 10 ETH at 1,520)", got)
	}
	sold, acted, bound := liquidation.FastUnified(unifiedBook{s, d}, unifiedOptions(&cfg), s.k.rp.RebalanceBuffer)
	after := s.margin(d)
	if !acted || !bound || !near(sold, 15200, 1e-6) || !near(d.units[aWETH], 100, 1e-9) {
		t.Fatalf("sold %.6f (acted %v, bound %v), %v ETH open; want 15,200, bound, 100 ETH", sold, acted, bound,
			d.units[aWETH])
	}
	if !near(after.Equity, 6200, 1e-6) || !near(after.Maintenance, 21888, 1e-6) {
		t.Fatalf("after: equity %v maintenance %v, want 6,200 and 21,888", after.Equity, after.Maintenance)
	}
	rep, err := liquidation.Run(bookOfAccount(t, &pop.Accounts[0], pop.Start), mustMarket(t, s.price), s.k.rp,
		unifiedOptions(&cfg))
	if err != nil {
		t.Fatal(err)
	}
	x := &rep.Unified
	if !near(rep.Venues[0].SoldUSD, 15200, 1e-6) || rep.Venues[1].SoldUSD != 0 || !near(x.SaleBudgetUSD, 15200, 1e-6) ||
		!near(x.SoldUSD, 15200, 1e-6) || !x.BudgetBound || !near(x.EquityAfter, 6200, 1e-6) ||
		!near(x.MaintenanceAfter, 21888, 1e-6) {
		t.Fatalf("liquidation.Run: venues sold %v and %v, budget %v, sold %v, bound %v, equity %v, maintenance %v",
			rep.Venues[0].SoldUSD, rep.Venues[1].SoldUSD, x.SaleBudgetUSD, x.SoldUSD, x.BudgetBound, x.EquityAfter,
			x.MaintenanceAfter)
	}
}

func mustMarket(t testing.TB, p [NumAssets]float64) *market.Snapshot {
	t.Helper()
	m, err := Market(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBudgetStepMatchesRun (rapid): FastUnified in a cascade step, with
// the cascade's budget (venueSales on the shadow legs), does what
// liquidation.Run's unified engine does on the same book at the same
// market: the same budget, liquidatable or not, notional sold, budget
// bound, close-out, bad debt and figures after, within the clips'
// rounding (the exact engine's amounts are 6-decimal, its clips rounded
// down to 8 decimals and a budget-cut clip to 9). The books hold one perp
// on each of WETH and WBTC, at Hyperliquid and dYdX in either order, so
// that the cascade's holdings (an asset's exposure) are the exact
// engine's candidates (its positions); both prices move.
func TestBudgetStepMatchesRun(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	opt := unifiedOptions(&cfg)
	bounds, targets, closes := 0, 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		p0 := defaultStart
		venues := []string{"hyperliquid", "dydx-v4"}
		if rapid.Bool().Draw(rt, "dydx on WETH") {
			venues[0], venues[1] = venues[1], venues[0]
		}
		var legs []Leg
		for k, a := range []int{aWETH, aWBTC} {
			notional := math.Exp(rapid.Float64Range(math.Log(2000), math.Log(2e6)).Draw(rt, "notional "+Assets[a]))
			units := notional / p0[a]
			if rapid.Bool().Draw(rt, "short "+Assets[a]) {
				units = -units
			}
			equity := notional * rapid.Float64Range(0.005, 0.15).Draw(rt, "equity share "+Assets[a])
			legs = append(legs, newLeg(venues[k], a, units, equity-units*p0[a], p0))
		}
		p1 := p0
		p1[aWETH] *= 1 + rapid.Float64Range(-0.12, 0.12).Draw(rt, "WETH move")
		p1[aWBTC] *= 1 + rapid.Float64Range(-0.12, 0.12).Draw(rt, "WBTC move")
		p1[aStETH] = p1[aWETH]
		s, pop := hubAt(rt, legs, p1, &cfg)
		d := &s.ds[0]
		u := s.margin(d)
		budget := s.venueSales(d)
		sold, _, bound := liquidation.FastUnified(unifiedBook{s, d}, opt, s.k.rp.RebalanceBuffer)
		rep, err := liquidation.Run(bookOfAccount(t, &pop.Accounts[0], p0), mustMarket(t, p1), s.k.rp, opt)
		if err != nil {
			rt.Fatal(err)
		}
		x := &rep.Unified
		scale := 1e-6*(math.Abs(legs[0].Units[aWETH])*p1[aWETH]+math.Abs(legs[1].Units[aWBTC])*p1[aWBTC]) + 0.05
		if u.Liquidatable != x.Liquidatable || !near(budget, x.SaleBudgetUSD, scale) {
			rt.Fatalf("liquidatable %v budget %.6f; liquidation.Run %v %.6f", u.Liquidatable, budget, x.Liquidatable,
				x.SaleBudgetUSD)
		}
		if !u.Liquidatable {
			return
		}
		// clips that sell the whole book leave the exact engine's account
		// open with cash only, where FastUnified settles it (nothing open)
		whole := math.Abs(legs[0].Units[aWETH])*p1[aWETH] + math.Abs(legs[1].Units[aWBTC])*p1[aWBTC]
		soldOut := d.dead && !x.Closed && near(x.SoldUSD, whole, scale)
		if !near(sold, x.SoldUSD, scale) || bound != x.BudgetBound || d.dead != x.Closed && !soldOut ||
			!near(s.res.Metrics.BadDebtUSD, x.BadDebtUSD, scale) {
			rt.Fatalf("sold %.6f bound %v closed %v bad debt %.6f; liquidation.Run %.6f %v %v %.6f", sold, bound, d.dead,
				s.res.Metrics.BadDebtUSD, x.SoldUSD, x.BudgetBound, x.Closed, x.BadDebtUSD)
		}
		switch {
		case d.dead && !soldOut:
			closes++
			return
		case bound:
			bounds++
		default:
			targets++
		}
		after := s.margin(d)
		// the exact engine pays a penalty only in whole base units of the
		// cash asset that leave equity at its level (liquidation's
		// penaltyUnits): where the level lies within a unit or two of the
		// settled net it waives the penalty FastUnified pays in float64
		// (seen: 1.55 USD on a 983 USD sale, exact equity 2e-7 short of
		// its target after rounding)
		diff := x.EquityAfter - after.Equity
		waived := x.PenaltyUSD == 0 && diff > 0 && diff <= opt.PenaltyRate*sold+scale
		if !near(after.Equity, x.EquityAfter, scale) && !waived || !near(after.Maintenance, x.MaintenanceAfter, scale) {
			rt.Fatalf("after: equity %.6f maintenance %.6f; liquidation.Run %.6f %.6f (penalty %.6f)", after.Equity,
				after.Maintenance, x.EquityAfter, x.MaintenanceAfter, x.PenaltyUSD)
		}
	})
	// the draws must reach each outcome, or the test cannot fail on it
	if bounds == 0 || targets == 0 || closes == 0 {
		t.Fatalf("outcomes: %d budget bound, %d at target, %d closed: the draws miss one", bounds, targets, closes)
	}
	t.Logf("%d budget bound, %d at target, %d closed", bounds, targets, closes)
}

// TestShadowLegsFollowClips: every hub and uct account's shadow legs (the
// books its venues hold, which the budget is read from) follow its unified
// clips: at every step of a run with resized books, Σ over its legs of the
// units of each asset is the unified domain's, and a closed account's legs
// hold nothing.
func TestShadowLegsFollowClips(t *testing.T) {
	path := mustPath(t, "2021-05-19", 80)
	pop := testPop(t, 2000, path.Prices[0], 3)
	cfg := DefaultConfig()
	cfg.ResizeAtStart = true
	for _, arch := range []Arch{Hub, UCT} {
		s, _, err := newSim(pop, path, arch, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		clipped := 0
		for step := range path.Prices {
			s.advance(step)
			for i := range s.ds {
				d := &s.ds[i]
				var sum [NumAssets]float64
				for _, l := range s.legs(d) {
					for a := range NumAssets {
						sum[a] += l.units[a]
					}
				}
				for a := range NumAssets {
					if !near(sum[a], d.units[a], 1e-9*(1+math.Abs(d.units[a]))) {
						t.Fatalf("%s step %d %s: legs hold %v %s, the account %v", arch, step, pop.Accounts[i].ID,
							sum[a], Assets[a], d.units[a])
					}
				}
				if d.size < 1 && step == len(path.Prices)-1 {
					clipped++
				}
			}
		}
		if clipped == 0 {
			t.Fatalf("%s: no account clipped: the test needs clips", arch)
		}
	}
}

// TestBudgetHonoursCooldown: the budget is what the venues would sell by
// their whole rule, Hyperliquid's cooldown included. A Hyperliquid leg of
// 100 ETH long at WETH 1,520 (152,000 USD, above the 100,000 partial
// threshold) with 2,500 USD of equity: below its maintenance 152,000 / 50
// = 3,040, above the backstop's 2/3 of it (2,026.67), so the venue sends
// one order of 20%, 30,400 USD, per 30 s. With 30-second steps the budget
// is 30,400, then 0 in the same step (the order is spent), then 30,400
// again in the next step.
func TestBudgetHonoursCooldown(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	p1 := defaultStart
	p1[aWETH], p1[aStETH] = 1520, 1520
	s, _ := hubAt(t, []Leg{newLeg("hyperliquid", aWETH, 100, 2500-100*1520, defaultStart)}, p1, &cfg)
	s.path.HoursPerStep = 30.0 / 3600
	d := &s.ds[0]
	first := s.venueSales(d)
	again := s.venueSales(d)
	s.resume() // the next step
	next := s.venueSales(d)
	if !near(first, 30400, 1e-6) || again != 0 || !near(next, 30400, 1e-6) {
		t.Fatalf("budgets %v, %v in one step, %v in the next; want 30,400, 0, 30,400", first, again, next)
	}
}
