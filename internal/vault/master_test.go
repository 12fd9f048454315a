// Goal: the "done when" story on the in-memory store: a new user
// deposits once, grants liens to two venues, sees one unified margin, is
// refused a withdrawal that would break it, a venue draws only while the
// account is liquidatable, and every invariant holds throughout.
package vault

import (
	"errors"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/ledger"
	_ "github.com/unimargin/unimargin/internal/venue/catalog" // the venue models the book uses
)

const testMarket = `{
  "as_of": "2026-11-25T00:00:00Z",
  "assets": {
    "BTC":  {"price": "90000", "vol": 0.55, "depth_usd": "250000000"},
    "WETH": {"price": "PRICE", "vol": 0.70, "depth_usd": "80000000"},
    "USDC": {"price": "1", "depth_usd": "500000000"}
  },
  "rates": {"USD": 0.04},
  "correlations": {"BTC/WETH": 0.8}
}`

const testBook = `{"account":"fund-a","venues":[
 {"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
  "positions":[{"kind":"perp","underlying":"BTC","quantity":"1"}]}]}`

func marketAt(price string) []byte { return []byte(strings.Replace(testMarket, "PRICE", price, 1)) }

// txn runs f on a copy of m and keeps the copy only when f succeeds: a
// database transaction in miniature.
func txn[R any](t *testing.T, m **Memory, f func(tx Tx) (R, error)) (R, error) {
	t.Helper()
	c := (*m).Clone()
	r, err := f(c)
	if err == nil {
		*m = c
	}
	if verr := Verify(*m); verr != nil {
		t.Fatalf("invariant after step: %v", verr)
	}
	return r, err
}

// do is txn for a step that must succeed.
func do[R any](t *testing.T, m **Memory, f func(tx Tx) (R, error)) R {
	t.Helper()
	r, err := txn(t, m, f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDoneWhenStory(t *testing.T) {
	m := NewMemory()
	c := Config{}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("3000")) })
	mv := do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	if mv.Assets != "10" || mv.Shares != "10" {
		t.Fatalf("first deposit: %+v", mv)
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l1", "fund-a", "dydx", "10000") })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l2", "fund-a", "aave", "10000") })
	// Σ liens would be 35,000 > 30,000 of collateral value.
	if _, err := txn(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l3", "fund-a", "aave", "15000") }); !errors.Is(err, ErrLiensExceedCollateral) {
		t.Fatalf("over-lien: want ErrLiensExceedCollateral, got %v", err)
	}
	st := do(t, &m, func(tx Tx) (AccountState, error) { return State(tx, c, "fund-a") })
	if st.Unified == nil || *st.CollateralValue != 30000 || len(st.Liens) != 2 || st.LiensUSD != "20000" {
		t.Fatalf("state: %+v", st)
	}
	// 5 WETH out leaves 15,000 against ~17,000 of scenario loss.
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w1", "fund-a", "WETH", "5") }); !errors.Is(err, ErrInitialMargin) && !errors.Is(err, ErrLiensExceedCollateral) {
		t.Fatalf("breaking withdrawal: got %v", err)
	}
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w2", "fund-a", "WETH", "1") })
	// Not liquidatable: a draw is refused.
	if _, err := txn(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x1", "fund-a", "dydx", "WETH", "1000") }); !errors.Is(err, ErrNotLiquidatable) {
		t.Fatalf("draw while healthy: got %v", err)
	}
	// WETH falls to 1,200: 9 WETH = 10,800 < maintenance.
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("1200")) })
	if _, err := txn(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x2", "fund-a", "dydx", "WETH", "10000.01") }); !errors.Is(err, ErrExceedsLien) {
		t.Fatalf("draw above lien: got %v", err)
	}
	d := do(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x3", "fund-a", "dydx", "WETH", "1200") })
	if d.Assets != "1" || d.Status != "pending" {
		t.Fatalf("draw: %+v", d)
	}
	do(t, &m, func(tx Tx) (Settlement, error) { return SettleDraw(tx, "s1", "x3", true) })
	if _, err := txn(t, &m, func(tx Tx) (Settlement, error) { return SettleDraw(tx, "s2", "x3", false) }); !errors.Is(err, ledger.ErrPendingResolved) {
		t.Fatalf("second settlement: got %v", err)
	}
	st = do(t, &m, func(tx Tx) (AccountState, error) { return State(tx, c, "fund-a") })
	if st.Balances["WETH"].Assets != "8" || st.Liens[1].AmountUSD != "8800" {
		t.Fatalf("after draw: %+v", st)
	}
}

func TestIdempotentRequests(t *testing.T) {
	m := NewMemory()
	a := do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "r1", "acc", "USDC", "100.5") })
	b := do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "r1", "acc", "USDC", "100.5") })
	if a != b {
		t.Fatalf("retry returned %+v, first %+v", b, a)
	}
	v, _, _ := m.Vault("USDC")
	if v.TotalAssets.Units(6) != "100.5" {
		t.Fatalf("retry changed the vault: %v", v.TotalAssets.Units(6))
	}
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "r1", "acc", "USDC", "100") }); !errors.Is(err, ErrRequestConflict) {
		t.Fatalf("reused id: got %v", err)
	}
	for _, bad := range []string{"0", "-1", "1e3", "abc", "0.0000001"} {
		if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "r-"+bad, "acc", "USDC", bad) }); err == nil {
			t.Fatalf("amount %q accepted", bad)
		}
	}
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "r2", "acc", "NOPE", "1") }); !errors.Is(err, ErrUnknownAsset) {
		t.Fatalf("unknown asset: got %v", err)
	}
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, Config{}, "r3", "ghost", "USDC", "1") }); !errors.Is(err, ErrUnknownAccount) {
		t.Fatalf("unknown account: got %v", err)
	}
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, Config{}, "r4", "acc", "USDC", "100.6") }); !errors.Is(err, ErrInsufficientShares) {
		t.Fatalf("above balance: got %v", err)
	}
	do(t, &m, func(tx Tx) (Movement, error) { return Accrue(tx, "r5", "USDC", "10") })
	w := do(t, &m, func(tx Tx) (Movement, error) { return Redeem(tx, Config{}, "r6", "acc", "USDC", "100.5") })
	if w.Assets != "110.499999" {
		t.Fatalf("redeem all after yield: %+v", w)
	}
}

// Ids are the collateral layer's alphabet, but never "." or "..", which
// read as paths.
func TestCheckID(t *testing.T) {
	for _, id := range []string{".", "..", "", "a:b", "a#b", "a/b", strings.Repeat("a", 129)} {
		if err := CheckID("account", id); !errors.Is(err, ErrBadID) {
			t.Errorf("CheckID(%q) = %v", id, err)
		}
	}
	for _, id := range []string{"fund-a", "...", ".a", "a..b", "x@y.z", strings.Repeat("a", 128)} {
		if err := CheckID("account", id); err != nil {
			t.Errorf("CheckID(%q) = %v", id, err)
		}
	}
}
