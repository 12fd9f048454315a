// The service's stored documents: token grants, the account list, the
// risk-parameter and the deposit-caps documents, the same on every dialect.
package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

func testServiceDocuments(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	tok, g, err := access.NewToken(access.AccountSubject("bob"), "desk")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutGrant(ctx, g); err != nil {
		t.Fatal(err)
	}
	if err := db.PutGrant(ctx, g); !errors.Is(err, store.ErrDuplicateGrant) {
		t.Fatalf("second PutGrant: %v, want ErrDuplicateGrant", err)
	}
	got, ok, err := db.Grant(ctx, access.Hash(tok))
	if err != nil || !ok || got != g {
		t.Fatalf("Grant = %+v %v %v, want %+v", got, ok, err, g)
	}
	if _, ok, err := db.Grant(ctx, access.Hash(tok+"x")); ok || err != nil {
		t.Fatalf("unknown hash: ok=%v err=%v", ok, err)
	}
	if err := db.View(ctx, func(tx vault.Tx) error {
		if doc, ok, err := tx.Caps(); ok || err != nil {
			t.Errorf("Caps before any is stored = %q %v %v", doc, ok, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx vault.Tx) error {
		if err := tx.PutCaps([]byte(`{"v": 1}`)); err != nil {
			return err
		}
		if err := tx.PutCaps([]byte(`{"v": 2}`)); err != nil {
			return err
		}
		for _, id := range []string{"zed", "alice", "bob"} {
			if err := tx.CreateAccount(id); err != nil {
				return err
			}
		}
		return tx.PutRiskParams([]byte(`{"version": "v9"}`))
	})
	if err := db.View(ctx, func(tx vault.Tx) error {
		ids, err := tx.AccountIDs()
		if err != nil {
			return err
		}
		if !slices.Equal(ids, []string{"alice", "bob", "zed"}) {
			t.Errorf("AccountIDs = %v", ids)
		}
		doc, ok, err := tx.RiskParams()
		if err != nil || !ok || string(doc) != `{"version": "v9"}` {
			t.Errorf("RiskParams = %q %v %v", doc, ok, err)
		}
		if doc, ok, err := tx.Caps(); err != nil || !ok || string(doc) != `{"v": 2}` {
			t.Errorf("Caps = %q %v %v, want the last one stored", doc, ok, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}
