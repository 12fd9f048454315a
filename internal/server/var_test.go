// POST /v1/var: the table of `var --json` for a posted book, its margin
// figures those of POST /v1/margin on the same body, and bad input a 422
// naming the field (the market's as_of, the book's asset).
package server

import (
	"encoding/json"
	"testing"

	"github.com/unimargin/unimargin/internal/backtest"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func TestVaREndpoint(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do("POST", "/v1/var", h.admin, demoBookBody())
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var got backtest.VaRReport
	r.decode(t, &got)
	var mr struct {
		Unified    struct{ Initial float64 } `json:"unified"`
		Fragmented struct{ Initial float64 } `json:"fragmented"`
	}
	h.do("POST", "/v1/margin", h.admin, demoBookBody()).decode(t, &mr)
	if got.UnifiedIM != mr.Unified.Initial || got.FragmentedIM != mr.Fragmented.Initial {
		t.Errorf("margin %v/%v, /v1/margin says %v/%v", got.UnifiedIM, got.FragmentedIM, mr.Unified.Initial, mr.Fragmented.Initial)
	}
	hist, err := backtest.LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	m, _ := market.Load(demo.MarketJSON, marketOptions(false))
	p, _ := portfolio.Parse(demo.PortfolioJSON)
	want, err := hist.VaRAt(t.Context(), p, m)
	if err != nil {
		t.Fatal(err)
	}
	wj, _ := json.Marshal(want.Rows)
	gj, _ := json.Marshal(got.Rows)
	if string(wj) != string(gj) || len(got.Rows) != 8 {
		t.Errorf("rows %s\nwant %s", gj, wj)
	}

	early := demoBookBody()
	early["market"] = json.RawMessage(`{"as_of": "2020-06-01T00:00:00Z", "assets": {"WETH": {"price": "240"}, "USDC": {"price": "1"}}}`)
	early["portfolio"] = json.RawMessage(`{"account": "a", "venues": [{"id": "w", "model": "custody", "chain": "ethereum",
		"collateral": [{"asset": "WETH", "amount": "1"}], "positions": []}]}`)
	pr := h.do("POST", "/v1/var", h.admin, early).problem(t, 422, CodeInvalidInput)
	if len(pr.Errors) != 1 || pr.Errors[0].Location != "body.market.as_of" {
		t.Errorf("errors %+v, want body.market.as_of", pr.Errors)
	}
	sol := demoBookBody()
	sol["market"] = json.RawMessage(`{"as_of": "2022-06-01T00:00:00Z", "assets": {"SOL": {"price": "40", "vol": 1}}}`)
	sol["portfolio"] = json.RawMessage(`{"account": "a", "venues": [{"id": "w", "model": "custody", "chain": "solana",
		"collateral": [{"asset": "SOL", "amount": "1"}], "positions": []}]}`)
	pr = h.do("POST", "/v1/var", h.admin, sol).problem(t, 422, CodeInvalidInput)
	if len(pr.Errors) != 1 || pr.Errors[0].Location != "body.portfolio.venues[0].collateral[0].asset" {
		t.Errorf("errors %+v, want body.portfolio.venues[0].collateral[0].asset", pr.Errors)
	}
}
