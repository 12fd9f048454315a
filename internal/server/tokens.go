// Issuing API tokens: the token is returned once and only its hash stored.
package server

import (
	"context"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/store"
)

// IssueToken creates a token for subject, stores its grant, and returns the
// token (shown once; it cannot be recovered from the store).
func IssueToken(ctx context.Context, db *store.DB, sub access.Subject, label string) (string, error) {
	tok, g, err := access.NewToken(sub, label)
	if err != nil {
		return "", err
	}
	if err := db.PutGrant(ctx, g); err != nil {
		return "", err
	}
	return tok, nil
}
