// The service's stored documents: token grants, the account list and the
// risk-parameter document, the same on every dialect.
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
	update(t, db, func(tx vault.Tx) error {
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
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}
