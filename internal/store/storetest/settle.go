// Settlement's records (settle.Tx): moves with every filter, the largest
// sequence, relay messages (an id stored twice is refused by the schema)
// and bridge states; then one script of the engine run on this store and
// on settle.Memory, which must report the same.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/settle"
	"github.com/unimargin/unimargin/internal/vault"
)

func settleTx(t *testing.T, tx vault.Tx) settle.Tx {
	s, ok := tx.(settle.Tx)
	if !ok {
		t.Fatal("a store transaction is not a settle.Tx")
	}
	return s
}

func testSettlement(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	row := func(id, account, status, bridge string, seq int, at time.Time) settle.MoveRow {
		return settle.MoveRow{ID: id, Account: account, Status: status, Bridge: bridge, Seq: seq, InitiatedAt: at,
			Deadline: at.Add(time.Hour), ValueUSD: "1.5", Record: []byte(`{"id":"` + id + `"}`)}
	}
	rows := []settle.MoveRow{
		row("m1", "a", settle.StatusPending, "cctp", 1, t0),
		row("m2", "b", settle.StatusPosted, "cctp", 2, t0.Add(500*time.Millisecond)),
		row("m3", "a", settle.StatusPending, "wormhole", 3, t0.Add(2*time.Hour)),
	}
	update(t, db, func(vtx vault.Tx) error {
		tx := settleTx(t, vtx)
		for _, r := range rows {
			if err := tx.PutSettleMove(r); err != nil {
				return err
			}
		}
		rows[0].Status, rows[0].Record = settle.StatusVoided, []byte(`{"id":"m1","status":"voided"}`)
		return errors.Join(tx.PutSettleMove(rows[0]), tx.PutSettleMessage("msg1", []byte(`{"m":1}`)),
			tx.PutSettleBridge("cctp", []byte(`{"halted":true}`)), tx.PutSettleBridge("cctp", []byte(`{"halted":false}`)))
	})
	ids := func(rs []settle.MoveRow) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	_ = db.View(ctx, func(vtx vault.Tx) error {
		tx := settleTx(t, vtx)
		for _, c := range []struct {
			f    settle.MoveFilter
			want []string
		}{
			{settle.MoveFilter{}, []string{"m1", "m2", "m3"}},
			{settle.MoveFilter{Account: "a"}, []string{"m1", "m3"}},
			{settle.MoveFilter{PendingOnly: true}, []string{"m3"}},
			{settle.MoveFilter{Bridge: "cctp"}, []string{"m1", "m2"}},
			{settle.MoveFilter{Since: t0}, []string{"m2", "m3"}},
			{settle.MoveFilter{DeadlineBy: t0.Add(time.Hour + time.Second)}, []string{"m1", "m2"}},
			{settle.MoveFilter{Account: "a", PendingOnly: true, Bridge: "wormhole", Since: t0, DeadlineBy: t0.Add(5 * time.Hour)}, []string{"m3"}},
		} {
			got, err := tx.SettleMoves(c.f)
			if err != nil || !reflect.DeepEqual(ids(got), c.want) {
				t.Errorf("filter %+v: %v %v, want %v", c.f, ids(got), err, c.want)
			}
		}
		all, _ := tx.SettleMoves(settle.MoveFilter{})
		if !all[1].InitiatedAt.Equal(rows[1].InitiatedAt) || all[0].Status != settle.StatusVoided || string(all[0].Record) != string(rows[0].Record) || all[0].ValueUSD != "1.5" {
			t.Errorf("round trip %+v", all[:2])
		}
		if n, err := tx.SettleLastSeq(); n != 3 || err != nil {
			t.Errorf("last seq %d %v", n, err)
		}
		if rec, ok, _ := tx.SettleMessage("msg1"); !ok || string(rec) != `{"m":1}` {
			t.Errorf("message %q %v", rec, ok)
		}
		if rec, ok, _ := tx.SettleBridge("cctp"); !ok || string(rec) != `{"halted":false}` {
			t.Errorf("bridge %q %v", rec, ok)
		}
		return nil
	})
	if err := db.Update(ctx, func(vtx vault.Tx) error { return settleTx(t, vtx).PutSettleMessage("msg1", []byte("{}")) }); err == nil {
		t.Error("a relay message id stored twice")
	}
	testSettlementScript(t, open)
}

// testSettlementScript runs the same moves on this store and on memory.
func testSettlementScript(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	mem := settle.NewMemory()
	reg := settle.Default()
	rp := margin.DefaultRiskParams()
	rp.Bridges["cctp"] = margin.HaircutParams{Haircut: 0.005}
	cfg := vault.Config{RiskParams: rp}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	market := []byte(`{"as_of": "2026-01-01T00:00:00Z", "assets": {"USDC": {"price": "1", "class": "stable"}}}`)
	relay := func(id, relayer, move string, at time.Time) settle.RelayMessage {
		return settle.RelayMessage{ID: id, Relayer: relayer, Move: move, Event: settle.EventFinalized, SourceTx: "tx-" + move,
			Shares: "1000", ExpiresAt: at.Add(time.Minute).Format(time.RFC3339)}
	}
	move := func(id string) settle.MoveRequest {
		return settle.MoveRequest{ID: id, Account: "a", Asset: "USDC", Shares: "1000", From: "ethereum", To: "arbitrum",
			Bridge: "cctp", SourceTx: "tx-" + id}
	}
	at := t0.Add(time.Hour)
	steps := []func(tx settle.Tx) error{
		func(tx settle.Tx) error { return vault.SetMarket(tx, market) },
		func(tx settle.Tx) error { _, err := vault.Deposit(tx, "d1", "a", "USDC", "5000"); return err },
		func(tx settle.Tx) error { _, err := settle.Initiate(tx, reg, cfg, move("m1"), t0); return err },
		func(tx settle.Tx) error { _, err := settle.Initiate(tx, reg, cfg, move("m2"), t0); return err },
		func(tx settle.Tx) error {
			_, err := settle.Relay(tx, reg, relay("r1", "watcher-1", "m1", at), at)
			return err
		},
		func(tx settle.Tx) error {
			_, err := settle.Relay(tx, reg, relay("r2", "watcher-2", "m1", at), at)
			return err
		},
		func(tx settle.Tx) error { _, err := settle.Expire(tx, t0.Add(48*time.Hour)); return err },
	}
	for i, step := range steps {
		if err := step(mem); err != nil {
			t.Fatalf("memory step %d: %v", i, err)
		}
		if err := db.Update(context.Background(), func(vtx vault.Tx) error { return step(settleTx(t, vtx)) }); err != nil {
			t.Fatalf("store step %d: %v", i, err)
		}
	}
	report := func(tx settle.Tx) string {
		st, err := settle.StatusOf(tx, reg, "a")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(st)
		return string(b)
	}
	want := report(mem)
	var got string
	_ = db.View(context.Background(), func(vtx vault.Tx) error { got = report(settleTx(t, vtx)); return nil })
	if got != want {
		t.Fatalf("the store reports\n%s\nmemory reports\n%s", got, want)
	}
	if err := db.View(context.Background(), func(vtx vault.Tx) error { return vault.Verify(vtx) }); err != nil {
		t.Fatal(err)
	}
}
