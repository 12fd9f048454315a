package main

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Goal: `margin --json` has every key of the DESIGN.md contract, with the
// contract's types (figures are numbers, health a number or null, money at
// rest a string, lists never null). Method: decode into generic JSON and walk
// a key specification.
func TestMarginDemoJSONHasEveryContractKey(t *testing.T) {
	var rep map[string]any
	out := mustSucceed(t, "margin", "--demo", "--json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("margin --demo --json is not JSON: %v\n%s", err, out)
	}
	requireKeys(t, "report", rep, map[string]string{
		"account": "string", "as_of": "string", "venues": "array", "fragmented": "object",
		"unified": "object", "savings": "object", "capital_efficiency": "object", "greeks": "object",
		"exposure_by_root_asset": "object", "attribution": "array", "rebalance": "array",
		"params_version": "string", "warnings": "array",
	})
	venues := rep["venues"].([]any)
	if len(venues) == 0 {
		t.Fatal("report has no venues")
	}
	for i, v := range venues {
		vo := asObject(t, "venues[]", v)
		requireKeys(t, "venues["+strconv.Itoa(i)+"]", vo, map[string]string{
			"id": "string", "model": "string", "collateral_value": "number", "equity": "number",
			"initial": "number", "maintenance": "number", "excess": "number", "health": "number|null",
			"liquidatable": "bool",
		})
		if n, ok := vo["native"]; ok {
			requireKeys(t, "venues[].native", asObject(t, "native", n), map[string]string{
				"currency": "string", "initial": "number", "maintenance": "number",
			})
		}
		if lp, ok := vo["liquidation_prices"]; ok {
			for asset, p := range asObject(t, "liquidation_prices", lp) {
				checkType(t, "venues[].liquidation_prices."+asset, p, "number|null")
			}
		}
	}
	requireKeys(t, "fragmented", asObject(t, "fragmented", rep["fragmented"]), map[string]string{
		"collateral_value": "number", "equity": "number", "initial": "number", "maintenance": "number",
	})
	unified := asObject(t, "unified", rep["unified"])
	requireKeys(t, "unified", unified, map[string]string{
		"collateral_value": "number", "equity": "number", "initial": "number", "maintenance": "number",
		"excess": "number", "liquidatable": "bool", "worst_scenario": "object", "components": "object",
	})
	requireKeys(t, "unified.worst_scenario", asObject(t, "worst_scenario", unified["worst_scenario"]),
		map[string]string{"name": "string", "loss": "number"})
	requireKeys(t, "unified.components", asObject(t, "components", unified["components"]),
		map[string]string{"scenario": "number", "liquidity": "number", "contingency": "number"})
	requireKeys(t, "savings", asObject(t, "savings", rep["savings"]),
		map[string]string{"initial": "number", "fraction": "number"})
	requireKeys(t, "capital_efficiency", asObject(t, "capital_efficiency", rep["capital_efficiency"]),
		map[string]string{"fragmented": "number", "unified": "number", "deadweight_loss_per_year": "number",
			"deadweight_rate": "number", "deadweight_rate_source": "string"})
	greeks := asObject(t, "greeks", rep["greeks"])
	if len(greeks) == 0 {
		t.Error("greeks is empty for a book with options")
	}
	for asset, g := range greeks {
		requireKeys(t, "greeks."+asset, asObject(t, "greeks", g), map[string]string{
			"delta": "number", "gamma": "number", "vega": "number", "theta": "number",
			"delta_usd": "number", "gamma_usd": "number", "vega_usd": "number", "theta_usd": "number",
		})
	}
	for asset, x := range asObject(t, "exposure_by_root_asset", rep["exposure_by_root_asset"]) {
		checkType(t, "exposure_by_root_asset."+asset, x, "number")
	}
	for i, a := range rep["attribution"].([]any) {
		ao := asObject(t, "attribution[]", a)
		requireKeys(t, "attribution["+strconv.Itoa(i)+"]", ao, map[string]string{"venue": "string", "initial": "number"})
		_, isPos := ao["position"]
		_, isColl := ao["collateral"]
		if isPos == isColl {
			t.Errorf("attribution[%d] must have exactly one of position and collateral: %v", i, ao)
		}
	}
	for i, m := range rep["rebalance"].([]any) {
		requireKeys(t, "rebalance["+strconv.Itoa(i)+"]", asObject(t, "rebalance[]", m), map[string]string{
			"from": "string", "to": "string", "asset": "string", "amount": "string",
		})
	}
}

