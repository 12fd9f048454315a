package main

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
)

// Goal: whatif's after equals `margin` on the portfolio with the trade and
// its cash leg applied by hand, for trades of every kind at several venues;
// before equals the unchanged portfolio's unified result; the venue's own
// figures equal `margin`'s venue on both books; allowed needs both. Method:
// run both commands on the fixture and on the fixture edited by hand:
//   - a perp without entry price opens at the venue's mark (spot 90000 in
//     the fixture market): the applied book carries entry_price 90000;
//   - a bought put pays its premium from the venue's BTC collateral: the
//     applied book's "3" BTC becomes 3 − |cash.amount| (8 decimals, the
//     payment rounded up);
//   - a WETH borrow delivers 20 WETH to aave-eth as collateral: the applied
//     book gains the entry {"asset": "WETH", "amount": "20"}.
func TestWhatifAfterEqualsMarginOfAppliedBook(t *testing.T) {
	dir := t.TempDir()
	book := fixture(t, "portfolio.json")
	bookPath := writeFile(t, dir, "portfolio.json", book)
	perpAnchor := `{"kind": "perp", "underlying": "BTC", "quantity": "2", "entry_price": "91000"}`
	for _, c := range []struct {
		venue, position string
		apply           func(w margin.WhatIf) string // the applied book
	}{
		{"deribit", `{"kind": "perp", "underlying": "BTC", "quantity": "-2"}`, func(w margin.WhatIf) string {
			if w.Cash.EntryPrice != 90000 || w.Cash.Asset != "" {
				t.Errorf("perp cash leg %+v: want entry 90000 and no cash", w.Cash)
			}
			return replaceOnce(t, book, perpAnchor, perpAnchor+`,
        {"kind": "perp", "underlying": "BTC", "quantity": "-2", "entry_price": "90000"}`)
		}},
		{"deribit", `{"kind": "option", "underlying": "BTC", "right": "put", "strike": "70000", "expiry": "2026-12-25T08:00:00Z", "quantity": "4"}`, func(w margin.WhatIf) string {
			if w.Cash.Asset != "BTC" || w.Cash.Amount >= 0 || w.Cash.Borrowed != 0 {
				t.Errorf("bought put cash leg %+v: want BTC paid from collateral", w.Cash)
			}
			paid := new(big.Rat).SetFloat64(-w.Cash.Amount)
			left := new(big.Rat).Sub(big.NewRat(3, 1), paid)
			applied := replaceOnce(t, book, `{"asset": "BTC", "amount": "3"}`, `{"asset": "BTC", "amount": "`+left.FloatString(8)+`"}`)
			return replaceOnce(t, applied, perpAnchor, perpAnchor+`,
        {"kind": "option", "underlying": "BTC", "right": "put", "strike": "70000", "expiry": "2026-12-25T08:00:00Z", "quantity": "4"}`)
		}},
		{"aave-eth", `{"kind": "borrow", "asset": "WETH", "amount": "20"}`, func(w margin.WhatIf) string {
			if w.Cash.Asset != "WETH" || w.Cash.Amount != 20 {
				t.Errorf("borrow cash leg %+v: want 20 WETH delivered", w.Cash)
			}
			applied := replaceOnce(t, book, `{"asset": "wstETH", "amount": "100"}`, `{"asset": "wstETH", "amount": "100"}, {"asset": "WETH", "amount": "20"}`)
			return replaceOnce(t, applied, `{"kind": "borrow", "asset": "WETH", "amount": "60"}`,
				`{"kind": "borrow", "asset": "WETH", "amount": "60"}, {"kind": "borrow", "asset": "WETH", "amount": "20"}`)
		}},
	} {
		trade := writeFile(t, dir, "trade.json", `{"venue": "`+c.venue+`", "position": `+c.position+`}`)
		var w margin.WhatIf
		out := mustSucceed(t, "whatif", "--portfolio", bookPath, "--market", "testdata/market.json", "--trade", trade, "--json")
		if err := json.Unmarshal([]byte(out), &w); err != nil {
			t.Fatal(err)
		}
		applied := writeFile(t, dir, "applied.json", c.apply(w))
		type venueRep struct {
			ID string `json:"id"`
			margin.VenueFigures
		}
		var before, after struct {
			Venues  []venueRep     `json:"venues"`
			Unified map[string]any `json:"unified"`
		}
		mustDecode(t, mustSucceed(t, "margin", "--portfolio", bookPath, "--market", "testdata/market.json", "--json"), &before)
		mustDecode(t, mustSucceed(t, "margin", "--portfolio", applied, "--market", "testdata/market.json", "--json"), &after)
		compareUnified(t, "before", w.Before, before.Unified)
		compareUnified(t, "after", w.After, after.Unified)
		for _, side := range []struct {
			name string
			got  margin.VenueFigures
			reps []venueRep
		}{{"venue.before", w.Venue.Before, before.Venues}, {"venue.after", w.Venue.After, after.Venues}} {
			for _, v := range side.reps {
				if v.ID == c.venue && math.Abs(v.Initial-side.got.Initial) > 1e-9*math.Max(1, v.Initial) ||
					v.ID == c.venue && math.Abs(v.Equity-side.got.Equity) > 1e-9*math.Max(1, math.Abs(v.Equity)) {
					t.Errorf("%s %s: whatif %+v, margin %+v", c.venue, side.name, side.got, v.VenueFigures)
				}
			}
		}
		if w.DeltaInitial != w.After.Initial-w.Before.Initial ||
			w.Allowed != (w.Venue.After.Excess >= 0 && w.After.Excess >= 0) || w.Venue.Allowed != (w.Venue.After.Excess >= 0) {
			t.Errorf("delta_initial %v / allowed %v / venue.allowed %v inconsistent", w.DeltaInitial, w.Allowed, w.Venue.Allowed)
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
