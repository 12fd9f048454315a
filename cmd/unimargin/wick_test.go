// End-to-end tests of `cascade wick`: it runs from any directory (the data
// is embedded), its --json names the crossings and the isolated
// liquidations, --out writes the report and the plots, and `cascade`
// without a subcommand is still the comparison.
package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCascadeWick(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // nothing read from the working directory
	out := mustSucceed(t, "cascade", "wick", "--json", "--out", "report")
	var doc struct {
		Runs []struct {
			Path       string             `json:"path"`
			MinPrice   map[string]float64 `json:"min_price"`
			Recorded   []map[string]any   `json:"recorded_crossings"`
			Liquidated []string           `json:"isolated_liquidated"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// the real path crosses no recorded price and liquidates no one; the
	// counterfactual (24,111.22) crosses six recorded BTC prices, one of an
	// address with positions, which is the one liquidated
	if len(doc.Runs) != 2 || len(doc.Runs[0].Recorded) != 0 || len(doc.Runs[0].Liquidated) != 0 ||
		doc.Runs[0].MinPrice["WBTC"] != 85858.58586 {
		t.Fatalf("real path: %+v", doc.Runs)
	}
	if cf := doc.Runs[1]; len(cf.Recorded) != 6 || len(cf.Liquidated) != 1 ||
		cf.Liquidated[0] != "0x94def848159b30605afe0c1d1ac43d6d588b940a" {
		t.Fatalf("counterfactual: %+v", cf)
	}
	for _, f := range []string{"wick.md", "wick_btc.png", "wick_btc.svg", "wick_eth.png", "wick_eth.svg"} {
		if st, err := os.Stat(filepath.Join(dir, "report", f)); err != nil || st.Size() == 0 {
			t.Errorf("--out: %s: %v", f, err)
		}
	}
	md := mustSucceed(t, "cascade", "wick")
	if !strings.Contains(md, "isolated architecture liquidated (in order): none") {
		t.Errorf("markdown has no empty liquidation list for the real path:\n%s", md)
	}
	// the comparison is still `cascade` (its default subcommand)
	if a, b := mustSucceed(t, "cascade", "--synthetic", "50", "--steps", "10", "--no-plots", "--json"),
		mustSucceed(t, "cascade", "compare", "--synthetic", "50", "--steps", "10", "--no-plots", "--json"); a != b {
		t.Fatal("cascade and cascade compare differ")
	}
}
