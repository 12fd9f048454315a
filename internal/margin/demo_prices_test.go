package margin

import (
	"math"
	"testing"
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
	book, m, _ := demoInputs(t)
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

// Goal: the demo's figures are the ones docs/DERIVATIONS.md derives by hand
// (each venue's requirement, the unified components, the savings). Method:
// the demo report, to the cent; a change that moves any of them must come
// with its derivation there.
func TestDemoFiguresMatchDerivations(t *testing.T) {
	book, m, rp := demoInputs(t) // the risk params are what `margin --demo` uses
	rep, err := Compute(book, m, rp)
	if err != nil {
		t.Fatal(err)
	}
	cents := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.005 {
			t.Errorf("%s: %.4f, DERIVATIONS.md derives %.2f", what, got, want)
		}
	}
	derived := map[string][2]float64{
		"aave-eth": {70655.47, 47863.38}, "aave-btc": {147941.40, 112817.61}, "deribit-pm": {54342.11, 43473.69},
		"deribit-std": {44006.57, 42265.07}, "aave-arb": {77669.23, 59229.25}, "dydx": {20592.41, 12355.45},
		"hyperliquid": {10901.13, 5450.56}, "compound": {31817.36, 17597.31}, "gmx-btc": {572.88, 572.88},
		"base-wallet": {0, 0}, "cold-wallet": {0, 0},
	}
	for _, v := range rep.Venues {
		cents(v.ID+" initial", v.Initial, derived[v.ID][0])
		cents(v.ID+" maintenance", v.Maintenance, derived[v.ID][1])
	}
	cents("fragmented initial", rep.Fragmented.Initial, 458498.58)
	cents("fragmented maintenance", rep.Fragmented.Maintenance, 341625.21)
	c := rep.Unified.Components
	cents("scenario", c.Scenario, 369085.12)
	cents("liquidity", c.Liquidity, 6423.39)
	cents("contingency", c.Contingency, 14356.36)
	cents("unified initial", rep.Unified.Initial, 389864.87)
	cents("savings", rep.Savings.Initial, 68633.70)
	cents("deadweight loss", rep.CapitalEfficiency.DeadweightLossPerYear, 3431.69)
	if rep.Unified.WorstScenario.Name != "all -range vol up" {
		t.Errorf("worst scenario %q, DERIVATIONS.md derives \"all -range vol up\"", rep.Unified.WorstScenario.Name)
	}
}
