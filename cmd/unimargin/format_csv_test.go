// Goal: `--format csv` prints the report as section,venue,key,field,value
// rows whose figures are the --json report's, plus the derived position,
// by_underlying and by_venue tables with figures worked by hand; a bad
// --format value is refused naming the flag. Method: a one-venue
// Hyperliquid book short 2 BTC at 90,000 next to a custody wallet.
package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/export"
)

const csvBook = `{"account": "csv", "venues": [
 {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid",
  "collateral": [{"asset": "USDC", "amount": "50000"}],
  "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "-2", "entry_price": "91000"}]},
 {"id": "wallet", "model": "custody", "chain": "ethereum",
  "collateral": [{"asset": "BTC", "amount": "1"}], "positions": []}]}`

const csvMarket = `{"as_of": "2026-11-25T00:00:00Z",
 "assets": {"BTC": {"price": "90000", "vol": 0.5}, "USDC": {"price": "1"}}}`

func csvCells(t *testing.T, out string) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if got := strings.Join(rows[0], ","); got != "section,venue,key,field,value" {
		t.Fatalf("header %q", got)
	}
	cells := map[string]string{}
	for _, r := range rows[1:] {
		k := strings.Join(r[:4], "|")
		if _, dup := cells[k]; dup {
			t.Errorf("row %q appears twice", k)
		}
		cells[k] = r[4]
	}
	return cells
}

func TestMarginFormatCSV(t *testing.T) {
	dir := t.TempDir()
	p, m := writeFile(t, dir, "p.json", csvBook), writeFile(t, dir, "m.json", csvMarket)
	cells := csvCells(t, mustSucceed(t, "margin", "--portfolio", p, "--market", m, "--format", "csv"))
	var rep struct {
		Venues []struct {
			ID      string  `json:"id"`
			Initial float64 `json:"initial"`
		} `json:"venues"`
		Unified struct {
			Initial float64 `json:"initial"`
		} `json:"unified"`
	}
	if err := json.Unmarshal([]byte(mustSucceed(t, "margin", "--portfolio", p, "--market", m, "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"account|||":                                "csv",
		"venues|hl|hl|initial":                      export.Num(rep.Venues[0].Initial),
		"unified|||initial":                         export.Num(rep.Unified.Initial),
		"position|hl|0|kind":                        "perp",
		"position|hl|0|underlying":                  "BTC",
		"position|hl|0|quantity":                    "-2",
		"position|hl|0|entry_price":                 "91000",
		"collateral|wallet|0|asset":                 "BTC",
		"collateral|wallet|0|value_usd":             "90000",  // 1 × 90,000
		"by_underlying||BTC|gross_notional":         "180000", // |−2| × 90,000; the wallet's BTC is collateral
		"by_venue|hl|hl|fragmented_initial":         export.Num(rep.Venues[0].Initial),
		"by_venue|wallet|wallet|fragmented_initial": "0", // custody requires nothing
	}
	for k, w := range want {
		if got, ok := cells[k]; !ok || got != w {
			t.Errorf("%s = %q (present %v), want %q", k, got, ok, w)
		}
	}
	// The venues' shares of unified initial add up to it.
	var sum float64
	for _, id := range []string{"hl", "wallet"} {
		var x float64
		if err := json.Unmarshal([]byte(cells["by_venue|"+id+"|"+id+"|unified_initial"]), &x); err != nil {
			t.Fatalf("%s unified_initial: %v", id, err)
		}
		sum += x
	}
	if d := sum - rep.Unified.Initial; d > 1e-6 || d < -1e-6 {
		t.Errorf("by_venue unified_initial sums to %v, unified initial %v", sum, rep.Unified.Initial)
	}
}

func TestFormatCSVOtherReports(t *testing.T) {
	for _, cmd := range [][]string{{"scenarios", "--demo"}, {"liquidate", "--demo"}, {"hedge", "--demo"}} {
		cells := csvCells(t, mustSucceed(t, append(cmd, "--format", "csv")...))
		if len(cells) < 3 {
			t.Errorf("%s --format csv: %d rows", cmd[0], len(cells))
		}
	}
	// A bare array is the command's section, its elements keyed by model.
	if got := csvCells(t, mustSucceed(t, "venues", "--format", "csv"))["venues||custody|model"]; got != "custody" {
		t.Errorf("venues --format csv: custody row %q", got)
	}
	line := mustFail(t, 1, "margin", "--demo", "--format", "xlsx")
	if !strings.Contains(line, "--format") {
		t.Errorf("bad --format refused with %q, which does not name the flag", line)
	}
}
