package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/store/sqlite"
)

// TestTokenIssue: each subject kind gets a well-formed token whose stored
// grant names that subject; a bad subject is refused with one line naming
// the flag and stores nothing.
func TestTokenIssue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.db")
	db := "sqlite:" + path
	var issued []issuedToken
	for _, sub := range []string{"admin", "custodian", "account=fund-a", "venue=dydx"} {
		r := runCLI(t, "", "token", "issue", "--db", db, "--subject", sub, "--label", "t", "--json")
		if r.code != 0 {
			t.Fatalf("token issue --subject %s: %v", sub, r)
		}
		var got issuedToken
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatal(err)
		}
		if got.Subject != sub || !access.WellFormed(got.Token) {
			t.Fatalf("token issue --subject %s printed %+v", sub, got)
		}
		issued = append(issued, got)
	}
	refused(t, "--subject", "token", "issue", "--db", db, "--subject", "venue=..")
	refused(t, "--subject", "token", "issue", "--db", db, "--subject", "root")

	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, it := range issued {
		g, ok, err := s.Grant(ctx, access.Hash(it.Token))
		if err != nil || !ok || g.Subject.String() != it.Subject {
			t.Fatalf("grant of %s: %+v %v %v", it.Subject, g, ok, err)
		}
	}
}