// Goal: --json is byte-identical for the same inputs, wherever the files sit
// and whenever it runs, and names no path. Method: run twice from the
// fixtures and once from copies in a temporary directory.
func TestMarginJSONIsByteIdentical(t *testing.T) {
	first := mustSucceed(t, "margin", "--demo", "--json")
	if second := mustSucceed(t, "margin", "--demo", "--json"); second != first {
		t.Fatal("margin --demo --json differs between two runs")
	}
	dir := t.TempDir()
	pf := writeFile(t, dir, "portfolio.json", fixture(t, "portfolio.json"))
	mf := writeFile(t, dir, "market.json", fixture(t, "market.json"))
	a := mustSucceed(t, "margin", "--portfolio", "testdata/portfolio.json", "--market", "testdata/market.json", "--json")
	b := mustSucceed(t, "margin", "--portfolio", pf, "--market", mf, "--json")
	if a != b {
		t.Fatal("margin --json differs when the same files sit in another directory")
	}
	if strings.Contains(b, dir) || strings.Contains(a, "testdata") {
		t.Fatal("margin --json output contains a file path")
	}
}

// The default risk parameters, written out and read back, change nothing.
func TestRiskParamsDefaultsRoundTrip(t *testing.T) {
	defaults := mustSucceed(t, "risk-params", "--defaults", "--json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(defaults), &doc); err != nil {
		t.Fatalf("risk-params --defaults --json is not a JSON object: %v\n%s", err, defaults)
	}
	rp := writeFile(t, t.TempDir(), "risk.json", defaults)
	// Not --demo: the demo carries its own risk parameters.
	files := []string{"--portfolio", "testdata/portfolio.json", "--market", "testdata/market.json"}
	base := mustSucceed(t, append([]string{"margin", "--json"}, files...)...)
	with := mustSucceed(t, append([]string{"margin", "--json", "--risk-params", rp}, files...)...)
	if base != with {
		t.Fatal("margin with the default risk parameters given as a file differs from margin without")
	}
}

func TestMarginHumanReport(t *testing.T) {
	out := mustSucceed(t, "margin", "--demo")
	for _, want := range []string{"fund-a", "fragmented", "unified", "worst scenario", "deadweight loss", "Greeks", "Attribution"} {
		if !strings.Contains(out, want) {
			t.Errorf("human report lacks %q:\n%s", want, out)
		}
	}
}

