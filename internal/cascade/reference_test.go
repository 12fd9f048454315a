// Independent references for the simulator's margin and liquidation: every
// synthetic book is written out as a portfolio.json account and run through
// margin.Compute (the unified model) and liquidation.Run (each venue's own
// mechanics, in integer contract arithmetic); the simulator's legs —
// liquidation.Fast through legView, on the linearised book — must agree
// within the stated tolerances (internal/liquidation's TestFastMatchesExact
// holds the fast forms to the exact ones on random books; these hold the
// cascade's legs and bookkeeping).
package cascade

import (
	"math"
	"strconv"
	"testing"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// bookOfAccount is acc's book (book.go) on the market at p0, with every
// amount also as the decimal internal/liquidation's contract arithmetic
// reads (6 decimals, and the float set to it).
func bookOfAccount(t testing.TB, acc *Account, p0 [NumAssets]float64) *portfolio.Portfolio {
	t.Helper()
	m, err := Market(p0)
	if err != nil {
		t.Fatal(err)
	}
	b := bookOf(acc, p0, m.AsOf)
	withDecimals(b)
	return b
}

// TestStepMarginIsCompute: inside a cascade step, every hub and uct
// account's unified figures are exactly (==, every field) what
// margin.Compute gives on the book the account holds then (its start book
// with the quantities the liquidations left, and its cash) on the market
// at the step's prices. The run goes to its end, so many books have been
// clipped, closed or resized by then.
func TestStepMarginIsCompute(t *testing.T) {
	path := mustPath(t, "2021-05-19", 120)
	pop := testPop(t, 3000, path.Prices[0], 3)
	cfg := DefaultConfig()
	cfg.ResizeAtStart = true // resized books too
	for _, arch := range []Arch{Hub, UCT} {
		s, _, err := newSim(pop, path, arch, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		for step := range path.Prices {
			s.advance(step)
		}
		m, err := Market(s.price)
		if err != nil {
			t.Fatal(err)
		}
		changed := 0
		for i := range s.ds {
			if i%7 != 0 && !s.hit[i] {
				continue // every 7th account and every one liquidated
			}
			book := s.heldBook(t, pop, i)
			rep, err := margin.Compute(book, m, s.k.rp)
			if err != nil {
				t.Fatalf("%s %s: %v", arch, pop.Accounts[i].ID, err)
			}
			got := s.margin(&s.ds[i])
			if got != rep.Unified {
				t.Fatalf("%s %s: in the step %+v\nmargin.Compute %+v", arch, pop.Accounts[i].ID, got, rep.Unified)
			}
			if s.hit[i] {
				changed++
			}
		}
		if changed == 0 {
			t.Fatalf("%s: no account liquidated: the test needs clipped books", arch)
		}
		t.Logf("%s: %d liquidated books among those compared", arch, changed)
	}
}

// heldBook is account i's book as the simulation holds it now: its start
// book with every item's current quantity.
func (s *sim) heldBook(t *testing.T, pop *Population, i int) *portfolio.Portfolio {
	m, _ := Market(pop.Start)
	start := bookOf(&pop.Accounts[i], pop.Start, m.AsOf)
	if s.res.Arch == UCT {
		start = withBridge(start, s.cfg.HomeChain, uctBridge)
	}
	b := &portfolio.Portfolio{Account: start.Account}
	k := 0
	for _, v := range start.Venues {
		v.Collateral = append([]portfolio.Collateral(nil), v.Collateral...)
		v.Positions = append([]portfolio.Position(nil), v.Positions...)
		for ci := range v.Collateral {
			v.Collateral[ci].AmountF = s.k.pop.Quantity(i, k)
			k++
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			q := s.k.pop.Quantity(i, k)
			switch {
			case p.Kind.IsDerivative():
				p.QuantityF = q
			case p.Kind == portfolio.KindBorrow:
				p.AmountF = -q
			default:
				p.AmountF = q
			}
			k++
		}
		b.Venues = append(b.Venues, v)
	}
	if k != s.k.pop.Items(i) {
		t.Fatalf("%s: %d items, the book has %d", start.Account, s.k.pop.Items(i), k)
	}
	return b
}

// oneShot applies leg l's venue rule once at prices p1 (population start
// p0, no impact) and returns the simulator after it and the notional sold.
func oneShot(l Leg, p0, p1 [NumAssets]float64) (*sim, *domain, float64) {
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	s := &sim{cfg: &cfg, path: &Path{Prices: [][NumAssets]float64{p1}, HoursPerStep: 1}, ref: p0,
		res: &Result{}, hit: make([]bool, 1), ver: make([]uint32, 1), inDense: make([]bool, 1),
		listed: make([]bool, 1)}
	s.ds = []domain{legDomain(0, &l, &p0)}
	s.setPrices(0)
	if s.gap(&s.ds[0]) >= 0 {
		return s, &s.ds[0], 0
	}
	n, _ := s.liquidateIsolated(0, &s.ds[0])
	return s, &s.ds[0], n
}

func actionSum(v *liquidation.Venue, kind string) float64 {
	x := 0.0
	for _, a := range v.Actions {
		if a.Kind == kind {
			f, _ := strconv.ParseFloat(a.Amount, 64)
			x += f
		}
	}
	return x
}

// tolVenueRel is the agreement of the float64 rules with the contracts'
// integer arithmetic (8-decimal oracle prices, token decimals, 6-decimal
// books).
const tolVenueRel = 1e-5

// TestIsolatedRulesMatchLiquidation: each venue rule as the simulator runs
// it (liquidation.Fast on the leg) does what internal/liquidation's
// contract-exact mechanics do on the same book
// at the same prices: the notional leaving the account, the bad debt, and
// the rule's own quantity (Aave's sale net of the protocol fee, Hyperliquid's
// 20% order, Deribit's clips).
func TestIsolatedRulesMatchLiquidation(t *testing.T) {
	p0 := defaultStart
	shock := func(a int, x float64) [NumAssets]float64 {
		p := p0
		p[a] *= 1 + x
		if a == aWETH {
			p[aStETH] *= 1 + x
		}
		return p
	}
	w, err := newWriterGreeks(p0)
	if err != nil {
		t.Fatal(err)
	}
	writer := w.legs(aWETH, 10_000, "hyperliquid", p0)[0]
	writer.Cash -= 0.45 * 10_000 // leg equity 0.25 × 10,000: just above Deribit's maintenance
	cases := []struct {
		name string
		leg  Leg
		p1   [NumAssets]float64
		// check is the rule's own quantity: simulator, reference
		check func(s *sim, d *domain, v *liquidation.Venue) (float64, float64)
	}{
		{"aave close factor 50%", newLeg("aave-v3@ethereum", aWETH, 10, -12800, p0), shock(aWETH, -0.05), aaveNetSale},
		{"aave close factor 100%", newLeg("aave-v3@ethereum", aWETH, 10, -12800, p0), shock(aWETH, -0.15), aaveNetSale},
		{"aave bad debt", newLeg("aave-v3@ethereum", aWETH, 10, -12800, p0), shock(aWETH, -0.5), aaveNetSale},
		{"aave wbtc", newLeg("aave-v3@ethereum", aWBTC, 2, -35000, p0), shock(aWBTC, -0.04), aaveNetSale},
		{"aave e-mode loop, WETH up", loopLeg(5000, 1.02, p0), shock(aWETH, 0), nil},
		{"comet absorb", newLeg("compound-v3@ethereum", aWETH, 10, -13000, p0), shock(aWETH, -0.1), nil},
		{"hyperliquid whole", newLeg("hyperliquid", aWETH, 20, 1000-32000, p0), shock(aWETH, -0.04), nil},
		{"hyperliquid 20%", newLeg("hyperliquid", aWETH, 200, 8500-320000, p0), shock(aWETH, -0.01), closedUnits},
		{"hyperliquid backstop", newLeg("hyperliquid", aWETH, 200, 6000-320000, p0), shock(aWETH, -0.01), nil},
		{"dydx fee capped by equity", newLeg("dydx-v4", aWETH, 50, 1500-80000, p0), shock(aWETH, -0.015), nil},
		{"dydx insurance fund", newLeg("dydx-v4", aWBTC, -3, 1000+69000, p0), shock(aWBTC, 0.02), nil},
		{"deribit clips", writer, shock(aWETH, -0.06), clips},
	}
	for _, tc := range cases {
		s, d, sold := oneShot(tc.leg, p0, tc.p1)
		book := bookOfAccount(t, &Account{ID: "x", Legs: []Leg{tc.leg}}, p0)
		m, _ := Market(tc.p1)
		rep, err := liquidation.Run(book, m, margin.DefaultRiskParams(), liquidation.DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		v := &rep.Venues[0]
		if tc.name == "aave e-mode loop, WETH up" { // WETH debt at par with the collateral: nothing to do
			if v.Liquidatable || sold != 0 {
				t.Errorf("%s: liquidatable %v, simulator sold %v", tc.name, v.Liquidatable, sold)
			}
			continue
		}
		if !v.Liquidatable {
			t.Fatalf("%s: the reference does not liquidate (the case needs it)", tc.name)
		}
		if !near(sold, v.SoldUSD, tolVenueRel*v.SoldUSD+0.05) {
			t.Errorf("%s: sold %.4f USD, liquidation.Run %.4f", tc.name, sold, v.SoldUSD)
		}
		if !near(s.res.Metrics.BadDebtUSD, v.BadDebtUSD, tolVenueRel*v.BadDebtUSD+0.05) {
			t.Errorf("%s: bad debt %.4f, liquidation.Run %.4f", tc.name, s.res.Metrics.BadDebtUSD, v.BadDebtUSD)
		}
		if tc.check != nil {
			if got, want := tc.check(s, d, v); !near(got, want, tolVenueRel*math.Abs(want)+1e-6) {
				t.Errorf("%s: %v, liquidation.Run %v", tc.name, got, want)
			}
		}
	}
}

func aaveNetSale(s *sim, _ *domain, v *liquidation.Venue) (float64, float64) {
	c := aWETH
	if s.byAsset[aWBTC].SoldUnits != 0 {
		c = aWBTC
	}
	return s.byAsset[c].SoldUnits, actionSum(v, liquidation.KindSeize) - actionSum(v, liquidation.KindProtocolFee)
}

func closedUnits(s *sim, d *domain, v *liquidation.Venue) (float64, float64) {
	return s.res.unitsRecorded[aWETH], actionSum(v, liquidation.KindClose)
}

// clips compares the share of the option position closed.
func clips(_ *sim, d *domain, v *liquidation.Venue) (float64, float64) {
	return 1 - d.share[aWETH], actionSum(v, liquidation.KindClose) / 18.75
}

// TestDeriveLegLiquidatesByAuction: a population file's Derive venue is
// liquidated by its own rule, the Dutch auction at its start (the share f of
// its book a bidder takes, liquidation.Fast's auction form), as
// liquidation.Run's exact executor does on the same book at the same prices:
// the same share of the perp leaves (the exact f rounds up to the rule's 6
// decimals). The cascade used to clip it like Deribit, 10% at a time (18 of
// the 20 ETH here, against the auction's 16.95).
func TestDeriveLegLiquidatesByAuction(t *testing.T) {
	p0 := defaultStart
	doc := `{"accounts": [{"account": "d", "venues": [{"id": "derive", "model": "derive-pm", "chain": "derive",
		"collateral": [{"asset": "USDC", "amount": "3000"}],
		"positions": [{"kind": "perp", "underlying": "ETH", "quantity": "-20", "entry_price": "1600"}]}]}]}`
	pop, err := ParsePopulation([]byte(doc), p0)
	if err != nil {
		t.Fatal(err)
	}
	p1 := p0
	p1[aWETH] *= 1.06 // −1,920 on the short: equity 1,080
	_, d, _ := oneShot(pop.Accounts[0].Legs[0], p0, p1)
	m, err := Market(p1)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := liquidation.Run(pop.Accounts[0].doc, m, margin.DefaultRiskParams(), liquidation.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	v := &rep.Venues[0]
	want := -1.0
	for _, a := range v.Actions {
		if a.Kind == liquidation.KindAuction && a.Asset == "ETH-PERP" {
			want, _ = strconv.ParseFloat(a.Amount, 64)
		}
	}
	if !v.Liquidatable || want <= 0 {
		t.Fatalf("liquidation.Run: liquidatable %v, actions %+v: the case needs an auction", v.Liquidatable, v.Actions)
	}
	if got := (1 - d.size) * 20; !near(got, want, 2e-5) {
		t.Errorf("the cascade's auction took %.6f ETH of the perp, liquidation.Run %.6f", got, want)
	}
}
