package cascade

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/venue"
)

// Bounds of TestLegCrossingsMatchModels, as a share of the start price:
//   - boundLinear, 1e-4: a perp or lending leg's maintenance is linear in
//     its price, read off the venue model (synthetic rates: the models' own,
//     TestVenueRulesMatchModels); what is left is the test's 6-decimal book
//     (measured ≤ 4.1e-5 on the smallest legs, ~1e-7 on the rest);
//   - boundWhale, 5e-3: a whale leg carries its file's value-weighted
//     liquidation thresholds, the model its own parameter set's (measured
//     3.7e-3 on 0xb8551abd's WETH);
//   - boundOptions, 1e-4: an option writer's leg is the puts' delta and
//     gamma at the start with its maintenance tilted (crossAt) to cross at
//     Deribit's own liquidation price, read once per asset from the model
//     (venue.LiquidationPrices: the model reprices the puts and their
//     maintenance); what is left is the 6-decimal book (measured 7.1e-6).
//     The second-order leg alone crossed late by 2.35e-2 of the start
//     price for WETH, 2.53e-2 for WBTC (1,037 against 1,075 at a start of
//     1,600): the cascade liquidated option writers that much late.
const (
	boundLinear  = 1e-4
	boundWhale   = 5e-3
	boundOptions = 1e-4
)

// TestLegCrossingsMatchModels: an isolated leg's maintenance in the cascade
// is a linearisation of its venue's model (Leg: M0 + Σ (MRate·|Δ| +
// Extra)·p, with the equity's gamma), not the model itself. This bounds it
// where it matters, at the price where the leg is liquidated: for every leg
// of a synthetic population exposed to one asset, the price where its gap
// crosses zero as that asset falls (the linear root, or the quadratic's
// lower root with gamma) is the venue model's own liquidation price
// (venue.LiquidationPrices on the leg written as its venue) within the
// bound of its class above.
func TestLegCrossingsMatchModels(t *testing.T) {
	p0 := defaultStart
	pop, err := Synthetic(2000, p0, 7)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Market(p0)
	if err != nil {
		t.Fatal(err)
	}
	worst := map[string]float64{}
	for ai := range pop.Accounts {
		acc := &pop.Accounts[ai]
		for li := range acc.Legs {
			l := &acc.Legs[li]
			a, ok := singleExposure(l)
			if !ok {
				continue
			}
			cross, ok := fallingCrossing(l, a, p0)
			if !ok {
				continue
			}
			b := bookOfAccount(t, &Account{ID: acc.ID, Legs: []Leg{*l}}, p0)
			prices, err := venue.LiquidationPrices(&b.Venues[0], m)
			if err != nil {
				t.Fatal(err)
			}
			var model *float64
			for _, sym := range families[a] {
				if p := prices[sym]; p != nil {
					model = p
					break
				}
			}
			if model == nil {
				t.Errorf("%s %s: the leg crosses at %.4f, the model never", acc.ID, l.Venue, cross)
				continue
			}
			class, bound := "linear", boundLinear
			switch {
			case acc.Book == "whale":
				class, bound = "whale", boundWhale
			case len(l.Options) > 0:
				class, bound = "options", boundOptions
			}
			d := math.Abs(cross-*model) / p0[a]
			worst[class] = math.Max(worst[class], d)
			if d > bound {
				t.Errorf("%s %s %s: the leg crosses at %.4f, the model at %.4f: %.2e of the start price > %.0e",
					acc.ID, l.Venue, Assets[a], cross, *model, d, bound)
			}
		}
	}
	if len(worst) != 3 {
		t.Fatalf("classes compared %v: the population needs linear, whale and option legs", worst)
	}
	t.Logf("largest gap to the model's liquidation price, share of the start price: %v", worst)
}

// singleExposure is the one asset a leg's gap moves with at its venue's
// prices (false: several, none, or stETH behind an exchange-rate oracle).
func singleExposure(l *Leg) (int, bool) {
	exposed, a := 0, 0
	for b := range NumAssets {
		if l.Units[b] != 0 || l.Gamma[b] != 0 {
			exposed, a = exposed+1, b
		}
	}
	return a, exposed == 1 && l.Kind != KindCustody && !(l.RateOracle && a == aStETH)
}

