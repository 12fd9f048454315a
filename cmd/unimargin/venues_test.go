package main

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// venues --json is an array of {"model", "params": {name: default}, "source"},
// sorted by model, with custody's params {} and source "unimargin".
func TestVenuesJSONShape(t *testing.T) {
	out := mustSucceed(t, "venues", "--json")
	var models []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &models); err != nil {
		t.Fatalf("venues --json is not an array of objects: %v\n%s", err, out)
	}
	var names []string
	for i, m := range models {
		if len(m) != 3 {
			t.Errorf("venues[%d]: want exactly model, params, source; got %d keys", i, len(m))
		}
		var name, source string
		var params map[string]any
		if err := json.Unmarshal(m["model"], &name); err != nil || name == "" {
			t.Errorf("venues[%d].model: want a non-empty string, got %s", i, m["model"])
		}
		if err := json.Unmarshal(m["source"], &source); err != nil || source == "" {
			t.Errorf("venues[%d].source: want a non-empty string, got %s", i, m["source"])
		}
		if err := json.Unmarshal(m["params"], &params); err != nil || params == nil {
			t.Errorf("venues[%d].params: want an object, got %s", i, m["params"])
		}
		if name == "custody" && (string(m["params"]) != "{}" || source != "unimargin") {
			t.Errorf("custody: want params {} and source unimargin, got %s and %q", m["params"], source)
		}
		names = append(names, name)
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("models not sorted: %v", names)
	}
	for _, want := range []string{"custody", "aave-v3", "deribit-standard", "deribit-pm"} {
		if !contains(names, want) {
			t.Errorf("venues --json lacks %s (is it linked through venue/catalog?): %v", want, names)
		}
	}
	if again := mustSucceed(t, "venues", "--json"); again != out {
		t.Error("venues --json differs between runs")
	}
	if text := mustSucceed(t, "venues"); !strings.Contains(text, "custody") {
		t.Errorf("venues table lacks custody:\n%s", text)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestRiskParamsCommand(t *testing.T) {
	if out := mustSucceed(t, "risk-params", "--defaults"); !strings.Contains(out, "parameter") {
		t.Errorf("risk-params --defaults: want a table, got\n%s", out)
	}
	mustFail(t, 1, "risk-params")
}

// A bad risk-parameter file is refused like any input file.
func TestRiskParamsFileErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, text, wantPrefix string
	}{
		{"malformed", `{"maintenance_fraction": }`, "risk.json: maintenance_fraction: malformed JSON at line 1, column 26"},
		{"truncated", `{"maintenance_fraction": 0.5`, "risk.json: malformed JSON: unexpected end of input"},
		{"duplicate key", `{"maintenance_fraction": 0.5, "Maintenance_Fraction": 0.6}`, `risk.json: Maintenance_Fraction: duplicate key: differs from "maintenance_fraction" only by case`},
		{"unknown field", `{"colour": "red"}`, "risk.json: colour: unknown field"},
		{"out of range", `{"maintenance_fraction": 2}`, `risk.json: maintenance_fraction: "2" `},
		{"NaN", `{"maintenance_fraction": "NaN"}`, `risk.json: maintenance_fraction: "NaN" `},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rp := writeFile(t, dir, "risk.json", tc.text)
			line := mustFail(t, 1, "margin", "--demo", "--risk-params", rp, "--json")
			if !strings.HasPrefix(line, tc.wantPrefix) {
				t.Errorf("want a line starting %q, got %q", tc.wantPrefix, line)
			}
		})
	}
}

// overrideProbes names, per registered model, override names its params
// accept, one or more of each spelling its override docs describe (the
// package comment of its override parser). Goal: every override a model's
// params accept is listed by venues --json and GET /v1/venues (both read
// Model.Params), so that users and governance proposals can find it;
// aave-v3's v3.2 liquid-eMode lists (emodes.<id>.collateral and
// .borrowable) were accepted but not listed. A model registered without a
// row here fails, so the next model's overrides are checked too.
var overrideProbes = map[string][]string{
	"aave-v3": {"WETH.ltv", "WETH.emode_category", "WETH.debt_ceiling", "emodes.1.ltv", "emodes.1.label",
		"emodes.1.collateral", "emodes.1.borrowable"},
	"compound-v3":      {"WETH.borrow_collateral_factor", "WETH.supply_cap"},
	"custody":          {},
	"deribit-pm":       {"extended_dampener", "max_delta_shock"},
	"deribit-standard": {"futures_initial", "m_inc"},
	"derive-pm":        {"scenarios", "conf_margin"},
	"dydx-v4":          {"initial_margin_ppm", "maintenance_fraction_ppm"},
	"gmx-v2":           {"min_collateral_factor", "min_collateral_usd"},
	"hyperliquid":      {"backstop_liquidation_ratio", "transfer_margin_ratio"},
	"option-vault":     {"call_collateral_ratio", "put_collateral_ratio"},
	"span":             {"BTC.extreme_move_coverage", "BTC.intra_spread_charge"},
}

// Method: for each registered model, a venue of that model with no
// positions is margined on the demo market with params {probe: its listed
// default}: every probe is listed and accepted, and a made-up name is
// refused at venues[0].params (so the probe reaches the model's parameter
// parser and the acceptance means something).
func TestEveryAcceptedOverrideIsListed(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	refused := func(t *testing.T, model, name string, value any) error {
		t.Helper()
		doc, err := json.Marshal(map[string]any{"account": "probe", "venues": []any{map[string]any{
			"id": "v", "model": model, "chain": "ethereum",
			"collateral": []any{}, "positions": []any{}, "params": map[string]any{name: value}}}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := portfolio.Parse(doc)
		if err != nil {
			t.Fatalf("the probe's book: %v", err)
		}
		mod, _ := venue.Lookup(model)
		_, err = mod.Margin(&p.Venues[0], m)
		var ie *input.Error
		if errors.As(err, &ie) && strings.HasPrefix(ie.Path, "venues[0].params") {
			return err
		}
		return nil
	}
	for _, mod := range venue.Models() {
		t.Run(mod.Name(), func(t *testing.T) {
			probes, ok := overrideProbes[mod.Name()]
			if !ok {
				t.Fatalf("model %s has no row in overrideProbes: name the overrides its params accept", mod.Name())
			}
			listed := map[string]any{}
			for _, p := range mod.Params() {
				listed[p.Name] = p.Default
			}
			for _, name := range probes {
				def, ok := listed[name]
				if !ok {
					t.Errorf("%s is accepted by the model's params (its override docs) but not listed", name)
					continue
				}
				if err := refused(t, mod.Name(), name, def); err != nil {
					t.Errorf("%s with its listed default %v is refused: %v", name, def, err)
				}
			}
			if err := refused(t, mod.Name(), "zz_not_a_parameter", 1); err == nil && mod.Name() != "custody" {
				t.Errorf("a made-up parameter is accepted: the probe does not reach the parameter parser")
			}
		})
	}
}
