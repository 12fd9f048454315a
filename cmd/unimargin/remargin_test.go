// Goal: `unimargin remargin` counts every account of the store the same way
// in this process and over an embedded JetStream. Method: a SQLite store
// made by the binary itself (market set, account set-portfolio) with three
// demo books and one book thin enough to be liquidatable.
package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// thinBook borrows 350 WETH against 40 wstETH: liquidatable.
const thinBook = `{"account": "thin", "venues": [{"id": "aave-eth", "model": "aave-v3", "chain": "ethereum",
  "params": "aave-v3-ethereum-2023-10-31", "emode": 1,
  "collateral": [{"asset": "wstETH", "amount": "40"}],
  "positions": [{"kind": "borrow", "asset": "WETH", "amount": "350"}]}]}`

// remarginStore makes a store of four accounts and returns its --db flag.
func remarginStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := "--db=sqlite:" + filepath.Join(dir, "s.db")
	demo := filepath.Join("..", "..", "internal", "demo")
	mustSucceed(t, "market", "set", "--market", filepath.Join(demo, "market.json"), db)
	for _, a := range []string{"a", "b", "c"} {
		mustSucceed(t, "account", "set-portfolio", "--account", a, "--portfolio", filepath.Join(demo, "portfolio.json"), db)
	}
	mustSucceed(t, "account", "set-portfolio", "--account", "thin", "--portfolio", writeFile(t, dir, "thin.json", thinBook), db)
	return db
}

func TestRemarginCountsLocallyAndOverEmbeddedJetStream(t *testing.T) {
	db := remarginStore(t)
	local := mustSucceed(t, "remargin", db, "--json")
	var rep remarginReport
	if err := json.Unmarshal([]byte(local), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Accounts != 4 || rep.Liquidatable != 1 || rep.Errors != 0 || len(rep.LiquidatableAccounts) != 1 ||
		rep.LiquidatableAccounts[0] != "thin" {
		t.Fatalf("report %+v, want 4 accounts, thin liquidatable, no errors", rep)
	}
	if again := mustSucceed(t, "remargin", db, "--json", "--workers", "1"); again != local {
		t.Fatalf("--json differs between runs:\n%s\n%s", local, again)
	}
	if js := mustSucceed(t, "remargin", db, "--json", "--nats", "embedded", "--workers", "2"); js != local {
		t.Fatalf("embedded JetStream output differs from local:\n%s\n%s", js, local)
	}
	ticks := mustSucceed(t, "remargin", db, "--nats", "embedded", "--workers", "2", "--shards", "3", "--ticks", "3")
	for _, want := range []string{"ticks", "warm tick seconds (best)", "warm accounts/s"} {
		if !strings.Contains(ticks, want) {
			t.Fatalf("--ticks text output lacks %q:\n%s", want, ticks)
		}
	}
	if line := mustFail(t, 1, "remargin", db, "--ticks", "2"); !strings.Contains(line, "--ticks") {
		t.Fatalf("--ticks without --nats: %q", line)
	}
	text := mustSucceed(t, "remargin", db)
	for _, want := range []string{"accounts", "liquidatable", "errors", "accounts/s"} {
		if !strings.Contains(text, want) {
			t.Fatalf("text output lacks %q:\n%s", want, text)
		}
	}
}

func TestRemarginRefusesABadStoreFlag(t *testing.T) {
	line := mustFail(t, 1, "remargin", "--db", "mysql://x")
	if !strings.Contains(line, "--db") {
		t.Fatalf("error %q does not name --db", line)
	}
}
