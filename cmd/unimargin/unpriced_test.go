// End-to-end tests through the binary of assets the stored market does not
// price: the attacker story (DAI dust deposited before the market
// lists DAI counts 0 and blocks nothing), `remargin` listing an account
// whose book the market cannot value as failed and liquidatable, and
// `market set` refusing a market that drops a held asset or carries NaN or
// infinite figures.
package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnpricedDustStory(t *testing.T) {
	mktText := fixture(t, "market.json")
	dir := t.TempDir()
	mkt := writeFile(t, dir, "market.json", mktText)
	fell := writeFile(t, dir, "fell.json", replaceOnce(t, mktText, `"price": "3000"`, `"price": "1200"`))
	book := writeFile(t, dir, "book.json", collateralBook)
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
			u("vault", "deposit", "--account", "fund-a", "--asset", "DAI", "--amount", "0.000000000000000001", "--id", "d0")
			u("market", "set", "--market", mkt) // DAI was never priced: nothing is dropped
			u("vault", "deposit", "--account", "fund-a", "--asset", "WETH", "--amount", "10", "--id", "d1")
			u("account", "set-portfolio", "--account", "fund-a", "--portfolio", book)
			u("lien", "grant", "--account", "fund-a", "--venue", "dydx", "--amount-usd", "10000", "--id", "l1")
			var st struct {
				Balances map[string]map[string]string `json:"balances"`
				Value    float64                      `json:"collateral_value"`
				Warnings []string                     `json:"warnings"`
			}
			state := u("vault", "state", "--account", "fund-a", "--json")
			decode(t, state, &st)
			if st.Value != 30000 || st.Balances["DAI"]["assets"] != "0.000000000000000001" ||
				!strings.Contains(strings.Join(st.Warnings, "\n"), "DAI is not priced") {
				t.Fatalf("state: %s", state)
			}
			u("vault", "withdraw", "--account", "fund-a", "--asset", "WETH", "--amount", "1", "--id", "w1")
			refused(t, "not liquidatable", "lien", "draw", "--account", "fund-a", "--venue", "dydx", "--asset", "WETH",
				"--amount-usd", "1000", "--id", "x1", "--db", db)
			u("market", "set", "--market", fell)
			var d map[string]string
			decode(t, u("lien", "draw", "--account", "fund-a", "--venue", "dydx", "--asset", "WETH",
				"--amount-usd", "1200", "--id", "x2", "--json"), &d)
			if d["assets"] != "1" || d["status"] != "pending" {
				t.Fatalf("draw: %v", d)
			}
			u("ledger", "verify")
		})
	}
}

func TestMarketSetRefusesDroppedHeldAssetsAndNonFinite(t *testing.T) {
	mktText := fixture(t, "market.json")
	withDAI := replaceOnce(t, mktText, `"assets": {`, `"assets": {
    "DAI":    {"price": "1", "depth_usd": "100000000"},`)
	dir := t.TempDir()
	plain := writeFile(t, dir, "plain.json", mktText)
	listed := writeFile(t, dir, "listed.json", withDAI)
	db := "sqlite:" + dir + "/u.db"
	u := func(args ...string) string { return mustSucceed(t, append(args, "--db", db)...) }
	u("market", "set", "--market", listed)
	u("vault", "deposit", "--account", "fund-a", "--asset", "DAI", "--amount", "1", "--id", "d1")
	u("vault", "deposit", "--account", "fund-a", "--asset", "WETH", "--amount", "1", "--id", "d2")
	state := u("vault", "state", "--account", "fund-a", "--json")

	refused(t, "DAI (held by fund-a)", "market", "set", "--market", plain, "--db", db)
	for _, bad := range []struct{ from, to, want string }{
		{`"vol": 0.55`, `"vol": "NaN"`, "assets.BTC.vol"},
		{`"vol": 0.55`, `"vol": "Inf"`, "assets.BTC.vol"},
		{`"vol": 0.55`, `"vol": 1e999`, "assets.BTC.vol"},
		{`"price": "90000"`, `"price": "Infinity"`, "assets.BTC.price"},
		{`"price": "90000"`, `"price": "NaN"`, "assets.BTC.price"},
	} {
		f := writeFile(t, dir, "bad.json", replaceOnce(t, withDAI, bad.from, bad.to))
		refused(t, bad.want, "market", "set", "--market", f, "--db", db)
	}
	if got := u("vault", "state", "--account", "fund-a", "--json"); got != state {
		t.Fatalf("a refused market changed the account's figures:\n%s\nwas\n%s", got, state)
	}
	u("vault", "withdraw", "--account", "fund-a", "--asset", "DAI", "--amount", "1", "--id", "w1")
	u("market", "set", "--market", plain) // nobody holds DAI any more
}

// A SOL short stored before any market, under a market that never priced
// SOL: remargin reports the account failed and liquidatable, here and over
// JetStream alike.
func TestRemarginListsAnUncomputableAccountAsLiquidatable(t *testing.T) {
	dir := t.TempDir()
	db := "--db=sqlite:" + filepath.Join(dir, "s.db")
	short := strings.NewReplacer(`"BTC"`, `"SOL"`, `"quantity": "1"`, `"quantity": "-100"`).Replace(collateralBook)
	mustSucceed(t, "account", "set-portfolio", "--account", "short", "--portfolio", writeFile(t, dir, "short.json", short), db)
	mustSucceed(t, "market", "set", "--market", writeFile(t, dir, "market.json", fixture(t, "market.json")), db)
	local := mustSucceed(t, "remargin", db, "--json")
	var rep remarginReport
	if err := json.Unmarshal([]byte(local), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 1 || rep.Liquidatable != 1 || rep.LiquidatableAccounts[0] != "short" ||
		!strings.Contains(rep.Failed[0].Error, "SOL") {
		t.Fatalf("report %s", local)
	}
	if js := mustSucceed(t, "remargin", db, "--json", "--nats", "embedded", "--workers", "1"); js != local {
		t.Fatalf("embedded JetStream output differs from local:\n%s\n%s", js, local)
	}
	refused(t, "margin not computable", "vault", "state", "--account", "short", db)
}
