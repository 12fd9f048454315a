// Goal: the governed parts of Config hold on every path: an account keyed
// to an older version keeps it in State and in the bulk Reader alike until
// a risk-increasing move, which is checked under the current version and
// drops the key; a pause refuses new risk of accounts that have something
// at risk and nothing else; governed venue overrides reach the venue model
// whatever spelling or nesting the book uses.
package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// versions returns a loose and a strict parameter set: BTC's spot range
// 16% and 22%.
func versions() (loose, strict *margin.RiskParams) {
	loose, strict = margin.DefaultRiskParams(), margin.DefaultRiskParams()
	strict.RangesBySymbol["BTC"] = 0.22
	return loose, strict
}

// keyedWorld is fund-a (10 WETH, the test book) keyed to version 1 (loose)
// under version 2 (strict).
func keyedWorld(t *testing.T) (*Memory, Config) {
	t.Helper()
	m := NewMemory()
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	do(t, &m, func(tx Tx) (any, error) { return nil, tx.PutParamsKey("fund-a", 1) })
	loose, strict := versions()
	c := Config{RiskParams: strict, Governed: Governed{Version: 2, Hash: "h2",
		Keyed: map[int]ParamSet{1: {Version: 1, Hash: "h1", RiskParams: loose}}}}
	return m, c
}

func TestKeyedAccountKeepsItsVersionUntilARiskIncreasingMove(t *testing.T) {
	m, c := keyedWorld(t)
	loose, _ := versions()
	st := do(t, &m, func(tx Tx) (AccountState, error) { return State(tx, c, "fund-a") })
	want := do(t, &m, func(tx Tx) (AccountState, error) { return State(tx, Config{RiskParams: loose}, "fund-a") })
	if st.Params == nil || !st.Params.Keyed || st.Params.Version != 1 || st.Unified.Initial != want.Unified.Initial {
		t.Fatalf("keyed state: %+v initial %v, want version 1 keyed, initial %v", st.Params, st.Unified.Initial, want.Unified.Initial)
	}
	bulk := do(t, &m, func(tx Tx) (float64, error) {
		rd, err := NewReader(tx, c)
		if err != nil {
			return 0, err
		}
		u, err := rd.Unified("fund-a")
		if err != nil {
			return 0, err
		}
		return u.Initial, nil
	})
	if bulk != st.Unified.Initial {
		t.Fatalf("bulk re-margin %v, state %v: the two paths disagree", bulk, st.Unified.Initial)
	}
	strictState := do(t, &m, func(tx Tx) (AccountState, error) { return State(tx, c.forNewRisk(), "fund-a") })
	if strictState.Unified.Initial <= st.Unified.Initial {
		t.Fatalf("the strict version does not ask more: %v vs %v", strictState.Unified.Initial, st.Unified.Initial)
	}
	// a withdrawal the loose version allows but the strict one does not
	gap := (st.Unified.Equity - (st.Unified.Initial+strictState.Unified.Initial)/2) / 3000
	amount := fmt.Sprintf("%.2f", gap)
	before := snapshot(m)
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w1", "fund-a", "WETH", amount) }); !errors.Is(err, ErrInitialMargin) {
		t.Fatalf("withdrawing %s WETH under the strict version: %v", amount, err)
	}
	if snapshot(m) != before {
		t.Fatal("the refused withdrawal changed the store")
	}
	if _, ok, _ := m.ParamsKey("fund-a"); !ok {
		t.Fatal("a refused move dropped the key")
	}
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w2", "fund-a", "WETH", "0.01") })
	if _, ok, _ := m.ParamsKey("fund-a"); ok {
		t.Fatal("a withdrawal did not drop the key")
	}
	st = do(t, &m, func(tx Tx) (AccountState, error) { return State(tx, c, "fund-a") })
	if st.Params.Keyed || st.Params.Version != 2 {
		t.Fatalf("after its withdrawal fund-a runs under %+v", st.Params)
	}
}

func TestStoringTheSameBookKeepsTheKey(t *testing.T) {
	m, _ := keyedWorld(t)
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	if _, ok, _ := m.ParamsKey("fund-a"); !ok {
		t.Fatal("storing the same book dropped the key")
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook+" ")) })
	if _, ok, _ := m.ParamsKey("fund-a"); ok {
		t.Fatal("a changed book kept the key")
	}
}

func TestPauseRefusesNewRiskOnly(t *testing.T) {
	m := NewMemory()
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d2", "idle", "WETH", "10") })
	paused := Config{Governed: Governed{Version: 3, Hash: "h", PauseNewRisk: true}}
	for _, f := range []func(tx Tx) (any, error){
		func(tx Tx) (any, error) { return Withdraw(tx, paused, "w1", "fund-a", "WETH", "0.01") },
		func(tx Tx) (any, error) { return Redeem(tx, paused, "r1", "fund-a", "WETH", "0.01") },
		func(tx Tx) (any, error) { return GrantLien(tx, paused, "g1", "fund-a", "dydx", "1") },
	} {
		before := snapshot(m)
		if _, err := txn(t, &m, f); !errors.Is(err, ErrPaused) {
			t.Fatalf("paused: got %v", err)
		}
		if snapshot(m) != before {
			t.Fatal("a refusal changed the store")
		}
	}
	// nothing at risk: an account may still take its collateral out; deposits go on
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, paused, "w2", "idle", "WETH", "1") })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d3", "fund-a", "WETH", "1") })
}

func TestVenueOverridesReachTheModel(t *testing.T) {
	book := func(params string) *portfolio.Portfolio {
		doc := `{"account": "x", "venues": [{"id": "v", "model": "hyperliquid", "chain": "hyperliquid", "params": ` + params + `,
		  "collateral": [], "positions": []}]}`
		p, err := portfolio.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	ov := VenueOverrides{"hyperliquid": {"max_leverage": json.RawMessage(`"10"`), "margin_tiers": json.RawMessage(`{"a": 1}`)}}
	for _, c := range []struct {
		name, params string
		want         map[string]any
	}{
		{"camelCase alias replaced", `{"maxLeverage": "40", "leverage": "5"}`, map[string]any{"max_leverage": "10", "leverage": "5", "margin_tiers": map[string]any{"a": json.Number("1")}}},
		{"nested objects merge", `{"margin_tiers": {"b": 2}}`, map[string]any{"max_leverage": "10", "margin_tiers": map[string]any{"a": json.Number("1"), "b": json.Number("2")}}},
		{"a named set gives way", `"hyperliquid-2025-01"`, map[string]any{"max_leverage": "10", "margin_tiers": map[string]any{"a": json.Number("1")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := book(c.params)
			if err := ApplyVenueOverrides(b, ov); err != nil {
				t.Fatal(err)
			}
			got := b.Venues[0].Params.Raw()
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("params %v, want %v", got, c.want)
			}
			if b.Venues[0].Params.Path != "venues[0].params" {
				t.Fatalf("path %q", b.Venues[0].Params.Path)
			}
		})
	}
	// a venue of another model is left alone
	b := book(`{"leverage": "5"}`)
	b.Venues[0].Model = "dydx-v4"
	if err := ApplyVenueOverrides(b, ov); err != nil {
		t.Fatal(err)
	}
	if n := *b.Venues[0].Params; fmt.Sprint(n.Raw()) != fmt.Sprint(map[string]any{"leverage": "5"}) {
		t.Fatalf("another model's venue changed: %v", n.Raw())
	}
}
