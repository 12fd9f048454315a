// Independent references for the simulator's margin and liquidation: every
// synthetic book is written out as a portfolio.json account and run through
// margin.Compute (the unified model) and liquidation.Run (each venue's own
// mechanics, in integer contract arithmetic); the simulator's float64
// restatements must agree within the stated tolerances.
package cascade

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// wstETHPerStETH is the embedded market's wrapping ratio (wstETH is worth
// 1.14512 stETH).
const wstETHPerStETH = 1.14512

func amountText(x float64) string { return strconv.FormatFloat(math.Abs(x), 'f', 6, 64) }

var underlying = [NumAssets]string{"ETH", "BTC", "stETH"}

// collateralSym is how a leg's holding of asset a is written.
func collateralSym(a int) (string, float64) {
	if a == aStETH {
		return "wstETH", 1 / wstETHPerStETH
	}
	return Assets[a], 1
}

// legJSON writes leg l of a synthetic account as a portfolio.json venue
// (entry prices and strikes at p0, the start of the population).
func legJSON(id string, l *Leg, p0 [NumAssets]float64, asOf time.Time) string {
	switch l.Kind {
	case KindAave, KindCompound:
		return lendingJSON(id, l)
	}
	var coll, pos []string
	equity := legEquity(l, &p0)
	for _, o := range l.Options {
		equity += -o.Quantity * o.greeks(0, 0).Price // the puts' value, back out of cash
		right := "call"
		if o.Put {
			right = "put"
		}
		expiry := asOf.Add(time.Duration(o.ExpiryYears * 365 * 24 * float64(time.Hour))).Format(time.RFC3339)
		pos = append(pos, fmt.Sprintf(`{"kind": "option", "underlying": %q, "right": %q, "strike": %q, "expiry": %q, "quantity": "-%s"}`,
			underlying[o.Asset], right, amountText(o.Strike), expiry, amountText(o.Quantity)))
	}
	for a := range NumAssets {
		if l.Units[a] != 0 && len(l.Options) == 0 {
			sign := ""
			if l.Units[a] < 0 {
				sign = "-"
			}
			pos = append(pos, fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%s%s", "entry_price": %q}`,
				underlying[a], sign, amountText(l.Units[a]), amountText(p0[a])))
		}
	}
	coll = append(coll, fmt.Sprintf(`{"asset": "USDC", "amount": %q}`, amountText(equity)))
	model := map[LegKind]string{KindHyperliquid: "hyperliquid", KindDYDX: "dydx-v4", KindReduce: "deribit-standard"}[l.Kind]
	return fmt.Sprintf(`{"id": %q, "model": %q, "chain": %q, "collateral": [%s], "positions": [%s]}`,
		id, model, l.Chain, strings.Join(coll, ", "), strings.Join(pos, ", "))
}

func lendingJSON(id string, l *Leg) string {
	var coll, pos []string
	for a := range NumAssets {
		sym, per := collateralSym(a)
		switch {
		case l.Units[a] > 0:
			coll = append(coll, fmt.Sprintf(`{"asset": %q, "amount": %q}`, sym, amountText(l.Units[a]*per)))
		case l.Units[a] < 0:
			pos = append(pos, fmt.Sprintf(`{"kind": "borrow", "asset": %q, "amount": %q}`, sym, amountText(l.Units[a])))
		}
	}
	if l.Cash < 0 {
		pos = append(pos, fmt.Sprintf(`{"kind": "borrow", "asset": "USDC", "amount": %q}`, amountText(l.Cash)))
	}
	model, extra := "compound-v3", ""
	if l.Kind == KindAave {
		model, extra = "aave-v3", `"params": "aave-v3-ethereum-2023-10-31", `
		if l.Venue == "aave-v3-emode@ethereum" {
			extra += `"emode": 1, `
		}
	}
	return fmt.Sprintf(`{"id": %q, "model": %q, "chain": %q, %s"collateral": [%s], "positions": [%s]}`,
		id, model, l.Chain, extra, strings.Join(coll, ", "), strings.Join(pos, ", "))
}

