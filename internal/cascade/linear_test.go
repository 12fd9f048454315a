package cascade

import (
	"math"
	"testing"

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
//   - boundOptions, 3e-2: an option writer's leg is the puts' delta and
//     gamma at the start, and Deribit's maintenance is the per-contract
//     7.5% (Extra): the model reprices the puts and their maintenance, which
//     rise faster than the second-order form as the price falls, so the
//     venue liquidates the writer higher (measured 2.35e-2 of the start
//     price for WETH, 2.53e-2 for WBTC: 1,075 against 1,037 at a start of
//     1,600). The cascade liquidates option writers late by that much.
const (
	boundLinear  = 1e-4
	boundWhale   = 5e-3
	boundOptions = 3e-2
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
