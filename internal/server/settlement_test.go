// Goal: cross-chain settlement over HTTP on the SQLite store — a move of an
// account's vault shares, counted once in flight, posted on two relayers'
// attestations after finality; refusals as problem+json naming the field;
// who may do what.
package server

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/settle"
)

func TestSettlementOverHTTP(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clockAt(t, &now)
	h := newHarness(t, Config{}, "alice", "bob")
	if r := h.do("PUT", "/v1/risk-params", h.admin, []byte(`{"bridges": {"arbitrum-canonical": {"haircut": 0.01}}}`)); r.status != http.StatusOK {
		t.Fatalf("risk params: %d %s", r.status, r.body)
	}
	if r := h.do("POST", "/v1/accounts/alice/deposits", h.admin, map[string]string{"asset": "WETH", "amount": "10"},
		"Idempotency-Key", "d1"); r.status != http.StatusOK {
		t.Fatalf("deposit: %d %s", r.status, r.body)
	}
	move := map[string]string{"id": "m1", "asset": "WETH", "shares": "4", "from": "ethereum", "to": "arbitrum",
		"bridge": "arbitrum-canonical", "source_tx": "0xabc"}
	h.do("POST", "/v1/settlement/accounts/alice/moves", h.tokens["bob"], move).problem(t, http.StatusForbidden, CodeForbidden)
	over := map[string]string{}
	for k, v := range move {
		over[k] = v
	}
	over["shares"] = "40"
	p := h.do("POST", "/v1/settlement/accounts/alice/moves", h.tokens["alice"], over).problem(t, http.StatusConflict, CodeInsufficient)
	wantField(t, p, "body.shares")
	over["shares"], over["bridge"], over["to"] = "1", "wormhole", "solana"
	p = h.do("POST", "/v1/settlement/accounts/alice/moves", h.tokens["alice"], over).problem(t, 422, CodeUngovernedBridge)
	wantField(t, p, "body.bridge")
	r := h.do("POST", "/v1/settlement/accounts/alice/moves", h.tokens["alice"], move)
	if r.status != http.StatusCreated {
		t.Fatalf("move: %d %s", r.status, r.body)
	}
	var st struct {
		Balances map[string]struct{ Shares string }
		Located  []struct{ Chain, Shares string }
	}
	h.do("GET", "/v1/accounts/alice", h.tokens["alice"], nil).decode(t, &st)
	if st.Balances["WETH"].Shares != "6" || len(st.Located) != 1 || st.Located[0].Chain != "in-flight" {
		t.Fatalf("in flight: %+v", st)
	}

	now = now.Add(20 * time.Minute)
	msg := func(id, relayer string) settle.RelayMessage {
		return settle.RelayMessage{ID: id, Relayer: relayer, Move: "m1", Event: settle.EventFinalized, SourceTx: "0xabc",
			Shares: "4", ExpiresAt: now.Add(10 * time.Minute).Format(time.RFC3339)}
	}
	h.do("POST", "/v1/settlement/relay", h.tokens["alice"], msg("r1", "watcher-1")).problem(t, http.StatusForbidden, CodeForbidden)
	p = h.do("POST", "/v1/settlement/relay", h.admin, msg("r1", "mallory")).problem(t, http.StatusForbidden, CodeNotARelayer)
	wantField(t, p, "body.relayer")
	for _, m := range []settle.RelayMessage{msg("r1", "watcher-1"), msg("r2", "watcher-2")} {
		if r := h.do("POST", "/v1/settlement/relay", h.admin, m); r.status != http.StatusOK {
			t.Fatalf("relay %s: %d %s", m.ID, r.status, r.body)
		}
	}
	p = h.do("POST", "/v1/settlement/relay", h.admin, msg("r3", "watcher-3")).problem(t, http.StatusConflict, CodeMoveState)
	wantField(t, p, "body.move")
	var acct settle.AccountStatus
	h.do("GET", "/v1/settlement/accounts/alice", h.tokens["alice"], nil).decode(t, &acct)
	if a, e := acct.ByChain["arbitrum"], acct.ByChain["ethereum"]; a <= 0 || math.Abs(6*a-4*e) > 1e-6 || len(acct.Moves) != 1 ||
		acct.Moves[0].Status != settle.StatusPosted {
		t.Fatalf("account status %+v", acct)
	}
	h.do("GET", "/v1/settlement/accounts/alice", h.tokens["bob"], nil).problem(t, http.StatusForbidden, CodeForbidden)
	h.do("GET", "/v1/settlement", h.tokens["alice"], nil).problem(t, http.StatusForbidden, CodeForbidden)
	var ov settle.Overview
	h.do("GET", "/v1/settlement", h.admin, nil).decode(t, &ov)
	if ov.ByChain["arbitrum"] != acct.ByChain["arbitrum"] || ov.ByChain["ethereum"] != acct.ByChain["ethereum"] || ov.Pending != 0 {
		t.Fatalf("overview %+v", ov)
	}
	if r := h.do("PUT", "/v1/settlement/bridges/arbitrum-canonical", h.admin, map[string]any{"halted": true, "reason": "incident"}); r.status != http.StatusOK {
		t.Fatalf("halt: %d %s", r.status, r.body)
	}
	move["id"], move["shares"] = "m2", "1"
	p = h.do("POST", "/v1/settlement/accounts/alice/moves", h.tokens["alice"], move).problem(t, http.StatusConflict, CodeBridgeHalted)
	wantField(t, p, "body.bridge")
	p = h.do("PUT", "/v1/settlement/bridges/teleport", h.admin, map[string]any{"halted": true, "reason": "x"}).problem(t, 422, CodeNoRoute)
	wantField(t, p, "path.bridge")
}
