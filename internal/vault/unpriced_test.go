// Tests of assets the stored market does not price (unpriced.go): vault
// holdings count 0, unpriced exposure is not computable, SetMarket refuses
// dropping a held asset, and a stale stored market only warns.
package vault

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// listing returns marketAt(price) with extra assets listed (JSON members of
// "assets", e.g. `"DAI": {"price": "1"}`).
func listing(price string, extra ...string) []byte {
	doc := string(marketAt(price))
	for _, e := range extra {
		doc = strings.Replace(doc, `"assets": {`, `"assets": {`+"\n    "+e+",", 1)
	}
	return []byte(doc)
}

const (
	daiListed = `"DAI": {"price": "1", "depth_usd": "100000000"}`
	solListed = `"SOL": {"price": "150", "vol": 0.9, "depth_usd": "10000000"}`
)

func hasWarning(ws []string, parts ...string) bool {
	for _, w := range ws {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(w, p)
		}
		if all {
			return true
		}
	}
	return false
}

// Goal: the attacker story on the in-memory store. An account holds
// DAI dust that the stored market does not price (deposited under a market
// that listed DAI, which was then replaced by one that does not, as old data
// or another path could leave it). Its figures must not fail: the dust
// counts 0 with a warning naming DAI in State, the Reader, the report and
// the unified book alike; a withdrawal is judged on the rest; a venue draws
// exactly when the account is liquidatable.
func TestUnpricedVaultHoldingCountsZero(t *testing.T) {
	m := NewMemory()
	c := Config{}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, listing("3000", daiListed)) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d2", "fund-a", "DAI", "0.000000000000000001") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l1", "fund-a", "dydx", "10000") })
	do(t, &m, func(tx Tx) (any, error) { return nil, tx.PutMarket(marketAt("3000")) }) // DAI no longer priced

	st, err := State(m, c, "fund-a")
	if err != nil {
		t.Fatalf("state with unpriced DAI: %v", err)
	}
	if st.Unified == nil || *st.CollateralValue != 30000 || st.Balances["DAI"].Assets != "0.000000000000000001" ||
		!hasWarning(st.Warnings, "DAI", "counted as 0") {
		t.Fatalf("state: %+v", st)
	}
	rd, err := NewReader(m, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rd.State("fund-a"); err != nil || !reflect.DeepEqual(got, st) {
		t.Fatalf("Reader.State %+v (%v), State %+v", got, err, st)
	}
	if u, err := rd.Unified("fund-a"); err != nil || !reflect.DeepEqual(*u, *st.Unified) {
		t.Fatalf("Reader.Unified %+v (%v), State's %+v", u, err, st.Unified)
	}
	rep, err := Report(m, c, "fund-a")
	if err != nil || rep.Unified != *st.Unified || !hasWarning(rep.Warnings, "DAI", "counted as 0") {
		t.Fatalf("report: %v, %+v", err, rep)
	}
	book, _, err := UnifiedBook(m, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	if vv := book.Venues[len(book.Venues)-1]; len(vv.Collateral) != 1 || vv.Collateral[0].Asset != "WETH" {
		t.Fatalf("vault venue of the unified book: %+v", vv.Collateral)
	}

	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w1", "fund-a", "WETH", "1") })
	if _, err := txn(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x1", "fund-a", "dydx", "WETH", "1000") }); !errors.Is(err, ErrNotLiquidatable) {
		t.Fatalf("draw while healthy: got %v", err)
	}
	if _, err := txn(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x2", "fund-a", "dydx", "DAI", "1") }); !errors.Is(err, ErrNotLiquidatable) {
		t.Fatalf("draw of DAI while healthy: got %v", err)
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, tx.PutMarket(marketAt("1200")) })
	if st, err := State(m, c, "fund-a"); err != nil || !st.Unified.Liquidatable {
		t.Fatalf("after the fall: %v, %+v", err, st.Unified)
	}
	if _, err := txn(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x3", "fund-a", "dydx", "DAI", "1") }); !errors.Is(err, ErrUnknownAsset) {
		t.Fatalf("draw of unpriced DAI: got %v", err)
	}
	d := do(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x4", "fund-a", "dydx", "WETH", "1200") })
	if d.Assets != "1" {
		t.Fatalf("draw: %+v", d)
	}
}

// Goal: a vault holding kept in more decimals than a later market declares
// for its asset is valued at the market's decimals, rounded down, instead of
// failing the check of the custody venue.
func TestVaultHoldingFlooredToMarketDecimals(t *testing.T) {
	m := NewMemory()
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "DAI", "100.000000000000000001") })
	do(t, &m, func(tx Tx) (any, error) {
		return nil, SetMarket(tx, listing("3000", `"DAI": {"price": "1", "decimals": 6}`))
	})
	st, err := State(m, Config{}, "fund-a")
	if err != nil || st.CollateralValue == nil || *st.CollateralValue != 100 {
		t.Fatalf("state: %v, %+v", err, st)
	}
}

