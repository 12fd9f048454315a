package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/server"
)

// Goal: `stress` runs the library by default and a scenario file with
// --scenarios; `--library` prints a scenario file that `--scenarios` reads
// back to the same results; --json is deterministic; `--reverse` reports
// the smallest move with what breaks. Bad input is one stderr line naming
// file and field, exit 1.
func TestStressCommand(t *testing.T) {
	dir := t.TempDir()
	out := mustSucceed(t, "stress", "--demo", "--json")
	var run margin.ScenarioRun
	if err := json.Unmarshal([]byte(out), &run); err != nil {
		t.Fatal(err)
	}
	if len(run.Scenarios) != 7 || !strings.HasPrefix(run.Scenarios[0].Name, "2020-03-12") {
		t.Fatalf("library run: %d scenarios, first %q", len(run.Scenarios), run.Scenarios[0].Name)
	}
	if again := mustSucceed(t, "stress", "--demo", "--json"); again != out {
		t.Errorf("stress --json is not deterministic")
	}
	lib := writeFile(t, dir, "library.json", mustSucceed(t, "stress", "--demo", "--library"))
	if back := mustSucceed(t, "stress", "--demo", "--json", "--scenarios", lib); back != out {
		t.Errorf("the printed library run as a file differs from the library run")
	}
	text := mustSucceed(t, "stress", "--demo")
	if !strings.Contains(text, "2022-06 3AC and Celsius") || !strings.Contains(text, "Health by venue") {
		t.Errorf("text output:\n%s", text)
	}

	rev := mustSucceed(t, "stress", "--demo", "--reverse", "--json", "--tolerance", "1e-4")
	var res margin.ReverseResult
	if err := json.Unmarshal([]byte(rev), &res); err != nil {
		t.Fatal(err)
	}
	if res.Smallest == nil || res.Smallest.Move == nil || len(res.Smallest.Breaks) == 0 || res.Smallest.At == nil {
		t.Fatalf("reverse: smallest %+v, want a move, what breaks and the figures there", res.Smallest)
	}
	// the demo book holds USDC (and wrappers): their depegs are directions
	depegs := map[string]bool{}
	for _, mv := range res.Moves {
		if mv.Kind == "depeg" {
			depegs[mv.Assets[0]] = true
		}
	}
	if !depegs["USDC"] || !depegs["wstETH"] || depegs["BTC"] {
		t.Errorf("reverse: depeg directions %v, want USDC and wstETH, not BTC", depegs)
	}

	for _, c := range []struct{ file, want string }{
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "spot", "asset": "DOGE", "move": -0.1}]}]}`,
			`scen.json: scenarios[0].shocks[0].asset: "DOGE" is not an asset of the market`},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "vol", "asset": "BTC", "move": "NaN"}]}]}`,
			`scen.json: scenarios[0].shocks[0].move: "NaN"`},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "depeg", "asset": "USDC", "discount": -0.02}]}]}`,
			`scen.json: scenarios[0].shocks[0].discount: "-0.02" must be in (0, 1)`},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "venue", "venue": "ftx"}]}]}`,
			`scen.json: scenarios[0].shocks[0].venue: "ftx" is neither a venue id nor a model of the book`},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.1}]}]`,
			`scen.json: malformed JSON`},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "spot", "asset": "BTC", "move": -0.1, "size": 2}]}]}`,
			`scen.json: scenarios[0].shocks[0].size`},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "bridge", "bridge": "nomad"}]}]}`,
			`scen.json: scenarios[0].shocks[0].bridge: "nomad" is not a bridge`},
	} {
		path := writeFile(t, dir, "scen.json", c.file)
		if line := mustFail(t, 1, "stress", "--demo", "--scenarios", path); !strings.HasPrefix(line, c.want) {
			t.Errorf("error %q, want it to start %q", line, c.want)
		}
	}
	mustFail(t, 1, "stress", "--demo", "--reverse", "--tolerance", "0")
	mustFail(t, 1, "stress", "--demo", "--reverse", "--scenarios", "x.json")
}

// TestStressStored: `stress --stored` runs the scenarios on every stored
// account against the stored market, one row per account × scenario. The
// expectation is the file path: each stored account holds the demo book
// and no vault collateral, with the store's default parameters, so each
// scenario's P&L and figures must equal `stress --portfolio … --market …
// --json` on the same documents (no risk-params file: the defaults). A
// scenario naming an asset the market lacks is refused naming the file
// and the field, and the flags of a single book are refused with --stored.
func TestStressStored(t *testing.T) {
	dir := t.TempDir()
	db, dsn := demoStore(t, dir, true, "bob", "alice")
	db.Close()
	pf := writeFile(t, dir, "p.json", string(demo.PortfolioJSON))
	mk := writeFile(t, dir, "m.json", string(demo.MarketJSON))
	var want margin.ScenarioRun
	mustDecode(t, mustSucceed(t, "stress", "--portfolio", pf, "--market", mk, "--json"), &want)
	var all server.ScenariosAll
	mustDecode(t, mustSucceed(t, "stress", "--stored", "--db", dsn, "--json"), &all)
	if len(all.Accounts) != 2 || all.Accounts[0].ID != "alice" || all.Accounts[1].ID != "bob" {
		t.Fatalf("accounts: %+v", all.Accounts)
	}
	for _, a := range all.Accounts {
		if a.Status != server.StatusOK || a.Run == nil || len(a.Run.Scenarios) != len(want.Scenarios) {
			t.Fatalf("%s: %+v", a.ID, a)
		}
		for i, s := range a.Run.Scenarios {
			w := want.Scenarios[i]
			if s.Name != w.Name || s.PnL != w.PnL || s.Unified.Initial != w.Unified.Initial {
				t.Errorf("%s %s: P&L %v initial %v, the file path says %s %v %v", a.ID, s.Name, s.PnL, s.Unified.Initial,
					w.Name, w.PnL, w.Unified.Initial)
			}
		}
	}
	table := mustSucceed(t, "stress", "--stored", "--db", dsn)
	if rows := strings.Count(table, "\nalice ") + strings.Count(table, "\nbob "); rows != 2*len(want.Scenarios) {
		t.Errorf("table: %d account rows, want %d:\n%s", rows, 2*len(want.Scenarios), table)
	}
	one := writeFile(t, dir, "one.json", `{"scenarios": [{"name": "eth-30", "shocks": [{"kind": "spot", "asset": "ETH", "move": -0.3}]}]}`)
	cells := csvCells(t, mustSucceed(t, "stress", "--stored", "--db", dsn, "--scenarios", one, "--format", "csv"))
	if cells["accounts||bob|status"] != "ok" {
		t.Errorf("csv: %v", cells)
	}
	bad := writeFile(t, dir, "scen.json", `{"scenarios": [{"name": "x", "shocks": [{"kind": "spot", "asset": "DOGE", "move": -0.1}]}]}`)
	if line := mustFail(t, 1, "stress", "--stored", "--db", dsn, "--scenarios", bad); !strings.HasPrefix(line,
		`scen.json: scenarios[0].shocks[0].asset: "DOGE" is not an asset of the market`) {
		t.Errorf("unknown asset: %s", line)
	}
	if line := mustFail(t, 1, "stress", "--stored", "--db", dsn, "--demo"); !strings.Contains(line, "--stored") {
		t.Errorf("--stored --demo: %s", line)
	}
}
