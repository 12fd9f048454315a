package margin

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Goal: the demo's prices are the market's, and each venue's figures are in
// terms of the oracle it uses (issue 14). Method: the demo report.
//   - USDC is 1: the perp venues, whose unit of account it is, hold exactly
//     their USDC (dYdX 120,000, Hyperliquid 60,000, GMX 25,000), and none
//     lists a USDC liquidation price; Aave and Comet read their own oracle's
//     0.99997427 (venue_prices), so their USDC debt still has one.
//   - The wstETH/WETH loop on Aave has no WETH liquidation price (Aave moves
//     wstETH with ETH by its exchange rate) and a wstETH one of
//     350 · 1,816.85499606 / (400 · 0.93) = 1,709.41.
func TestDemoPricesAreTheMarket(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compute(book, m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	venues := map[string]VenueReport{}
	for _, v := range rep.Venues {
		venues[v.ID] = v
	}
	for id, usdc := range map[string]float64{"dydx": 120000, "hyperliquid": 60000, "gmx-btc": 25000} {
		v := venues[id]
		if v.CollateralValue != usdc {
			t.Errorf("%s: collateral %v, want %v USDC at 1", id, v.CollateralValue, usdc)
		}
		if _, listed := v.LiquidationPrices["USDC"]; listed {
			t.Errorf("%s: a USDC liquidation price, for its unit of account", id)
		}
	}
	for _, id := range []string{"aave-btc", "aave-arb", "compound"} {
		if venues[id].LiquidationPrices["USDC"] == nil {
			t.Errorf("%s: no USDC liquidation price for its USDC debt", id)
		}
	}
	loop := venues["aave-eth"].LiquidationPrices
	want := 350 * 1816.85499606 / (400 * 0.93)
	if loop["WETH"] != nil || loop["wstETH"] == nil || math.Abs(*loop["wstETH"]-want) > 1e-6*want {
		t.Errorf("aave-eth liquidation prices WETH %v wstETH %v, want none and %v", loop["WETH"], loop["wstETH"], want)
	}
}
