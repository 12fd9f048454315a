// Goal: the governance story on real components — the demo market
// and books in an in-memory store, the vault's margin path for every
// re-margin, the cascade simulator — and every refusal it names (out of
// bounds, unknown parameter, expired or replayed message, a vote by a
// non-signer) naming its field and changing nothing.
// Method: a fixed clock (t0) advanced by hand; deterministic keys; after
// each refusal the whole store is compared with a copy taken before it.
package govern_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/deadline"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/vault"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

var t0 = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

// key is a deterministic member key.
func key(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	return ed25519.NewKeyFromSeed(s)
}

func pub(k ed25519.PrivateKey) string {
	return base64.StdEncoding.EncodeToString(k.Public().(ed25519.PublicKey))
}

var (
	alice, bob, carol, guard, mallory = key(1), key(2), key(3), key(4), key(5)
)

func signersRules() []byte {
	return []byte(fmt.Sprintf(`{
  "decision": {"mode": "signers", "threshold": 2},
  "members": [
    {"name": "alice", "role": "risk", "public_key": %q},
    {"name": "bob", "role": "treasury", "public_key": %q},
    {"name": "carol", "role": "security", "public_key": %q}],
  "guardian": {"name": "guardian", "public_key": %q, "action_seconds": 172800},
  "voting_seconds": 259200, "timelock_seconds": 86400, "min_ramp_seconds": 3600
}`, pub(alice), pub(bob), pub(carol), pub(guard)))
}

// world is an in-memory store with the demo market and risk parameters and
// three accounts holding the demo book, governed by signersRules.
func world(t *testing.T) *govern.Memory {
	t.Helper()
	m := govern.NewMemory()
	if err := vault.SetMarket(m, demo.MarketJSON); err != nil {
		t.Fatal(err)
	}
	if err := m.PutRiskParams(demo.RiskParamsJSON); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"fund-a", "fund-b", "fund-c"} {
		if err := vault.SetPortfolio(m, a, demo.PortfolioJSON); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := govern.Init(m, signersRules(), "operator", t0); err != nil {
		t.Fatal(err)
	}
	return m
}

// remargin is a govern.Remargin over the vault's bulk path (vault.Reader,
// as cluster.Local runs it).
func remargin(tx vault.Tx) govern.Remargin {
	return func(_ context.Context, cfg vault.Config, accounts []string, each func(govern.Margin)) error {
		rd, err := vault.NewReader(tx, cfg)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			u, err := rd.Unified(a)
			if err != nil {
				each(govern.Margin{Account: a, Failed: true, Liquidatable: true})
				continue
			}
			each(govern.Margin{Account: a, Equity: u.Equity, Initial: u.Initial, Maintenance: u.Maintenance, Liquidatable: u.Liquidatable})
		}
		return nil
	}
}

func propose(t *testing.T, m *govern.Memory, at time.Time, doc string) *govern.Proposal {
	t.Helper()
	p, err := govern.Propose(m, []byte(doc), at)
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	return p
}

