package server

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Goal: a valid book whose holdings are worth more than the liquidation
// engine takes (a BTC perp of 1e15 at 1e30 USD, 1e45 USD; 1e30 WETH at 1e30
// USD) is refused with 422 naming the field, not a recovered panic's 500
// (issue 15: the preview panicked above ~1e40 notional); the margin of the
// perp book still computes. Also at the limit itself (1e15 × 1e15 USD) the
// preview answers 200.
func TestLiquidationPreviewRefusesHugeNotional(t *testing.T) {
	h := newHarness(t, Config{})
	market := func(btc, weth string) json.RawMessage {
		return json.RawMessage(`{"as_of": "2026-11-25T00:00:00Z", "rates": {"USD": 0.04}, "assets": {` +
			`"BTC": {"price": "` + btc + `", "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1}, ` +
			`"WETH": {"price": "` + weth + `", "vol": 0.7, "depth_usd": "80000000", "spread_bps": 2}, ` +
			`"USDC": {"price": "1", "depth_usd": "500000000"}}}`)
	}
	perp := json.RawMessage(`{"account": "x", "venues": [{"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", ` +
		`"collateral": [{"asset": "USDC", "amount": "1000"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "-1000000000000000"}]}]}`)
	loan := json.RawMessage(`{"account": "x", "venues": [{"id": "aave", "model": "aave-v3", "chain": "ethereum", ` +
		`"collateral": [{"asset": "WETH", "amount": "1000000000000000000000000000000"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000000000000000000000000000000"}]}]}`)
	huge := "1000000000000000000000000000000"
	for _, c := range []struct {
		name      string
		book, mkt json.RawMessage
		location  string
		margins   bool // the margin route computes the book (the Aave model refuses the loan itself)
	}{
		{"perp 1e15 BTC at 1e30", perp, market(huge, "2000"), "body.portfolio.venues[0].positions[0].quantity", true},
		{"1e30 WETH at 1e30", loan, market("90000", huge), "body.portfolio.venues[0].collateral[0].amount", false},
	} {
		body := map[string]json.RawMessage{"portfolio": c.book, "market": c.mkt}
		r := h.do(http.MethodPost, "/v1/liquidations/preview", h.admin, body)
		p := r.problem(t, http.StatusUnprocessableEntity, CodeInvalidInput)
		if len(p.Errors) != 1 || p.Errors[0].Location != c.location {
			t.Errorf("%s: errors %+v, want one at %s", c.name, p.Errors, c.location)
		}
		checkErrorBody(t, c.name, nil, r)
		if c.margins {
			h.do(http.MethodPost, "/v1/margin", h.admin, body).ok(t)
		}
	}
	body := map[string]json.RawMessage{"portfolio": perp, "market": market("1000000000000000", "2000")}
	h.do(http.MethodPost, "/v1/liquidations/preview", h.admin, body).ok(t)
}
