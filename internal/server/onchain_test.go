package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/access"
)

// freshMarketJSON is a market stamped now (without oracle times), so that
// attestations of it are fresh on the simulated chain, whose clock is the
// wall clock.
func freshMarketJSON() []byte {
	return []byte(`{"as_of": "` + time.Now().UTC().Add(-5*time.Second).Truncate(time.Second).Format(time.RFC3339) + `", "rates": {"USD": 0.04}, "assets": {` +
		`"BTC": {"price": "90000", "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1}, ` +
		`"WBTC": {"price": "89950", "backed_by": {"BTC": "1"}, "depth_usd": "25000000", "spread_bps": 5}, ` +
		`"WETH": {"price": "2000", "vol": 0.7, "depth_usd": "80000000", "spread_bps": 2}, ` +
		`"USDC": {"price": "1", "depth_usd": "500000000"}}}`)
}

// chainHarness is alice (a BTC perp on dYdX, 20000 USDC and 3 WETH in the
// vault, a lien of 15000 USD to dydx) and bob (1000 USDC, 3 WETH of which 1
// is moving to Arbitrum) on a fresh market.
func chainHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, Config{})
	h.setMarket(t, freshMarketJSON())
	for _, id := range []string{"alice", "bob"} {
		h.do(http.MethodPut, "/v1/accounts/"+id+"/portfolio", h.admin, perpBook(id)).ok(t)
		h.tokens[id] = h.issue(access.AccountSubject(id))
	}
	h.deposit(h.admin, "alice", "d1", "USDC", "20000").ok(t)
	h.deposit(h.admin, "alice", "d2", "WETH", "3").ok(t)
	h.deposit(h.admin, "bob", "d1", "USDC", "1000").ok(t)
	h.do(http.MethodPost, "/v1/accounts/alice/liens", h.admin, map[string]string{"venue": "dydx", "amount_usd": "15000"},
		"Idempotency-Key", "l1").ok(t)
	// 1 of bob's 3 WETH shares on its way to Arbitrum: held by the
	// settlement, not by bob, yet in the vault's totals.
	h.deposit(h.admin, "bob", "d2", "WETH", "3").ok(t)
	if r := h.do(http.MethodPut, "/v1/risk-params", h.admin, []byte(`{"bridges": {"arbitrum-canonical": {"haircut": 0.01}}}`)); r.status != http.StatusOK {
		t.Fatalf("risk params: %d %s", r.status, r.body)
	}
	if r := h.do(http.MethodPost, "/v1/settlement/accounts/bob/moves", h.tokens["bob"], map[string]string{"id": "m1", "asset": "WETH", "shares": "1",
		"from": "ethereum", "to": "arbitrum", "bridge": "arbitrum-canonical", "source_tx": "0xm1"}); r.status != http.StatusCreated {
		t.Fatalf("move: %d %s", r.status, r.body)
	}
	return h
}

func (h *harness) chainBalances(token string) ChainBalances {
	h.t.Helper()
	var out ChainBalances
	h.do(http.MethodGet, "/v1/chain/balances", token, nil).decode(h.t, &out)
	return out
}

