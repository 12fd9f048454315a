// explain and history through the binary: the demo book with WETH moved
// puts the whole change in the price bar and starts from `margin --json
// --demo`'s figures; a changed book alone is all trades; a pair file
// without its market is refused naming the file and the field; history of
// an account the store does not know is refused.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/server"
	"github.com/unimargin/unimargin/internal/store"
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
	mustSucceed(t, "market", "set", "--db", db, "--market", writeFile(t, dir, "m.json", mkt)) // history reads a store only
	if line := mustFail(t, 1, "history", "--db", db, "--account", "nobody"); !strings.Contains(line, "nobody") {
		t.Fatalf("history of an unknown account: %s", line)
	}
}

// TestExplainStored: `explain --account --from --to` between two stored
// history entries gives the waterfall `explain --before --after` gives on
// the same documents (written here as the service records them: the demo
// book and risk parameters, the demo market then WETH/ETH moved to 1500),
// with only the price bar non-zero; entries are named by seq or by time;
// a malformed or missing entry is refused naming --from or --to.
func TestExplainStored(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, dsn := demoStore(t, dir, false, "alice")
	book, mkt := string(demo.PortfolioJSON), string(demo.MarketJSON)
	moved := strings.ReplaceAll(mkt, `"price": "1816.85499606"`, `"price": "1500"`)
	at := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	for i, m := range []string{mkt, moved} {
		row := store.HistoryRow{Account: "alice", Recorded: at.Add(time.Duration(i) * time.Hour), AsOf: "x", ParamsVersion: "default",
			Book: []byte(book), Market: []byte(m), Params: demo.RiskParamsJSON}
		if err := db.AppendHistory(ctx, []store.HistoryRow{row}, store.KeepAll); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.History(ctx, "alice", time.Unix(0, 0), at.Add(24*time.Hour), 10)
	db.Close()
	if err != nil || len(rows) != 2 {
		t.Fatalf("history: %v %v", rows, err)
	}
	first, last := rows[1].Seq, rows[0].Seq

	pair := func(name, m string) string {
		return writeFile(t, dir, name, fmt.Sprintf(`{"portfolio": %s, "market": %s, "risk_params": %s}`, book, m, demo.RiskParamsJSON))
	}
	var want margin.Explanation
	mustDecode(t, mustSucceed(t, "explain", "--before", pair("a.json", mkt), "--after", pair("b.json", moved), "--json"), &want)
	var got server.ExplainReport
	mustDecode(t, mustSucceed(t, "explain", "--db", dsn, "--account", "alice", "--from", fmt.Sprint(first), "--to", fmt.Sprint(last), "--json"), &got)
	if got.FromSeq != first || got.ToSeq != last || got.Before != want.Before || got.After != want.After || got.Total != want.Total {
		t.Fatalf("stored %d→%d: %+v → %+v, the files say %+v → %+v", got.FromSeq, got.ToSeq, got.Before, got.After, want.Before, want.After)
	}
	for _, s := range got.Steps {
		if s.Factor != "price" && s.Change != (margin.ExplainFigures{}) {
			t.Errorf("%s bar %+v, want 0 (only prices moved)", s.Factor, s.Change)
		}
	}
	// By time: the entry recorded at or before 01:30 is the first; no --to is the newest.
	var byTime server.ExplainReport
	mustDecode(t, mustSucceed(t, "explain", "--db", dsn, "--account", "alice", "--from", "2026-12-07T01:30:00Z", "--json"), &byTime)
	if byTime.FromSeq != first || byTime.ToSeq != last {
		t.Fatalf("by time: %d → %d, want %d → %d", byTime.FromSeq, byTime.ToSeq, first, last)
	}
	if out := mustSucceed(t, "explain", "--db", dsn, "--account", "alice", "--from", fmt.Sprint(first)); !strings.Contains(out, "price") {
		t.Fatalf("table: %s", out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "yesterday"}, `--from "yesterday"`},
		{[]string{"--from", "999999"}, `--from "999999"`},
		{[]string{"--from", "2020-01-01T00:00:00Z"}, "--from"},
		{[]string{"--from", fmt.Sprint(first), "--to", "999999"}, `--to "999999"`},
		{nil, "--from"},
		{[]string{"--from", "1", "--before", "a.json"}, "--before"},
	} {
		args := append([]string{"explain", "--db", dsn, "--account", "alice"}, c.args...)
		if line := mustFail(t, 1, args...); !strings.Contains(line, c.want) {
			t.Errorf("%v: %s, want it to name %s", c.args, line, c.want)
		}
	}
	if line := mustFail(t, 1, "explain", "--db", dsn, "--account", "nobody", "--from", "1"); !strings.Contains(line, "nobody") {
		t.Errorf("unknown account: %s", line)
	}
	if line := mustFail(t, 1, "explain", "--from", "1"); !strings.Contains(line, "--account") {
		t.Errorf("--from without --account: %s", line)
	}
}
