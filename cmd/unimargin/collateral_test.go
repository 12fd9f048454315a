// End-to-end tests of the collateral layer through the binary: the issue's
// "done when" story (deposit once, liens to two venues, one unified margin,
// a refused withdrawal), refusals that change nothing, concurrent processes
// on one SQLite file, and kill -9 in the middle of commands. Each runs on
// SQLite, and on PostgreSQL when PG_DSN is set.
package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

const collateralBook = `{"account": "fund-a", "venues": [
 {"id": "dydx", "model": "dydx-v4", "chain": "dydx", "collateral": [],
  "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "1"}]}]}`

// stores returns the --db values to run on: a fresh SQLite file, and a
// fresh PostgreSQL schema when PG_DSN is set.
func stores(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "u.db")}
	base := os.Getenv("PG_DSN")
	if base == "" {
		if os.Getenv("UNIMARGIN_REQUIRE_PG") == "1" {
			t.Fatal("PG_DSN is not set and UNIMARGIN_REQUIRE_PG=1")
		}
		return out
	}
	schema := fmt.Sprintf("cli%d_%s", os.Getpid(), strings.ToLower(strings.NewReplacer("/", "_", "-", "_").Replace(t.Name())))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PG_DSN: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	out["postgres"] = u.String()
	return out
}

// refused runs a command that must exit 1 with one stderr line containing
// want and an empty stdout.
func refused(t *testing.T, want string, args ...string) {
	t.Helper()
	r := runCLI(t, "", args...)
	if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("unimargin %s: want exit 1 and one line containing %q, got %v", strings.Join(args, " "), want, r)
	}
}

func TestCollateralStory(t *testing.T) {
	mkt := writeFile(t, t.TempDir(), "market.json", fixture(t, "market.json"))
	book := writeFile(t, t.TempDir(), "book.json", collateralBook)
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
			u("market", "set", "--market", mkt)
			var dep map[string]string
			decode(t, u("vault", "deposit", "--account", "fund-a", "--asset", "WETH", "--amount", "10", "--id", "d1", "--json"), &dep)
			if dep["assets"] != "10" || dep["shares"] != "10" {
				t.Fatalf("deposit: %v", dep)
			}
			u("account", "set-portfolio", "--account", "fund-a", "--portfolio", book)
			u("lien", "grant", "--account", "fund-a", "--venue", "dydx", "--amount-usd", "10000", "--id", "l1")
			u("lien", "grant", "--account", "fund-a", "--venue", "aave", "--amount-usd", "10000", "--id", "l2")
			state := u("vault", "state", "--account", "fund-a", "--json")
			var st struct {
				Balances map[string]map[string]string `json:"balances"`
				Liens    []map[string]string          `json:"liens"`
				Value    float64                      `json:"collateral_value"`
				Unified  struct{ Initial, Excess float64 }
				Excess   float64 `json:"excess"`
			}
			decode(t, state, &st)
			if st.Balances["WETH"]["assets"] != "10" || len(st.Liens) != 2 || st.Value != 30000 || st.Unified.Initial <= 0 || st.Excess <= 0 {
				t.Fatalf("state: %s", state)
			}
			verify := u("ledger", "verify", "--json")
			refused(t, "margin", "vault", "withdraw", "--account", "fund-a", "--asset", "WETH", "--amount", "5", "--id", "w1", "--db", db)
			if got := u("vault", "state", "--account", "fund-a", "--json"); got != state {
				t.Fatalf("a refused withdrawal changed the state:\n%s\nwas\n%s", got, state)
			}
			if got := u("ledger", "verify", "--json"); got != verify {
				t.Fatalf("a refused withdrawal changed the ledger: %s, was %s", got, verify)
			}
			u("vault", "withdraw", "--account", "fund-a", "--asset", "WETH", "--amount", "1", "--id", "w2")
			u("ledger", "verify")
		})
	}
}

