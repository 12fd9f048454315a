// Governance's records (govern.Tx) and the configuration keys (vault.Tx):
// each round-trips, a replayed message hash and a repeated log sequence are
// refused by the schema, and a failed transaction leaves none of it.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/vault"
)

func testGovernance(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	gov := func(f func(tx govern.Tx) error) error {
		return db.Update(ctx, func(tx vault.Tx) error {
			g, ok := tx.(govern.Tx)
			if !ok {
				t.Fatal("a store transaction is not a govern.Tx")
			}
			return f(g)
		})
	}
	row := func(seq int) govern.LogRow {
		return govern.LogRow{Seq: seq, Prev: "p", Hash: "h", Entry: []byte(`{"seq":1}`)}
	}
	err := gov(func(tx govern.Tx) error {
		steps := []error{
			tx.PutGovRules([]byte(`{"r":1}`)),
			tx.PutGovVersion(1, []byte(`{"v":1}`)),
			tx.PutGovVersion(2, []byte(`{"v":2}`)),
			tx.PutGovVersion(2, []byte(`{"v":2,"ratified":true}`)), // a guardian's ratification rewrites its record
			tx.PutGovProposal("p2", 2, []byte(`{"p":2}`)),
			tx.PutGovProposal("p1", 1, []byte(`{"p":1}`)),
			tx.PutGovProposal("p1", 1, []byte(`{"p":"1b"}`)),
			tx.PutGovMessage("m1"),
			tx.AppendGovLog(row(1)),
			tx.PutParamsKey("a", 1), tx.PutParamsKey("b", 1), tx.PutParamsKey("c", 3), tx.PutParamsKey("c", 2),
			tx.DeleteParamsKey("b"), tx.DeleteParamsKey("nobody"),
		}
		return errors.Join(steps...)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(vtx vault.Tx) error {
		tx := vtx.(govern.Tx)
		rules, ok, err := tx.GovRules()
		if err != nil || !ok || string(rules) != `{"r":1}` {
			t.Errorf("rules %q %v %v", rules, ok, err)
		}
		vs, _ := tx.GovVersions()
		if want := [][]byte{[]byte(`{"v":1}`), []byte(`{"v":2,"ratified":true}`)}; !reflect.DeepEqual(vs, want) {
			t.Errorf("versions %q", vs)
		}
		ps, _ := tx.GovProposals()
		if want := [][]byte{[]byte(`{"p":"1b"}`), []byte(`{"p":2}`)}; !reflect.DeepEqual(ps, want) {
			t.Errorf("proposals in creation order %q", ps)
		}
		if p, ok, _ := tx.GovProposal("p2"); !ok || string(p) != `{"p":2}` {
			t.Errorf("proposal p2 %q %v", p, ok)
		}
		if seen, _ := tx.GovMessageSeen("m1"); !seen {
			t.Error("message m1 not seen")
		}
		if seen, _ := tx.GovMessageSeen("m2"); seen {
			t.Error("message m2 seen")
		}
		lg, _ := tx.GovLog()
		if !reflect.DeepEqual(lg, []govern.LogRow{row(1)}) {
			t.Errorf("log %+v", lg)
		}
		keys, _ := tx.ParamsKeyVersions()
		if !reflect.DeepEqual(keys, []int{1, 2}) {
			t.Errorf("keyed versions %v, want [1 2]", keys)
		}
		for acct, want := range map[string]int{"a": 1, "c": 2} {
			if v, ok, err := tx.ParamsKey(acct); v != want || !ok || err != nil {
				t.Errorf("key of %s = %d %v %v", acct, v, ok, err)
			}
		}
		if _, ok, _ := tx.ParamsKey("b"); ok {
			t.Error("deleted key of b still there")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// replay protection and the log's order are the schema's too
	if err := gov(func(tx govern.Tx) error { return tx.PutGovMessage("m1") }); err == nil {
		t.Error("a message hash stored twice")
	}
	if err := gov(func(tx govern.Tx) error { return tx.AppendGovLog(row(1)) }); err == nil {
		t.Error("a log sequence number stored twice")
	}
	// a failed transaction leaves nothing
	boom := errors.New("boom")
	err = gov(func(tx govern.Tx) error {
		_ = tx.PutGovMessage("m9")
		_ = tx.PutParamsKey("z", 9)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(vtx vault.Tx) error {
		tx := vtx.(govern.Tx)
		if seen, _ := tx.GovMessageSeen("m9"); seen {
			t.Error("rolled-back message kept")
		}
		if _, ok, _ := tx.ParamsKey("z"); ok {
			t.Error("rolled-back key kept")
		}
		return nil
	})
}
