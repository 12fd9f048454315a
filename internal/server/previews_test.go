package server

import (
	"encoding/json"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// demoLibraryBook is the demo book as the CLI's --demo loads it.
func demoLibraryBook(t *testing.T, params []byte) (*portfolio.Portfolio, *market.Snapshot, *margin.RiskParams) {
	t.Helper()
	m, err := market.Load(demo.MarketJSON, marketOptions(false))
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	rp := margin.DefaultRiskParams()
	if params != nil {
		if rp, err = margin.LoadRiskParams(params, m); err != nil {
			t.Fatal(err)
		}
	}
	return p, m, rp
}

// libraryWhatIf is `whatif --json`'s computation done with the library.
func libraryWhatIf(t *testing.T, trade []byte, params []byte) WhatIfReport {
	t.Helper()
	p, m, rp := demoLibraryBook(t, params)
	tr, err := margin.ParseTrade(trade)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := margin.Prepare(p, m, rp)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.CheckTrade(tr); err != nil {
		t.Fatal(err)
	}
	w, err := sess.Trade(tr)
	if err != nil {
		t.Fatal(err)
	}
	return *w
}

func TestWhatIfEqualsTheLibrary(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	for _, c := range []struct {
		trade  string
		params []byte
	}{
		{`{"venue": "dydx", "position": {"kind": "perp", "underlying": "BTC", "quantity": "4"}}`, nil},
		{`{"venue": "deribit-pm", "position": {"kind": "option", "underlying": "BTC", "right": "put", "strike": "30000", "expiry": "2023-12-29T08:00:00Z", "quantity": "10"}}`, nil},
		{`{"venue": "aave-eth", "position": {"kind": "borrow", "asset": "WETH", "amount": "20"}}`, demo.RiskParamsJSON},
	} {
		body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON, "trade": json.RawMessage(c.trade)}
		if c.params != nil {
			body["risk_params"] = c.params
		}
		got := compactJSON(t, h.do("POST", "/v1/whatif", h.tokens["alice"], body).ok(t))
		want := libraryWhatIf(t, []byte(c.trade), c.params)
		if w := encodedJSON(t, want); got != w {
			t.Errorf("whatif %s:\n got %.300s\nwant %.300s", c.trade, got, w)
		}
		if want.Before == want.After {
			t.Errorf("trade %s changed nothing", c.trade)
		}
	}
	// The keys are `whatif --json`'s.
	var keys map[string]json.RawMessage
	body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON,
		"trade": json.RawMessage(`{"venue": "dydx", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}}`)}
	h.do("POST", "/v1/whatif", h.admin, body).decode(t, &keys)
	for _, k := range []string{"before", "after", "delta_initial", "allowed", "venue", "cash"} {
		if _, ok := keys[k]; !ok || len(keys) != 6 {
			t.Fatalf("whatif keys %v", keys)
		}
	}
}

func TestWhatIfErrorsNameTheTradeOrTheBook(t *testing.T) {
	h := newHarness(t, Config{})
	for _, c := range []struct{ trade, location string }{
		{`{"venue": "nowhere", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}}`, "body.trade.venue"},
		{`{"venue": "dydx", "position": {"kind": "perp", "underlying": "BTC", "quantity": "NaN"}}`, "body.trade.position.quantity"},
		{`{"venue": "dydx", "position": {"kind": "perp", "underlying": "DOGE", "quantity": "1"}}`, "body.trade.position.underlying"},
		{`{"venue": "dydx"}`, "body.trade.position"},
	} {
		body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON, "trade": json.RawMessage(c.trade)}
		p := h.do("POST", "/v1/whatif", h.admin, body).problem(t, 422, CodeInvalidInput)
		if len(p.Errors) != 1 || p.Errors[0].Location != c.location {
			t.Errorf("trade %s: fields %+v, want %s", c.trade, p.Errors, c.location)
		}
	}
	body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON}
	h.do("POST", "/v1/whatif", h.admin, body).problem(t, 422, CodeInvalidInput)
}

func TestLiquidationPreviewEqualsTheLibrary(t *testing.T) {
	h := newHarness(t, Config{})
	p, m, rp := demoLibraryBook(t, nil)
	want, err := liquidation.Run(p, m, rp, liquidation.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	got := compactJSON(t, h.do("POST", "/v1/liquidations/preview", h.admin, demoBookBody()).ok(t))
	if w := encodedJSON(t, want); got != w {
		t.Fatalf("liquidation preview differs:\n got %.300s\nwant %.300s", got, w)
	}
	// The engine's options, as `liquidate --penalty --insurance-fund`.
	opt := liquidation.DefaultOptions()
	opt.PenaltyRate, opt.InsuranceFundUSD = 0.05, 250000
	want, err = liquidation.Run(p, m, rp, opt)
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"portfolio": json.RawMessage(demo.PortfolioJSON), "market": json.RawMessage(demo.MarketJSON), "penalty": 0.05, "insurance_fund": 250000}
	got = compactJSON(t, h.do("POST", "/v1/liquidations/preview", h.admin, body).ok(t))
	if w := encodedJSON(t, want); got != w {
		t.Fatalf("liquidation preview with options differs:\n got %.300s\nwant %.300s", got, w)
	}
	body["penalty"] = 1
	pr := h.do("POST", "/v1/liquidations/preview", h.admin, body).problem(t, 422, CodeInvalidInput)
	if len(pr.Errors) != 1 || pr.Errors[0].Location != "body.penalty" {
		t.Fatalf("penalty fields %+v", pr.Errors)
	}
}
