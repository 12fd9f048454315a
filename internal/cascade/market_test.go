// Second-order option P&L, the stETH market and the unified engine's
// health property.
package cascade

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/pricing"
)

// TestShortGammaLosesMore: a short put's delta-gamma value tracks full
// Black-76 repricing (within tolGammaMove of notional × |move| over ±20%:
// the third-order term of a 30-day put) and loses more than its delta alone
// in a big move either way; a population of option writers therefore loses
// more accounts, and more bad debt, to a 50% fall with gamma than with
// gamma zeroed.
func TestShortGammaLosesMore(t *testing.T) {
	p0 := defaultStart
	w, err := newWriterGreeks(p0)
	if err != nil {
		t.Fatal(err)
	}
	leg := w.legs(aWETH, 10_000, "hyperliquid", p0)[0]
	q := -leg.Contracts[aWETH]
	s := &sim{ref: p0}
	d := legDomain(0, &leg, &p0)
	base := s.equity(&d, &p0)
	for _, x := range []float64{-0.2, -0.1, 0.1, 0.2} {
		p := p0
		p[aWETH] *= 1 + x
		full := base - q*(pricing.Black76Price(pricing.Put, p[aWETH], w.opt[aWETH].Strike, w.opt[aWETH].Vol,
			w.opt[aWETH].ExpiryYears, 0)-w.greek[aWETH].Price)
		got := s.equity(&d, &p)
		if !near(got, full, tolGammaMove*q*p0[aWETH]*math.Abs(x)) {
			t.Errorf("move %+.0f%%: delta-gamma equity %.2f, Black-76 %.2f", 100*x, got, full)
		}
		deltaOnly := base + d.units[aWETH]*(p[aWETH]-p0[aWETH])
		if !(got < deltaOnly) {
			t.Errorf("move %+.0f%%: short gamma %.2f not below delta only %.2f", 100*x, got, deltaOnly)
		}
	}
	pop := writersOnly(testPop(t, 4000, p0, 8))
	flat := writersOnly(testPop(t, 4000, p0, 8))
	for i := range flat.Accounts {
		for li := range flat.Accounts[i].Legs {
			flat.Accounts[i].Legs[li].Gamma = [NumAssets]float64{}
		}
	}
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	path := Shock(aWETH, -0.5, 2)
	withG, without := simulateT(pop, path, Isolated, &cfg).Metrics, simulateT(flat, path, Isolated, &cfg).Metrics
	if withG.AccountsLiquidated <= without.AccountsLiquidated || withG.BadDebtUSD <= without.BadDebtUSD {
		t.Fatalf("gamma liquidates %d writers (bad debt %.0f), delta only %d (%.0f): want more",
			withG.AccountsLiquidated, withG.BadDebtUSD, without.AccountsLiquidated, without.BadDebtUSD)
	}
}

// tolGammaMove bounds the delta-gamma error of the writers' 30-day puts
// (10% out of the money), per unit of notional and of move, up to ±20%.
const tolGammaMove = 0.035

func writersOnly(pop *Population) *Population {
	out := &Population{Start: pop.Start}
	for _, a := range pop.Accounts {
		if a.Book == "option-writer" && a.Legs[0].Units[aWETH] != 0 {
			out.Accounts = append(out.Accounts, a)
		}
	}
	return out
}

// TestStETHDepeg: a stETH depeg alone liquidates nothing at Aave v3 (the
// exchange-rate oracle) but does liquidate e-mode loopers under the unified
// model, which values stETH at market; their sales then push stETH below
// its exogenous path, and by_asset reports it.
func TestStETHDepeg(t *testing.T) {
	p0 := defaultStart
	pop := testPop(t, 5000, p0, 12)
	cfg := DefaultConfig()
	path := Shock(aStETH, -0.15, 3)
	iso := simulateT(pop, path, Isolated, &cfg).Metrics
	hub := simulateT(pop, path, Hub, &cfg).Metrics
	if iso.Liquidations != 0 {
		t.Errorf("isolated: %d liquidations on a pure depeg, want 0", iso.Liquidations)
	}
	st := hub.ByAsset["stETH"]
	if hub.Liquidations == 0 || st.SoldUnits <= 0 {
		t.Fatalf("hub: %d liquidations, %g stETH sold: want loopers liquidated", hub.Liquidations, st.SoldUnits)
	}
	if st.Amplification == nil || *st.Amplification <= 1 || st.MinPrice >= st.ExogenousMinPrice {
		t.Errorf("hub stETH: min %g exogenous %g amplification %v", st.MinPrice, st.ExogenousMinPrice, st.Amplification)
	}
	if hub.MinPrice != st.MinPrice {
		t.Errorf("min_price %g is not the path's primary asset (stETH) %g", hub.MinPrice, st.MinPrice)
	}
}

