package cascade

import (
	"fmt"
	"math"
	"testing"
)

// TestVenueRulesMatchModels: the rates the synthetic generator uses for
// each venue are those the venue models themselves produce (population
// files are linearised through the models; the generator's table must
// agree with them). A lending leg's initial is the model's D·(1 −
// LTV_w)/LTV_w at the start, all in I0: the table's must match it.
func TestVenueRulesMatchModels(t *testing.T) {
	p0 := [NumAssets]float64{3000, 50000, 3000}
	cases := []struct {
		rule, model, extra string
		kind               LegKind
		asset              int
		venue              string
	}{
		{"aave-v3@ethereum", "aave-v3", `"params": "aave-v3-ethereum-2023-10-31",`, KindAave, 0,
			`"collateral": [{"asset": "WETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000"}]`},
		{"aave-v3@ethereum", "aave-v3", `"params": "aave-v3-ethereum-2023-10-31",`, KindAave, 1,
			`"collateral": [{"asset": "WBTC", "amount": "1"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000"}]`},
		{"hyperliquid", "hyperliquid", "", KindHyperliquid, 0,
			`"collateral": [{"asset": "USDC", "amount": "100000"}], "positions": [{"kind": "perp", "underlying": "ETH", "quantity": "2", "entry_price": "3000"}]`},
		{"hyperliquid", "hyperliquid", "", KindHyperliquid, 1,
			`"collateral": [{"asset": "USDC", "amount": "100000"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "0.1", "entry_price": "50000"}]`},
		{"aave-v3@ethereum", "aave-v3", `"params": "aave-v3-ethereum-2023-10-31",`, KindAave, aStETH,
			`"collateral": [{"asset": "wstETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000"}]`},
		{"aave-v3-emode@ethereum", "aave-v3", `"params": "aave-v3-ethereum-2023-10-31", "emode": 1,`, KindAave, aStETH,
			`"collateral": [{"asset": "wstETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "WETH", "amount": "1"}]`},
		{"compound-v3@ethereum", "compound-v3", "", KindCompound, aWETH,
			`"collateral": [{"asset": "WETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000"}]`},
		{"compound-v3@ethereum", "compound-v3", "", KindCompound, aWBTC,
			`"collateral": [{"asset": "WBTC", "amount": "1"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1000"}]`},
		{"dydx-v4", "dydx-v4", "", KindDYDX, 0,
			`"collateral": [{"asset": "USDC", "amount": "100000"}], "positions": [{"kind": "perp", "underlying": "ETH", "quantity": "2", "entry_price": "3000"}]`},
	}
	for _, tc := range cases {
		doc := fmt.Sprintf(`{"accounts": [{"account": "a", "venues": [{"id": "v", "model": %q, "chain": "ethereum", %s %s}]}]}`,
			tc.model, tc.extra, tc.venue)
		pop, err := ParsePopulation([]byte(doc), p0)
		if err != nil {
			t.Errorf("%s: %v", tc.rule, err)
			continue
		}
		l := pop.Accounts[0].Legs[0]
		r := venueRules[tc.rule]
		if l.Kind != tc.kind || r.kind != tc.kind {
			t.Errorf("%s: file leg kind %s, table %s, want %s", tc.rule, l.Kind, r.kind, tc.kind)
		}
		t.Logf("%s %s: model maint %.5f init %.5f; table %.5f %.5f", tc.rule, Assets[tc.asset],
			l.MRate[tc.asset], l.IRate[tc.asset], r.maint[tc.asset], r.init[tc.asset])
		init := r.init[tc.asset]
		if tc.kind.lending() {
			init = 0
			start := l.I0 // the model's initial at p0: I0 + Σ IRate·|Units|·p0 (debt moves it)
			for a := range NumAssets {
				start += l.IRate[a] * math.Abs(l.Units[a]) * p0[a]
			}
			if want := lendingInitial(r.init, &l, p0); !near(start, want, 1e-6*want) {
				t.Errorf("%s %s: model initial %.8f, table %.8f", tc.rule, Assets[tc.asset], start, want)
			}
		}
		if !near(l.MRate[tc.asset], r.maint[tc.asset], 1e-4) || !near(l.IRate[tc.asset], init, 1e-4) {
			t.Errorf("%s %s: model maintenance %.5f initial %.5f, table %.5f %.5f", tc.rule, Assets[tc.asset],
				l.MRate[tc.asset], l.IRate[tc.asset], r.maint[tc.asset], init)
		}
	}
}
