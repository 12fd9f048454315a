package aave

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// demoLike is the demo book's WBTC venue at the 2023-10-31 oracle answers.
func demoLike(t *testing.T) (*portfolio.Venue, *market.Snapshot) {
	t.Helper()
	p, err := portfolio.Parse([]byte(`{"account": "a", "venues": [{"id": "aave-btc", "model": "aave-v3",
	  "chain": "ethereum", "collateral": [{"asset": "WBTC", "amount": "20"}],
	  "positions": [{"kind": "borrow", "asset": "USDC", "amount": "400000"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load([]byte(`{"as_of": "2023-10-31T12:00:00Z", "assets": {
	  "WBTC": {"price": "34814.14003279"}, "USDC": {"price": "0.99997427"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &p.Venues[0], m
}

// A market whose price was shifted after loading (scenarios, liquidation
// searches: market.WithPriceScaled changes the float price only) moves the
// model's oracle price too.
func TestShiftedMarketIsUsed(t *testing.T) {
	v, m := demoLike(t)
	base, err := Model{}.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	up, err := Model{}.Margin(v, m.WithPriceScaled("WBTC", 2))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(up.CollateralValue-2*base.CollateralValue) > 1e-6 {
		t.Fatalf("collateral %v after doubling WBTC, want %v", up.CollateralValue, 2*base.CollateralValue)
	}
}

// The generic liquidation-price search finds the analytic price: with one
// collateral, HF = 1 where 20 · P · 0.78 = debt (USD).
//
//	debt = 400_000 × 0.99997427 = 399_989.708 USD → P = 399_989.708 / 15.6 = 25_640.366
func TestLiquidationPriceAnalytic(t *testing.T) {
	v, m := demoLike(t)
	prices, err := venue.LiquidationPrices(v, m)
	if err != nil {
		t.Fatal(err)
	}
	want := 399989.708 / 15.6
	if got := prices["WBTC"]; got == nil || math.Abs(*got-want) > 1e-6*want {
		t.Fatalf("WBTC liquidation price %v, want %v", got, want)
	}
	// Rounding the 8-decimal oracle price down can only make the account look
	// worse, never better: at the found price the pool liquidates.
	f := *prices["WBTC"] / m.Spot("WBTC")
	r, _, err := margin(v, m.WithPriceScaled("WBTC", f))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Liquidatable() {
		t.Fatalf("not liquidatable at the liquidation price %v", *prices["WBTC"])
	}
}

// A wstETH/WETH loop in e-mode is liquidated by the exchange rate, not by
// ETH: Aave prices wstETH as the wstETH/ETH rate × ETH/USD, so moving WETH
// moves wstETH with it and no WETH price liquidates (before 2026-12-06 the
// search moved WETH alone and reported 2,211.30, a stETH depeg in disguise);
// wstETH's own liquidation price is its rate's move with ETH fixed, where
// 400 · P · 0.93 = 350 · 1,816.85499606 (the demo's aave-eth venue):
//
//	P = 635,899.2486 / 372 = 1,709.4065 USD (an exchange rate of 0.94087 WETH)
func TestLiquidationPriceOfALoopIsTheExchangeRate(t *testing.T) {
	p, err := portfolio.Parse([]byte(`{"account": "a", "venues": [{"id": "aave-eth", "model": "aave-v3",
	  "chain": "ethereum", "emode": 1, "collateral": [{"asset": "wstETH", "amount": "400"}],
	  "positions": [{"kind": "borrow", "asset": "WETH", "amount": "350"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load([]byte(`{"as_of": "2023-10-31T12:00:00Z", "assets": {
	  "ETH": {"price": "1816.85499606"}, "WETH": {"price": "1816.85499606", "backed_by": {"ETH": "1"}},
	  "wstETH": {"price": "2080.52489524", "backed_by": {"WETH": "1.14512"}}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	prices, err := venue.LiquidationPrices(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	if prices["WETH"] != nil {
		t.Errorf("WETH liquidation price %v, want none: wstETH moves with it at Aave's oracle", *prices["WETH"])
	}
	want := 350 * 1816.85499606 / (400 * 0.93)
	if got := prices["wstETH"]; got == nil || math.Abs(*got-want) > 1e-6*want {
		t.Errorf("wstETH liquidation price %v, want %v", got, want)
	}
}

// toResult lets the integer health factor decide `liquidatable` whenever its
// rounding disagrees with Σc·LT < D, in either direction (the second and
// third rows cannot arise from v3.0.2's finish, but may from a later
// release's), and keeps every requirement ≥ 0.
func TestToResultFollowsHealthFactor(t *testing.T) {
	cases := []struct {
		name                      string
		c, s, d, threshold, hfE15 uint64
		want                      bool
	}{
		{"agree safe", 100, 0, 80, 80, 1000, false},
		{"agree liquidatable", 100, 0, 81, 80, 987, true},
		{"HF rounds up to 1", 100, 0, 81, 80, 1000, false},
		{"HF below 1 although Σc·LT ≥ D", 100, 0, 80, 80, 999, true},
		{"underwater", 10, 5, 80, 8, 100, true},
	}
	for _, c := range cases {
		var d AccountData
		d.CollateralBase.SetUint64(c.c)
		d.SupplyBase.SetUint64(c.s)
		d.DebtBase.SetUint64(c.d)
		d.ThresholdBase.SetUint64(c.threshold)
		d.BorrowPowerBase.SetUint64(c.threshold)
		d.HealthFactor.SetUint64(c.hfE15 * 1e15)
		r, err := toResult(&d)
		if err != nil {
			t.Fatal(err)
		}
		if r.Liquidatable() != c.want || r.Maintenance < 0 || r.Initial < 0 {
			t.Errorf("%s: %+v: liquidatable %v, want %v", c.name, r, r.Liquidatable(), c.want)
		}
	}
}
