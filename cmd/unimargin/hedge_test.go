package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Goal: applying a suggested hedge lowers unified initial margin, as the
// margin command itself computes it. Method: for every suggestion of
// `hedge --json` on the fixture, append its position to its venue in the
// portfolio file and run `margin --json` on the result.
func TestHedgeSuggestionsLowerUnifiedInitial(t *testing.T) {
	var rep struct {
		UnifiedInitial float64 `json:"unified_initial"`
		Suggestions    []struct {
			Venue               string         `json:"venue"`
			Position            map[string]any `json:"position"`
			UnifiedInitialAfter float64        `json:"unified_initial_after"`
			Cost                float64        `json:"cost"`
		} `json:"suggestions"`
	}
	mustDecode(t, mustSucceed(t, "hedge", "--portfolio", "testdata/portfolio.json", "--market", "testdata/market.json",
		"--json", "--top", "4"), &rep)
	if len(rep.Suggestions) == 0 {
		t.Fatal("no suggestions for the fixture (a short put and a long perp)")
	}
	dir := t.TempDir()
	for i, s := range rep.Suggestions {
		var book map[string]any
		mustDecode(t, fixture(t, "portfolio.json"), &book)
		found := false
		for _, v := range book["venues"].([]any) {
			vo := v.(map[string]any)
			if vo["id"] == s.Venue {
				vo["positions"] = append(vo["positions"].([]any), s.Position)
				found = true
			}
		}
		if !found {
			t.Fatalf("suggestion %d names venue %q, not in the book", i, s.Venue)
		}
		data, _ := json.Marshal(book)
		path := writeFile(t, dir, "hedged.json", string(data))
		var after struct {
			Unified struct {
				Initial float64 `json:"initial"`
			} `json:"unified"`
		}
		mustDecode(t, mustSucceed(t, "margin", "--portfolio", path, "--market", "testdata/market.json", "--json"), &after)
		if after.Unified.Initial >= rep.UnifiedInitial {
			t.Errorf("suggestion %d (%v at %s) raises initial %v → %v", i, s.Position, s.Venue, rep.UnifiedInitial, after.Unified.Initial)
		}
		if d := after.Unified.Initial - s.UnifiedInitialAfter; d > 1e-6 || d < -1e-6 {
			t.Errorf("suggestion %d states initial %v, margin says %v", i, s.UnifiedInitialAfter, after.Unified.Initial)
		}
		if s.Cost < 0 {
			t.Errorf("suggestion %d has a negative cost %v", i, s.Cost)
		}
	}
}

func TestHedgeHumanAndUsage(t *testing.T) {
	out := mustSucceed(t, "hedge", "--demo", "--top", "3")
	if !strings.Contains(out, "freed per USD") {
		t.Errorf("hedge --demo output:\n%s", out)
	}
	if line := mustFail(t, 1, "hedge", "--demo", "--top", "0"); !strings.Contains(line, "--top") {
		t.Errorf("got %q", line)
	}
}

// hedge --json and whatif --json are byte-identical run after run.
func TestHedgeAndWhatifJSONAreByteIdentical(t *testing.T) {
	trade := writeFile(t, t.TempDir(), "t.json", `{"venue": "deribit-std", "position": {"kind": "future", "underlying": "BTC", "expiry": "2024-03-29T08:00:00Z", "quantity": "-3"}}`)
	for _, args := range [][]string{
		{"hedge", "--demo", "--json", "--top", "10"},
		{"whatif", "--demo", "--json", "--trade", trade},
	} {
		first := mustSucceed(t, args...)
		for range 3 {
			if again := mustSucceed(t, args...); again != first {
				t.Fatalf("%v: two runs differ", args)
			}
		}
	}
}
