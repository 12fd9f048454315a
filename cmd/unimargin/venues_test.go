package main

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
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
