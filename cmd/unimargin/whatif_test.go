package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// Goal: whatif's after equals `margin` on the portfolio with the trade
// applied, for trades of every kind at several venues; before equals the
// unchanged portfolio's unified result. Method: run both commands on the
// fixture and on the fixture edited by hand, compare every unified figure.
func TestWhatifAfterEqualsMarginOfAppliedBook(t *testing.T) {
	dir := t.TempDir()
	book := fixture(t, "portfolio.json")
	bookPath := writeFile(t, dir, "portfolio.json", book)
	for _, c := range []struct{ venue, position, anchor string }{
		{"deribit", `{"kind": "perp", "underlying": "BTC", "quantity": "-2"}`,
			`{"kind": "perp", "underlying": "BTC", "quantity": "2", "entry_price": "91000"}`},
		{"deribit", `{"kind": "option", "underlying": "BTC", "right": "put", "strike": "70000", "expiry": "2026-12-25T08:00:00Z", "quantity": "4"}`,
			`{"kind": "perp", "underlying": "BTC", "quantity": "2", "entry_price": "91000"}`},
		{"aave-eth", `{"kind": "borrow", "asset": "WETH", "amount": "20"}`,
			`{"kind": "borrow", "asset": "WETH", "amount": "60"}`},
	} {
		trade := writeFile(t, dir, "trade.json", `{"venue": "`+c.venue+`", "position": `+c.position+`}`)
		var w whatifReport
		out := mustSucceed(t, "whatif", "--portfolio", bookPath, "--market", "testdata/market.json", "--trade", trade, "--json")
		if err := json.Unmarshal([]byte(out), &w); err != nil {
			t.Fatal(err)
		}
		applied := writeFile(t, dir, "applied.json", replaceOnce(t, book, c.anchor, c.anchor+",\n"+c.position))
		var before, after struct {
			Unified map[string]any `json:"unified"`
		}
		mustDecode(t, mustSucceed(t, "margin", "--portfolio", bookPath, "--market", "testdata/market.json", "--json"), &before)
		mustDecode(t, mustSucceed(t, "margin", "--portfolio", applied, "--market", "testdata/market.json", "--json"), &after)
		compareUnified(t, "before", w.Before, before.Unified)
		compareUnified(t, "after", w.After, after.Unified)
		if w.DeltaInitial != w.After.Initial-w.Before.Initial || w.Allowed != (w.After.Equity >= w.After.Initial) {
			t.Errorf("delta_initial %v / allowed %v inconsistent", w.DeltaInitial, w.Allowed)
		}
	}
}

func mustDecode(t *testing.T, text string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(text), v); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
}

func compareUnified(t *testing.T, where string, got any, want map[string]any) {
	t.Helper()
	var g map[string]any
	data, _ := json.Marshal(got)
	mustDecode(t, string(data), &g)
	for _, k := range []string{"collateral_value", "equity", "initial", "maintenance", "excess"} {
		x, y := g[k].(float64), want[k].(float64)
		if math.Abs(x-y) > 1e-9*math.Max(1, math.Abs(y)) {
			t.Errorf("%s.%s: whatif %v, margin %v", where, k, x, y)
		}
	}
}

// Bad trade files are one-line input errors naming the trade file, the path
// and the value.
func TestWhatifRefusesBadTrades(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ trade, want string }{
		{`{"venue": "nowhere", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}}`,
			`trade.json: venue: "nowhere" is not a venue of the portfolio`},
		{`{"venue": "deribit", "position": {"kind": "option", "underlying": "BTC", "right": "put", "strike": "-90000", "expiry": "2026-12-25T08:00:00Z", "quantity": "1"}}`,
			`trade.json: position.strike: "-90000"`},
		{`{"venue": "aave-eth", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}}`,
			`trade.json: position.kind: "perp"`},
		{`{"venue": "deribit"}`, `trade.json: position`},
		{`{"venue": "deribit", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}, "size": 2}`,
			`trade.json: size: unknown field`},
	} {
		path := writeFile(t, dir, "trade.json", c.trade)
		line := mustFail(t, 1, "whatif", "--portfolio", "testdata/portfolio.json", "--market", "testdata/market.json", "--trade", path)
		if !strings.HasPrefix(line, c.want) {
			t.Errorf("%s: got %q, want prefix %q", c.trade, line, c.want)
		}
	}
}

// The demo runs and the human output shows both columns.
func TestWhatifDemoHuman(t *testing.T) {
	trade := writeFile(t, t.TempDir(), "t.json", `{"venue": "deribit-pm", "position": {"kind": "perp", "underlying": "BTC", "quantity": "-1"}}`)
	out := mustSucceed(t, "whatif", "--demo", "--trade", trade)
	for _, want := range []string{"before", "after", "initial", "allowed"} {
		if !strings.Contains(out, want) {
			t.Errorf("whatif --demo output lacks %q:\n%s", want, out)
		}
	}
}