// bookOfAccount writes a whole account as a portfolio.
func bookOfAccount(t testing.TB, acc *Account, p0 [NumAssets]float64) *portfolio.Portfolio {
	t.Helper()
	m, err := Market(p0)
	if err != nil {
		t.Fatal(err)
	}
	var venues []string
	for li := range acc.Legs {
		venues = append(venues, legJSON(fmt.Sprintf("v%d", li), &acc.Legs[li], p0, m.AsOf))
	}
	doc := fmt.Sprintf(`{"account": %q, "venues": [%s]}`, acc.ID, strings.Join(venues, ", "))
	b, err := portfolio.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("%s: %v\n%s", acc.ID, err, doc)
	}
	return b
}

// sampleAccounts are the first synthetic account of every book kind and
// asset (and a whale).
func sampleAccounts(t testing.TB, p0 [NumAssets]float64) []Account {
	pop := testPop(t, 20_000, p0, 21)
	seen := map[string]bool{}
	var out []Account
	for _, acc := range pop.Accounts {
		a := 0
		for x := range NumAssets {
			if acc.Legs[0].Units[x] > 0 {
				a = x
			}
		}
		key := fmt.Sprint(acc.Book, a)
		if !seen[key] {
			seen[key] = true
			out = append(out, acc)
		}
	}
	return out
}

// Tolerances of the unified calibration against margin.Compute.
const (
	tolUnifiedStart = 1e-6 // relative, at the start prices: the same scenario set on the same book
	// tolUnifiedMoved: relative, prices −15%…+15%: exact for delta-one
	// books; option books carry the quadratic fitted at ±10%
	tolUnifiedMoved = 0.03
	// tolGammaEquity: an option book's delta-gamma equity against full
	// Black-76 repricing after a 10% move (the third-order term; vega
	// and theta are not simulated)
	tolGammaEquity = 0.02
	// tolAmountUSD: the books are written with 6 decimals per amount
	tolAmountUSD = 0.05
)

// TestUnifiedMatchesMarginCompute: the hub's per-account requirement is
// margin.Compute's unified initial at the start (to 1e-6 relative), and
// its linear carry stays within 15% of a full re-margin after every price
// moves ±10% (exact for delta-one books, which are homogeneous in prices);
// unified equity agrees with the simulator's.
func TestUnifiedMatchesMarginCompute(t *testing.T) {
	p0 := defaultStart
	prm := defaultUnifiedParams()
	rp := margin.DefaultRiskParams()
	for _, acc := range sampleAccounts(t, p0) {
		cal := calibrateAccount(&acc, p0, &prm)
		book := bookOfAccount(t, &acc, p0)
		for _, x := range []float64{1, 0.85, 0.95, 1.05, 1.15} {
			var p [NumAssets]float64
			for a := range NumAssets {
				p[a] = p0[a] * x
			}
			s := &sim{ref: p0}
			d := unifiedDomain(0, &acc, &cal)
			maint := s.maintenance(&d, &p)
			m, _ := Market(p)
			rep, err := margin.Compute(book, m, rp)
			if err != nil {
				t.Fatalf("%s: %v", acc.ID, err)
			}
			u := rep.Unified
			tol := tolUnifiedMoved
			if x == 1 {
				tol = tolUnifiedStart
				if !near(u.Initial, cal.initial, tol*(1+u.Initial)) {
					t.Errorf("%s (%s): initial %.2f, margin.Compute %.2f (%s)", acc.ID, acc.Book, cal.initial,
						u.Initial, u.WorstScenario.Name)
				}
			}
			if !near(u.Maintenance, maint, tol*(1+u.Maintenance)) {
				t.Errorf("%s (%s) at ×%.1f: maintenance %.2f, margin.Compute %.2f", acc.ID, acc.Book, x, maint,
					u.Maintenance)
			}
			tolEq := tolAmountUSD
			if hasOptions(&acc) {
				tolEq = tolGammaEquity * (1 + math.Abs(u.Equity))
			}
			if e := s.equity(&d, &p); !near(e, u.Equity, tolEq) {
				t.Errorf("%s (%s) at ×%.1f: equity %.2f, margin.Compute %.2f", acc.ID, acc.Book, x, e, u.Equity)
			}
		}
	}
}

