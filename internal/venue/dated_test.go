package venue_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

// Goal: a venue that names no parameter set is margined with the set in
// force at the market's as_of (DESIGN.md: the latest set dated ≤ as_of;
// before every set, the earliest with a warning, never an error), and
// reports it as ParamsSet. Method: the same small book of each model on
// markets dated before, on and after the dates of its sets (the dates in
// the sets' names; Deribit's January 2022 circular and the June 2024
// pme/simulate example).
func TestParameterSetByDate(t *testing.T) {
	cases := []struct {
		model, venue, asOf, set string
		warns                   bool
	}{
		// dYdX: the genesis (2023-10-26) until the 2025-10-22 set.
		{"dydx-v4", perp, "2023-10-31", "dydx-v4-genesis-2023-10-26", false},
		{"dydx-v4", perp, "2023-10-26", "dydx-v4-genesis-2023-10-26", false},
		{"dydx-v4", perp, "2025-10-21", "dydx-v4-genesis-2023-10-26", false},
		{"dydx-v4", perp, "2025-10-22", "dydx-v4-2025-10-22", false},
		{"dydx-v4", perp, "2023-01-01", "dydx-v4-genesis-2023-10-26", true},
		// Deribit standard: BTC by the January 2022 set (the undated set by name only).
		{"deribit-standard", coinPerp, "2023-10-31", "deribit-standard-btc-2022-01", false},
		{"deribit-standard", coinPerp, "2021-06-01", "deribit-standard-btc-2022-01", true},
		{"deribit-pm", coinPerp, "2024-06-17", "deribit-pm-btc-2024-06", false},
		{"deribit-pm", coinPerp, "2023-10-31", "deribit-pm-btc-2024-06", true},
		{"aave-v3", lending, "2023-10-31", "aave-v3-ethereum-2023-10-31", false},
		{"aave-v3", lending, "2023-10-30", "aave-v3-ethereum-2023-10-31", true},
		{"compound-v3", lending, "2023-10-31", "compound-v3-ethereum-usdc", false},
		{"hyperliquid", perp, "2026-11-25", "hyperliquid-mainnet-2026-11", false},
		{"hyperliquid", perp, "2025-11-01", "hyperliquid-mainnet-2026-11", true},
		{"gmx-v2", perp, "2026-03-13", "gmx-v2-arbitrum-2026-03-13", false},
		{"derive-pm", `"collateral": [{"asset": "USDC", "amount": "1000"}], "positions": []`, "2025-07-01",
			"derive-pmrm2-mainnet-2025-06", false},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s at %s", c.model, c.asOf)
		asOf, _ := time.Parse(time.DateOnly, c.asOf)
		m, err := market.Load([]byte(fmt.Sprintf(`{"as_of": %q, "assets": {"BTC": {"price": "30000"},
		  "ETH": {"price": "2000"}, "WETH": {"price": "2000"}, "USDC": {"price": "1"}}}`,
			asOf.Add(12*time.Hour).Format(time.RFC3339))), market.Options{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := portfolio.Parse([]byte(fmt.Sprintf(`{"account": "a", "venues": [{"id": "v", "model": %q,
		  "chain": "x", %s}]}`, c.model, c.venue)))
		if err == nil {
			err = portfolio.Check(p, m)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r, err := venue.Margin(&p.Venues[0], m)
		if err != nil {
			t.Fatalf("%s: an error, never: %v", name, err)
		}
		warned := false
		for _, w := range r.Warnings {
			warned = warned || strings.Contains(w, "precedes every")
		}
		if r.ParamsSet != c.set || warned != c.warns {
			t.Errorf("%s: params_set %q (warned %v), want %q (warned %v)", name, r.ParamsSet, warned, c.set, c.warns)
		}
	}
}

const (
	perp     = `"collateral": [{"asset": "USDC", "amount": "100000"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "1"}]`
	coinPerp = `"collateral": [{"asset": "BTC", "amount": "1"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "-1"}]`
	lending  = `"collateral": [{"asset": "WETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000"}]`
)
