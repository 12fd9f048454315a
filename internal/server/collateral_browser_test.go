// The governance and settlement panels in a real browser (as
// browser_test.go): proposals with their impact preview, and collateral by
// chain including in flight, as the API reports them, without a script
// error.
package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/unimargin/unimargin/internal/settle"
)

func TestDashboardGovernanceAndSettlementPanels(t *testing.T) {
	now := time.Now().UTC()
	clockAt(t, &now)
	ctx := browser(t)
	h := newHarness(t, Config{}, "fund-a", "fund-b")
	errs := watchScriptErrors(ctx)
	for _, name := range []string{"governance.js", "settlement.js"} {
		if r := h.do(http.MethodGet, "/assets/"+name, "", nil); r.status != http.StatusOK || strings.Contains(string(r.body), "://") {
			t.Fatalf("GET /assets/%s: %d", name, r.status)
		}
	}

	// settlement: 4 WETH posted on Arbitrum, 2 in flight to Arbitrum
	if r := h.do("PUT", "/v1/risk-params", h.admin, []byte(`{"bridges": {"arbitrum-canonical": {"haircut": 0.01}}}`)); r.status != http.StatusOK {
		t.Fatalf("risk params: %d %s", r.status, r.body)
	}
	if r := h.do("POST", "/v1/accounts/fund-a/deposits", h.admin, map[string]string{"asset": "WETH", "amount": "10"},
		"Idempotency-Key", "d1"); r.status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.status, r.body)
	}
	for _, m := range []struct{ id, shares string }{{"m1", "4"}, {"m2", "2"}} {
		body := map[string]string{"id": m.id, "asset": "WETH", "shares": m.shares, "from": "ethereum", "to": "arbitrum",
			"bridge": "arbitrum-canonical", "source_tx": "0x" + m.id}
		if r := h.do("POST", "/v1/settlement/accounts/fund-a/moves", h.tokens["fund-a"], body); r.status != http.StatusCreated {
			t.Fatalf("move: %d %s", r.status, r.body)
		}
	}
	now = now.Add(20 * time.Minute)
	for _, r := range []string{"watcher-1", "watcher-2"} {
		msg := settle.RelayMessage{ID: "r-" + r, Relayer: r, Move: "m1", Event: settle.EventFinalized, SourceTx: "0xm1",
			Shares: "4", ExpiresAt: now.Add(5 * time.Minute).Format(time.RFC3339)}
		if res := h.do("POST", "/v1/settlement/relay", h.admin, msg); res.status != http.StatusOK {
			t.Fatalf("relay: %d %s", res.status, res.body)
		}
	}
	var acct settle.AccountStatus
	h.do("GET", "/v1/settlement/accounts/fund-a", h.tokens["fund-a"], nil).decode(t, &acct)

	// governance: a proposal with its preview
	key := seededKey(1)
	rules := fmt.Sprintf(`{"decision": {"mode": "signers", "threshold": 1}, "members": [{"name": "risk", "public_key": %q}]}`, pubOf(key))
	if r := h.do("POST", "/v1/governance/setup", h.admin, []byte(rules)); r.status != http.StatusCreated {
		t.Fatalf("setup: %d %s", r.status, r.body)
	}
	if r := h.do("POST", "/v1/governance/proposals", h.admin, []byte(`{"proposer": "risk", "rationale": "a wider BTC range",
 "changes": [{"path": "risk_params.ranges_by_symbol.BTC", "value": 0.2}], "transition": {"kind": "key"}}`)); r.status != http.StatusCreated {
		t.Fatalf("propose: %d %s", r.status, r.body)
	}
	if r := h.do("POST", "/v1/governance/proposals/p1/preview", h.admin, nil); r.status != http.StatusOK {
		t.Fatalf("preview: %d %s", r.status, r.body)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token="+h.admin+"&account=fund-a")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "governance and settlement panels", 20*time.Second, map[string]string{
		"proposal.p1.state":      "voting",
		"settle.chain.arbitrum":  usdText(acct.ByChain["arbitrum"]),
		"settle.chain.in-flight": usdText(acct.ByChain["in-flight"]),
		"settle.chain.ethereum":  usdText(acct.ByChain["ethereum"]),
		"settle.move.m1.status":  "posted",
		"settle.move.m2.status":  "pending",
		"settle.bridge.cctp":     "open",
	})
	preview := fields(t, ctx)["preview.p1"]
	if !strings.Contains(preview, "2 accounts") || !strings.Contains(preview, "cascade shock:WETH:-0.3") {
		t.Fatalf("the preview shown: %q", preview)
	}
	screenshot(t, ctx, "dashboard-governance-settlement.png")
	errs.check(t)
}
