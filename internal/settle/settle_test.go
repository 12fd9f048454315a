// Goal: a move's life on the real ledger — reserved on the source, counted
// once in flight at the bridge's haircut on no chain, posted only after the
// source's finality and k attestations, voided by a reorg, a failure or a
// timeout — and every refusal (bad input, an unknown relayer, an expired
// or replayed message, a halted or ungoverned bridge, a limit) naming its
// field and changing nothing.
package settle

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/vault"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fixture is a store with the sim's market, fund-a holding 10 WETH and
// 1,000,000 USDC at home, and governed haircuts for the data's bridges.
func fixture(t *testing.T) (*Memory, *Registry, vault.Config) {
	t.Helper()
	m := NewMemory()
	if err := vault.SetMarket(m, []byte(simMarket)); err != nil {
		t.Fatal(err)
	}
	for asset, amount := range map[string]string{"WETH": "10", "USDC": "1000000"} {
		if _, err := vault.Deposit(m, "d-"+asset, "fund-a", asset, amount); err != nil {
			t.Fatal(err)
		}
	}
	rp := margin.DefaultRiskParams()
	rp.Chains["arbitrum"] = margin.ChainParams{Haircut: 0.02}
	rp.Bridges["arbitrum-canonical"] = margin.HaircutParams{Haircut: 0.01}
	rp.Bridges["cctp"] = margin.HaircutParams{Haircut: 0.005}
	return m, Default(), vault.Config{RiskParams: rp}
}

func request(id, shares string) MoveRequest {
	return MoveRequest{ID: id, Account: "fund-a", Asset: "WETH", Shares: shares, From: "ethereum",
		To: "arbitrum", Bridge: "arbitrum-canonical", SourceTx: "0xlock-" + id}
}

func message(id, relayer, move, event, shares string, at time.Time) RelayMessage {
	return RelayMessage{ID: id, Relayer: relayer, Move: move, Event: event, SourceTx: "0xlock-" + move,
		Shares: shares, ExpiresAt: at.Add(10 * time.Minute).Format(time.RFC3339)}
}

// snapshot is everything the store holds, for "changes nothing".
func snapshot(m *Memory) string {
	as, _ := m.Accounts("")
	ts, _ := m.Transfers()
	rows, _ := m.SettleMoves(MoveFilter{})
	var b strings.Builder
	fmt.Fprint(&b, as, ts)
	for _, r := range rows {
		b.Write(r.Record)
	}
	for _, id := range []string{"r1", "r2", "r3", "x"} {
		rec, _, _ := m.SettleMessage(id)
		b.Write(rec)
	}
	return b.String()
}

// refused runs f, which must be refused with kind at field, and checks
// the store did not change.
func refused(t *testing.T, m *Memory, kind error, field string, f func() error) {
	t.Helper()
	before := snapshot(m)
	err := f()
	var r *input.Refusal
	if !errors.As(err, &r) || !errors.Is(err, kind) || r.Field != field {
		t.Fatalf("want a refusal %v at %s, got %v", kind, field, err)
	}
	if snapshot(m) != before {
		t.Fatalf("the refusal %v changed the store", err)
	}
}