// Goal: debt or a derivative in an asset the stored market does not price
// cannot count 0 (that would hide risk). Such an account's margin is not
// computable (ErrMarginUncomputable): reads and the Reader say so, moves
// that need the margin are refused, and a venue may draw on its lien, as
// from a liquidatable account.
func TestUnpricedExposureIsNotComputable(t *testing.T) {
	m := NewMemory()
	c := Config{}
	short := `{"account":"fund-a","venues":[
 {"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
  "positions":[{"kind":"perp","underlying":"SOL","quantity":"-100"}]}]}`
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, listing("3000", solListed)) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(short)) })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l1", "fund-a", "dydx", "10000") })
	do(t, &m, func(tx Tx) (any, error) { return nil, tx.PutMarket(marketAt("3000")) }) // SOL no longer priced

	if _, err := State(m, c, "fund-a"); !errors.Is(err, ErrMarginUncomputable) || !strings.Contains(err.Error(), "SOL") {
		t.Fatalf("state: want ErrMarginUncomputable naming SOL, got %v", err)
	}
	rd, err := NewReader(m, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Unified("fund-a"); !errors.Is(err, ErrMarginUncomputable) {
		t.Fatalf("Reader.Unified: %v", err)
	}
	if _, err := Report(m, c, "fund-a"); !errors.Is(err, ErrMarginUncomputable) {
		t.Fatalf("report: %v", err)
	}
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w1", "fund-a", "WETH", "1") }); !errors.Is(err, ErrMarginUncomputable) {
		t.Fatalf("withdrawal: %v", err)
	}
	if _, err := txn(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l2", "fund-a", "aave", "1") }); !errors.Is(err, ErrMarginUncomputable) {
		t.Fatalf("lien grant: %v", err)
	}
	d := do(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x1", "fund-a", "dydx", "WETH", "3000") })
	if d.Assets != "1" {
		t.Fatalf("draw: %+v", d)
	}

	// A stored book that no longer parses (a stricter parser, old data) is
	// not computable either, and does not stop a market change.
	do(t, &m, func(tx Tx) (any, error) { return nil, tx.PutPortfolio("fund-a", []byte(`{"venues": 1}`)) })
	if _, err := State(m, c, "fund-a"); !errors.Is(err, ErrMarginUncomputable) {
		t.Fatalf("state of a book that does not parse: %v", err)
	}
	if rd, err = NewReader(m, c); err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Unified("fund-a"); !errors.Is(err, ErrMarginUncomputable) || !strings.Contains(err.Error(), "stored portfolio") {
		t.Fatalf("Reader.Unified of a book that does not parse: %v", err)
	}
	d = do(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x2", "fund-a", "dydx", "WETH", "3000") })
	if d.Assets != "1" {
		t.Fatalf("second draw: %+v", d)
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("2500")) })
}

// Goal: SetMarket refuses a market that drops an asset accounts hold (in
// the vault or in their stored books), naming the assets and the accounts,
// and changes nothing; an asset no market priced before is not "dropped"
// (its holdings already count 0), and a market that keeps every held asset
// is stored.
func TestSetMarketRefusesDroppingHeldAssets(t *testing.T) {
	m := NewMemory()
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d0", "early", "USDT", "5") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, listing("3000", daiListed, solListed)) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "DAI", "0.000000000000000001") })
	do(t, &m, func(tx Tx) (any, error) {
		return nil, SetPortfolio(tx, "fund-b", []byte(`{"account":"fund-b","venues":[
 {"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
  "positions":[{"kind":"perp","underlying":"SOL","quantity":"-1"}]}]}`))
	})
	before := snapshot(m)
	stored, _, _ := m.Market()

	_, err := txn(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("2000")) })
	if !errors.Is(err, ErrAssetHeld) {
		t.Fatalf("dropping DAI and SOL: want ErrAssetHeld, got %v", err)
	}
	for _, want := range []string{"DAI", "SOL", "fund-a", "fund-b"} {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("%q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "USDT") || strings.Contains(err.Error(), "early") {
		t.Fatalf("%q names an asset no market priced", err)
	}
	if now, _, _ := m.Market(); snapshot(m) != before || string(now) != string(stored) {
		t.Fatal("a refused market changed the store")
	}
	if _, err := txn(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, listing("2000", solListed)) }); !errors.Is(err, ErrAssetHeld) || strings.Contains(err.Error(), "SOL") {
		t.Fatalf("dropping DAI alone: %v", err)
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, listing("2000", daiListed, solListed)) })

	// Once fund-a's DAI is gone, DAI may be dropped.
	do(t, &m, func(tx Tx) (Movement, error) {
		return Withdraw(tx, Config{}, "w1", "fund-a", "DAI", "0.000000000000000001")
	})
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, listing("2000", solListed)) })
}

// Goal: a stale oracle in the stored market (SetMarket refuses one, but a
// store may hold one from before that rule or from another path) is a
// warning in the account's figures, as --allow-stale makes it, never a
// failure of its reads, moves or book.
func TestStaleStoredMarketWarns(t *testing.T) {
	stale := []byte(strings.Replace(testMarket, `"WETH": {"price": "PRICE",`,
		`"WETH": {"price": "3000", "oracle_time": "2026-11-24T21:00:00Z",`, 1))
	m := NewMemory()
	c := Config{}
	if _, err := txn(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, stale) }); err == nil || !strings.Contains(err.Error(), "stale") {
		t.Fatalf("storing a stale market: %v", err)
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, tx.PutMarket(stale) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "l1", "fund-a", "dydx", "10000") })
	do(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w1", "fund-a", "WETH", "1") })
	st, err := State(m, c, "fund-a")
	if err != nil || st.Unified == nil || !hasWarning(st.Warnings, "WETH", "stale") {
		t.Fatalf("state: %v, %+v", err, st)
	}
	rd, err := NewReader(m, c)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := rd.Unified("fund-a"); err != nil || !reflect.DeepEqual(*u, *st.Unified) {
		t.Fatalf("Reader.Unified %+v (%v), State's %+v", u, err, st.Unified)
	}
}
