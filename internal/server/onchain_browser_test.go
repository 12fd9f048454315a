// The ledger-and-chain panel in a real browser (as browser_test.go): each
// account's vault balances and liens in the ledger beside the simulated
// chain's, as GET /v1/chain/balances reports them, with the mismatch flag
// on exactly the rows where the ledger moved after the mirror, without a
// script error.
package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestDashboardLedgerAndChainPanel(t *testing.T) {
	ctx := browser(t)
	h := chainHarness(t)
	errs := watchScriptErrors(ctx)
	if r := h.do(http.MethodGet, "/assets/onchain.js", "", nil); r.status != http.StatusOK || strings.Contains(string(r.body), "://") {
		t.Fatalf("GET /assets/onchain.js: %d", r.status)
	}
	h.srv.StartChainMirror(10 * time.Minute)
	<-h.srv.chain.settled
	h.deposit(h.admin, "alice", "d3", "USDC", "100").ok(t) // the ledger moves on; the chain does not
	cb := h.chainBalances(h.admin)
	if cb.State != chainReady || cb.Mismatches != 1 {
		t.Fatalf("the API: %+v", cb)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token="+h.admin+"&account=alice")); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"chain.state":                      "simulated chain " + cb.ChainID,
		"chain.master":                     "master " + cb.Master,
		"chain.mismatches":                 "1 mismatched",
		"chain.lien.alice.dydx.ledger_usd": "15,000",
		"chain.lien.alice.dydx.chain_usd":  "15,000",
		"chain.lien.alice.dydx":            "match",
	}
	for _, b := range cb.Balances {
		k := "chain.bal." + b.Account + "." + b.Asset
		want[k] = map[bool]string{true: "match", false: "mismatch"}[b.Match]
		want[k+".ledger_shares"], want[k+".chain_shares"] = thousands(b.LedgerShares), thousands(b.ChainShares)
		want[k+".ledger_assets"], want[k+".chain_assets"] = thousands(b.LedgerAssets), thousands(b.ChainAssets)
	}
	if want["chain.bal.alice.USDC"] != "mismatch" || want["chain.bal.alice.USDC.ledger_assets"] != "20,100" || want["chain.bal.bob.USDC"] != "match" {
		t.Fatalf("the API's rows: %+v", cb.Balances)
	}
	waitFor(t, ctx, "ledger and chain panel", 20*time.Second, want)
	screenshot(t, ctx, "dashboard-ledger-chain.png")

	// An account's token sees its own rows only.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token="+h.tokens["bob"])); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "bob's ledger and chain panel", 20*time.Second, map[string]string{
		"chain.bal.bob.USDC": "match", "chain.mismatches": "all match",
	})
	if _, ok := fields(t, ctx)["chain.bal.alice.USDC"]; ok {
		t.Fatal("bob's page shows alice's balance")
	}
	errs.check(t)
}

// thousands is how the page writes a whole-units decimal string (dec in
// fmt.js): the integer part with thousands separators as usdText writes
// it (exact for the test's amounts, far below 2^53), the fraction as sent.
func thousands(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	n, err := strconv.ParseFloat(whole, 64)
	if err != nil {
		return s
	}
	if hasFrac {
		return usdText(n) + "." + frac
	}
	return usdText(n)
}