// Goal: the dashboard's API shows each account's ledger and on-chain vault
// balances and liens side by side, with a mismatch flag (issue 18).
// Method: mirror alice's and bob's ledger onto a simulated chain; every
// balance and lien matches; then the ledger moves on (a deposit, a new
// asset's vault, a lien release) and exactly those rows are flagged. An
// account's token sees its own rows only, a venue's none.
func TestChainBalancesSideBySide(t *testing.T) {
	h := chainHarness(t)
	if got := h.chainBalances(h.admin); got.State != chainNone || len(got.Balances) != 0 {
		t.Fatalf("before a chain is attached: %+v", got)
	}
	h.srv.StartChainMirror(10 * time.Minute)
	select {
	case <-h.srv.chain.settled:
	case <-time.After(2 * time.Minute):
		t.Fatal("the mirror did not finish")
	}
	got := h.chainBalances(h.admin)
	if got.State != chainReady || got.Chain != "simulated" || got.Master == "" || len(got.Warnings) != 0 {
		t.Fatalf("after the mirror: %+v", got)
	}
	want := []ChainBalance{
		{Account: "alice", Asset: "USDC", LedgerShares: "20000", ChainShares: "20000", LedgerAssets: "20000", ChainAssets: "20000", Match: true},
		{Account: "alice", Asset: "WETH", LedgerShares: "3", ChainShares: "3", LedgerAssets: "3", ChainAssets: "3", Match: true},
		{Account: "bob", Asset: "USDC", LedgerShares: "1000", ChainShares: "1000", LedgerAssets: "1000", ChainAssets: "1000", Match: true},
		// The shares in flight are not bob's, but the vault's totals hold
		// them: his 2 claim 2 WETH on both sides (the mirror once donated
		// the in-flight WETH to the vault: 2 shares claimed 3 WETH on-chain).
		{Account: "bob", Asset: "WETH", LedgerShares: "2", ChainShares: "2", LedgerAssets: "2", ChainAssets: "2", Match: true},
	}
	checkBalances(t, "mirrored", got.Balances, want)
	if len(got.Liens) != 1 || got.Liens[0] != (ChainLien{Account: "alice", Venue: "dydx", LedgerUSD: "15000", ChainUSD: "15000", Match: true}) || got.Mismatches != 0 {
		t.Fatalf("mirrored liens %+v, mismatches %d", got.Liens, got.Mismatches)
	}

	// The ledger moves on; the chain does not.
	h.deposit(h.admin, "alice", "d3", "USDC", "100").ok(t)
	h.deposit(h.admin, "bob", "d3", "WBTC", "1").ok(t) // a vault the chain does not have
	h.do(http.MethodPost, "/v1/venues/dydx/lien-releases", h.venueToken("dydx"), map[string]string{"account": "alice", "amount_usd": "5000"},
		"Idempotency-Key", "r1").ok(t)
	got = h.chainBalances(h.admin)
	want[0] = ChainBalance{Account: "alice", Asset: "USDC", LedgerShares: "20100", ChainShares: "20000", LedgerAssets: "20100", ChainAssets: "20000"}
	want = append(want[:3], ChainBalance{Account: "bob", Asset: "WBTC", LedgerShares: "1", ChainShares: "0", LedgerAssets: "1", ChainAssets: "0"}, want[3])
	checkBalances(t, "after the ledger moved", got.Balances, want)
	if len(got.Liens) != 1 || got.Liens[0] != (ChainLien{Account: "alice", Venue: "dydx", LedgerUSD: "10000", ChainUSD: "15000"}) || got.Mismatches != 3 {
		t.Fatalf("liens %+v, mismatches %d, want the lien and two balances flagged", got.Liens, got.Mismatches)
	}

	// Each token sees what it may read.
	if mine := h.chainBalances(h.tokens["bob"]); len(mine.Balances) != 3 || mine.Balances[0].Account != "bob" || len(mine.Liens) != 0 || mine.Mismatches != 1 {
		t.Fatalf("bob's view: %+v", mine)
	}
	if v := h.chainBalances(h.venueToken("dydx")); len(v.Balances)+len(v.Liens)+len(v.Warnings) != 0 || v.State != chainReady {
		t.Fatalf("a venue's view: %+v", v)
	}
}

// checkBalances compares rows, ignoring the addresses (checked non-empty).
func checkBalances(t *testing.T, what string, got, want []ChainBalance) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows %+v, want %d", what, len(got), got, len(want))
	}
	for i := range got {
		if got[i].Address == "" {
			t.Errorf("%s: row %d has no address", what, i)
		}
		got[i].Address = ""
		if got[i] != want[i] {
			t.Errorf("%s: row %d\n got  %+v\n want %+v", what, i, got[i], want[i])
		}
	}
}
