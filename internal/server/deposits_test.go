// Goal: deposits are credited by authority and within caps (issue 15).
// Method: a real server on SQLite; who may deposit where (admin, custodian,
// an account token with and without self-deposit, a venue token), then
// deposits over the caps, the absurd one under the defaults and an unpriced
// asset, each refused with its code and field while the store (vault
// state, vaults, ledger invariants) stays exactly as it was.
package server

import (
	"context"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/vault"
)

// issue returns a new token for sub on the harness's store.
func (h *harness) issue(sub access.Subject) string {
	h.t.Helper()
	tok, err := IssueToken(context.Background(), h.db, sub, "test "+sub.String())
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// storeState is everything a refused deposit must leave as it was: the
// accounts' vault states, the vaults, and the ledger's invariants.
func (h *harness) storeState(accounts ...string) string {
	h.t.Helper()
	var b strings.Builder
	for _, id := range accounts {
		b.Write(h.do("GET", "/v1/accounts/"+id, h.admin, nil).ok(h.t))
	}
	b.Write(h.do("GET", "/v1/vaults", h.admin, nil).ok(h.t))
	h.view(func(tx vault.Tx) error {
		if err := vault.Verify(tx); err != nil {
			h.t.Fatalf("ledger verify: %v", err)
		}
		return nil
	})
	return b.String()
}

func TestDepositAuthority(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	custodian := h.issue(access.CustodianSubject)
	venue := h.issue(access.VenueSubject("dydx"))
	before := h.storeState("alice", "bob")
	for _, c := range []struct {
		name, token, account, detail string
	}{
		{"own account without self-deposit", h.tokens["alice"], "alice", "--allow-self-deposit"},
		{"another account", h.tokens["alice"], "bob", "only an admin or custodian"},
		{"a venue", venue, "alice", "only an admin or custodian"},
	} {
		p := h.deposit(c.token, c.account, "k-"+c.name, "USDC", "100").problem(t, 403, CodeForbidden)
		if !strings.Contains(p.Detail, c.detail) {
			t.Errorf("%s: detail %q, want it to mention %q", c.name, p.Detail, c.detail)
		}
	}
	if after := h.storeState("alice", "bob"); after != before {
		t.Fatalf("a refused deposit changed the store:\n%s\nwas\n%s", after, before)
	}
	// The custodian credits any account; so does the admin.
	h.deposit(custodian, "alice", "c1", "USDC", "100").ok(t)
	h.deposit(custodian, "bob", "c1", "USDC", "50").ok(t)
	h.deposit(h.admin, "carol", "a1", "USDC", "25").ok(t) // opens carol
	var vs []VaultInfo
	h.do("GET", "/v1/vaults", h.admin, nil).decode(t, &vs)
	if len(vs) != 1 || vs[0].TotalAssets != "175" {
		t.Fatalf("vaults after three credited deposits: %+v", vs)
	}
	// The custodian credits; it does not read accounts or move money out.
	h.do("GET", "/v1/accounts/alice", custodian, nil).problem(t, 403, CodeForbidden)
	h.do("POST", "/v1/accounts/alice/withdrawals", custodian, map[string]string{"asset": "USDC", "amount": "1"},
		"Idempotency-Key", "w").problem(t, 403, CodeForbidden)
}

func TestSelfDeposit(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice", "bob")
	h.deposit(h.tokens["alice"], "alice", "k1", "USDC", "100").ok(t)
	before := h.storeState("alice", "bob")
	p := h.deposit(h.tokens["alice"], "bob", "k2", "USDC", "100").problem(t, 403, CodeForbidden)
	if !strings.Contains(p.Detail, "only deposit into account alice") {
		t.Fatalf("detail %q", p.Detail)
	}
	if after := h.storeState("alice", "bob"); after != before {
		t.Fatalf("a refused deposit changed the store:\n%s\nwas\n%s", after, before)
	}
	// Self-deposit is within the caps like any other.
	h.deposit(h.tokens["alice"], "alice", "k3", "WETH", "340000000000000").problem(t, 409, CodeCapExceeded)
}

func TestDepositCaps(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	custodian := h.issue(access.CustodianSubject)
	// The defaults until an admin sets caps.
	r := h.do("GET", "/v1/deposit-caps", h.tokens["alice"], nil)
	if r.header.Get("Caps-Source") != "defaults" || compactJSON(t, r.ok(t)) != compactJSON(t, vault.DefaultCapsJSON()) {
		t.Fatalf("caps before any are set: %s %s", r.header.Get("Caps-Source"), r.body)
	}
	caps := []byte(`{"vault_usd": "1000000000", "account_usd": "1000000000",
	  "unpriced": {"vault": "1000", "account": "100"},
	  "assets": {"WETH": {"vault": "100", "account": "60"}}}`)
	h.do("PUT", "/v1/deposit-caps", h.tokens["alice"], caps).problem(t, 403, CodeForbidden)
	p := h.do("PUT", "/v1/deposit-caps", h.admin, []byte(`{"vault_usd": "-1"}`)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.vault_usd" {
		t.Fatalf("bad caps: %+v", p.Errors)
	}
	h.do("PUT", "/v1/deposit-caps", h.admin, caps).ok(t)
	r = h.do("GET", "/v1/deposit-caps", h.tokens["alice"], nil)
	if r.header.Get("Caps-Source") != "stored" || compactJSON(t, r.ok(t)) != compactJSON(t, caps) {
		t.Fatalf("stored caps: %s %s", r.header.Get("Caps-Source"), r.body)
	}

	h.deposit(custodian, "alice", "a1", "WETH", "60").ok(t)
	h.deposit(custodian, "bob", "b1", "WETH", "30").ok(t)
	before := h.storeState("alice", "bob")
	for _, c := range []struct {
		account, amount, detail string
	}{
		{"alice", "0.000000000000000001", "account alice would hold 60.000000000000000001 WETH"},
		{"bob", "10.000000000000000001", "the WETH vault would hold 100.000000000000000001 WETH, above its cap of 100 WETH"},
		{"carol", "340000000000000", "above its cap of 100 WETH"},
	} {
		p := h.deposit(custodian, c.account, "over-"+c.account, "WETH", c.amount).problem(t, 409, CodeCapExceeded)
		if !strings.Contains(p.Detail, c.detail) || len(p.Errors) != 1 || p.Errors[0].Location != "body.amount" || p.Errors[0].Value != c.amount {
			t.Errorf("%s %s: %s %+v", c.account, c.amount, p.Detail, p.Errors)
		}
	}
	if after := h.storeState("alice", "bob"); after != before {
		t.Fatalf("a refused deposit changed the store:\n%s\nwas\n%s", after, before)
	}
	h.deposit(custodian, "bob", "b2", "WETH", "10").ok(t) // exactly at the vault's cap
	h.do("GET", "/v1/accounts/carol", h.admin, nil).problem(t, 404, CodeUnknownAccount)
}

// With no caps document stored, the defaults refuse 3.4e14 WETH (the
// attack of issue 15) at the stored market's price, and admit ordinary
// deposits.
func TestDefaultCapsRefuseAbsurdDeposits(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	before := h.storeState("alice")
	p := h.deposit(h.admin, "alice", "x", "WETH", "340000000000000").problem(t, 409, CodeCapExceeded)
	if !strings.Contains(p.Detail, "vault_usd 1000000000 at 1816.85499606 USD") {
		t.Fatalf("detail %q", p.Detail)
	}
	if after := h.storeState("alice"); after != before {
		t.Fatalf("a refused deposit changed the store:\n%s\nwas\n%s", after, before)
	}
	h.deposit(h.admin, "alice", "ok", "WETH", "5000").ok(t)
}

// A built-in asset the stored market does not price is refused at
// deposit: it could never be valued.
func TestUnpricedAssetDepositRefused(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	before := h.storeState("alice")
	for _, asset := range []string{"DAI", "USDT"} {
		p := h.deposit(h.admin, "alice", "u-"+asset, asset, "0.01").problem(t, 422, CodeUnpricedAsset)
		if len(p.Errors) != 1 || p.Errors[0].Location != "body.asset" || !strings.Contains(p.Detail, asset) {
			t.Fatalf("%s: %s %+v", asset, p.Detail, p.Errors)
		}
	}
	if after := h.storeState("alice"); after != before {
		t.Fatalf("a refused deposit changed the store:\n%s\nwas\n%s", after, before)
	}
}

// The demo stores its caps (above its seeded deposits, which SeedDemo made
// under them) and an admin can still credit demo accounts within them.
func TestDemoStoresItsCaps(t *testing.T) {
	h, _ := demoServer(t)
	r := h.do("GET", "/v1/deposit-caps", h.admin, nil)
	if r.header.Get("Caps-Source") != "stored" || compactJSON(t, r.ok(t)) != compactJSON(t, demo.CapsJSON) {
		t.Fatalf("demo caps: %s %s", r.header.Get("Caps-Source"), r.body)
	}
	h.deposit(h.admin, "treasury", "more", "WETH", "1000").ok(t)
	h.deposit(h.admin, "treasury", "absurd", "WETH", "340000000000000").problem(t, 409, CodeCapExceeded)
}
