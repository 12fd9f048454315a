// Goal: the simulator runs the real engine through delays, reorgs, halts,
// exploits and relayer crashes without a violation, the same seeds give
// the same figures, and the auditor does catch a broken engine.
package settle

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

func TestSimulatorFindsNoViolation(t *testing.T) {
	seeds := 200
	if testing.Short() {
		seeds = 40
	}
	rep, err := Simulate(SimConfig{Seeds: seeds, FirstSeed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", *rep)
	if rep.Violations != 0 {
		t.Fatalf("%d violations, first %+v", rep.Violations, rep.FirstViolation)
	}
	if rep.Seeds != seeds || rep.Moves == 0 || rep.Posted == 0 && rep.Voided == 0 {
		t.Fatalf("report %+v", *rep)
	}
	for name, n := range map[string]int{"reorgs": rep.Reorgs, "reorged moves": rep.ReorgedMoves, "halts": rep.Halts,
		"exploits": rep.Exploits, "forged refused": rep.ForgedRefused, "relayer crashes": rep.RelayerCrashes,
		"replays refused": rep.ReplaysRefused} {
		if n == 0 {
			t.Errorf("no %s in %d schedules: the simulator does not exercise them", name, seeds)
		}
	}
}

func TestSimulatorIsDeterministic(t *testing.T) {
	a, err := Simulate(SimConfig{Seeds: 5, FirstSeed: 77})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Simulate(SimConfig{Seeds: 5, FirstSeed: 77})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seeds, different figures:\n%+v\n%+v", *a, *b)
	}
}

// TestAuditorCatchesTampering: shares created on another chain out of
// nothing, and a move posted on a source a reorg dropped, are violations.
func TestAuditorCatchesTampering(t *testing.T) {
	rep := &SimReport{}
	w, err := newWorld(3, rep, 50)
	if err != nil {
		t.Fatal(err)
	}
	w.audit(true)
	if rep.Violations != 0 {
		t.Fatalf("a fresh world: %+v", rep.FirstViolation)
	}
	vt, _, _ := w.store.Vault("WETH")
	share := vt.ShareSymbol()
	located := vault.LocatedSharesAccount("acct-1", "arbitrum", "arbitrum-canonical", share)
	if _, err := ledger.Open(w.store, located, share, ledger.DebitsMustNotExceedCredits); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ledger.Post(w.store, ledger.Transfer{ID: "forged-mint", Debit: "supply:" + share, Credit: located,
		Asset: share, Amount: money.AmountFromUint64(1e18), Code: "mint"}); err != nil {
		t.Fatal(err)
	}
	w.audit(false)
	if rep.Violations == 0 || !strings.Contains(rep.FirstViolation.What, "created or destroyed") {
		t.Fatalf("shares minted on arbitrum without a move: %+v", rep.FirstViolation)
	}

	rep = &SimReport{}
	w, _ = newWorld(4, rep, 50)
	w.now = w.now.Add(time.Minute)
	mv, err := Initiate(w.store, w.reg, w.cfg, MoveRequest{ID: "m", Account: "acct-1", Asset: "USDC", Shares: "10",
		From: "ethereum", To: "arbitrum", Bridge: "cctp", SourceTx: "tx-m"}, w.now)
	if err != nil {
		t.Fatal(err)
	}
	w.open[mv.ID] = true
	w.txs[mv.ID] = &simTx{id: "tx-m", chain: "ethereum", at: w.now, dropped: true}
	at := w.now.Add(time.Hour)
	for _, r := range []string{"watcher-1", "watcher-2"} { // two relayers attest a source that is gone
		if _, err := Relay(w.store, w.reg, RelayMessage{ID: "msg-" + r, Relayer: r, Move: "m", Event: EventFinalized,
			SourceTx: "tx-m", Shares: "10", ExpiresAt: at.Add(time.Minute).Format(time.RFC3339)}, at); err != nil {
			t.Fatal(err)
		}
	}
	w.now = at
	w.audit(false)
	if rep.Violations == 0 || !strings.Contains(rep.FirstViolation.What, "without a final source") {
		t.Fatalf("a move posted on a dropped source: %+v", rep.FirstViolation)
	}
}
