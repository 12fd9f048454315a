// The fault hook (store.Fault): each kind strikes where it says, a struck
// transaction keeps nothing (or, for a lost reply, everything), and a
// caller that ignores a failed call is caught.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

func testFaults(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	deposit := func(id string) func(tx vault.Tx) error {
		return func(tx vault.Tx) error { _, err := vault.Deposit(tx, id, "a", "USDC", "5"); return err }
	}
	update(t, db, deposit("first"))
	before := dumpBalances(t, db)
	for _, f := range []*store.Fault{
		{Kind: store.FaultCall, At: 0}, {Kind: store.FaultCall, At: 7},
		{Kind: store.FaultTorn, At: 0}, {Kind: store.FaultTorn, At: 3}, {Kind: store.FaultCommit},
	} {
		db.Arm(f)
		err := db.Update(ctx, deposit("d-"+f.Kind.String()))
		if !errors.Is(err, store.ErrInjected) || !errors.Is(err, store.ErrStorage) || !f.Fired() || f.Swallowed() {
			t.Fatalf("%s at %d: err %v, fired %v, swallowed %v", f.Kind, f.At, err, f.Fired(), f.Swallowed())
		}
		if after := dumpBalances(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("%s at %d: the failed transaction changed the store", f.Kind, f.At)
		}
	}
	// Armed for one write transaction only: a read does not take it, the
	// next write does, and the one after is untouched.
	f := &store.Fault{Kind: store.FaultCall, At: 0}
	db.Arm(f)
	if err := db.View(ctx, func(tx vault.Tx) error { _, err := vault.State(tx, vault.Config{}, "a"); return err }); err != nil || f.Fired() {
		t.Fatalf("a read took the write fault: %v", err)
	}
	if err := db.Update(ctx, deposit("x")); !errors.Is(err, store.ErrInjected) {
		t.Fatalf("the armed write: %v", err)
	}
	update(t, db, deposit("x"))
	// A fault past the transaction's last call never strikes.
	f = &store.Fault{Kind: store.FaultCall, At: 1 << 20}
	db.Arm(f)
	update(t, db, deposit("y"))
	if f.Fired() {
		t.Fatal("a fault past the last call struck")
	}

	// A lost reply: committed, yet reported failed; a retry replays.
	before = dumpBalances(t, db)
	db.Arm(&store.Fault{Kind: store.FaultLostReply})
	if err := db.Update(ctx, deposit("lost")); !errors.Is(err, store.ErrInjected) {
		t.Fatalf("lost reply: %v", err)
	}
	committed := dumpBalances(t, db)
	if reflect.DeepEqual(before, committed) {
		t.Fatal("lost reply: the transaction did not commit")
	}
	update(t, db, deposit("lost"))
	if again := dumpBalances(t, db); !reflect.DeepEqual(committed, again) {
		t.Fatal("the retry of a committed request moved money again")
	}

	// A full disk fails every write until disarmed; reads go on.
	db.Arm(&store.Fault{Kind: store.FaultDiskFull})
	for _, id := range []string{"full1", "full2"} {
		if err := db.Update(ctx, deposit(id)); !errors.Is(err, store.ErrStorage) {
			t.Fatalf("disk full: %v", err)
		}
	}
	if err := db.View(ctx, func(tx vault.Tx) error { return vault.Verify(tx) }); err != nil {
		t.Fatalf("a read on a full disk: %v", err)
	}
	db.Arm(nil)
	update(t, db, deposit("full1"))

	// A caller that ignores a failed call and commits is caught.
	f = &store.Fault{Kind: store.FaultCall, At: 0}
	db.Arm(f)
	if err := db.Update(ctx, func(tx vault.Tx) error { _, _, _ = tx.Market(); return nil }); err != nil {
		t.Fatal(err)
	}
	if !f.Swallowed() {
		t.Fatal("an ignored failure was not reported as swallowed")
	}
}
