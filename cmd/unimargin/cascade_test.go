// End-to-end tests of `cascade`: the --json shape, determinism, files in
// --out, and one-line exit-1 errors for bad input.
package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCascadeJSON(t *testing.T) {
	args := []string{"cascade", "--synthetic", "2000", "--path", "2021-05-19", "--steps", "60",
		"--seed", "3", "--no-plots", "--json"}
	out := mustSucceed(t, args...)
	if again := mustSucceed(t, args...); again != out {
		t.Fatal("same seed, different --json output")
	}
	var doc struct {
		Architectures map[string]map[string]any `json:"architectures"`
		Table         []map[string]any          `json:"table"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"isolated", "hub", "uct"} {
		m := doc.Architectures[a]
		for _, k := range []string{"liquidated_usd", "liquidations", "bad_debt_usd", "amplification",
			"min_price", "by_asset", "collateral_locked_usd", "capital_efficiency", "trust_exposure_usd"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no %s in %v", a, k, m)
			}
		}
	}
	dims := map[string]bool{}
	for _, row := range doc.Table {
		dims[row["dimension"].(string)] = true
		if _, ok := row["uct"]; !ok {
			t.Errorf("table row %v has no uct", row)
		}
	}
	if !dims["capital efficiency"] || !dims["systemic risk"] || !dims["trust"] || !dims["assumption"] {
		t.Errorf("table dimensions %v", dims)
	}
	// the UCT assumption travels with the figures; by_asset covers stETH
	if d, ok := doc.Architectures["uct"]["settlement_delay_hours"].(float64); !ok || d != 0.25 {
		t.Errorf("uct settlement_delay_hours %v, want 0.25", doc.Architectures["uct"]["settlement_delay_hours"])
	}
	if doc.Architectures["hub"]["settlement_delay_hours"] != nil {
		t.Errorf("hub settlement_delay_hours %v, want null", doc.Architectures["hub"]["settlement_delay_hours"])
	}
	for _, a := range []string{"WETH", "WBTC", "stETH"} {
		if _, ok := doc.Architectures["isolated"]["by_asset"].(map[string]any)[a]; !ok {
			t.Errorf("by_asset has no %s", a)
		}
	}
}

// TestCascadeReportAssumptions: report.md states the assumptions with their
// flags and how UCT's bad debt moves with the settlement delay, marking
// this run's.
func TestCascadeReportAssumptions(t *testing.T) {
	dir := t.TempDir()
	mustSucceed(t, "cascade", "--synthetic", "500", "--path", "shock:WETH:-0.4", "--steps", "8",
		"--settlement-delay", "2", "--out", dir)
	b, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	r := string(b)
	for _, want := range []string{"settlement delay 2 hours (`--settlement-delay`)", "| 2 (this run) |", "| 12 |",
		"Where each architecture tips over", "`--failure`", "`--bridge-haircut`"} {
		if !strings.Contains(r, want) {
			t.Errorf("report.md has no %q:\n%s", want, r)
		}
	}
}

func TestCascadeFilesAndRuns(t *testing.T) {
	// without --out there are no files to write: no plots, no error
	mustSucceed(t, "cascade", "--synthetic", "200", "--steps", "10", "--json")
	dir := t.TempDir()
	out := mustSucceed(t, "cascade", "--synthetic", "1000", "--path", "shock:WETH:-0.3", "--steps", "20",
		"--architectures", "isolated,uct", "--impact", "amm", "--runs", "4", "--out", dir)
	if !strings.Contains(out, "bad_debt_p99_usd") || strings.Contains(out, "hub") {
		t.Fatalf("text output:\n%s", out)
	}
	for _, f := range []string{"price.png", "price.svg", "liquidations.png", "bad_debt.svg", "shock_sweep.png", "report.md"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestCascadePopulationFile(t *testing.T) {
	dir := t.TempDir()
	pop := `{"accounts": [{"account": "a", "venues": [
	  {"id": "aave", "model": "aave-v3", "chain": "ethereum", "params": "aave-v3-ethereum-2023-10-31",
	   "collateral": [{"asset": "WETH", "amount": "10"}],
	   "positions": [{"kind": "borrow", "asset": "USDC", "amount": "25000"}]}]}]}`
	file := filepath.Join(dir, "pop.json")
	if err := os.WriteFile(file, []byte(pop), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustSucceed(t, "cascade", "--population", file, "--path", "2021-05-19", "--steps", "72",
		"--no-plots", "--json")
	var doc struct {
		Architectures map[string]struct {
			Liquidations int `json:"liquidations"`
		} `json:"architectures"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// HF at 3,270: 0.83·32,700/25,000 = 1.086; WETH fell to about 2,300
	if doc.Architectures["isolated"].Liquidations == 0 {
		t.Fatalf("the Aave account was not liquidated: %s", out)
	}
}

func TestCascadeBadInput(t *testing.T) {
	dir := t.TempDir()
	badPop := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badPop, []byte(`{"accounts": [{"account": "a", "venues": [{"id": "x",
	  "model": "aave-v3", "chain": "ethereum", "collateral": [{"asset": "WETH", "amount": "-1"}],
	  "positions": []}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"architecture", []string{"--synthetic", "10", "--architectures", "isolated,central"}, "central"},
		{"impact", []string{"--synthetic", "10", "--impact", "cubic"}, "cubic"},
		{"path", []string{"--synthetic", "10", "--path", "1999-01-01"}, "1999-01-01"},
		{"shock asset", []string{"--synthetic", "10", "--path", "shock:DOGE:-0.3"}, "DOGE"},
		{"N zero", []string{"--synthetic", "0"}, "--synthetic"},
		{"N negative", []string{"--synthetic", "-5"}, "--synthetic"},
		{"steps", []string{"--synthetic", "10", "--steps", "0"}, "--steps"},
		{"haircut", []string{"--synthetic", "10", "--bridge-haircut", "1.5"}, "--bridge-haircut"},
		{"delay", []string{"--synthetic", "10", "--settlement-delay", "-1"}, "--settlement-delay"},
		{"failure", []string{"--synthetic", "10", "--failure", "2"}, "--failure"},
		{"liquidator scale", []string{"--synthetic", "10", "--liquidator-scale", "-1"}, "--liquidator-scale"},
		{"steth oracle", []string{"--synthetic", "10", "--steth-oracle", "nope"}, "--steth-oracle"},
		{"runs", []string{"--synthetic", "10", "--runs", "0"}, "--runs"},
		{"N not a number", []string{"--synthetic", "ten"}, "--synthetic"},
		{"no population", []string{"--steps", "10"}, "--population"},
		{"both populations", []string{"--synthetic", "10", "--population", badPop}, "population"},
		{"invalid population", []string{"--population", badPop}, "bad.json: accounts[0].venues[0].collateral[0].amount"},
		{"missing csv", []string{"--synthetic", "10", "--path", filepath.Join(dir, "none.csv")}, "none.csv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"cascade", "--no-plots"}, tc.args...)...)
			if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("want exit 1, one stderr line with %q; got %v", tc.want, r)
			}
		})
	}
}
