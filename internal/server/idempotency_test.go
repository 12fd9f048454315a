package server

import (
	"net/http"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
)

// Goal: an Idempotency-Key is the caller's, not the account's (issue 15).
// Method: callers who may make the same move on the same account or venue
// (admin and custodian depositing into alice; a venue and an admin acting
// for it releasing the venue's lien) use one key. Each caller's move runs
// once and replays only to that caller; another body under a caller's
// key is 409 idempotency_conflict. Before, the second caller's deposit
// came back as the first's replay (nothing credited) or as a conflict.
func TestIdempotencyKeysAreTheCallers(t *testing.T) {
	h := lienHarness(t) // alice: 20000 USDC, a lien of 15000 USD to dydx
	custodian := h.issue(access.CustodianSubject)
	dydx := h.venueToken("dydx")
	total := func() string {
		var vs []VaultInfo
		h.do(http.MethodGet, "/v1/vaults", h.admin, nil).decode(t, &vs)
		return vs[0].TotalAssets
	}
	replayed := func(r *response) bool { return r.header.Get("Idempotent-Replayed") == "true" }

	if r := h.deposit(h.admin, "alice", "k", "USDC", "100"); r.ok(t) != nil && replayed(r) {
		t.Fatal("the admin's first deposit is a replay")
	}
	if r := h.deposit(custodian, "alice", "k", "USDC", "100"); r.ok(t) != nil && replayed(r) {
		t.Fatalf("the custodian's deposit under the admin's key came back as the admin's replay: %s", r.body)
	}
	if got := total(); got != "20200" {
		t.Fatalf("vault total %s after two callers' deposits of 100, want 20200", got)
	}
	// Each caller's own retry replays; another body is refused.
	for _, tok := range []string{h.admin, custodian} {
		if r := h.deposit(tok, "alice", "k", "USDC", "100"); r.ok(t) != nil && !replayed(r) {
			t.Fatalf("a retry is not a replay: %s", r.body)
		}
		h.deposit(tok, "alice", "k", "USDC", "1").problem(t, http.StatusConflict, CodeIdempotencyClash)
	}
	if r := h.deposit(custodian, "alice", "k2", "USDC", "50"); r.ok(t) != nil && replayed(r) {
		t.Fatal("a fresh key replays")
	}
	if r := h.deposit(h.admin, "alice", "k2", "USDC", "60"); r.status != http.StatusOK {
		t.Fatalf("the admin's deposit of another amount under the custodian's key: %d %s", r.status, r.body)
	}
	if got := total(); got != "20310" {
		t.Fatalf("vault total %s, want 20310", got)
	}

	// The venue and an admin acting for it share the venue's route.
	release := func(tok, amount string) *response {
		return h.do(http.MethodPost, "/v1/venues/dydx/lien-releases", tok,
			map[string]string{"account": "alice", "amount_usd": amount, "reason": "test"}, "Idempotency-Key", "r")
	}
	if r := release(dydx, "1000"); r.ok(t) != nil && replayed(r) {
		t.Fatal("the venue's first release is a replay")
	}
	r := release(h.admin, "1000")
	if r.status != http.StatusOK || replayed(r) {
		t.Fatalf("the admin's release under the venue's key: %d replayed=%v %s", r.status, replayed(r), r.body)
	}
	if liens, _ := h.liensOf(); liens["dydx"] != "13000" {
		t.Fatalf("dydx's lien %s after two releases of 1000, want 13000", liens["dydx"])
	}
	release(dydx, "1").problem(t, http.StatusConflict, CodeIdempotencyClash)
}