// Goal: every class of bad input is refused with exit 1 and one stderr line
// `<file>: <json path>: "<value>" <reason>`. Method: edit one field of the
// valid fixtures (files renamed, so the message must use the real name) and
// check the line's prefix and a word of its reason.
func TestMarginRefusesBadInput(t *testing.T) {
	const big = "10000000000000000" // 1e16 > the 1e15 quantity limit
	cases := []struct {
		name       string
		file       string // "book" or "prices": which fixture to edit
		old, new   string
		wantPrefix string
		wantReason string
	}{
		{"zero price", "prices", `"price": "90000"`, `"price": "0"`,
			`prices.json: assets.BTC.price: "0" `, "> 0"},
		{"negative price", "prices", `"price": "90000"`, `"price": "-90000"`,
			`prices.json: assets.BTC.price: "-90000" `, "> 0"},
		{"NaN price", "prices", `"price": "90000"`, `"price": "NaN"`,
			`prices.json: assets.BTC.price: "NaN" `, "decimal"},
		{"price as a JSON number", "prices", `"price": "90000"`, `"price": 90000`,
			`prices.json: assets.BTC.price: "90000" `, "decimal string"},
		{"negative vol", "prices", `"vol": 0.55`, `"vol": -0.55`,
			`prices.json: assets.BTC.vol: "-0.55" `, "≥ 0"},
		{"NaN vol", "prices", `"vol": 0.55`, `"vol": "NaN"`,
			`prices.json: assets.BTC.vol: "NaN" `, "finite"},
		{"infinite vol", "prices", `"vol": 0.55`, `"vol": 1e999`,
			`prices.json: assets.BTC.vol: "1e999" `, "finite"},
		{"stale oracle", "prices", `"oracle_time": "2026-11-24T23:59:30Z"`, `"oracle_time": "2026-11-24T22:00:00Z"`,
			`prices.json: assets.BTC.oracle_time: "2026-11-24T22:00:00Z" `, "stale"},
		{"oracle after as_of", "prices", `"oracle_time": "2026-11-24T23:59:30Z"`, `"oracle_time": "2026-11-25T00:00:01Z"`,
			`prices.json: assets.BTC.oracle_time: "2026-11-25T00:00:01Z" `, "as_of"},
		{"unknown market field", "prices", `"spread_bps": 1}`, `"spread_bps": 1, "colour": "red"}`,
			`prices.json: assets.BTC.colour: `, "unknown field"},
		{"backing cycle", "prices", `"BTC":    {"price": "90000",`, `"BTC":    {"price": "90000", "backed_by": {"WBTC": "1"},`,
			`prices.json: assets.`, "cycle"},
		{"unknown portfolio field", "book", `"chain": "offchain",`, `"chain": "offchain", "colour": "red",`,
			`book.json: venues[1].colour: `, "unknown field"},
		{"negative strike", "book", `"strike": "80000"`, `"strike": "-80000"`,
			`book.json: venues[1].positions[0].strike: "-80000" `, "> 0"},
		{"unknown model", "book", `"model": "deribit-standard"`, `"model": "deribit-nonesuch"`,
			`book.json: venues[1].model: "deribit-nonesuch" `, "model"},
		{"asset missing from market", "book", `{"asset": "USDC", "amount": "100000"}`, `{"asset": "DOGE", "amount": "100000"}`,
			`book.json: venues[0].collateral[1].asset: "DOGE" `, "market"},
		{"underlying missing from market", "book", `"underlying": "BTC", "right": "put"`, `"underlying": "SOL", "right": "put"`,
			`book.json: venues[1].positions[0].underlying: "SOL" `, "market"},
		{"expired option", "book", `"expiry": "2026-12-25T08:00:00Z", "quantity": "-10"`, `"expiry": "2025-12-26T08:00:00Z", "quantity": "-10"`,
			`book.json: venues[1].positions[0].expiry: "2025-12-26T08:00:00Z" `, "expired"},
		{"overflowing quantity", "book", `"quantity": "2"`, `"quantity": "` + big + `"`,
			`book.json: venues[1].positions[1].quantity: "` + big + `" `, "overflow"},
		{"overflowing amount", "book", `"amount": "100000"`, `"amount": "1` + strings.Repeat("0", 31) + `"`,
			`book.json: venues[0].collateral[1].amount: "1` + strings.Repeat("0", 31) + `" `, "overflow"},
		{"negative amount", "book", `"amount": "100000"`, `"amount": "-100000"`,
			`book.json: venues[0].collateral[1].amount: "-100000" `, "≥ 0"},
		{"quantity as a JSON number", "book", `"quantity": "2"`, `"quantity": 2`,
			`book.json: venues[1].positions[1].quantity: "2" `, "decimal string"},
		{"NaN quantity", "book", `"quantity": "2"`, `"quantity": "NaN"`,
			`book.json: venues[1].positions[1].quantity: "NaN" `, "decimal"},
		{"more than 18 decimals", "book", `"amount": "100000"`, `"amount": "0.0000000000000000001"`,
			`book.json: venues[0].collateral[1].amount: "0.0000000000000000001" `, "18"},
		{"unknown position kind", "book", `{"kind": "perp"`, `{"kind": "swap"`,
			`book.json: venues[1].positions[1].kind: "swap" `, "kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			book, prices := fixture(t, "portfolio.json"), fixture(t, "market.json")
			if tc.file == "book" {
				book = replaceOnce(t, book, tc.old, tc.new)
			} else {
				prices = replaceOnce(t, prices, tc.old, tc.new)
			}
			bf := writeFile(t, dir, "book.json", book)
			pf := writeFile(t, dir, "prices.json", prices)
			for _, format := range [][]string{{"--json"}, nil} {
				args := append([]string{"margin", "--portfolio", bf, "--market", pf}, format...)
				line := mustFail(t, 1, args...)
				if !strings.HasPrefix(line, tc.wantPrefix) || !strings.Contains(line[len(tc.wantPrefix):], tc.wantReason) {
					t.Errorf("want a line starting %q and saying %q, got %q", tc.wantPrefix, tc.wantReason, line)
				}
			}
		})
	}
}

