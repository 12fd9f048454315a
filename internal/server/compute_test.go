package server

import (
	"context"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/vault"
)

// Goal: one token cannot occupy the server's CPU with many costly analyses
// at once. Each of POST /v1/margin, /v1/var, /v1/scenarios/run, /v1/stress/reverse,
// /v1/whatif and /v1/liquidations/preview can run for the whole request
// timeout on a large book, and the per-token rate limit (200/s, burst 400)
// let one account start hundreds of them together: 16 VaR requests of a
// 700-venue book each took the full 30 s, all 16 answered 503, and every
// other account's requests slowed tenfold meanwhile. Method: hold the
// token's only analysis slot (MaxComputePerToken 1) as an analysis in
// flight would; each analysis route is then 429 with Retry-After, before
// any work, while another token and the same token's cheap routes still
// answer; once the slot is free the token's analysis runs.
func TestAnalysesInFlightAreCappedPerToken(t *testing.T) {
	h := newHarness(t, Config{MaxComputePerToken: 1}, "alice", "bob")
	alice := h.tokens["alice"]
	release := h.srv.holdComputeSlot(t, access.Hash(alice))
	for _, path := range []string{"/v1/margin", "/v1/var", "/v1/scenarios/run", "/v1/stress/reverse", "/v1/whatif", "/v1/liquidations/preview"} {
		r := h.do("POST", path, alice, demoBookBody())
		r.problem(t, 429, CodeRateLimited)
		if r.header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", path)
		}
	}
	h.do("GET", "/v1/accounts/alice/explain?from=1", alice, nil).problem(t, 429, CodeRateLimited)
	// The stored book's report, hedges and liquidation preview are the
	// analyses POST /v1/margin, POST /v1/liquidations/preview and `hedge`
	// run on a posted book; they took no slot, so an account that stored a
	// 2,000-option book ran them by the dozen at ~3 s of CPU each.
	for _, path := range []string{"/report", "/hedges", "/liquidation"} {
		r := h.do("GET", "/v1/accounts/alice"+path, alice, nil)
		r.problem(t, 429, CodeRateLimited)
		if r.header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", path)
		}
	}
	// The account's state and the store of its book margin the stored (or
	// posted) book too: a 2,000-option Deribit PM book cost ~3 s of CPU per
	// GET and ~9 s per PUT, and neither took a slot.
	r := h.do("GET", "/v1/accounts/alice", alice, nil)
	r.problem(t, 429, CodeRateLimited)
	if r.header.Get("Retry-After") == "" {
		t.Errorf("GET /v1/accounts/alice: 429 without Retry-After")
	}
	before := storedBook(t, h, "alice")
	r = h.do("PUT", "/v1/accounts/alice/portfolio", alice, perpBook("alice"))
	r.problem(t, 429, CodeRateLimited)
	if r.header.Get("Retry-After") == "" {
		t.Errorf("PUT /v1/accounts/alice/portfolio: 429 without Retry-After")
	}
	if after := storedBook(t, h, "alice"); after != before {
		t.Fatalf("a refused PUT changed the stored book:\n%s\nwas\n%s", after, before)
	}
	h.do("POST", "/v1/scenarios/run", h.tokens["bob"], demoBookBody()).ok(t)
	h.do("GET", "/v1/accounts/bob", h.tokens["bob"], nil).ok(t)
	h.do("GET", "/v1/accounts/alice/limits", alice, nil).ok(t) // a cheap route
	release()
	h.do("PUT", "/v1/accounts/alice/portfolio", alice, perpBook("alice")).ok(t)
	if after := storedBook(t, h, "alice"); after == before {
		t.Fatal("the PUT once a slot was free stored nothing")
	}
	h.do("GET", "/v1/accounts/alice", alice, nil).ok(t)
	h.do("POST", "/v1/scenarios/run", alice, demoBookBody()).ok(t)
	h.do("POST", "/v1/margin", alice, demoBookBody()).ok(t)
	h.do("GET", "/v1/accounts/alice/report", alice, nil).ok(t)
}

// storedBook is the account's stored portfolio document.
func storedBook(t *testing.T, h *harness, account string) string {
	t.Helper()
	var doc []byte
	if err := h.db.View(context.Background(), func(tx vault.Tx) error {
		var err error
		doc, _, err = tx.Portfolio(account)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

// holdComputeSlot takes one of key's analysis slots, as an analysis in
// flight does, and returns its release.
func (s *Server) holdComputeSlot(t *testing.T, key string) func() {
	t.Helper()
	if !s.computing.acquire(key) {
		t.Fatal("no analysis slot free")
	}
	return func() { s.computing.release(key) }
}