func preview(t *testing.T, m *govern.Memory, id string, at time.Time) *govern.Preview {
	t.Helper()
	job, err := govern.PreparePreview(m, id, at)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := job.Run(context.Background(), remargin(m), at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := govern.AttachPreview(m, id, pv, "operator", at); err != nil {
		t.Fatal(err)
	}
	return pv
}

func message(msg govern.Message, k ed25519.PrivateKey) govern.Signed {
	s, err := govern.Sign(msg, k)
	if err != nil {
		panic(err)
	}
	return s
}

func voteMsg(p *govern.Proposal, signer, choice string, at time.Time) govern.Message {
	return govern.Message{Kind: govern.KindVote, Signer: signer, Proposal: p.ID, ProposalHash: p.Hash,
		Choice: choice, Nonce: signer + "-" + p.ID, ExpiresAt: at.Add(hour).Format(time.RFC3339)}
}

func vote(t *testing.T, m *govern.Memory, p *govern.Proposal, signer string, k ed25519.PrivateKey, at time.Time) *govern.Proposal {
	t.Helper()
	got, err := govern.CastVote(m, message(voteMsg(p, signer, govern.ChoiceYes, at), k), at)
	if err != nil {
		t.Fatalf("vote by %s: %v", signer, err)
	}
	return got
}

// snapshot is everything the store holds, for "changes nothing".
func snapshot(t *testing.T, m *govern.Memory) string {
	t.Helper()
	var b bytes.Buffer
	vs, _ := m.GovVersions()
	ps, _ := m.GovProposals()
	lg, _ := m.GovLog()
	rp, _, _ := m.RiskParams()
	keys, _ := m.ParamsKeyVersions()
	for _, x := range [][]byte{rp} {
		b.Write(x)
	}
	for _, x := range append(vs, ps...) {
		b.Write(x)
	}
	for _, r := range lg {
		b.Write(r.Entry)
	}
	fmt.Fprint(&b, keys)
	for _, a := range []string{"fund-a", "fund-b", "fund-c"} {
		k, ok, _ := m.ParamsKey(a)
		fmt.Fprint(&b, a, k, ok)
	}
	return b.String()
}

// refused runs f, which must fail with a *govern.Refusal of kind at field,
// and checks the store did not change.
func refused(t *testing.T, m *govern.Memory, kind error, field string, f func() error) *govern.Refusal {
	t.Helper()
	before := snapshot(t, m)
	err := f()
	var r *govern.Refusal
	if !errors.As(err, &r) || !errors.Is(err, kind) || r.Field != field {
		t.Fatalf("want a refusal %v at %s, got %v", kind, field, err)
	}
	if after := snapshot(t, m); after != before {
		t.Fatalf("refusal %v changed the store", err)
	}
	return r
}

func maintenanceAt(t *testing.T, m *govern.Memory, at time.Time) float64 {
	t.Helper()
	cfg, err := govern.StoredConfig(m, at)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.RiskParams.MaintenanceFraction
}

const rampProposal = `{"proposer": "alice", "rationale": "maintenance closer to initial after the October move",
  "changes": [{"path": "risk_params.maintenance_fraction", "value": "0.85"}],
  "transition": {"kind": "ramp", "seconds": 172800}}`

// TestProposalToExecutionWithRamp: propose, preview, approve 2-of-3, wait
// out the timelock, execute; the stricter maintenance fraction ramps from
// 0.8 to 0.85 over two days and every account re-margins under it; the
// log verifies.
func TestProposalToExecutionWithRamp(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, rampProposal)
	if p.ID != "p1" || p.State != govern.StateVoting || len(p.Leaves) != 1 || !p.Leaves[0].Stricter {
		t.Fatalf("proposal %+v", p)
	}
	refused(t, m, govern.ErrNoPreview, "message.proposal", func() error {
		_, err := govern.CastVote(m, message(voteMsg(p, "alice", govern.ChoiceYes, t0), alice), t0)
		return err
	})
	pv := preview(t, m, p.ID, t0.Add(time.Minute))
	if pv.Accounts != 3 || pv.DeltaInitial != 0 || pv.DeltaMaintenance <= 0 || len(pv.Movers) != 3 || pv.Movers[0].Delta >= 0 {
		t.Fatalf("preview %+v", pv)
	}
	if pv.Transition.Ramp.InitialHalfway != pv.Before.Initial || pv.Transition.Key.LiquidatableNow != pv.Before.Liquidatable {
		t.Fatalf("transition preview %+v", pv.Transition)
	}
	if pv.Cascade == nil || pv.Cascade.Path != govern.DefaultPreviewShock {
		t.Fatalf("cascade preview %+v", pv.Cascade)
	}
	p = vote(t, m, p, "alice", alice, t0.Add(hour))
	if p.State != govern.StateVoting {
		t.Fatalf("one of two signatures queued it: %s", p.State)
	}
	p = vote(t, m, p, "bob", bob, t0.Add(2*hour))
	if p.State != govern.StateQueued || !p.ExecutableAt.Equal(t0.Add(2*hour+day)) {
		t.Fatalf("after two signatures: %s, executable %v", p.State, p.ExecutableAt)
	}
	refused(t, m, govern.ErrTimelocked, "proposal", func() error {
		_, err := govern.Execute(m, "p1", "operator", t0.Add(2*hour+day-time.Second))
		return err
	})
	exec := t0.Add(2*hour + day)
	v, err := govern.Execute(m, "p1", "operator", exec)
	if err != nil {
		t.Fatal(err)
	}
	if v.Number != 2 || v.Parent != 1 || len(v.Ramps) != 1 {
		t.Fatalf("version %+v", v)
	}
	for _, c := range []struct {
		at   time.Time
		want float64
	}{{exec, 0.8}, {exec.Add(day), 0.825}, {exec.Add(2 * day), 0.85}, {exec.Add(30 * day), 0.85}} {
		if got := maintenanceAt(t, m, c.at); math.Abs(got-c.want) > 1e-12 {
			t.Fatalf("maintenance fraction at %v = %v, want %v", c.at, got, c.want)
		}
	}
	cfg, _ := govern.StoredConfig(m, exec.Add(2*day))
	st, err := vault.State(m, cfg, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	if st.Params == nil || st.Params.Version != 2 || st.Params.Keyed {
		t.Fatalf("fund-a's figures name %+v, want version 2", st.Params)
	}
	if math.Abs(st.Unified.Maintenance-0.85*st.Unified.Initial) > 1e-6*st.Unified.Initial {
		t.Fatalf("maintenance %v is not 0.85 × initial %v", st.Unified.Maintenance, st.Unified.Initial)
	}
	rp, _, _ := m.RiskParams()
	if !strings.Contains(string(rp), `"maintenance_fraction":0.85`) {
		t.Fatalf("the governed document did not follow: %s", rp)
	}
	ver, err := govern.Verify(m)
	if err != nil {
		t.Fatal(err)
	}
	if ver.Versions != 2 || ver.Entries != 7 { // genesis, propose, preview, vote, vote, queued, execute
		t.Fatalf("verified %+v", ver)
	}
}

// TestRefusalsNameTheFieldAndChangeNothing: each kind of bad input.
func TestRefusalsNameTheFieldAndChangeNothing(t *testing.T) {
	m := world(t)
	cases := []struct {
		name  string
		doc   string
		kind  error
		field string
	}{
		{"out of bounds: max change", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.95}], "transition": {"kind": "key"}}`,
			govern.ErrOutOfBounds, "changes[0].value"},
		{"out of bounds: absolute", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.chains.ethereum.haircut", "value": 0.6}], "transition": {"kind": "key"}}`,
			govern.ErrOutOfBounds, "changes[0].value"},
		{"haircut ×2", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.chains.arbitrum.haircut", "value": 0.045}], "transition": {"kind": "key"}}`,
			govern.ErrOutOfBounds, "changes[0].value"},
		{"unknown parameter", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.maintenance_fractoin", "value": 0.8}]}`,
			govern.ErrUnknownParam, "changes[0].path"},
		{"unknown venue parameter", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "venue_params.deribit-pm.mm_factr", "value": 0.8}]}`,
			govern.ErrUnknownParam, "changes[0].path"},
		{"unknown venue model", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "venue_params.deribit-xx.mm_factor", "value": 0.8}]}`,
			govern.ErrUnknownParam, "changes[0].path"},
		{"unknown root", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "fees.x", "value": 1}]}`,
			govern.ErrInvalid, "changes[0].path"},
		{"not a member", `{"proposer": "mallory", "rationale": "r", "changes": []}`,
			govern.ErrNotMember, "proposer"},
		{"stale base", `{"proposer": "alice", "rationale": "r", "base_version": 7, "changes": [{"path": "risk_params.yield_rate", "value": 0.06}]}`,
			govern.ErrStaleVersion, "base_version"},
		{"stricter without transition", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.82}]}`,
			govern.ErrInvalid, "transition.kind"},
		{"ramp too short", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.82}], "transition": {"kind": "ramp", "seconds": 60}}`,
			govern.ErrOutOfBounds, "transition.seconds"},
		{"changes nothing", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.8}]}`,
			govern.ErrInvalid, "changes"},
		{"no rationale", `{"proposer": "alice", "rationale": " ", "changes": []}`,
			govern.ErrInvalid, "rationale"},
		{"unknown field", `{"proposer": "alice", "rationale": "r", "changes": [], "extra": 1}`,
			govern.ErrInvalid, "extra"},
		{"bad value", `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.yield_rate", "value": "lots"}]}`,
			govern.ErrInvalid, "changes[0].value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			refused(t, m, c.kind, c.field, func() error { _, err := govern.Propose(m, []byte(c.doc), t0); return err })
		})
	}

	p := propose(t, m, t0, rampProposal)
	preview(t, m, p.ID, t0)
	at := t0.Add(hour)
	signed := []struct {
		name  string
		s     govern.Signed
		kind  error
		field string
	}{
		{"vote by a non-signer", message(voteMsg(p, "mallory", govern.ChoiceYes, at), mallory), govern.ErrNotMember, "message.signer"},
		{"vote signed by another key", message(voteMsg(p, "alice", govern.ChoiceYes, at), mallory), govern.ErrBadSignature, "signature"},
		{"expired vote", message(voteMsg(p, "alice", govern.ChoiceYes, t0.Add(-2*hour)), alice), govern.ErrExpired, "message.expires_at"},
		{"vote on another proposal hash", func() govern.Signed {
			v := voteMsg(p, "alice", govern.ChoiceYes, at)
			v.ProposalHash = "sha256:00"
			return message(v, alice)
		}(), govern.ErrInvalid, "message.proposal_hash"},
		{"bad choice", message(voteMsg(p, "alice", "maybe", at), alice), govern.ErrInvalid, "message.choice"},
		{"valid far too long", func() govern.Signed {
			v := voteMsg(p, "alice", govern.ChoiceYes, at)
			v.ExpiresAt = at.Add(30 * day).Format(time.RFC3339)
			return message(v, alice)
		}(), govern.ErrInvalid, "message.expires_at"},
	}
	for _, c := range signed {
		t.Run(c.name, func(t *testing.T) {
			refused(t, m, c.kind, c.field, func() error { _, err := govern.CastVote(m, c.s, at); return err })
		})
	}
	first := message(voteMsg(p, "alice", govern.ChoiceYes, at), alice)
	if _, err := govern.CastVote(m, first, at); err != nil {
		t.Fatal(err)
	}
	refused(t, m, govern.ErrReplayed, "message.nonce", func() error { _, err := govern.CastVote(m, first, at); return err })
	again := voteMsg(p, "alice", govern.ChoiceNo, at)
	again.Nonce = "other"
	refused(t, m, govern.ErrDuplicate, "message.signer", func() error {
		_, err := govern.CastVote(m, message(again, alice), at)
		return err
	})
	refused(t, m, govern.ErrProposalState, "proposal", func() error { _, err := govern.Execute(m, "p1", "op", at); return err })
	refused(t, m, govern.ErrUnknownProp, "proposal", func() error { _, err := govern.Execute(m, "p9", "op", at); return err })
}

