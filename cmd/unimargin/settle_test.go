// End-to-end tests of cross-chain settlement through the binary: a move of
// vault shares from Ethereum to Arbitrum counted once in flight, posted
// after the source's finality on two relayers' attestations; refusals that
// name their field and change nothing (an unknown relayer, an expired or
// replayed message, an ungoverned bridge, more than held); the simulator's
// JSON contract and its exit status. On SQLite, and on PostgreSQL when
// PG_DSN is set.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/settle"
)

const settleMarket = `{"as_of": "2026-01-01T00:00:00Z", "assets": {
  "WETH": {"price": "3000", "vol": 0.7}, "USDC": {"price": "1", "class": "stable"}}}`

func TestSettleStory(t *testing.T) {
	dir := t.TempDir()
	mkt := writeFile(t, dir, "market.json", settleMarket)
	for name, db := range stores(t) {
		t.Run(name, func(t *testing.T) {
			mustSucceed(t, "market", "set", "--market", mkt, "--db", db)
			mustSucceed(t, "vault", "deposit", "--account", "fund-a", "--asset", "WETH", "--amount", "10", "--id", "d1", "--db", db)
			move := []string{"settle", "move", "--account", "fund-a", "--asset", "WETH", "--shares", "4", "--from", "ethereum",
				"--to", "arbitrum", "--bridge", "arbitrum-canonical", "--source-tx", "0xabc", "--id", "m1", "--db", db}
			refused(t, "bridge", move...) // no governed haircut for the bridge yet
			rawExec(t, db, `INSERT INTO risk_params (id, doc) VALUES (1, '{"bridges": {"arbitrum-canonical": {"haircut": 0.01}}}')`)
			refused(t, "shares", append(append([]string{}, move[:7]...), append([]string{"11"}, move[8:]...)...)...)
			t0 := time.Now().UTC()
			var m settle.ChainMove
			if err := json.Unmarshal([]byte(mustSucceed(t, append(move, "--json")...)), &m); err != nil || m.Status != settle.StatusPending {
				t.Fatalf("move: %+v %v", m, err)
			}
			var vs struct {
				Balances map[string]struct{ Shares string }
				Located  []struct{ Chain, Bridge, Shares string }
			}
			if err := json.Unmarshal([]byte(mustSucceed(t, "vault", "state", "--account", "fund-a", "--json", "--db", db)), &vs); err != nil {
				t.Fatal(err)
			}
			if vs.Balances["WETH"].Shares != "6" || len(vs.Located) != 1 || vs.Located[0].Chain != "in-flight" || vs.Located[0].Shares != "4" {
				t.Fatalf("in flight: %+v", vs)
			}
			final := t0.Add(17 * time.Minute).Format(time.RFC3339)
			relay := func(id, relayer string, extra ...string) []string {
				return append([]string{"settle", "relay", "--id", id, "--relayer", relayer, "--move", "m1", "--event", "finalized",
					"--source-tx", "0xabc", "--shares", "4", "--now", final, "--db", db}, extra...)
			}
			refused(t, "not final", append(relay("r0", "watcher-1"), "--now", t0.Add(time.Minute).Format(time.RFC3339))...)
			refused(t, "relayer", relay("r1", "mallory")...)
			refused(t, "expires_at", relay("r1", "watcher-1", "--expires", "48h")...)
			mustSucceed(t, relay("r1", "watcher-1")...)
			refused(t, "already attested", relay("r2", "watcher-1")...)
			before := mustSucceed(t, "settle", "list", "--json", "--db", db)
			stale, _ := json.Marshal(settle.RelayMessage{ID: "r3", Relayer: "watcher-2", Move: "m1", Event: "finalized",
				SourceTx: "0xabc", Shares: "4", ExpiresAt: t0.Add(16 * time.Minute).Format(time.RFC3339)})
			refused(t, "expires_at", "settle", "relay", "--file", writeFile(t, dir, "stale.json", string(stale)), "--now", final, "--db", db)
			if after := mustSucceed(t, "settle", "list", "--json", "--db", db); after != before {
				t.Fatal("a refused message changed the moves")
			}
			if err := json.Unmarshal([]byte(mustSucceed(t, append(relay("r3", "watcher-2"), "--json")...)), &m); err != nil || m.Status != settle.StatusPosted {
				t.Fatalf("after two attestations: %+v %v", m, err)
			}
			refused(t, "already posted", relay("r4", "watcher-3")...)
			var st settle.AccountStatus
			if err := json.Unmarshal([]byte(mustSucceed(t, "settle", "status", "--account", "fund-a", "--json", "--db", db)), &st); err != nil {
				t.Fatal(err)
			}
			if len(st.Holdings) != 2 || st.Holdings[1].Chain != "arbitrum" || st.Holdings[1].Shares != "4" || st.ByChain["ethereum"] != 18000 {
				t.Fatalf("status %+v", st)
			}
			mustSucceed(t, "ledger", "verify", "--db", db)
		})
	}
}

func TestSettleSimulateContract(t *testing.T) {
	out := mustSucceed(t, "settle", "simulate", "--seeds", "3", "--steps", "100", "--json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep["seeds"] != 3.0 || rep["violations"] != 0.0 {
		t.Fatalf("report %s", out)
	}
	if again := mustSucceed(t, "settle", "simulate", "--seeds", "3", "--steps", "100", "--json"); again != out {
		t.Fatal("the same seeds printed different figures")
	}
}

// TestSimulationWithViolationsExitsOne: the figures are printed, then the
// command fails with exit status 1 naming the first violation.
func TestSimulationWithViolationsExitsOne(t *testing.T) {
	e := &env{out: &bytes.Buffer{}}
	rep := &settle.SimReport{Seeds: 2, Violations: 1, FirstViolation: &settle.Violation{Seed: 2, Step: 9, What: "counted twice"}}
	err := reportSimulation(e, rep, formatFlag{}, true)
	var pf *reportedError
	if !errors.As(err, &pf) || exitCode(err) != exitInput || !strings.Contains(err.Error(), "seed 2 step 9: counted twice") {
		t.Fatalf("error %v (exit %d)", err, exitCode(err))
	}
	if !strings.Contains(e.out.String(), `"violations": 1`) {
		t.Fatalf("figures not printed: %s", e.out)
	}
	if err := reportSimulation(&env{out: &bytes.Buffer{}}, &settle.SimReport{Seeds: 2}, formatFlag{}, true); err != nil {
		t.Fatal(err)
	}
}

// TestSettleSimulateBoundsSteps: a schedule's cost grows with the square of
// its steps (the auditor checks every move after every step: 3,000 steps
// took 2 s, 30,000 took 45 s, load ~10), so --steps 100000000000 ran until
// killed; --steps and --seeds have upper bounds, refused as usage errors
// naming the flag before any work.
func TestSettleSimulateBoundsSteps(t *testing.T) {
	for _, c := range []struct{ flag, value string }{{"--steps", "10001"}, {"--steps", "100000000000"}, {"--seeds", "100001"}} {
		out := mustFail(t, 1, "settle", "simulate", c.flag, c.value)
		if !strings.Contains(out, c.flag) {
			t.Errorf("%s %s: %q does not name the flag", c.flag, c.value, out)
		}
	}
}