// TestWrapperFollowsBacking: stETH follows WETH's impacted price exactly
// while nobody sells stETH, and a WETH shock names WETH the primary asset.
func TestWrapperFollowsBacking(t *testing.T) {
	path := Shock(aWETH, -0.3, 3)
	if path.Primary != aWETH || path.Prices[3][aStETH] != path.Prices[3][aWETH] {
		t.Fatalf("shock path %+v", path)
	}
	pop := testPop(t, 3000, path.Prices[0], 5)
	cfg := DefaultConfig()
	r := simulateT(pop, path, Isolated, &cfg)
	if r.Metrics.ByAsset["stETH"].SoldUnits != 0 {
		t.Fatal("stETH was sold: the identity below needs a population that does not sell it")
	}
	for t0, p := range r.Series.Price {
		if p[aStETH] != p[aWETH] {
			t.Fatalf("step %d: stETH %v, WETH %v", t0, p[aStETH], p[aWETH])
		}
	}
	if r.Series.Price[3][aWETH] >= path.Prices[3][aWETH] {
		t.Fatalf("no WETH impact to follow")
	}
}

// TestUnifiedNeverLowersHealth (rapid): on a move of WETH and WBTC, the
// unified engine's liquidation of every hub account the kernel finds below
// maintenance either closes it, or leaves the kernel's equity at least the
// engine's target, min(initial, maintenance × (1 + rebalance_buffer)), or
// stops at its sale budget (what the account's venues would sell now) with
// its health not lowered; it leaves an account alone only when that budget
// is 0 and its equity positive (idle).
func TestUnifiedNeverLowersHealth(t *testing.T) {
	path := mustPath(t, "shock:WETH:-0.1", 2)
	pop := testPop(t, 400, path.Prices[0], 11)
	rapid.Check(t, func(rt *rapid.T) {
		cfg := DefaultConfig()
		s, _, err := newSim(pop, path, Hub, &cfg)
		if err != nil {
			rt.Fatal(err)
		}
		for a := range NumAssets {
			if a == aWETH || a == aWBTC {
				s.price[a] *= 1 + rapid.Float64Range(-0.4, 0.3).Draw(rt, Assets[a])
			}
		}
		s.price[aStETH] = s.price[aWETH] * pop.Start[aStETH] / pop.Start[aWETH]
		s.oracle = s.price
		s.oracle[aStETH] = s.price[aWETH] * pop.Start[aStETH] / pop.Start[aWETH]
		liquidated, bounds := 0, 0
		opt := liquidation.DefaultOptions()
		opt.PenaltyRate, opt.ClipFraction = cfg.PenaltyRate, cfg.ClipFraction
		for i := range s.ds {
			d := &s.ds[i]
			u := s.margin(d)
			if !u.Liquidatable {
				continue
			}
			budget := s.venueSales(d)
			_, acted, bound := liquidation.FastUnified(unifiedBook{s, d}, opt, s.k.rp.RebalanceBuffer)
			if !acted {
				if !s.idle(d, u.Equity) || budget > 0 {
					rt.Fatalf("%s: liquidatable (equity %v, budget %v), not liquidated", pop.Accounts[i].ID, u.Equity, budget)
				}
				continue
			}
			liquidated++
			if d.dead {
				continue
			}
			after := s.margin(d)
			h0, h1 := u.Equity/u.Maintenance, after.Equity/after.Maintenance
			if bound {
				bounds++
				if h1 < h0-1e-12*math.Abs(h0) {
					rt.Fatalf("%s: budget bound, health %v → %v", pop.Accounts[i].ID, h0, h1)
				}
				continue
			}
			if target := liquidation.UnifiedTarget(&after, s.k.rp.RebalanceBuffer); after.Equity < target-1e-12*math.Abs(target) {
				rt.Fatalf("%s: health %v → %v (target equity %v, equity %v)", pop.Accounts[i].ID, h0, h1, target, after.Equity)
			}
		}
		if liquidated == 0 {
			rt.Skip("no account liquidated on this move")
		}
		rt.Logf("%d liquidated, %d stopped at their budget", liquidated, bounds)
	})
}

// TestHyperliquidCooldown: a large position sends one 20% order per 30 s
// cooldown; with 30-second steps the second order waits for the next step.
func TestHyperliquidCooldown(t *testing.T) {
	p0 := defaultStart
	n := 10_000.0 // ETH long, 16M USD notional: above the 100k partial threshold
	p1 := p0
	p1[aWETH] *= 0.99
	p1[aStETH] = p1[aWETH]
	mm := 0.02 * n * p1[aWETH]
	equity := 0.75 * mm // between 2/3 (backstop) and 0.8 (one order is not enough)
	leg := newLeg("hyperliquid", aWETH, n, equity-n*p1[aWETH], p0)
	pop := &Population{Accounts: []Account{{ID: "hl", Legs: []Leg{leg}}}, Start: p0}
	path := &Path{Name: "cooldown", Prices: [][NumAssets]float64{p0, p1, p1, p1}, HoursPerStep: 30.0 / 3600}
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	r := simulateT(pop, path, Isolated, &cfg)
	cum := r.Series.CumLiquidatedUSD
	first, second := 0.2*n*p1[aWETH], 0.2*0.8*n*p1[aWETH]
	if r.Metrics.Liquidations != 2 || !close(cum[1], first) || !close(cum[2], first+second) || cum[3] != cum[2] {
		t.Fatalf("liquidations %d, cumulative %v; want one 20%% order per step: %v then %v",
			r.Metrics.Liquidations, cum, first, first+second)
	}
}

// grossUSD is Σ |units|·price of a domain, the scale of its equity's terms.