// TestMinimumIntervalBetweenChanges: a parameter changed by an executed
// proposal may not be proposed again before its interval (3 days).
func TestMinimumIntervalBetweenChanges(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.yield_rate", "value": 0.06}]}`)
	preview(t, m, p.ID, t0)
	vote(t, m, p, "alice", alice, t0)
	vote(t, m, p, "carol", carol, t0)
	exec := t0.Add(day)
	if _, err := govern.Execute(m, p.ID, "op", exec); err != nil {
		t.Fatal(err)
	}
	again := `{"proposer": "bob", "rationale": "r", "changes": [{"path": "risk_params.yield_rate", "value": 0.05}]}`
	refused(t, m, govern.ErrTooSoon, "changes[0].path", func() error {
		_, err := govern.Propose(m, []byte(again), exec.Add(3*day-time.Second))
		return err
	})
	propose(t, m, exec.Add(3*day), again)
}

// TestConfigurationKey: under a key, existing accounts keep the base
// version (same figures, Keyed) until they change their book; a new
// account runs under the new version at once.
func TestConfigurationKey(t *testing.T) {
	m := world(t)
	before, _ := govern.StoredConfig(m, t0)
	was, err := vault.State(m, before, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	p := propose(t, m, t0, `{"proposer": "alice", "rationale": "r", "changes": [{"path": "risk_params.maintenance_fraction", "value": 0.85}], "transition": {"kind": "key"}}`)
	preview(t, m, p.ID, t0)
	vote(t, m, p, "alice", alice, t0)
	vote(t, m, p, "bob", bob, t0)
	exec := t0.Add(day)
	if _, err := govern.Execute(m, p.ID, "op", exec); err != nil {
		t.Fatal(err)
	}
	cfg, err := govern.StoredConfig(m, exec)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Governed.Version != 2 || len(cfg.Governed.Keyed) != 1 {
		t.Fatalf("config %+v", cfg.Governed)
	}
	kept, err := vault.State(m, cfg, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	if kept.Params == nil || !kept.Params.Keyed || kept.Params.Version != 1 || kept.Unified.Maintenance != was.Unified.Maintenance {
		t.Fatalf("keyed account: %+v, maintenance %v (was %v)", kept.Params, kept.Unified.Maintenance, was.Unified.Maintenance)
	}
	if err := vault.SetPortfolio(m, "fund-new", demo.PortfolioJSON); err != nil {
		t.Fatal(err)
	}
	fresh, err := vault.State(m, cfg, "fund-new")
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Params.Keyed || fresh.Params.Version != 2 || fresh.Unified.Maintenance <= was.Unified.Maintenance {
		t.Fatalf("new account: %+v maintenance %v", fresh.Params, fresh.Unified.Maintenance)
	}
	// a changed book is an action: the key goes, the new version applies
	changed := bytes.Replace(demo.PortfolioJSON, []byte(`"fund-a"`), []byte(`"fund-a" `), 1)
	if err := vault.SetPortfolio(m, "fund-a", changed); err != nil {
		t.Fatal(err)
	}
	now, err := vault.State(m, cfg, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	if now.Params.Keyed || now.Unified.Maintenance <= was.Unified.Maintenance {
		t.Fatalf("after its action fund-a runs under %+v", now.Params)
	}
}

func guardianMsg(m *govern.Memory, action string, changes []govern.Change, nonce string, at time.Time) govern.Message {
	st, err := govern.Status(m, at)
	if err != nil {
		panic(err)
	}
	return govern.Message{Kind: govern.KindGuardian, Signer: "guardian", Action: action, BaseHash: st.Hash,
		Changes: changes, Nonce: nonce, ExpiresAt: at.Add(hour).Format(time.RFC3339)}
}

// TestGuardianOnlyStricterAndExpires: the guardian tightens a haircut at
// once, may not loosen one or go out of bounds, may not resume after a
// pause; its action lapses after a day unless ratified.
func TestGuardianOnlyStricterAndExpires(t *testing.T) {
	m := world(t)
	tighten := []govern.Change{{Path: "risk_params.chains.arbitrum.haircut", Value: 0.03}}
	refused(t, m, govern.ErrNotMember, "message.signer", func() error {
		msg := guardianMsg(m, govern.ActionTighten, tighten, "n0", t0)
		msg.Signer = "alice"
		_, err := govern.ActGuardian(m, message(msg, alice), t0)
		return err
	})
	refused(t, m, govern.ErrNotSafer, "message.changes[0].value", func() error {
		_, err := govern.ActGuardian(m, message(guardianMsg(m, govern.ActionTighten,
			[]govern.Change{{Path: "risk_params.chains.arbitrum.haircut", Value: 0.01}}, "n1", t0), guard), t0)
		return err
	})
	refused(t, m, govern.ErrOutOfBounds, "message.changes[0].value", func() error {
		_, err := govern.ActGuardian(m, message(guardianMsg(m, govern.ActionTighten,
			[]govern.Change{{Path: "risk_params.chains.arbitrum.haircut", Value: 0.2}}, "n2", t0), guard), t0)
		return err
	})
	v, err := govern.ActGuardian(m, message(guardianMsg(m, govern.ActionTighten, tighten, "n3", t0), guard), t0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Number != 2 || v.Origin != govern.OriginGuardian || v.Transition.Kind != govern.TransitionKey {
		t.Fatalf("guardian version %+v", v)
	}
	cfg, _ := govern.StoredConfig(m, t0.Add(hour))
	if got := cfg.RiskParams.Chains["arbitrum"].Haircut; got != 0.03 || cfg.Governed.Version != 2 {
		t.Fatalf("in force: haircut %v, version %d", got, cfg.Governed.Version)
	}
	cfg, _ = govern.StoredConfig(m, t0.Add(2*day))
	if got := cfg.RiskParams.Chains["arbitrum"].Haircut; got != 0.02 || cfg.Governed.Version != 1 {
		t.Fatalf("after expiry: haircut %v, version %d", got, cfg.Governed.Version)
	}

	// a second action, ratified by a proposal with no changes
	v, err = govern.ActGuardian(m, message(guardianMsg(m, govern.ActionPause, nil, "n4", t0.Add(2*day)), guard), t0.Add(2*day))
	if err != nil {
		t.Fatal(err)
	}
	if v.Number != 3 || v.Parent != 1 {
		t.Fatalf("pause version %+v", v)
	}
	cfg, _ = govern.StoredConfig(m, t0.Add(2*day+hour))
	if !cfg.Governed.PauseNewRisk {
		t.Fatal("pause not in force")
	}
	refused(t, m, govern.ErrNotSafer, "message.changes[0].value", func() error {
		_, err := govern.ActGuardian(m, message(guardianMsg(m, govern.ActionTighten,
			[]govern.Change{{Path: "pause_new_risk", Value: false}}, "n5", t0.Add(2*day+hour)), guard), t0.Add(2*day+hour))
		return err
	})
	at := t0.Add(2*day + hour)
	p := propose(t, m, at, `{"proposer": "carol", "rationale": "keep the pause", "changes": []}`)
	if p.Ratifies != 3 {
		t.Fatalf("proposal ratifies %d", p.Ratifies)
	}
	preview(t, m, p.ID, at)
	vote(t, m, p, "alice", alice, at)
	vote(t, m, p, "carol", carol, at)
	if _, err := govern.Execute(m, p.ID, "op", at.Add(day)); err != nil {
		t.Fatal(err)
	}
	cfg, _ = govern.StoredConfig(m, at.Add(30*day))
	if !cfg.Governed.PauseNewRisk || cfg.Governed.Version != 3 {
		t.Fatalf("ratified pause lapsed: %+v", cfg.Governed)
	}
	if _, err := govern.Verify(m); err != nil {
		t.Fatal(err)
	}
}

// TestCancelDuringTimelock: the guardian cancels a queued proposal; a
// member who did not propose it may not.
func TestCancelDuringTimelock(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, rampProposal)
	preview(t, m, p.ID, t0)
	vote(t, m, p, "alice", alice, t0)
	p = vote(t, m, p, "bob", bob, t0)
	cancel := func(signer string, k ed25519.PrivateKey, nonce string) govern.Signed {
		return message(govern.Message{Kind: govern.KindCancel, Signer: signer, Proposal: p.ID, ProposalHash: p.Hash,
			Nonce: nonce, ExpiresAt: t0.Add(2 * hour).Format(time.RFC3339)}, k)
	}
	refused(t, m, govern.ErrNotMember, "message.signer", func() error {
		_, err := govern.Cancel(m, cancel("bob", bob, "c1"), t0.Add(hour))
		return err
	})
	got, err := govern.Cancel(m, cancel("guardian", guard, "c2"), t0.Add(hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.State != govern.StateCancelled || got.CancelledBy != "guardian" {
		t.Fatalf("%+v", got)
	}
	refused(t, m, govern.ErrProposalState, "proposal", func() error {
		_, err := govern.Execute(m, p.ID, "op", t0.Add(2*day))
		return err
	})
}

// TestTokenWeightedVote: quorum and pass threshold by weight; a vote that
// cannot pass is defeated at once.
func TestTokenWeightedVote(t *testing.T) {
	m := govern.NewMemory()
	if err := vault.SetMarket(m, demo.MarketJSON); err != nil {
		t.Fatal(err)
	}
	rules := fmt.Sprintf(`{"decision": {"mode": "token", "quorum": "0.4", "pass": "0.6"},
 "members": [{"name": "whale", "public_key": %q, "weight": "500"},
             {"name": "fish", "public_key": %q, "weight": "300"},
             {"name": "shrimp", "public_key": %q, "weight": "200"}],
 "voting_seconds": 86400, "timelock_seconds": 0}`, pub(alice), pub(bob), pub(carol))
	if _, err := govern.Init(m, []byte(rules), "op", t0); err != nil {
		t.Fatal(err)
	}
	doc := `{"proposer": "fish", "rationale": "r", "changes": [{"path": "risk_params.yield_rate", "value": 0.06}]}`
	p := propose(t, m, t0, doc)
	preview(t, m, p.ID, t0)
	p = vote(t, m, p, "whale", alice, t0) // 500 yes of 1000: quorum met, 500/(500+500 left) < 0.6
	if p.State != govern.StateVoting {
		t.Fatalf("decided early at %s", p.Tally.Yes)
	}
	p = vote(t, m, p, "fish", bob, t0) // 800 yes: passes whatever shrimp does
	if p.State != govern.StateQueued || p.Tally.Yes != "800" {
		t.Fatalf("%s %+v", p.State, p.Tally)
	}
	q := propose(t, m, t0.Add(time.Minute), `{"proposer": "fish", "rationale": "r", "changes": [{"path": "risk_params.rebalance_buffer", "value": 0.15}]}`)
	preview(t, m, q.ID, t0)
	no := voteMsg(q, "whale", govern.ChoiceNo, t0)
	q, err := govern.CastVote(m, message(no, alice), t0)
	if err != nil {
		t.Fatal(err)
	}
	if q.State != govern.StateDefeated {
		t.Fatalf("500 of 1000 against a 0.6 threshold: %s", q.State)
	}
}

// TestVenueParameterOverride: a governed venue parameter applies to every
// stored book's venue of that model (the preview shows the change).
func TestVenueParameterOverride(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, `{"proposer": "alice", "rationale": "Deribit raised its maintenance factor",
 "changes": [{"path": "venue_params.deribit-pm.mm_factor", "value": 0.9}], "transition": {"kind": "ramp", "seconds": 86400}}`)
	if len(p.Leaves) != 1 || p.Leaves[0].From != 0.8 {
		t.Fatalf("leaves %+v", p.Leaves)
	}
	if pv := preview(t, m, p.ID, t0); len(pv.Notes) != 1 {
		t.Fatalf("a venue-parameter preview says nothing of venue margins: %v", pv.Notes)
	}
	vote(t, m, p, "alice", alice, t0)
	vote(t, m, p, "bob", bob, t0)
	exec := t0.Add(day)
	if _, err := govern.Execute(m, p.ID, "op", exec); err != nil {
		t.Fatal(err)
	}
	cfg, _ := govern.StoredConfig(m, exec.Add(2*day))
	if got := string(cfg.Governed.VenueParams["deribit-pm"]["mm_factor"]); got != "0.9" {
		t.Fatalf("override %q", got)
	}
	refused(t, m, govern.ErrInvalid, "changes[0].value", func() error {
		_, err := govern.Propose(m, []byte(`{"proposer": "alice", "rationale": "r",
 "changes": [{"path": "venue_params.deribit-pm.mm_factor", "value": "high"}], "transition": {"kind": "key"}}`), exec.Add(5*day))
		return err
	})
}

// TestAuditLogDetectsTampering: changing, dropping or reordering an entry,
// or a version's document, fails Verify naming where.
func TestAuditLogDetectsTampering(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, rampProposal)
	preview(t, m, p.ID, t0)
	if _, err := govern.Verify(m); err != nil {
		t.Fatal(err)
	}
	lg, _ := m.GovLog()
	edited := bytes.Replace(lg[1].Entry, []byte("0.85"), []byte("0.95"), 1)
	if bytes.Equal(edited, lg[1].Entry) {
		t.Fatal("the test did not edit the entry")
	}
	bad := m.Clone()
	bad.TamperLog(1, edited)
	if _, err := govern.Verify(bad); !errors.Is(err, govern.ErrTampered) || !strings.Contains(err.Error(), "entry 2") {
		t.Fatalf("edited entry: %v", err)
	}
	bad = m.Clone()
	vs, _ := bad.GovVersions()
	var v map[string]any
	_ = json.Unmarshal(vs[0], &v)
	v["hash"] = "sha256:beef"
	rec, _ := json.Marshal(v)
	_ = bad.PutGovVersion(1, rec)
	if _, err := govern.Verify(bad); !errors.Is(err, govern.ErrTampered) || !strings.Contains(err.Error(), "version 1") {
		t.Fatalf("edited version: %v", err)
	}
}

// TestStoredConfigWithoutGovernance: an ungoverned store reads as before.
func TestStoredConfigWithoutGovernance(t *testing.T) {
	m := govern.NewMemory()
	if err := m.PutRiskParams(demo.RiskParamsJSON); err != nil {
		t.Fatal(err)
	}
	got, err := govern.StoredConfig(m, t0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := vault.StoredConfig(m)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || got.Governed.Version != 0 {
		t.Fatalf("ungoverned config differs: %+v", got.Governed)
	}
}

// TestOneSymbolOfTheRangeTable: a risk-params file's ranges_by_symbol
// replaces the built-in table whole, so changing one symbol's range must
// start from the table in force (the others keep their ranges).
func TestOneSymbolOfTheRangeTable(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, `{"proposer": "alice", "rationale": "r",
 "changes": [{"path": "risk_params.ranges_by_symbol.BTC", "value": "0.2"}], "transition": {"kind": "key"}}`)
	if len(p.Leaves) != 1 || p.Leaves[0].Path != "risk_params.ranges_by_symbol.BTC" || p.Leaves[0].To != 0.2 {
		t.Fatalf("leaves %+v", p.Leaves)
	}
}

// The impact preview stops when its context ends, also inside the cascade
// simulation (checked at every step of the path), with the context's
// error. The end is counted in checks (internal/deadline), so it falls at
// the same point of the work on every machine.
func TestPreviewStopsAtItsDeadline(t *testing.T) {
	m := world(t)
	p := propose(t, m, t0, rampProposal)
	job, err := govern.PreparePreview(m, p.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	full := deadline.AfterChecks(context.Background(), 1<<30)
	pv, err := job.Run(full, remargin(m), t0)
	if err != nil {
		t.Fatal(err)
	}
	total := full.Checks()
	if pv.Cascade == nil || pv.Cascade.Accounts == 0 || total < 40 {
		t.Fatalf("the preview's cascade made %d checks over %+v: want a simulated population and a check per step", total, pv.Cascade)
	}
	cut := deadline.AfterChecks(context.Background(), total-20) // inside the second side's run
	if _, err := job.Run(cut, remargin(m), t0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a preview past its deadline: %v, want context.DeadlineExceeded", err)
	}
	if ended, after := cut.Ended(); !ended || after > 1 {
		t.Fatalf("the cascade went on after the deadline: %d more checks (ended %v)", after, ended)
	}
}

// TestListValuedVenueParameter: a venue parameter whose value is a list or
// an object (aave-v3's emodes.<id>.collateral, hyperliquid's margin tiers,
// derive-pm's scenarios), listed by venues --json, may be proposed where the
// rules bound its leaves. Before, its leaves (emodes.1.collateral[0]) were
// looked up as parameter names and refused as "not a parameter of aave-v3
// (unimargin venues --json)", where the name is listed, whatever the
// bounds. Without bounds for them the refusal now says so; a value is still
// judged by the model (a symbol that is no reserve, an object for a list).
func TestListValuedVenueParameter(t *testing.T) {
	change := `{"proposer": "alice", "rationale": "Aave v3.2: wstETH leaves category 1's borrowables",
 "changes": [{"path": "venue_params.aave-v3.emodes.1.borrowable", "value": ["WETH"]},
             {"path": "venue_params.aave-v3.emodes.1.collateral", "value": ["WETH", "wstETH"]}],
 "transition": {"kind": "key"}}`
	refused(t, world(t), govern.ErrRuleNotAllowed, "changes[0].path", func() error {
		_, err := govern.Propose(world(t), []byte(change), t0)
		return err
	})

	m := govern.NewMemory()
	if err := vault.SetMarket(m, demo.MarketJSON); err != nil {
		t.Fatal(err)
	}
	if err := m.PutRiskParams(demo.RiskParamsJSON); err != nil {
		t.Fatal(err)
	}
	rules := strings.Replace(string(signersRules()), `"voting_seconds"`, `"bounds": {"venue_params.aave-v3.emodes.*.*[*]":
  {"min_interval_seconds": 0, "stricter": "either", "absent": "new"}}, "voting_seconds"`, 1)
	if _, err := govern.Init(m, []byte(rules), "operator", t0); err != nil {
		t.Fatal(err)
	}
	if p := propose(t, m, t0, change); len(p.Leaves) == 0 {
		t.Fatalf("no leaf changes: %+v", p)
	}
	for _, value := range []string{`["NOPE"]`, `{"x": ["WETH"]}`} {
		refused(t, m, govern.ErrInvalid, "changes[0].value", func() error {
			_, err := govern.Propose(m, []byte(`{"proposer": "alice", "rationale": "r",
 "changes": [{"path": "venue_params.aave-v3.emodes.1.collateral", "value": `+value+`}], "transition": {"kind": "key"}}`), t0)
			return err
		})
	}
}
