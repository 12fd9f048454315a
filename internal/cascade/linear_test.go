package cascade

import (
	"math"
	"testing"

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
