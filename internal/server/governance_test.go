// Goal: the governance story over HTTP on the SQLite store — set up,
// propose, refuse by bounds, preview, vote with signed messages, timelock,
// execute, every account re-margined under the new version — with each
// refusal a problem+json naming the field and changing nothing; a guardian
// pause refuses a withdrawal; the log verifies.
// Method: the package clock governNow is moved by hand.
package server

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/govern"
)

// clockAt sets the governance clock for the test.
func clockAt(t *testing.T, at *time.Time) {
	t.Helper()
	prev := governNow
	governNow = func() time.Time { return *at }
	t.Cleanup(func() { governNow = prev })
}

func seededKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	return ed25519.NewKeyFromSeed(s)
}

func pubOf(k ed25519.PrivateKey) string {
	return base64.StdEncoding.EncodeToString(k.Public().(ed25519.PublicKey))
}

func signedBody(t *testing.T, m govern.Message, k ed25519.PrivateKey) govern.Signed {
	t.Helper()
	s, err := govern.Sign(m, k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wantField checks a problem names location.
func wantField(t *testing.T, p *Problem, location string) {
	t.Helper()
	if len(p.Errors) == 0 || p.Errors[0].Location != location {
		t.Fatalf("problem %+v does not name %s", p, location)
	}
}

func TestGovernanceOverHTTP(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	clockAt(t, &now)
	h := newHarness(t, Config{}, "alice", "bob")
	alice, bob, carol, guard, mallory := seededKey(1), seededKey(2), seededKey(3), seededKey(4), seededKey(5)
	rules := fmt.Sprintf(`{"decision": {"mode": "signers", "threshold": 2},
 "members": [{"name": "risk", "public_key": %q}, {"name": "treasury", "public_key": %q}, {"name": "security", "public_key": %q}],
 "guardian": {"name": "guardian", "public_key": %q, "action_seconds": 172800},
 "timelock_seconds": 86400, "min_ramp_seconds": 3600}`, pubOf(alice), pubOf(bob), pubOf(carol), pubOf(guard))

	h.do("GET", "/v1/governance", h.admin, nil).problem(t, http.StatusConflict, CodeGovernanceNotSetUp)
	h.do("POST", "/v1/governance/setup", h.tokens["alice"], []byte(rules)).problem(t, http.StatusForbidden, CodeForbidden)
	r := h.do("POST", "/v1/governance/setup", h.admin, []byte(rules))
	if r.status != http.StatusCreated {
		t.Fatalf("setup: %d %s", r.status, r.body)
	}
	h.do("POST", "/v1/governance/setup", h.admin, []byte(rules)).problem(t, http.StatusConflict, CodeGovernanceSetUp)
	h.do("PUT", "/v1/risk-params", h.admin, []byte(`{"yield_rate": 0.06}`)).problem(t, http.StatusConflict, CodeGoverned)

	// bounds and unknown parameters are refused before anyone votes
	p := h.do("POST", "/v1/governance/proposals", h.admin, []byte(`{"proposer": "risk", "rationale": "r",
 "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.99}], "transition": {"kind": "key"}}`)).problem(t, 422, CodeOutOfBounds)
	wantField(t, p, "body.changes[0].value")
	p = h.do("POST", "/v1/governance/proposals", h.admin, []byte(`{"proposer": "risk", "rationale": "r",
 "changes": [{"path": "risk_params.maintenance_fractoin", "value": 0.8}]}`)).problem(t, 422, CodeUnknownParameter)
	wantField(t, p, "body.changes[0].path")
	var list struct{ Proposals []govern.Proposal }
	h.do("GET", "/v1/governance/proposals", h.tokens["bob"], nil).decode(t, &list)
	if len(list.Proposals) != 0 {
		t.Fatalf("a refused proposal was stored: %+v", list.Proposals)
	}

	r = h.do("POST", "/v1/governance/proposals", h.admin, []byte(`{"proposer": "risk", "rationale": "maintenance nearer initial",
 "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.85}], "transition": {"kind": "ramp", "seconds": 7200}}`))
	if r.status != http.StatusCreated {
		t.Fatalf("propose: %d %s", r.status, r.body)
	}
	var prop govern.Proposal
	r.decode(t, &prop)
	vote := func(signer string, k ed25519.PrivateKey, nonce string, at time.Time) govern.Signed {
		return signedBody(t, govern.Message{Kind: govern.KindVote, Signer: signer, Proposal: prop.ID,
			ProposalHash: prop.Hash, Choice: govern.ChoiceYes, Nonce: nonce, ExpiresAt: at.Add(time.Hour).Format(time.RFC3339)}, k)
	}
	votes := "/v1/governance/proposals/" + prop.ID + "/votes"
	h.do("POST", votes, h.admin, vote("risk", alice, "n1", now)).problem(t, http.StatusConflict, CodeNoPreview)
	r = h.do("POST", "/v1/governance/proposals/"+prop.ID+"/preview", h.admin, nil)
	if r.status != http.StatusOK {
		t.Fatalf("preview: %d %s", r.status, r.body)
	}
	r.decode(t, &prop)
	if prop.Preview == nil || prop.Preview.Accounts != 2 || prop.Preview.DeltaMaintenance <= 0 {
		t.Fatalf("preview %+v", prop.Preview)
	}

	p = h.do("POST", votes, h.tokens["alice"], vote("mallory", mallory, "n2", now)).problem(t, http.StatusForbidden, CodeNotASigner)
	wantField(t, p, "body.message.signer")
	p = h.do("POST", votes, h.admin, vote("risk", alice, "n3", now.Add(-2*time.Hour))).problem(t, 422, CodeMessageExpired)
	wantField(t, p, "body.message.expires_at")
	p = h.do("POST", votes, h.admin, vote("risk", mallory, "n4", now)).problem(t, http.StatusForbidden, CodeBadSignature)
	wantField(t, p, "body.signature")
	first := vote("risk", alice, "n5", now)
	if r := h.do("POST", votes, h.tokens["bob"], first); r.status != http.StatusOK {
		t.Fatalf("vote: %d %s", r.status, r.body)
	}
	p = h.do("POST", votes, h.tokens["bob"], first).problem(t, http.StatusConflict, CodeReplayed)
	wantField(t, p, "body.message.nonce")
	h.do("POST", votes, h.admin, vote("treasury", bob, "n6", now)).decode(t, &prop)
	if prop.State != govern.StateQueued {
		t.Fatalf("after two signatures: %s", prop.State)
	}

	exec := "/v1/governance/proposals/" + prop.ID + "/execute"
	h.do("POST", exec, h.admin, nil).problem(t, http.StatusConflict, CodeTimelocked)
	h.do("POST", exec, h.tokens["alice"], nil).problem(t, http.StatusForbidden, CodeForbidden)
	now = now.Add(25 * time.Hour)
	var v govern.Version
	r = h.do("POST", exec, h.admin, nil)
	r.decode(t, &v)
	if r.status != http.StatusOK || v.Number != 2 {
		t.Fatalf("execute: %d %s", r.status, r.body)
	}
	now = now.Add(3 * time.Hour) // past the two-hour ramp (and the cached configuration's life)
	var st struct {
		Params  struct{ Version int }
		Unified struct{ Initial, Maintenance float64 }
	}
	h.do("GET", "/v1/accounts/alice", h.tokens["alice"], nil).decode(t, &st)
	if st.Params.Version != 2 || st.Unified.Maintenance < 0.85*st.Unified.Initial-1e-6 {
		t.Fatalf("alice after the ramp: %+v", st)
	}
	// Bulk re-margin results name the version too (issue 16: every margin
	// result names the version it used): the admin list, by account.
	var accounts AccountList
	h.do("GET", "/v1/accounts", h.admin, nil).decode(t, &accounts)
	for _, a := range accounts.Accounts {
		if a.Status == StatusOK && (a.Params == nil || a.Params.Version != 2 || a.Params.Hash == "") {
			t.Fatalf("account %s listed without its parameter version: %+v", a.ID, a)
		}
	}
	if len(accounts.Accounts) == 0 {
		t.Fatal("no account listed")
	}
	var gs govern.StatusReport
	h.do("GET", "/v1/governance", h.tokens["bob"], nil).decode(t, &gs)
	if gs.Version != 2 || len(gs.Ramps) != 0 {
		t.Fatalf("status %+v", gs)
	}

	// the guardian pauses new risk: a withdrawal of an account with a book is refused
	if r := h.do("POST", "/v1/accounts/alice/deposits", h.admin, map[string]string{"asset": "USDC", "amount": "1000000"},
		"Idempotency-Key", "d1"); r.status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.status, r.body)
	}
	pause := signedBody(t, govern.Message{Kind: govern.KindGuardian, Signer: "guardian", Action: govern.ActionPause,
		BaseHash: gs.Hash, Nonce: "g1", ExpiresAt: now.Add(time.Hour).Format(time.RFC3339)}, guard)
	if r := h.do("POST", "/v1/governance/guardian", h.tokens["alice"], pause); r.status != http.StatusOK {
		t.Fatalf("guardian pause: %d %s", r.status, r.body)
	}
	h.do("POST", "/v1/accounts/alice/withdrawals", h.admin, map[string]string{"asset": "USDC", "amount": "1"},
		"Idempotency-Key", "w1").problem(t, http.StatusConflict, CodePaused)

	var lg GovernanceLog
	r = h.do("GET", "/v1/governance/log?verify=true", h.tokens["bob"], nil)
	r.decode(t, &lg)
	if r.status != http.StatusOK || lg.Verified == nil || lg.Verified.Versions != 3 || len(lg.Entries) != lg.Verified.Entries {
		t.Fatalf("log: %d %s", r.status, r.body)
	}
}
