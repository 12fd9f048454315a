package main

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
)

// demoReport is the part of `margin --json` the demo tests read.
type demoReport struct {
	Venues []struct {
		ID           string   `json:"id"`
		Health       *float64 `json:"health"`
		Liquidatable bool     `json:"liquidatable"`
	} `json:"venues"`
	Unified struct {
		Initial float64 `json:"initial"`
	} `json:"unified"`
	Attribution []struct {
		Initial float64 `json:"initial"`
	} `json:"attribution"`
	Rebalance []struct {
		From, To, Asset, Amount string
	} `json:"rebalance"`
	LongestBackingChain []string `json:"longest_backing_chain"`
	CollateralByChain   map[string]struct {
		Value   float64 `json:"value"`
		Counted float64 `json:"counted"`
	} `json:"collateral_by_chain"`
	Warnings []string `json:"warnings"`
}

// Goal: `margin --demo` shows what the collateral-analytics issue asks of
// it: collateral on at least three chains with haircuts (the embedded demo
// risk parameters), a look-through asset, attribution summing to the total,
// hedges, and a rebalance on a book that needs one — and applying that
// rebalance to the demo portfolio leaves every venue at health ≥ 1.1.
func TestMarginDemoShowsTheAnalytics(t *testing.T) {
	var rep demoReport
	mustDecode(t, mustSucceed(t, "margin", "--demo", "--json"), &rep)
	var book struct {
		Venues []struct {
			ID, Chain  string
			Collateral []map[string]string `json:"collateral"`
		} `json:"venues"`
	}
	mustDecode(t, string(demo.PortfolioJSON), &book)
	chains := map[string]bool{}
	for _, v := range book.Venues {
		if len(v.Collateral) > 0 && v.Chain != "offchain" {
			chains[v.Chain] = true
		}
	}
	if len(chains) < 3 {
		t.Errorf("demo collateral on chains %v, want at least three", chains)
	}
	haircut := 0
	for _, c := range rep.CollateralByChain {
		if c.Counted < c.Value {
			haircut++
		}
	}
	if len(rep.CollateralByChain) < 3 || haircut < 2 {
		t.Errorf("collateral_by_chain %+v: want three chains or more, haircuts on two or more", rep.CollateralByChain)
	}
	if !strings.Contains(string(demo.RiskParamsJSON), `"arbitrum"`) || !strings.Contains(string(demo.RiskParamsJSON), "canonical") {
		t.Error("demo risk params lack chain and bridge haircuts")
	}
	if len(rep.LongestBackingChain) < 2 {
		t.Errorf("longest_backing_chain %v: the demo has wrappers", rep.LongestBackingChain)
	}
	var sum float64
	for _, a := range rep.Attribution {
		sum += a.Initial
	}
	if d := sum - rep.Unified.Initial; d > 1e-6*rep.Unified.Initial || d < -1e-6*rep.Unified.Initial {
		t.Errorf("attribution sums to %v, initial %v", sum, rep.Unified.Initial)
	}
	if len(rep.Rebalance) == 0 {
		t.Fatal("the demo book needs a rebalance and the report has none")
	}
	human := mustSucceed(t, "margin", "--demo")
	for _, want := range []string{"Collateral by chain", "arbitrum", "Hedges that free unified margin",
		"Suggested collateral moves", "wstETH", "crosses chains"} {
		if !strings.Contains(human, want) {
			t.Errorf("margin --demo lacks %q", want)
		}
	}

	// Apply the moves to the demo portfolio's collateral lists and re-margin.
	var doc map[string]any
	mustDecode(t, string(demo.PortfolioJSON), &doc)
	venues := map[string]map[string]any{}
	chainOf := map[string]string{}
	for _, v := range doc["venues"].([]any) {
		vo := v.(map[string]any)
		venues[vo["id"].(string)] = vo
		chainOf[vo["id"].(string)] = vo["chain"].(string)
	}
	for _, mv := range rep.Rebalance {
		take(t, venues[mv.From], mv.Asset, mv.Amount)
		entry := map[string]any{"asset": mv.Asset, "amount": mv.Amount}
		if chainOf[mv.From] != chainOf[mv.To] {
			entry["bridge"] = chainOf[mv.To] + "-canonical"
		}
		venues[mv.To]["collateral"] = append(venues[mv.To]["collateral"].([]any), entry)
	}
	data, _ := json.Marshal(doc)
	dir := t.TempDir()
	path := writeFile(t, dir, "rebalanced.json", string(data))
	market := filepath.Join(dir, "market.json")
	params := filepath.Join(dir, "risk.json")
	if err := os.WriteFile(market, demo.MarketJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(params, demo.RiskParamsJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	var after demoReport
	mustDecode(t, mustSucceed(t, "margin", "--portfolio", path, "--market", market, "--risk-params", params, "--json"), &after)
	for _, v := range after.Venues {
		if v.Liquidatable || v.Health != nil && *v.Health < 1.1 {
			t.Errorf("%s after the rebalance: health %v, liquidatable %v", v.ID, *v.Health, v.Liquidatable)
		}
	}
	if len(after.Rebalance) != 0 {
		t.Errorf("the rebalanced book still asks for moves: %v", after.Rebalance)
	}
}

// take subtracts amount (a decimal string) from a venue's first entry of asset.
func take(t *testing.T, v map[string]any, asset, amount string) {
	t.Helper()
	for _, c := range v["collateral"].([]any) {
		co := c.(map[string]any)
		if co["asset"] == asset {
			co["amount"] = subtractDecimal(t, co["amount"].(string), amount)
			return
		}
	}
	t.Fatalf("venue %v holds no %s", v["id"], asset)
}

// subtractDecimal is a − b for decimal strings, exactly (big.Rat).
func subtractDecimal(t *testing.T, a, b string) string {
	t.Helper()
	x, okA := new(big.Rat).SetString(a)
	y, okB := new(big.Rat).SetString(b)
	if !okA || !okB {
		t.Fatalf("not decimals: %q %q", a, b)
	}
	return x.Sub(x, y).FloatString(18)
}

// scenarios --json lists the dated historical episodes with their moves and
// sources, 2020-03-12 and 2025-10-10 among them.
func TestScenariosListDatedEpisodes(t *testing.T) {
	var list []struct {
		Name   string             `json:"name"`
		Kind   string             `json:"kind"`
		Spot   map[string]float64 `json:"spot"`
		Source string             `json:"source"`
	}
	mustDecode(t, mustSucceed(t, "scenarios", "--demo", "--json"), &list)
	want := map[string]float64{"2020-03-12 Black Thursday": -0.466, "2025-10-10 tariff liquidation cascade": -0.169}
	for _, s := range list {
		if s.Kind != "historical" {
			continue
		}
		if s.Source == "" {
			t.Errorf("%s has no source", s.Name)
		}
		if btc, ok := want[s.Name]; ok {
			if s.Spot["BTC"] != btc {
				t.Errorf("%s: BTC move %v, want %v", s.Name, s.Spot["BTC"], btc)
			}
			delete(want, s.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("scenarios --json lacks %v", want)
	}
}