func TestCollateralRefusalsChangeNothing(t *testing.T) {
	mkt := writeFile(t, t.TempDir(), "market.json", fixture(t, "market.json"))
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
	u("market", "set", "--market", mkt)
	u("vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "100", "--id", "d1")
	u("lien", "grant", "--account", "a", "--venue", "v", "--amount-usd", "50", "--id", "l1")
	before := u("vault", "state", "--account", "a", "--json") + u("ledger", "verify", "--json")
	for _, c := range []struct {
		want string
		args []string
	}{
		{"above balance", []string{"vault", "withdraw", "--account", "a", "--asset", "USDC", "--amount", "100.01", "--id", "x1"}},
		{"above balance", []string{"vault", "redeem", "--account", "a", "--asset", "USDC", "--shares", "1000", "--id", "x2"}},
		{"unknown asset", []string{"vault", "deposit", "--account", "a", "--asset", "NOPE", "--amount", "1", "--id", "x3"}},
		{"unknown account", []string{"vault", "withdraw", "--account", "b", "--asset", "USDC", "--amount", "1", "--id", "x4"}},
		{"unknown account", []string{"lien", "grant", "--account", "b", "--venue", "v", "--amount-usd", "1", "--id", "x5"}},
		{"greater than 0", []string{"vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "0", "--id", "x6"}},
		{"negative", []string{"vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "-5", "--id", "x7"}},
		{"not a plain decimal", []string{"vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "1e3", "--id", "x8"}},
		{"decimal places", []string{"vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "0.0000001", "--id", "x9"}},
		{"different body", []string{"vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "101", "--id", "d1"}},
		{"exceed the haircut collateral value", []string{"lien", "grant", "--account", "a", "--venue", "w", "--amount-usd", "51", "--id", "x10"}},
		{"margin", []string{"vault", "withdraw", "--account", "a", "--asset", "USDC", "--amount", "51", "--id", "x11"}},
		{"above the lien", []string{"lien", "release", "--account", "a", "--venue", "v", "--amount-usd", "51", "--id", "x12"}},
		{"not liquidatable", []string{"lien", "draw", "--account", "a", "--venue", "v", "--asset", "USDC", "--amount-usd", "10", "--id", "x13"}},
		{"not . or ..", []string{"vault", "deposit", "--account", "..", "--asset", "USDC", "--amount", "1", "--id", "x14"}},
		{"not . or ..", []string{"vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "1", "--id", "."}},
		{"not . or ..", []string{"lien", "grant", "--account", "a", "--venue", "..", "--amount-usd", "1", "--id", "x15"}},
		{"not . or ..", []string{"account", "set-portfolio", "--account", ".", "--portfolio", "testdata/portfolio.json"}},
	} {
		refused(t, c.want, append(c.args, "--db", db)...)
	}
	refused(t, "--db", "vault", "state", "--account", "a", "--db", "mysql://x")
	// The same id and body again is a replay, not a second deposit.
	u("vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "100", "--id", "d1")
	after := u("vault", "state", "--account", "a", "--json") + u("ledger", "verify", "--json")
	if after != before {
		t.Fatalf("refusals changed the store:\n%s\nwas\n%s", after, before)
	}
}

// Eight processes deposit at once into one store: every one succeeds
// (writers wait for each other) and the totals add up.
func TestCollateralConcurrentProcesses(t *testing.T) {
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			results := make([]result, 8)
			for i := range results {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i] = runCLI(t, "", "vault", "deposit", "--account", fmt.Sprintf("p%d", i), "--asset", "USDC",
						"--amount", "1.5", "--id", fmt.Sprintf("c%d", i), "--db", db)
				}()
			}
			wg.Wait()
			for i, r := range results {
				if r.code != 0 {
					t.Fatalf("process %d: %v", i, r)
				}
			}
			m := mustSucceed(t, "vault", "accrue", "--asset", "USDC", "--amount", "1", "--id", "a1", "--db", db, "--json")
			if !strings.Contains(m, `"total_assets": "13"`) {
				t.Fatalf("after 8 deposits of 1.5 and 1 of yield: %s", m)
			}
			mustSucceed(t, "ledger", "verify", "--db", db)
		})
	}
}

// kill -9 at random points of deposits and withdrawals leaves every
// invariant intact, and retrying every request id afterwards gives exactly
// the state of a run without kills (the operations are all-or-nothing and
// idempotent).
func TestCollateralKillMidRun(t *testing.T) {
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) { killMidRun(t, db) })
	}
}

func killMidRun(t *testing.T, db string) {
	mustSucceed(t, "vault", "deposit", "--account", "k", "--asset", "WETH", "--amount", "100", "--id", "seed", "--db", db)
	ops := func(i int) []string {
		if i%3 == 2 {
			return []string{"vault", "withdraw", "--account", "k", "--asset", "WETH", "--amount", "0.25", "--id", fmt.Sprintf("k%d", i), "--db", db}
		}
		return []string{"vault", "deposit", "--account", "k", "--asset", "WETH", "--amount", "1", "--id", fmt.Sprintf("k%d", i), "--db", db}
	}
	const n = 30
	for i := range n {
		cmd := exec.Command(binary, ops(i)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(i%10) * 2 * time.Millisecond)
		_ = cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
		_ = cmd.Wait()
		mustSucceed(t, "ledger", "verify", "--db", db)
	}
	for i := range n {
		mustSucceed(t, ops(i)...)
	}
	// 100 + 20 deposits of 1 − 10 withdrawals of 0.25 = 117.5 WETH.
	m := mustSucceed(t, "vault", "state", "--account", "k", "--json", "--db", db)
	if !strings.Contains(m, `"assets": "117.5"`) && !strings.Contains(m, `"assets": "117.499999999999999999"`) {
		t.Fatalf("after kills and retries: %s", m)
	}
	mustSucceed(t, "ledger", "verify", "--db", db)
}

func TestCollateralDefaultDataDir(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, dir, "vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "1", "--id", "d1", "--json")
	if r.code != 0 {
		t.Fatal(r)
	}
	if _, err := os.Stat(filepath.Join(dir, ".unimargin", "unimargin.db")); err != nil {
		t.Fatalf("default store: %v", err)
	}
}

func decode(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%v in %s", err, s)
	}
}

// A store whose balances no longer match its journal fails ledger verify
// with exit 1 and the first violation.
func TestCollateralVerifyDetectsTampering(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.db")
	db := "sqlite:" + path
	mustSucceed(t, "vault", "deposit", "--account", "a", "--asset", "USDC", "--amount", "5", "--id", "d1", "--db", db)
	mustSucceed(t, "ledger", "verify", "--db", db)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE ledger_accounts SET credits_posted = '5000001' WHERE id = 'shares:a:uctUSDC'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	refused(t, "invariant", "ledger", "verify", "--db", db)
}