func hasOptions(acc *Account) bool {
	for _, l := range acc.Legs {
		if len(l.Options) > 0 {
			return true
		}
	}
	return false
}

// oneShot applies leg l's venue rule once at prices p1 (population start
// p0, no impact) and returns the simulator after it and the notional sold.
func oneShot(l Leg, p0, p1 [NumAssets]float64) (*sim, *domain, float64) {
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	s := &sim{cfg: &cfg, path: &Path{Prices: [][NumAssets]float64{p1}, HoursPerStep: 1}, ref: p0,
		res: &Result{}, maxOrders: 1, hit: make([]bool, 1), ver: make([]uint32, 1), inDense: make([]bool, 1),
		listed: make([]bool, 1)}
	s.ds = []domain{legDomain(0, &l)}
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

// TestIsolatedRulesMatchLiquidation: each venue rule of the simulator does
// what internal/liquidation's contract-exact mechanics do on the same book
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
	w := newWriterGreeks(p0)
	writer := w.legs(aWETH, 10_000, "hyperliquid", p0)[0]
	writer.Cash -= 0.45 * 10_000 // leg equity 0.25 × 10,000: just above Deribit's maintenance
	writer.Stable -= 0.45 * 10_000
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
	return 1 - d.size, actionSum(v, liquidation.KindClose) / 18.75
}

// TestPopulationFileUnified: a population file's account (options at
// Deribit, a perp hedge, an Aave loan) gets the unified requirement
// margin.Compute gives the same book, to tolFileUnified: the file's legs
// are linearised through the venue models (1% bumps), its options
// repriced in full.
func TestPopulationFileUnified(t *testing.T) {
	p0 := [NumAssets]float64{2000, 30000, 2000}
	acct := `{"account": "f", "venues": [
	  {"id": "deribit", "model": "deribit-standard", "chain": "offchain",
	   "collateral": [{"asset": "USDC", "amount": "40000"}],
	   "positions": [{"kind": "option", "underlying": "ETH", "right": "put", "strike": "1800",
	                  "expiry": "2021-06-18T08:00:00Z", "quantity": "-50"}]},
	  {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid",
	   "collateral": [{"asset": "USDC", "amount": "10000"}],
	   "positions": [{"kind": "perp", "underlying": "ETH", "quantity": "-10", "entry_price": "2000"}]},
	  {"id": "aave", "model": "aave-v3", "chain": "ethereum", "params": "aave-v3-ethereum-2023-10-31",
	   "collateral": [{"asset": "WBTC", "amount": "2"}],
	   "positions": [{"kind": "borrow", "asset": "USDC", "amount": "20000"}]}]}`
	pop, err := ParsePopulation([]byte(`{"accounts": [`+acct+`]}`), p0)
	if err != nil {
		t.Fatal(err)
	}
	prm := defaultUnifiedParams()
	cal := calibrateAccount(&pop.Accounts[0], p0, &prm)
	book, err := portfolio.Parse([]byte(acct))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := Market(p0)
	rep, err := margin.Compute(book, m, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("initial %.4f, margin.Compute %.4f (%s)", cal.initial, rep.Unified.Initial, rep.Unified.WorstScenario.Name)
	if u := rep.Unified; !near(cal.initial, u.Initial, tolFileUnified*u.Initial) {
		t.Fatalf("initial %.2f, margin.Compute %.2f (%s)", cal.initial, u.Initial, u.WorstScenario.Name)
	}
}

// tolFileUnified: relative; the bump linearisation's delta of an option
// leg differs from the analytic one at second order in the 1% bump.
const tolFileUnified = 1e-3
