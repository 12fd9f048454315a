// Goal: `--format csv` prints the report as section,venue,key,field,value
// rows whose figures are the --json report's, plus the derived position,
// by_underlying and by_venue tables with figures worked by hand; a bad
// --format value is refused naming the flag. Method: a one-venue
// Hyperliquid book short 2 BTC at 90,000 next to a custody wallet.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/export"
	"github.com/unimargin/unimargin/internal/export/exporttest"
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
	if line := mustFail(t, 1, "margin", "--demo", "--json", "--format", "csv"); !strings.Contains(line, "--json and --format csv") {
		t.Errorf("--json with --format csv refused with %q", line)
	}
	line := mustFail(t, 1, "margin", "--demo", "--format", "xlsx")
	if !strings.Contains(line, "--format") {
		t.Errorf("bad --format refused with %q, which does not name the flag", line)
	}
}

// Goal: on every reporting command, --format csv carries exactly the
// figures of --json (a property over reports: the multiset of CSV values,
// less the derived tables, equals the multiset of the JSON's leaves, as
// collected by a walker written here), behind the fixed header; and
// --format json is --json byte for byte.
func TestFormatCSVEqualsJSONOnEveryReport(t *testing.T) {
	out := t.TempDir()
	for _, cmd := range [][]string{
		{"margin", "--demo"}, {"scenarios", "--demo"}, {"liquidate", "--demo"}, {"hedge", "--demo"}, {"venues"},
		{"stress", "--demo"}, {"stress", "--demo", "--reverse", "--tolerance", "1e-3"}, {"var", "--demo"},
		{"risk-params", "--defaults"}, {"settle", "chains"}, {"settle", "simulate", "--seeds", "2", "--steps", "20"},
		{"price", "--model", "bs", "--right", "call", "--spot", "100", "--strike", "100", "--vol", "0.5", "--expiry-years", "1"},
		{"iv", "--model", "bs", "--right", "call", "--spot", "100", "--strike", "100", "--expiry-years", "1", "--price", "19.741265136584747"},
		{"backtest", "--from", "2022-06-01", "--to", "2022-06-10", "--out", out},
		{"cascade", "--synthetic", "20", "--runs", "2", "--steps", "50", "--no-plots"},
	} {
		t.Run(strings.Join(cmd, " "), func(t *testing.T) {
			js := inProcess(t, append(cmd, "--json")...)
			if alt := inProcess(t, append(cmd, "--format", "json")...); alt != js {
				t.Errorf("--format json differs from --json")
			}
			rows, err := csv.NewReader(strings.NewReader(inProcess(t, append(cmd, "--format", "csv")...))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(rows[0], ",") != "section,venue,key,field,value" {
				t.Fatalf("header %v", rows[0])
			}
			var got []string
			for _, r := range rows[1:] {
				if !slices.Contains([]string{"position", "collateral", "by_underlying", "by_venue"}, r[0]) {
					got = append(got, r[4])
				}
			}
			want := leaves(t, js)
			sort.Strings(got)
			if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				t.Errorf("CSV values (%d) differ from the JSON leaves (%d)", len(got), len(want))
			}
		})
	}
}

// inProcess runs a command line in this process (run, as main does; no
// binary to start: the property above runs 45 command lines) and returns
// its stdout, failing unless it exits 0 with nothing on stderr.
func inProcess(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
		t.Fatalf("unimargin %v: exit %d: %s", args, code, stderr.String())
	}
	return stdout.String()
}

// leaves lists a JSON document's scalars as the CSV prints them, sorted.
func leaves(t *testing.T, text string) []string {
	t.Helper()
	out, err := exporttest.Leaves([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Goal: price --format csv gives the Black-Scholes figures worked by hand.
// S = K = 100, σ = 0.5, T = 1, r = 0: d1 = (ln(S/K) + σ²T/2)/(σ√T) = 0.25,
// d2 = −0.25; N(0.25) = 0.5987063256829237 (Φ via erfc), so delta = N(d1)
// = 0.5987…, price = S·N(d1) − K·N(d2) = 100·(2·N(0.25) − 1) = 19.7412651…
// (Hull's formula, 10th ed. §15.8).
func TestPriceCSVGolden(t *testing.T) {
	cells := csvCells(t, mustSucceed(t, "price", "--model", "bs", "--right", "call", "--spot", "100", "--strike", "100",
		"--vol", "0.5", "--expiry-years", "1", "--format", "csv"))
	for k, want := range map[string]float64{"delta|||": 0.5987063256829237, "price|||": 100 * (2*0.5987063256829237 - 1)} {
		got, err := strconv.ParseFloat(cells[k], 64)
		if err != nil || math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %q, want %v", k, cells[k], want)
		}
	}
}
