package margin

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// Goal: the basis charge is the pairing of long and short delta-1 legs it
// claims to be (contingency.go, basisTerms). Method: on random legs of one
// underlying (perps and futures of a few expiries, on a few venues), the
// charge from the terms Σ w_i·min(L_i, S_i) equals a direct pairing: the
// venues' parts sorted by expiry on each side and matched unit by unit
// (two pointers), each matched unit charged at the rate of its pair's
// longer expiry; and no other order of pairing (a random one) is cheaper.
// A perp-vs-perp pair therefore pays the floor whatever else the book holds.
func TestPropertyBasisChargeIsTheCheapestPairing(t *testing.T) {
	rp := DefaultRiskParams()
	const spot = 90000
	rapid.Check(t, func(t *rapid.T) {
		var legs []legNet
		for v := range rapid.IntRange(1, 5).Draw(t, "venues") {
			l := legNet{leg: basisLeg{asset: 0, venue: int32(v)}}
			for range rapid.IntRange(1, 3).Draw(t, "items") {
				it := item{kind: kindPerp, quantity: float64(rapid.IntRange(-20, 20).Draw(t, "q")), inst: &instrument{}}
				if rapid.Bool().Draw(t, "future") {
					it.kind, it.inst.years = kindFuture, rapid.SampledFrom([]float64{0.1, 0.25, 0.5, 1}).Draw(t, "years")
				}
				l.add(&it)
			}
			legs = append(legs, l)
		}
		var longs, shorts []basisPart
		for _, l := range legs {
			parts := l.parts()
			for _, p := range parts.all() {
				switch {
				case p.size > 0:
					longs = append(longs, p)
				case p.size < 0:
					shorts = append(shorts, basisPart{size: -p.size, years: p.years})
				}
			}
		}
		byYears := func(a, b basisPart) int { return cmp.Compare(a.years, b.years) }
		slices.SortStableFunc(longs, byYears)
		slices.SortStableFunc(shorts, byYears)
		sorted := pairing(rp, spot, longs, shorts)
		if got := rp.basisCharge(legs, 0, spot); math.Abs(got-sorted) > 1e-9*(sorted+1) {
			t.Fatalf("charge %v, direct pairing %v (longs %v, shorts %v)", got, sorted, longs, shorts)
		}
		rl := rapid.Permutation(longs).Draw(t, "long order")
		rs := rapid.Permutation(shorts).Draw(t, "short order")
		if other := pairing(rp, spot, rl, rs); other < sorted-1e-9*(sorted+1) {
			t.Fatalf("pairing in another order costs %v < %v", other, sorted)
		}
	})
}

// pairing matches longs with shorts in the given orders, unit by unit, and
// charges each matched size at the rate of the pair's longer expiry.
func pairing(rp *RiskParams, spot float64, longs, shorts []basisPart) float64 {
	l, s := slices.Clone(longs), slices.Clone(shorts)
	var total float64
	for i, j := 0, 0; i < len(l) && j < len(s); {
		m := math.Min(l[i].size, s[j].size)
		total += m * rp.basisRate(spot, math.Max(l[i].years, s[j].years))
		l[i].size -= m
		s[j].size -= m
		if l[i].size == 0 {
			i++
		}
		if s[j].size == 0 {
			j++
		}
	}
	return total
}

// The basis allocation sums to the charge when a term's weight is negative:
// a long WETH future on a, a long perp on b, a short perp on c. Up to τ = 0
// longs 1 and shorts 1 tie (w_0 = rate(0) − rate(T) < 0, half to each side),
// up to T the shorts are the smaller side (w_1 = rate(T)): the long perp
// pays ½·w_0 (negative: it displaces the future), the short perp ½·w_0 + w_1,
// the future nothing, summing to rate(0) = 30. (A sign slip once gave the
// long perp +|½·w_0|, and attribution overshot initial by |w_0|.)
func TestBasisAllocationWithANegativeWeight(t *testing.T) {
	m := propMarket(t)
	venueOf := func(id string, p portfolio.Position) portfolio.Venue {
		return portfolio.Venue{ID: id, Model: "test-flat", Settlement: "USDC", Chain: "offchain",
			Positions: []portfolio.Position{p}}
	}
	b := &portfolio.Portfolio{Account: "x", Venues: []portfolio.Venue{
		venueOf("a", derivativeExpiring(portfolio.KindFuture, "WETH", 1, propExpiries[3])),
		venueOf("b", derivative(portfolio.KindPerp, "WETH", 1)),
		venueOf("c", derivative(portfolio.KindPerp, "WETH", -1))}}
	r := unifiedOf(t, b, m, DefaultRiskParams())
	rateT := 3000 * 0.075 * m.YearsTo(propExpiries[3])
	w0 := 30 - rateT
	want := []float64{0, w0 / 2, w0/2 + rateT}
	if r.basis != 30 {
		t.Fatalf("basis %v, want 3000 × 1%% = 30", r.basis)
	}
	for i, w := range want {
		if math.Abs(r.attrContingency[i]-w) > 1e-9 {
			t.Errorf("item %d pays %v, want %v", i, r.attrContingency[i], w)
		}
	}
}

// TestPropertyBasisTotalSkipsOneSidedExactly: the kernel's basis total,
// which skips an underlying whose legs are all long or all short
// (kernel.go, basisTotal), is bit for bit the sum of basisCharge over every
// underlying of the legs in order of first appearance, skipping none.
func TestPropertyBasisTotalSkipsOneSidedExactly(t *testing.T) {
	c, err := Compile(propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	btc, _ := c.set.Index("BTC")
	weth, _ := c.set.Index("WETH")
	rapid.Check(t, func(t *rapid.T) {
		var items []item
		for range rapid.IntRange(1, 8).Draw(t, "items") {
			it := item{kind: kindPerp, venue: int32(rapid.IntRange(0, 3).Draw(t, "venue")),
				asset:    int32(rapid.SampledFrom([]int{btc, weth}).Draw(t, "asset")),
				quantity: float64(rapid.IntRange(-20, 20).Draw(t, "q")) / 4, inst: &instrument{}}
			if rapid.Bool().Draw(t, "future") {
				it.kind, it.inst.years = kindFuture, rapid.SampledFrom([]float64{0.1, 0.25, 0.5, 1}).Draw(t, "years")
			}
			items = append(items, it)
		}
		legs := appendBasisLegs(nil, items, nil)
		var want float64
		for k, l := range legs {
			if !slices.ContainsFunc(legs[:k], func(p legNet) bool { return p.leg.asset == l.leg.asset }) {
				want += c.rp.basisCharge(legs, l.leg.asset, c.spot[l.leg.asset])
			}
		}
		s := kernelScratch{legs: legs}
		if got := c.basisTotal(&s); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("basisTotal %v (%x), Σ basisCharge %v (%x)", got, math.Float64bits(got), want, math.Float64bits(want))
		}
	})
}
