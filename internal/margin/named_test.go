package margin

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
)

const namedMarket = `{"as_of": "2026-11-25T00:00:00Z", "assets": {
  "BTC":  {"price": "100000", "vol": 0.5},
  "WBTC": {"price": "100000", "backed_by": {"BTC": "1"}},
  "USDC": {"price": "1", "class": "stable"}}}`

// namedBook: a wallet with 1 BTC and 50,000 USDC, and a second wallet on
// Arbitrum with 2 WBTC that came over the "wbtc-custodian" bridge. Custody
// has no requirement; unified equity is the collateral counted (default
// parameters: no tier, chain, bridge or venue haircut).
const namedBook = `{"account": "named", "venues": [
  {"id": "w1", "model": "custody", "chain": "ethereum",
   "collateral": [{"asset": "BTC", "amount": "1"}, {"asset": "USDC", "amount": "50000"}], "positions": []},
  {"id": "w2", "model": "custody", "chain": "arbitrum",
   "collateral": [{"asset": "WBTC", "amount": "2", "bridge": "wbtc-custodian"}], "positions": []}]}`

func loadNamed(t *testing.T) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	return loadBook(t, namedMarket, namedBook)
}

// loadBook loads a market and a book checked against it.
func loadBook(t *testing.T, marketDoc, bookDoc string) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	m, err := market.Load([]byte(marketDoc), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book, err := portfolio.Parse([]byte(bookDoc))
	if err != nil {
		t.Fatal(err)
	}
	if err := portfolio.Check(book, m); err != nil {
		t.Fatal(err)
	}
	return book, m
}

// Goal: each shock kind's P&L by hand. Equity before: 1 BTC + 50,000 USDC
// + 2 WBTC = 100,000 + 50,000 + 200,000 = 350,000.
//   - BTC −30%: BTC −30,000 and WBTC (backed 1:1) follows: −60,000 → −90,000
//   - USDC depeg 10%: −5,000
//   - WBTC depeg 5% (own discount, BTC fixed): −10,000
//   - BTC −10% and WBTC depeg 5%: BTC −10,000, WBTC 2·100,000·(0.9·0.95 − 1) = −29,000 → −39,000
//   - bridge wbtc-custodian fails: the 2 WBTC count 0 → −200,000
//   - venue w1 fails: its 150,000 are lost → −150,000
func TestRunScenariosHandPnL(t *testing.T) {
	book, m := loadNamed(t)
	doc := `{"scenarios": [
	  {"name": "btc", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.3}]},
	  {"name": "usdc", "shocks": [{"kind": "depeg", "asset": "USDC", "discount": 0.1}]},
	  {"name": "wbtc", "shocks": [{"kind": "depeg", "asset": "WBTC", "discount": "0.05"}]},
	  {"name": "both", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.1}, {"kind": "depeg", "asset": "WBTC", "discount": 0.05}]},
	  {"name": "bridge", "shocks": [{"kind": "bridge", "bridge": "wbtc-custodian"}]},
	  {"name": "venue", "shocks": [{"kind": "venue", "venue": "w1"}]}]}`
	want := map[string]float64{"btc": -90000, "usdc": -5000, "wbtc": -10000, "both": -39000,
		"bridge": -200000, "venue": -150000}
	scs, err := scenario.ParseNamed([]byte(doc), m)
	if err != nil {
		t.Fatal(err)
	}
	rp := DefaultRiskParams()
	if err := CheckFailures(scs, []*portfolio.Portfolio{book}, rp); err != nil {
		t.Fatal(err)
	}
	run, err := RunScenarios(book, m, rp, scs)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(run.Before.Unified.Equity-350000) > 1e-6 {
		t.Fatalf("equity before %v, want 350,000", run.Before.Unified.Equity)
	}
	for _, r := range run.Scenarios {
		if math.Abs(r.PnL-want[r.Name]) > 1e-6 {
			t.Errorf("%s: P&L %v, want %v", r.Name, r.PnL, want[r.Name])
		}
	}
	if v := run.Scenarios[5].Venues[0]; !v.Failed || v.Equity != 0 {
		t.Errorf("venue failure: w1 %+v, want failed with no figures", v)
	}
	if len(rp.Bridges) != 0 {
		t.Errorf("the bridge failure changed the caller's risk parameters: %v", rp.Bridges)
	}
}

// Goal: one margin path. A scenario's figures are margin.Compute's on the
// market moved by the same shocks: the demo book under every library
// scenario, venue by venue and unified, to the last bit.
func TestRunScenariosAreComputeOnTheMovedMarket(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := LoadRiskParams(demo.RiskParamsJSON, m)
	if err != nil {
		t.Fatal(err)
	}
	scs := LibraryScenarios(m, rp)
	run, err := RunScenarios(book, m, rp, scs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range run.Scenarios {
		rep, err := Compute(book, m.Shifted(scs[i].Shift(m)), rp)
		if err != nil {
			t.Fatal(err)
		}
		u := rep.Unified
		if r.Unified.Equity != u.Equity || r.Unified.Initial != u.Initial || r.Unified.Maintenance != u.Maintenance ||
			r.Unified.Liquidatable != u.Liquidatable {
			t.Errorf("%s: unified %+v, Compute says %+v", r.Name, r.Unified, u)
		}
		for vi, v := range r.Venues {
			cv := rep.Venues[vi]
			if v.Equity != cv.Equity || v.Maintenance != cv.Maintenance || v.Liquidatable != cv.Liquidatable {
				t.Errorf("%s: venue %s %+v, Compute says %+v", r.Name, v.ID, v, cv.VenueFigures)
			}
		}
	}
}

// Goal: an unknown venue or bridge is an input error naming the shock's
// field and listing what is known.
func TestCheckFailuresNamesTheField(t *testing.T) {
	book, m := loadNamed(t)
	for _, tc := range []struct{ doc, path string }{
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "venue", "venue": "ftx"}]}]}`, "scenarios[0].shocks[0].venue"},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.1},
		   {"kind": "bridge", "bridge": "wormhole"}]}]}`, "scenarios[0].shocks[1].bridge"},
	} {
		scs, err := scenario.ParseNamed([]byte(tc.doc), m)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckFailures(scs, []*portfolio.Portfolio{book}, DefaultRiskParams())
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Path != tc.path || !strings.Contains(ie.Reason, "known") {
			t.Errorf("error %v, want an input error at %s listing the known names", err, tc.path)
		}
	}
	// a model name fails every venue of that model
	scs, err := scenario.ParseNamed([]byte(`{"scenarios": [{"name": "x", "shocks": [{"kind": "venue", "venue": "custody"}]}]}`), m)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckFailures(scs, []*portfolio.Portfolio{book}, DefaultRiskParams()); err != nil {
		t.Fatal(err)
	}
	run, err := RunScenarios(book, m, DefaultRiskParams(), scs)
	if err != nil {
		t.Fatal(err)
	}
	if r := run.Scenarios[0]; math.Abs(r.PnL+350000) > 1e-6 || !r.Venues[0].Failed || !r.Venues[1].Failed {
		t.Errorf("model-wide failure: P&L %v, venues %+v; want −350,000 and both failed", r.PnL, r.Venues)
	}
}
