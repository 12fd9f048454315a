package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Goal: `import` turns a venue's documented API response into a portfolio
// document the margin command accepts, and refuses bad input by the usual
// one-line contract. Fixture: Deribit's documented get_positions example.
func TestImportDeribitPositions(t *testing.T) {
	out := mustSucceed(t, "import", "deribit-positions", "testdata/deribit_get_positions.json", "--account", "desk-1")
	var doc struct {
		Account string `json:"account"`
		Venues  []struct {
			Model     string `json:"model"`
			Positions []struct {
				Kind     string `json:"kind"`
				Quantity string `json:"quantity"`
			} `json:"positions"`
		} `json:"venues"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("import output is not JSON: %v\n%s", err, out)
	}
	v := doc.Venues[0]
	if doc.Account != "desk-1" || v.Model != "deribit-standard" || v.Positions[0].Kind != "perp" || v.Positions[0].Quantity != "0.006720267520409452" { // 50 USD / average 7440.18
		t.Fatalf("imported %+v", doc)
	}
	pm := mustSucceed(t, "import", "deribit-positions", "testdata/deribit_get_positions.json", "--model", "deribit-pm")
	if !strings.Contains(pm, `"model": "deribit-pm"`) {
		t.Fatalf("--model deribit-pm ignored:\n%s", pm)
	}
	if list := mustSucceed(t, "import", "--list"); !strings.Contains(list, "deribit-positions") || !strings.Contains(list, "aave-reserves") {
		t.Fatalf("--list:\n%s", list)
	}
}

func TestImportRefusals(t *testing.T) {
	if line := mustFail(t, 1, "import", "no-such-source", "testdata/deribit_get_positions.json"); !strings.Contains(line, `unknown source "no-such-source"`) {
		t.Fatalf("unknown source: %s", line)
	}
	bad := filepath.Join(t.TempDir(), "positions.json")
	if err := os.WriteFile(bad, []byte(`{"jsonrpc": "2.0", "result": [{"instrument_name": 5}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	line := mustFail(t, 1, "import", "deribit-positions", bad)
	if !strings.HasPrefix(line, "positions.json: result[0]") {
		t.Fatalf("bad field: %s", line)
	}
	if line := mustFail(t, 1, "import", "deribit-positions", "testdata/deribit_get_positions.json", "--model", "deribit-fancy"); !strings.Contains(line, `"deribit-fancy" is not a Deribit margin model`) {
		t.Fatalf("bad model: %s", line)
	}
}
