package main

// Goal: the three demo what-ifs of docs/DERIVATIONS.md §6 give the figures
// derived there by hand, to the cent. The derivations (scenario, liquidity,
// contingency, cash leg, venue figures) are in that section; the short form:
//
//	T1 short 2 BTC perps at dydx: scenario 369,085.12 − 2·34,830·16% = 357,939.52;
//	   liquidity at N = 1,729,717.84: 6,086.84; contingency 14,356.36;
//	   after 378,382.72, Δ −11,482.15; dydx initial (411,848.25 + 69,660)·5% = 24,075.41;
//	   no cash, entry at the mark 34,830.
//	T2 sell 5 calls 42000 Dec at deribit-pm: premium 5·727.107 = 3,635.535 USD =
//	   0.10437942 BTC received; scenario 369,085.12 − 1,073.84 + 581.69 = 368,592.97;
//	   liquidity 6,265.75; contingency 14,356.36 + 5·0.5%·34,830 = 15,227.11;
//	   after 390,085.82, Δ +220.95; deribit-pm initial (1.500210 + 0.397549 + 0.06)·34,830
//	   = 68,188.75.
//	T3 borrow 50,000 USDC at aave-btc: unified unchanged (Δ 0); aave-btc initial
//	   D·(C − BP)/BP with avgLTV ⌊7,326.80⌋ = 7,326 bps: 164,246.39; health 1.29574;
//	   50,000 USDC delivered.

import (
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
)

func TestWhatifDemoByHand(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, trade                      string
		after, delta, venueInitial, cash float64
		cashAsset                        string
	}{
		{"T1", `{"venue": "dydx", "position": {"kind": "perp", "underlying": "BTC", "quantity": "-2"}}`,
			378382.72, -11482.15, 24075.41, 0, ""},
		{"T2", `{"venue": "deribit-pm", "position": {"kind": "option", "underlying": "BTC", "right": "call", ` +
			`"strike": "42000", "expiry": "2023-12-29T08:00:00Z", "quantity": "-5"}}`,
			390085.82, 220.95, 68188.75, 0.10437942, "BTC"},
		{"T3", `{"venue": "aave-btc", "position": {"kind": "borrow", "asset": "USDC", "amount": "50000"}}`,
			389864.87, 0, 164246.39, 50000, "USDC"},
	} {
		trade := writeFile(t, dir, c.name+".json", c.trade)
		var w struct {
			After struct {
				Initial float64 `json:"initial"`
			} `json:"after"`
			Delta   float64 `json:"delta_initial"`
			Allowed bool    `json:"allowed"`
			Venue   struct {
				After struct {
					Initial float64 `json:"initial"`
				} `json:"after"`
			} `json:"venue"`
			Cash struct {
				Asset  string  `json:"asset"`
				Amount float64 `json:"amount"`
			} `json:"cash"`
		}
		out := mustSucceed(t, "whatif", "--demo", "--trade", filepath.Clean(trade), "--json")
		if err := json.Unmarshal([]byte(out), &w); err != nil {
			t.Fatal(err)
		}
		cent := func(got, want float64) bool { return math.Abs(got-want) <= 0.005+1e-9 }
		if !cent(w.After.Initial, c.after) || !cent(w.Delta, c.delta) || !cent(w.Venue.After.Initial, c.venueInitial) ||
			w.Cash.Asset != c.cashAsset || math.Abs(w.Cash.Amount-c.cash) > 1e-9 || !w.Allowed {
			t.Errorf("%s: after %.4f Δ %.4f venue %.4f cash %+v allowed %v; by hand %.2f, %.2f, %.2f, %g %s, true",
				c.name, w.After.Initial, w.Delta, w.Venue.After.Initial, w.Cash, w.Allowed, c.after, c.delta,
				c.venueInitial, c.cash, c.cashAsset)
		}
	}
}