// fallingCrossing is the price below p0 where the leg's gap crosses zero as
// asset a falls alone (engine.go's maintenance and equity; placeLinear's
// and placeQuadratic's roots).
func fallingCrossing(l *Leg, a int, p0 [NumAssets]float64) (float64, bool) {
	r := p0[a]
	if l.Gamma[a] == 0 {
		sl := l.Units[a] - l.MRate[a]*math.Abs(l.Units[a]) - l.Extra[a]
		p := -(l.Cash - l.M0) / sl
		return p, sl > 0 && p > 0 && p < r
	}
	if l.MRate[a] != 0 {
		return 0, false
	}
	bq, cq := l.Units[a]-l.Extra[a], 0.5*l.Gamma[a]
	c0 := l.Cash - l.M0 + bq*r
	disc := bq*bq - 4*cq*c0
	if !(cq < 0) || disc < 0 {
		return 0, false
	}
	p := r + (-bq+math.Sqrt(disc))/(2*cq)
	return p, p > 0 && p < r
}

// TestOptionWriterLiquidatedWhereModelSays: an option writer's Deribit leg
// is liquidated at the step whose price is just below the venue model's own
// liquidation price, and not at the step just above, as liquidation.Run
// (the contract-exact executor on the leg written as its venue, repricing
// the puts) says at the same prices. The second-order leg without crossAt
// first crossed 2.35% of the start price lower (1,037 against 1,075 at a
// WETH start of 1,600 in the old bound's measure): it was not liquidated
// at the step just below.
func TestOptionWriterLiquidatedWhereModelSays(t *testing.T) {
	p0 := defaultStart
	w, err := newWriterGreeks(p0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []int{aWETH, aWBTC} {
		liq := w.liq[a]
		if liq <= 0 {
			t.Fatalf("%s: the model gives the writer no liquidation price below the start", Assets[a])
		}
		writer := w.legs(a, 25_000, "hyperliquid", p0)[0]
		for _, x := range []float64{+1e-3, -1e-3} { // a step just above, then just below
			p1 := p0
			p1[a] = liq * (1 + x)
			if a == aWETH {
				p1[aStETH] *= p1[aWETH] / p0[aWETH]
			}
			_, _, sold := oneShot(writer, p0, p1)
			book := bookOfAccount(t, &Account{ID: "w", Legs: []Leg{writer}}, p0)
			m, err := Market(p1)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := liquidation.Run(book, m, margin.DefaultRiskParams(), liquidation.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if exact := rep.Venues[0].Liquidatable; (sold > 0) != exact || exact != (x < 0) {
				t.Errorf("%s at %.2f (model's price %.2f %+.1f%%): the cascade sold %.2f, the model liquidates: %v",
					Assets[a], p1[a], liq, 100*x, sold, exact)
			}
		}
	}
}

// TestFileOptionLegCrossesAtModel: an option writer loaded from a
// population file is liquidated where Deribit's model liquidates it, as a
// generated writer is (crossAt): the leg's gap, as WETH falls alone,
// crosses zero at the model's own liquidation price within boundOptions of
// the start price (engineCrossing: the engine's gap, not a closed form).
// The book: 18.75 ETH puts struck at 1,440, 30 days, sold at Deribit
// against 7,000 USDC, at a WETH start of 1,600 (the generated writer's
// puts on 10,000 USD of equity); Deribit's model liquidates it at 1,216.54.
// Before file legs took the writers' path, the leg kept the form read off
// the model by 1% bumps (delta, gamma, and maintenance 0.2496 per unit of
// |delta|, which grows with the short put's delta as WETH falls) and
// crossed at 1,337.59: 7.57e-2 of the start price early.
func TestFileOptionLegCrossesAtModel(t *testing.T) {
	p0 := defaultStart
	m, err := Market(p0)
	if err != nil {
		t.Fatal(err)
	}
	expiry := m.AsOf.Add(30 * 24 * time.Hour).Format(time.RFC3339)
	doc := fmt.Sprintf(`{"accounts": [{"account": "w", "venues": [{"id": "deribit", "model": "deribit-standard",
		"chain": "offchain", "collateral": [{"asset": "USDC", "amount": "7000"}],
		"positions": [{"kind": "option", "underlying": "ETH", "right": "put", "strike": "1440",
		"expiry": %q, "quantity": "-18.75"}]}]}]}`, expiry)
	pop, err := ParsePopulation([]byte(doc), p0)
	if err != nil {
		t.Fatal(err)
	}
	l := &pop.Accounts[0].Legs[0]
	if a, ok := singleExposure(l); !ok || a != aWETH || l.Gamma[aWETH] >= 0 {
		t.Fatalf("the file's writer is not a short-gamma WETH leg: units %v gamma %v", l.Units, l.Gamma)
	}
	cross := engineCrossing(l, aWETH, p0)
	if cross == 0 {
		t.Fatal("the leg never crosses maintenance as WETH falls")
	}
	prices, err := venue.LiquidationPrices(&pop.Accounts[0].doc.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	model := prices["ETH"]
	if model == nil {
		t.Fatalf("the model has no ETH liquidation price: %v", prices)
	}
	t.Logf("the file leg crosses at %.2f, the model at %.2f", cross, *model)
	if d := math.Abs(cross-*model) / p0[aWETH]; d > boundOptions {
		t.Errorf("the file leg crosses at %.2f, the model at %.2f: %.2e of the start price > %.0e",
			cross, *model, d, boundOptions)
	}
}

// engineCrossing is the highest price below p0 where leg l's gap, as the
// engine computes it (sim.equity − sim.maintenance on its domain), crosses
// zero as asset a falls alone (0: none above 1e-3 of p0): a scan down in
// steps of 1e-4 of p0, then bisection to 1e-9 of p0.
func engineCrossing(l *Leg, a int, p0 [NumAssets]float64) float64 {
	s := &sim{ref: p0}
	d := legDomain(0, l, &p0)
	gap := func(pa float64) float64 {
		p := p0
		p[a] = pa
		return s.equity(&d, &p) - s.maintenance(&d, &p)
	}
	if gap(p0[a]) < 0 {
		return 0
	}
	step := 1e-4 * p0[a]
	for hi := p0[a]; hi-step > 1e-3*p0[a]; hi -= step {
		if lo := hi - step; gap(lo) < 0 {
			for hi-lo > 1e-9*p0[a] {
				if mid := (lo + hi) / 2; gap(mid) < 0 {
					lo = mid
				} else {
					hi = mid
				}
			}
			return (lo + hi) / 2
		}
	}
	return 0
}

// TestMaintenanceAfterIsClose: what the reduction weighs before a clip
// (maintenanceAfter, liquidation.FastLeg.MaintenanceAfter) is the leg's
// maintenance after that clip (closeAsset) at the same prices, on a leg of
// two positions with every maintenance term (a rate on |delta|, gamma, a
// per-contract add-on and a fixed part, which the positions carry by their
// start notional: 1,000 × 3·1,600 / (3·1,600 + 0.2·40,000) = 375 on WETH,
// 625 on WBTC); and closing share f of everything (closeAll) leaves (1 − f)
// of the fixed part.
func TestMaintenanceAfterIsClose(t *testing.T) {
	p0 := [NumAssets]float64{aWETH: 1600, aWBTC: 40_000, aStETH: 1600}
	p1 := [NumAssets]float64{aWETH: 1450, aWBTC: 41_000, aStETH: 1450}
	var l Leg
	l.Kind, l.Cash, l.M0 = KindReduce, 5_000, 1_000
	l.Units[aWETH], l.MRate[aWETH] = 3, 0.05
	l.Units[aWBTC], l.Gamma[aWBTC], l.Extra[aWBTC], l.Contracts[aWBTC] = -0.1, -2e-5, 0.015, 0.2
	s := &sim{ref: p0, price: p1, res: &Result{}}
	d := legDomain(0, &l, &p0)
	if !near(d.m0a[aWETH], 375, 1e-12) || !near(d.m0a[aWBTC], 625, 1e-12) {
		t.Fatalf("fixed part carried: WETH %v, WBTC %v; want 375, 625", d.m0a[aWETH], d.m0a[aWBTC])
	}
	for _, a := range []int{aWETH, aWBTC} {
		for _, f := range []float64{0.1, 0.5, 1} {
			c := d
			s.closeAsset(&c, a, f)
			if got, want := s.maintenanceAfter(&d, a, f), s.maintenance(&c, &p1); !near(got, want, 1e-12) {
				t.Errorf("%s, f %v: maintenanceAfter %v, after the close %v", Assets[a], f, got, want)
			}
		}
	}
	c := d
	s.closeAll(&c, 0.25)
	if !near(c.m0, 750, 1e-12) {
		t.Errorf("closeAll(0.25): fixed part %v, want 750", c.m0)
	}
}
