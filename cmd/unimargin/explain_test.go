// explain and history through the binary: the demo book with WETH moved
// puts the whole change in the price bar and starts from `margin --json
// --demo`'s figures; a changed book alone is all trades; a pair file
// without its market is refused naming the file and the field; history of
// an account the store does not know is refused.
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
)

func TestExplainCommand(t *testing.T) {
	dir := t.TempDir()
	pair := func(name, book, mkt string) string {
		return writeFile(t, dir, name, fmt.Sprintf(`{"portfolio": %s, "market": %s, "risk_params": %s}`, book, mkt, demo.RiskParamsJSON))
	}
	book, mkt := string(demo.PortfolioJSON), string(demo.MarketJSON)
	moved := strings.ReplaceAll(mkt, `"price": "1816.85499606"`, `"price": "1500"`) // WETH and ETH
	a, b := pair("a.json", book, mkt), pair("b.json", book, moved)
	var rep margin.Report
	mustDecode(t, mustSucceed(t, "margin", "--demo", "--json"), &rep)
	var x margin.Explanation
	mustDecode(t, mustSucceed(t, "explain", "--before", a, "--after", b, "--json"), &x)
	if x.Before.Initial != rep.Unified.Initial || x.Before.Equity != rep.Unified.Equity {
		t.Fatalf("explain starts at %+v, margin --demo says %+v", x.Before, rep.Unified)
	}
	check := func(x margin.Explanation, only string) {
		t.Helper()
		sum := 0.0
		for _, s := range x.Steps {
			sum += s.Change.Initial
			if s.Factor != only && s.Change != (margin.ExplainFigures{}) {
				t.Errorf("%s bar %+v, want 0 (only %s moved)", s.Factor, s.Change, only)
			}
		}
		if x.Total.Initial == 0 || math.Abs(sum-x.Total.Initial) > 1e-9*x.Before.Initial {
			t.Fatalf("Σ bars %v, total %v", sum, x.Total.Initial)
		}
	}
	check(x, "price")
	var doc map[string]any
	mustDecode(t, book, &doc)
	doc["venues"] = doc["venues"].([]any)[1:]
	less, _ := json.Marshal(doc)
	c := pair("c.json", string(less), mkt)
	var y margin.Explanation
	mustDecode(t, mustSucceed(t, "explain", "--before", a, "--after", c, "--json"), &y)
	check(y, "trades")
	if out := mustSucceed(t, "explain", "--before", a, "--after", b); !strings.Contains(out, "price") || !strings.Contains(out, "total") {
		t.Fatalf("text output: %s", out)
	}
	bad := writeFile(t, dir, "bad.json", fmt.Sprintf(`{"portfolio": %s}`, book))
	if line := mustFail(t, 1, "explain", "--before", bad, "--after", b); !strings.Contains(line, "bad.json") || !strings.Contains(line, "market") {
		t.Fatalf("a pair without market: %s", line)
	}
	db := "sqlite:" + filepath.Join(dir, "s.db")
	if line := mustFail(t, 1, "history", "--db", db, "--account", "nobody"); !strings.Contains(line, "nobody") {
		t.Fatalf("history of an unknown account: %s", line)
	}
}