func state(t *testing.T, m *Memory, cfg vault.Config) vault.AccountState {
	t.Helper()
	st, err := vault.State(m, cfg, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestMoveCountsOnceInFlightAndPostsAfterFinality: 4 WETH go to arbitrum.
// While in flight they count on no chain, at the bridge's 1% haircut only;
// once posted, on arbitrum at its 2% and the bridge's 1%.
func TestMoveCountsOnceInFlightAndPostsAfterFinality(t *testing.T) {
	m, reg, cfg := fixture(t)
	before := state(t, m, cfg)
	mv, err := Initiate(m, reg, cfg, request("m1", "4"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if mv.Status != StatusPending || !mv.FinalAt.Equal(t0.Add(960*time.Second)) || mv.ValueUSD != "12000.00" {
		t.Fatalf("move %+v", mv)
	}
	st := state(t, m, cfg)
	if st.Balances["WETH"].Shares != "6" || len(st.Located) != 1 || st.Located[0].Chain != vault.InFlight || st.Located[0].Shares != "4" {
		t.Fatalf("in flight: balances %+v located %+v", st.Balances, st.Located)
	}
	// 6 WETH at home in full, 4 in flight at 99%: 30,000 − 4 × 3000 × 1%
	if want := *before.CollateralValue - 120; math.Abs(*st.CollateralValue-want) > 1e-6 {
		t.Fatalf("collateral value in flight %v, want %v", *st.CollateralValue, want)
	}
	if _, err := vault.Withdraw(m, cfg, "w1", "fund-a", "WETH", "6.5"); err == nil {
		t.Fatal("a withdrawal took shares that are in flight")
	}

	early := t0.Add(959 * time.Second)
	refused(t, m, ErrNotFinal, "move", func() error {
		_, err := Relay(m, reg, message("r1", "watcher-1", "m1", EventFinalized, "4", early), early)
		return err
	})
	at := t0.Add(20 * time.Minute)
	got, err := Relay(m, reg, message("r1", "watcher-1", "m1", EventFinalized, "4", at), at)
	if err != nil || got.Status != StatusPending {
		t.Fatalf("one attestation: %+v %v", got, err)
	}
	refused(t, m, ErrReplayed, "relayer", func() error {
		_, err := Relay(m, reg, message("r9", "watcher-1", "m1", EventFinalized, "4", at), at)
		return err
	})
	if again, err := Relay(m, reg, message("r1", "watcher-1", "m1", EventFinalized, "4", at), at); err != nil || again.Status != StatusPending {
		t.Fatalf("the same message again: %+v %v", again, err)
	}
	got, err = Relay(m, reg, message("r2", "watcher-3", "m1", EventFinalized, "4", at), at)
	if err != nil || got.Status != StatusPosted {
		t.Fatalf("two attestations: %+v %v", got, err)
	}
	st = state(t, m, cfg)
	if len(st.Located) != 1 || st.Located[0].Chain != "arbitrum" || st.Located[0].Bridge != "arbitrum-canonical" || st.Located[0].Shares != "4" {
		t.Fatalf("posted: located %+v", st.Located)
	}
	if want := *before.CollateralValue - 4*3000*(1-0.99*0.98); math.Abs(*st.CollateralValue-want) > 1e-6 {
		t.Fatalf("collateral value on arbitrum %v, want %v", *st.CollateralValue, want)
	}
	refused(t, m, ErrMoveState, "move", func() error {
		_, err := Relay(m, reg, message("r3", "watcher-2", "m1", EventFinalized, "4", at), at)
		return err
	})
	if err := vault.Verify(m); err != nil {
		t.Fatal(err)
	}
	// and back home from arbitrum over CCTP is refused: CCTP carries USDC only
	back := MoveRequest{ID: "m2", Account: "fund-a", Asset: "WETH", Shares: "1", From: "arbitrum", FromBridge: "arbitrum-canonical",
		To: "ethereum", Bridge: "cctp", SourceTx: "0xlock-m2"}
	refused(t, m, ErrNoRoute, "asset", func() error { _, err := Initiate(m, reg, cfg, back, at); return err })
	back.Bridge = "arbitrum-canonical"
	if _, err := Initiate(m, reg, cfg, back, at); err != nil {
		t.Fatal(err)
	}
	if st := state(t, m, cfg); len(st.Located) != 2 || st.Located[0].Shares != "3" || st.Located[1].Chain != vault.InFlight {
		t.Fatalf("moving back: %+v", st.Located)
	}
}

// TestReorgFailureAndTimeoutVoid: each returns the shares to the source.
func TestReorgFailureAndTimeoutVoid(t *testing.T) {
	m, reg, cfg := fixture(t)
	for _, id := range []string{"m1", "m2", "m3"} {
		if _, err := Initiate(m, reg, cfg, request(id, "1"), t0); err != nil {
			t.Fatal(err)
		}
	}
	at := t0.Add(time.Minute)
	if mv, err := Relay(m, reg, message("r1", "watcher-2", "m1", EventReorged, "1", at), at); err != nil || mv.Status != StatusVoided || mv.Reason != "reorged" {
		t.Fatalf("reorg: %+v %v", mv, err)
	}
	if mv, err := Relay(m, reg, message("r2", "watcher-2", "m2", EventFailed, "1", at), at); err != nil || mv.Status != StatusVoided {
		t.Fatalf("failure: %+v %v", mv, err)
	}
	final := t0.Add(time.Hour)
	refused(t, m, ErrMoveState, "event", func() error {
		_, err := Relay(m, reg, message("r3", "watcher-1", "m3", EventReorged, "1", final), final)
		return err
	})
	deadline := t0.Add(960*time.Second + 1209600*time.Second)
	refused(t, m, ErrExpired, "move", func() error {
		_, err := Relay(m, reg, message("r3", "watcher-1", "m3", EventFinalized, "1", deadline), deadline)
		return err
	})
	gone, err := Expire(m, deadline)
	if err != nil || len(gone) != 1 || gone[0].ID != "m3" || gone[0].Reason != "timeout" {
		t.Fatalf("expire: %+v %v", gone, err)
	}
	if st := state(t, m, cfg); st.Balances["WETH"].Shares != "10" || len(st.Located) != 0 {
		t.Fatalf("after voids: %+v %+v", st.Balances, st.Located)
	}
	if err := vault.Verify(m); err != nil {
		t.Fatal(err)
	}
}

// TestRefusalsNameTheFieldAndChangeNothing covers every refusal of a move
// request and of a relay message.
func TestRefusalsNameTheFieldAndChangeNothing(t *testing.T) {
	m, reg, cfg := fixture(t)
	with := func(f func(r *MoveRequest)) MoveRequest {
		r := request("m9", "1")
		f(&r)
		return r
	}
	cases := []struct {
		name  string
		req   MoveRequest
		kind  error
		field string
	}{
		{"bad id", with(func(r *MoveRequest) { r.ID = "a:b" }), ErrInvalid, "id"},
		{"unknown account", with(func(r *MoveRequest) { r.Account = "nobody" }), ErrInvalid, "account"},
		{"unknown chain", with(func(r *MoveRequest) { r.To = "mars" }), ErrUnknownChain, "to"},
		{"no such route", with(func(r *MoveRequest) { r.To = "base" }), ErrNoRoute, "bridge"},
		{"unknown bridge", with(func(r *MoveRequest) { r.Bridge = "teleport" }), ErrNoRoute, "bridge"},
		{"from bridge at home", with(func(r *MoveRequest) { r.FromBridge = "cctp" }), ErrInvalid, "from_bridge"},
		{"no from bridge off home", with(func(r *MoveRequest) { r.From, r.To = "arbitrum", "ethereum" }), ErrInvalid, "from_bridge"},
		{"more than held", with(func(r *MoveRequest) { r.Shares = "10.5" }), ErrInsufficient, "shares"},
		{"zero", with(func(r *MoveRequest) { r.Shares = "0" }), ErrInvalid, "shares"},
		{"too many decimals", with(func(r *MoveRequest) { r.Shares = "0.0000000000000000000000001" }), ErrInvalid, "shares"},
		{"ungoverned bridge", with(func(r *MoveRequest) { r.To, r.Bridge = "solana", "wormhole" }), ErrUngoverned, "bridge"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			refused(t, m, c.kind, c.field, func() error { _, err := Initiate(m, reg, cfg, c.req, t0); return err })
		})
	}
	// CCTP's largest transfer is 10M USD: make it 100k for this test
	small := *reg
	small.Bridges = map[string]Bridge{}
	for k, v := range reg.Bridges {
		small.Bridges[k] = v
	}
	b := small.Bridges["cctp"]
	b.MaxTransferUSD = "100000"
	if err := small.checkBridge("cctp", &b); err != nil {
		t.Fatal(err)
	}
	small.Bridges["cctp"] = b
	usdc := MoveRequest{ID: "u1", Account: "fund-a", Asset: "USDC", Shares: "100000.01", From: "ethereum", To: "arbitrum",
		Bridge: "cctp", SourceTx: "0xlock-u1"}
	refused(t, m, ErrLimit, "shares", func() error { _, err := Initiate(m, &small, cfg, usdc, t0); return err })

	if _, err := SetBridge(m, reg, "arbitrum-canonical", true, "incident", t0); err != nil {
		t.Fatal(err)
	}
	refused(t, m, ErrBridgeHalted, "bridge", func() error { _, err := Initiate(m, reg, cfg, request("m8", "1"), t0); return err })
	if _, err := SetBridge(m, reg, "arbitrum-canonical", false, "", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := Initiate(m, reg, cfg, request("m1", "1"), t0); err != nil {
		t.Fatal(err)
	}
	refused(t, m, ErrConflict, "id", func() error { _, err := Initiate(m, reg, cfg, request("m1", "2"), t0); return err })

	at := t0.Add(20 * time.Minute)
	msgs := []struct {
		name  string
		msg   RelayMessage
		kind  error
		field string
	}{
		{"unknown relayer", message("x", "mallory", "m1", EventFinalized, "1", at), ErrUnknownRelayer, "relayer"},
		{"expired", message("x", "watcher-1", "m1", EventFinalized, "1", at.Add(-time.Hour)), ErrExpired, "expires_at"},
		{"valid too long", func() RelayMessage {
			msg := message("x", "watcher-1", "m1", EventFinalized, "1", at)
			msg.ExpiresAt = at.Add(48 * time.Hour).Format(time.RFC3339)
			return msg
		}(), ErrInvalid, "expires_at"},
		{"unknown move", message("x", "watcher-1", "m7", EventFinalized, "1", at), ErrUnknownMove, "move"},
		{"another source tx", func() RelayMessage {
			msg := message("x", "watcher-1", "m1", EventFinalized, "1", at)
			msg.SourceTx = "0xforged"
			return msg
		}(), ErrMismatch, "source_tx"},
		{"inflated amount", message("x", "watcher-1", "m1", EventFinalized, "100", at), ErrMismatch, "shares"},
		{"unknown event", message("x", "watcher-1", "m1", "minted", "1", at), ErrInvalid, "event"},
	}
	for _, c := range msgs {
		t.Run(c.name, func(t *testing.T) {
			refused(t, m, c.kind, c.field, func() error { _, err := Relay(m, reg, c.msg, at); return err })
		})
	}
	if _, err := Relay(m, reg, message("r1", "watcher-1", "m1", EventFinalized, "1", at), at); err != nil {
		t.Fatal(err)
	}
	refused(t, m, ErrConflict, "id", func() error {
		_, err := Relay(m, reg, message("r1", "watcher-2", "m1", EventFinalized, "1", at), at)
		return err
	})
}

// TestRegistryIsSourcedAndChecked: the embedded data names a source for
// every chain and bridge; a file breaking a rule is refused at its path.
func TestRegistryIsSourcedAndChecked(t *testing.T) {
	reg := Default()
	for name, c := range reg.Chains {
		if c.Source == "" || c.FinalitySeconds <= 0 {
			t.Errorf("chain %s: %+v", name, c)
		}
	}
	if reg.Chains["ethereum"].FinalitySeconds != 960 || reg.Chains["solana"].ReorgDepth != 32 {
		t.Errorf("chains %+v", reg.Chains)
	}
	data, _ := dataFS.ReadFile("data/chains.json")
	for _, c := range []struct{ edit, path string }{
		{strings.Replace(string(data), `"finality_seconds": 960`, `"finality_seconds": 0`, 1), "chains.ethereum.finality_seconds"},
		{strings.Replace(string(data), `"attestations_required": 2`, `"attestations_required": 4`, 1), "attestations_required"},
		{strings.Replace(string(data), `{"from": "ethereum", "to": "solana", "median_seconds": 60, "p95_seconds": 900}`,
			`{"from": "ethereum", "to": "mars", "median_seconds": 60, "p95_seconds": 900}`, 1), "bridges.wormhole.routes[0].to"},
	} {
		_, err := ParseRegistry([]byte(c.edit))
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Path != c.path {
			t.Errorf("edit at %s: %v", c.path, err)
		}
	}
	if name, rt, ok := reg.FastestRoute("ethereum", "arbitrum", "USDC"); !ok || name != "cctp" || reg.ETA(rt) != 960+60 {
		t.Errorf("fastest USDC route to arbitrum: %s %+v", name, rt)
	}
}
