package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// liquidateJSON is the shape `liquidate --json` must have (issue 7): every
// key the contract names, decoded strictly enough to catch a rename.
type liquidateJSON struct {
	Venues []struct {
		ID           string   `json:"id"`
		Liquidatable *bool    `json:"liquidatable"`
		Actions      []action `json:"actions"`
		HealthAfter  *float64 `json:"health_after"`
		BadDebtUSD   *float64 `json:"bad_debt_usd"`
	} `json:"venues"`
	Unified struct {
		Liquidatable *bool    `json:"liquidatable"`
		Actions      []action `json:"actions"`
		InitialAfter *float64 `json:"initial_after"`
		BadDebtUSD   *float64 `json:"bad_debt_usd"`
	} `json:"unified"`
}

type action struct {
	Kind   string `json:"kind"`
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

func decodeLiquidate(t *testing.T, out string) (liquidateJSON, map[string]any) {
	t.Helper()
	var typed liquidateJSON
	var raw map[string]any
	mustDecode(t, out, &typed)
	mustDecode(t, out, &raw)
	return typed, raw
}

// Goal: `liquidate --demo --json` has the shape: venues[] with id,
// liquidatable, actions (never null), health_after, bad_debt_usd; unified
// with liquidatable, actions, initial_after, bad_debt_usd; amounts are
// strings. The demo book is healthy everywhere, so nothing is liquidated.
func TestLiquidateDemoShape(t *testing.T) {
	out := mustSucceed(t, "liquidate", "--demo", "--json")
	rep, raw := decodeLiquidate(t, out)
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Venues) != len(book.Venues) {
		t.Fatalf("want the demo's %d venues, got %d", len(book.Venues), len(rep.Venues))
	}
	for i, v := range rep.Venues {
		if v.ID == "" || v.Liquidatable == nil || v.Actions == nil || v.BadDebtUSD == nil {
			t.Errorf("venues[%d] lacks a contract field: %+v", i, v)
		}
	}
	u := rep.Unified
	if u.Liquidatable == nil || u.Actions == nil || u.InitialAfter == nil || u.BadDebtUSD == nil {
		t.Errorf("unified lacks a contract field: %s", out)
	}
	for _, key := range []string{"venues", "unified"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("no %q", key)
		}
	}
	if again := mustSucceed(t, "liquidate", "--demo", "--json"); again != out {
		t.Error("liquidate --json is not byte-identical across runs")
	}
	if text := mustSucceed(t, "liquidate", "--demo"); !strings.Contains(text, "Unified") {
		t.Errorf("human output lacks the unified section:\n%s", text)
	}
}

// Goal: a liquidatable book reproduces the Aave example exactly
// (repay 7000 USDC, seize 4.454545454545454545 WETH, protocol fee
// 0.021212121212121212 WETH, health after 1.0849) next to Comet absorb,
// Hyperliquid's 20% partial close and dYdX's close with fee; the unified
// engine is liquidatable and its actions are well-formed amounts.
func TestLiquidateFixture(t *testing.T) {
	out := mustSucceed(t, "liquidate", "--portfolio", "testdata/liquidate/portfolio.json",
		"--market", "testdata/liquidate/market.json", "--json")
	rep, _ := decodeLiquidate(t, out)
	want := map[string][]action{
		"aave": {{"repay", "USDC", "7000"}, {"seize", "WETH", "4.454545454545454545"},
			{"protocol_fee", "WETH", "0.021212121212121212"}},
		"comet": {{"absorb", "WETH", "10"}, {"repay", "USDC", "15000"}, {"credit", "USDC", "675"}},
		"hl":    {{"close", "BTC-PERP", "1"}},
		"dydx":  {{"close", "ETH-PERP", "20"}, {"liquidation_fee", "USDC", "165"}},
	}
	for _, v := range rep.Venues {
		if !*v.Liquidatable {
			t.Errorf("%s: want liquidatable", v.ID)
		}
		got, _ := json.Marshal(v.Actions)
		exp, _ := json.Marshal(want[v.ID])
		if string(got) != string(exp) {
			t.Errorf("%s: actions\n got %s\nwant %s", v.ID, got, exp)
		}
		if v.ID == "aave" && (v.HealthAfter == nil || *v.HealthAfter < 1.0849 || *v.HealthAfter >= 1.0850) {
			t.Errorf("aave: health_after %v, want 1.0849…", v.HealthAfter)
		}
	}
	if !*rep.Unified.Liquidatable || len(rep.Unified.Actions) == 0 {
		t.Errorf("unified: want a liquidation, got %s", out)
	}
	for _, a := range rep.Unified.Actions {
		if a.Amount == "" || strings.HasPrefix(a.Amount, "-") {
			t.Errorf("unified action %+v: amount must be a non-negative decimal string", a)
		}
	}
}

// Goal: bad input exits 1 with one line on stderr.
func TestLiquidateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "portfolio.json", `{"account": "x", "venues": [{"id": "a", "model": "aave-v3", "chain": "ethereum", "collateral": [{"asset": "WETH", "amount": "-1"}], "positions": []}]}`)
	for _, args := range [][]string{
		{"liquidate", "--market", "testdata/liquidate/market.json"},
		{"liquidate", "--portfolio", bad, "--market", "testdata/liquidate/market.json"},
		{"liquidate", "--demo", "--penalty", "2"},
		{"liquidate", "--demo", "--insurance-fund", "-5"},
		{"liquidate", "--demo", "--no-such-flag"},
		{"liquidate", "--portfolio", "testdata/malformed.json", "--market", "testdata/liquidate/market.json"},
	} {
		line := mustFail(t, 1, args...)
		if strings.Contains(line, dir) {
			t.Errorf("%v: message carries a directory: %s", args, line)
		}
	}
}
