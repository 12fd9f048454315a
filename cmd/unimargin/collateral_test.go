// End-to-end tests of the collateral layer through the binary: the issue's
// "done when" story (deposit once, liens to two venues, one unified margin,
// a refused withdrawal), refusals that change nothing, concurrent processes
// on one SQLite file, and kill -9 in the middle of commands. Each runs on
// SQLite, and on PostgreSQL when PG_DSN is set.
package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/unimargin/unimargin/internal/store/pgtest"
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
	out["postgres"] = pgtest.Schema(t, base, schema)
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
		{"above the lien", []string{"lien", "release", "--account", "a", "--venue", "v", "--amount-usd", "51", "--reason", "r", "--id", "x12"}},
		{"--reason", []string{"lien", "release", "--account", "a", "--venue", "v", "--amount-usd", "1", "--id", "x14"}},
		{"reason", []string{"lien", "release", "--account", "a", "--venue", "v", "--amount-usd", "1", "--reason", " ", "--id", "x15"}},
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

// Goal: the CLI releases a lien only as the operator acting for the venue,
// with a reason it records (issue 15), and the account's stored book never
// releases one. Method: grant two liens; store books without the venues'
// positions (the liens stay, a withdrawal below them is refused); release
// as the admin and --by-venue; lien history lists who released and why.
func TestLienReleaseIsAudited(t *testing.T) {
	mkt := writeFile(t, t.TempDir(), "market.json", fixture(t, "market.json"))
	dir := t.TempDir()
	book := writeFile(t, dir, "book.json", collateralBook)
	closed := writeFile(t, dir, "closed.json", `{"account": "fund-a", "venues": [
 {"id": "dydx", "model": "dydx-v4", "chain": "dydx", "collateral": [], "positions": []}]}`)
	empty := writeFile(t, dir, "empty.json", `{"account": "fund-a", "venues": []}`)
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
	u("market", "set", "--market", mkt)
	u("vault", "deposit", "--account", "fund-a", "--asset", "WETH", "--amount", "10", "--id", "d1")
	u("account", "set-portfolio", "--account", "fund-a", "--portfolio", book)
	u("lien", "grant", "--account", "fund-a", "--venue", "dydx", "--amount-usd", "10000", "--id", "l1")
	u("lien", "grant", "--account", "fund-a", "--venue", "aave", "--amount-usd", "10000", "--id", "l2")
	var st struct {
		LiensUSD string `json:"liens_usd"`
	}
	for _, b := range []string{closed, empty} {
		u("account", "set-portfolio", "--account", "fund-a", "--portfolio", b)
		decode(t, u("vault", "state", "--account", "fund-a", "--json"), &st)
		if st.LiensUSD != "20000" {
			t.Fatalf("after storing %s: liens %s USD, want 20000", b, st.LiensUSD)
		}
		// 6 WETH at 3000 would back 18000 USD of 20000 USD of liens.
		refused(t, "exceed the haircut collateral value", "vault", "withdraw", "--account", "fund-a", "--asset", "WETH",
			"--amount", "4", "--id", "w1", "--db", db)
	}

	var lc map[string]string
	decode(t, u("lien", "release", "--account", "fund-a", "--venue", "dydx", "--amount-usd", "1000",
		"--reason", "ticket 9: dydx closed the account", "--id", "r1", "--json"), &lc)
	if lc["by"] != "admin" || lc["reason"] != "ticket 9: dydx closed the account" || lc["lien_usd"] != "9000" {
		t.Fatalf("release: %v", lc)
	}
	decode(t, u("lien", "release", "--account", "fund-a", "--venue", "dydx", "--amount-usd", "500",
		"--by-venue", "--reason", "relayed from dydx", "--id", "r2", "--json"), &lc)
	if lc["by"] != "venue" || lc["lien_usd"] != "8500" {
		t.Fatalf("release by the venue: %v", lc)
	}
	var h []map[string]string
	decode(t, u("lien", "history", "--account", "fund-a", "--venue", "dydx", "--json"), &h)
	var got []string
	for _, e := range h {
		got = append(got, e["request"]+" "+e["kind"]+" "+e["amount_usd"]+" "+e["by"]+" "+e["reason"])
	}
	want := "l1 lien-grant 10000 account |r1 lien-release-admin 1000 admin ticket 9: dydx closed the account|" +
		"r2 lien-release-venue 500 venue relayed from dydx"
	if strings.Join(got, "|") != want {
		t.Fatalf("history %q\nwant %q", strings.Join(got, "|"), want)
	}
	if text := u("lien", "history", "--account", "fund-a", "--venue", "dydx"); !strings.Contains(text, "ticket 9: dydx closed the account") {
		t.Fatalf("history table:\n%s", text)
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

// kill -9 inside deposits and withdrawals leaves every invariant intact,
// and retrying every request id afterwards gives exactly the state of a run
// without kills (the operations are all-or-nothing and idempotent). A kill
// from outside at a random moment almost always lands before the command
// opens the store, so most kills here are exact: UNIMARGIN_TEST_CRASH makes
// the command SIGKILL itself with every write of its transaction done but
// not committed (which must leave no trace), or just after the commit
// (which must be a replay when retried); a third of the kills stay at
// random moments.
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
	assets := func() string {
		var st struct {
			Balances map[string]struct{ Assets string } `json:"balances"`
		}
		decode(t, mustSucceed(t, "vault", "state", "--account", "k", "--json", "--db", db), &st)
		return st.Balances["WETH"].Assets
	}
	const n = 30
	for i := range n {
		before := assets()
		point := [...]string{"before-commit", "after-commit", ""}[i%3]
		cmd := exec.Command(binary, ops(i)...)
		cmd.Env = append(os.Environ(), "UNIMARGIN_TEST_CRASH="+point)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if point == "" {
			time.Sleep(time.Duration(i%10) * 2 * time.Millisecond)
			_ = cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
		}
		err := cmd.Wait()
		var exit *exec.ExitError
		if point != "" && !(errors.As(err, &exit) && exit.ProcessState.String() == "signal: killed") {
			t.Fatalf("op %d: crash point %s was not reached: %v", i, point, err)
		}
		mustSucceed(t, "ledger", "verify", "--db", db)
		switch after := assets(); point {
		case "before-commit":
			if after != before {
				t.Fatalf("op %d killed before its commit changed the balance: %s -> %s", i, before, after)
			}
		case "after-commit":
			if after == before {
				t.Fatalf("op %d killed after its commit left the balance at %s", i, before)
			}
		}
	}
	for i := range n {
		mustSucceed(t, ops(i)...)
	}
	// 100 + 20 deposits of 1 − 10 withdrawals of 0.25 = 117.5 WETH (one base
	// unit less when withdrawals burn shares rounded up in the vault's favour).
	if got := assets(); got != "117.5" && got != "117.499999999999999999" {
		t.Fatalf("after kills and retries: %s WETH", got)
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

// Deposits and mints through the CLI (the operator) are held to the caps:
// the defaults before any caps are set (with no market stored, so in
// units), then a stored caps.json at the stored market's prices. Each
// refusal is exit 1 with one line and changes nothing.
func TestCollateralDepositCaps(t *testing.T) {
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
			// the deposit (a write) makes the store; caps show reads it
			refused(t, "above the deposit cap", "vault", "deposit", "--account", "a", "--asset", "WETH",
				"--amount", "340000000000000", "--id", "x0", "--db", db)
			var shown map[string]any
			decode(t, u("vault", "caps", "show", "--json"), &shown)
			if shown["vault_usd"] != "1000000000" || !strings.Contains(u("vault", "caps", "show"), "defaults") {
				t.Fatalf("caps before any are set: %v", shown)
			}
			u("market", "set", "--market", writeFile(t, t.TempDir(), "market.json", fixture(t, "market.json")))
			caps := writeFile(t, t.TempDir(), "caps.json", `{"vault_usd": "1000000000", "account_usd": "1000000000",
			  "unpriced": {"vault": "1000", "account": "100"}, "assets": {"WETH": {"vault": "100", "account": "60"}}}`)
			u("vault", "caps", "set", "--file", caps)
			if !strings.Contains(u("vault", "caps", "show"), "stored") {
				t.Fatal("caps show does not say the caps are stored")
			}
			u("vault", "deposit", "--account", "a", "--asset", "WETH", "--amount", "60", "--id", "d1")
			u("vault", "deposit", "--account", "b", "--asset", "WETH", "--amount", "30", "--id", "d2")
			before := u("vault", "state", "--account", "a", "--json") + u("vault", "state", "--account", "b", "--json") +
				u("ledger", "verify", "--json")
			for _, c := range []struct {
				want string
				args []string
			}{
				{"account a would hold", []string{"vault", "deposit", "--account", "a", "--asset", "WETH", "--amount", "0.000000000000000001", "--id", "x1"}},
				{"the WETH vault would hold", []string{"vault", "deposit", "--account", "b", "--asset", "WETH", "--amount", "10.000000000000000001", "--id", "x2"}},
				{"the WETH vault would hold", []string{"vault", "mint", "--account", "b", "--asset", "WETH", "--shares", "11", "--id", "x3"}},
				{"the WETH vault would hold", []string{"vault", "accrue", "--asset", "WETH", "--amount", "11", "--id", "x4"}},
				{"not priced by the stored market", []string{"vault", "deposit", "--account", "a", "--asset", "DAI", "--amount", "1", "--id", "x5"}},
				{"vault_usd", []string{"vault", "caps", "set", "--file", writeFile(t, t.TempDir(), "bad.json", `{"vault_usd": "x"}`)}},
			} {
				refused(t, c.want, append(c.args, "--db", db)...)
			}
			after := u("vault", "state", "--account", "a", "--json") + u("vault", "state", "--account", "b", "--json") +
				u("ledger", "verify", "--json")
			if after != before {
				t.Fatalf("refusals changed the store:\n%s\nwas\n%s", after, before)
			}
			u("vault", "deposit", "--account", "b", "--asset", "WETH", "--amount", "10", "--id", "d3") // exactly at the cap
		})
	}
}
