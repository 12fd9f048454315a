// Goal: the API carries the venue reconciliation and carry exactly as the
// CLI does (one margin.Report): a book with a venue's reported figures and
// a market with rates come back with venues[].reported (drift flagged) and
// venues[].carry, and a bad reported figure is refused naming its field.
package server

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMarginCarriesReportedAndCarry(t *testing.T) {
	h := newHarness(t, Config{})
	book := json.RawMessage(`{"account": "r", "venues": [{"id": "hl", "model": "hyperliquid", "chain": "hyperliquid",
	  "collateral": [{"asset": "USDC", "amount": "50000"}],
	  "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "-2", "entry_price": "91000"}],
	  "reported": {"equity": "52000", "initial": "9000", "source": "test"}}]}`)
	mkt := json.RawMessage(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"BTC": {"price": "90000", "vol": 0.5},
	  "USDC": {"price": "1", "supply_apr": 0.04}}, "funding": {"BTC": 0.1}}`)
	r := h.do("POST", "/v1/margin", h.admin, map[string]json.RawMessage{"portfolio": book, "market": mkt})
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var rep struct {
		Venues []struct {
			Reported *struct {
				Drift   bool `json:"drift"`
				Figures []struct {
					Name     string  `json:"name"`
					Reported float64 `json:"reported"`
					Drift    bool    `json:"drift"`
				} `json:"figures"`
			} `json:"reported"`
			Carry *struct {
				Funding float64 `json:"funding"`
			} `json:"carry"`
		} `json:"venues"`
	}
	r.decode(t, &rep)
	v := rep.Venues[0]
	// Equity 50,000 + (−2)(90,000 − 91,000) = 52,000 = reported: no drift.
	// Hyperliquid's initial is 2 × 90,000 / its BTC leverage, not 9,000: drift.
	if v.Reported == nil || !v.Reported.Drift || len(v.Reported.Figures) != 2 ||
		v.Reported.Figures[0].Name != "equity" || v.Reported.Figures[0].Drift || !v.Reported.Figures[1].Drift {
		t.Errorf("reported: %s", r.body)
	}
	// Short 2 BTC at 90,000, funding 10% (longs pay): +18,000 a year.
	if v.Carry == nil || v.Carry.Funding != 18000 {
		t.Errorf("carry: %s", r.body)
	}
	bad := json.RawMessage(strings.Replace(string(book), `"initial": "9000"`, `"initial": "-1"`, 1))
	r = h.do("POST", "/v1/margin", h.admin, map[string]json.RawMessage{"portfolio": bad, "market": mkt})
	if r.status != 400 && r.status != 422 || !strings.Contains(string(r.body), "venues[0].reported.initial") {
		t.Errorf("bad reported figure: status %d %s", r.status, r.body)
	}
}