func TestMarginRefusesMalformedJSON(t *testing.T) {
	line := mustFail(t, 1, "margin", "--portfolio", "testdata/malformed.json", "--market", "testdata/market.json")
	if !strings.HasPrefix(line, "malformed.json: ") || !strings.Contains(line, "malformed JSON") || !strings.Contains(line, "line 5") {
		t.Errorf("want the file, \"malformed JSON\" and its line, got %q", line)
	}
	dir := t.TempDir()
	nan := replaceOnce(t, fixture(t, "market.json"), `"vol": 0.55`, `"vol": NaN`)
	line = mustFail(t, 1, "margin", "--portfolio", "testdata/portfolio.json", "--market", writeFile(t, dir, "m.json", nan))
	if !strings.HasPrefix(line, "m.json: ") || !strings.Contains(line, "malformed JSON") {
		t.Errorf("a bare NaN literal: want a malformed JSON error naming m.json, got %q", line)
	}
}

// The market is validated before the portfolio: with both broken, the
// market's error is the one reported.
func TestMarketErrorsComeFirst(t *testing.T) {
	dir := t.TempDir()
	book := replaceOnce(t, fixture(t, "portfolio.json"), `"strike": "80000"`, `"strike": "-80000"`)
	prices := replaceOnce(t, fixture(t, "market.json"), `"price": "90000"`, `"price": "-90000"`)
	line := mustFail(t, 1, "margin", "--portfolio", writeFile(t, dir, "book.json", book),
		"--market", writeFile(t, dir, "prices.json", prices))
	if !strings.HasPrefix(line, "prices.json: assets.BTC.price") {
		t.Errorf("want the market error first, got %q", line)
	}
}

// --allow-stale turns a stale oracle into a warning in the report.
func TestAllowStale(t *testing.T) {
	dir := t.TempDir()
	prices := replaceOnce(t, fixture(t, "market.json"), `"oracle_time": "2026-11-24T23:59:30Z"`, `"oracle_time": "2026-11-24T22:00:00Z"`)
	pf := writeFile(t, dir, "prices.json", prices)
	out := mustSucceed(t, "margin", "--portfolio", "testdata/portfolio.json", "--market", pf, "--allow-stale", "--json")
	var rep struct{ Warnings []string }
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.Warnings, "\n"), "stale") {
		t.Errorf("--allow-stale: want a warning saying stale, got %q", rep.Warnings)
	}
	// A wider window accepts the same price without a warning.
	mustSucceed(t, "margin", "--portfolio", "testdata/portfolio.json", "--market", pf, "--stale-after", "3h", "--json")
}

func TestMarginUsageErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.json")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"margin", "--demo", "--bogus"}, "--bogus"},
		{"no portfolio", []string{"margin", "--market", "testdata/market.json"}, "--portfolio"},
		{"no market", []string{"margin", "--portfolio", "testdata/portfolio.json"}, "--market"},
		{"demo and files", []string{"margin", "--demo", "--portfolio", "testdata/portfolio.json"}, "--demo"},
		{"bad duration", []string{"margin", "--demo", "--stale-after", "soon"}, "stale-after"},
		{"zero duration", []string{"margin", "--demo", "--stale-after", "0s"}, "--stale-after"},
		{"missing file", []string{"margin", "--portfolio", missing, "--market", "testdata/market.json"}, "absent.json: "},
		{"unknown command", []string{"margins"}, "margins"},
		{"no command", nil, "unimargin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if line := mustFail(t, 1, tc.args...); !strings.Contains(line, tc.want) {
				t.Errorf("want the line to name %q, got %q", tc.want, line)
			}
		})
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, cmd := range []string{"", "margin", "price", "iv", "scenarios", "venues", "risk-params"} {
		args := strings.Fields(cmd + " --help")
		out := mustSucceed(t, args...)
		if !strings.Contains(out, "Usage: unimargin") {
			t.Errorf("unimargin %s: want usage on stdout, got %q", strings.Join(args, " "), out)
		}
	}
}

func TestScenariosJSON(t *testing.T) {
	for _, args := range [][]string{
		{"scenarios", "--demo", "--json"},
		{"scenarios", "--market", "testdata/market.json", "--json"},
		{"scenarios", "--market", "testdata/market.json", "--portfolio", "testdata/portfolio.json", "--json"},
	} {
		out := mustSucceed(t, args...)
		var set []map[string]any
		if err := json.Unmarshal([]byte(out), &set); err != nil {
			t.Fatalf("%v: not a JSON array: %v\n%s", args, err, out)
		}
		if len(set) == 0 {
			t.Fatalf("%v: no scenarios", args)
		}
		counted := 0
		for i, s := range set {
			requireKeys(t, "scenarios["+strconv.Itoa(i)+"]", s, map[string]string{
				"name": "string", "kind": "string", "spot": "object", "vol": "string",
				"fraction": "number", "in_requirement": "bool",
			})
			if s["in_requirement"] == true {
				counted++
			}
		}
		if counted == 0 {
			t.Errorf("%v: no scenario is in the requirement", args)
		}
		if again := mustSucceed(t, args...); again != out {
			t.Errorf("%v: output differs between runs", args)
		}
	}
	mustSucceed(t, "scenarios", "--demo")
}

func TestScenariosNeedAMarket(t *testing.T) {
	mustFail(t, 1, "scenarios", "--json")
}

// requireKeys checks that obj has every key with the given JSON type
// ("number", "string", "bool", "object", "array", "null", or "a|b").
func requireKeys(t *testing.T, where string, obj map[string]any, keys map[string]string) {
	t.Helper()
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v, ok := obj[k]
		if !ok {
			t.Errorf("%s: missing key %q", where, k)
			continue
		}
		checkType(t, where+"."+k, v, keys[k])
	}
}

func checkType(t *testing.T, where string, v any, want string) {
	t.Helper()
	got := "null"
	switch v.(type) {
	case float64:
		got = "number"
	case string:
		got = "string"
	case bool:
		got = "bool"
	case map[string]any:
		got = "object"
	case []any:
		got = "array"
	}
	for _, w := range strings.Split(want, "|") {
		if w == got {
			return
		}
	}
	t.Errorf("%s: want %s, got %s (%v)", where, want, got, v)
}

func asObject(t *testing.T, where string, v any) map[string]any {
	t.Helper()
	o, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: want an object, got %T", where, v)
	}
	return o
}
