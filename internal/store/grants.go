// API token grants: the service stores a token's hash and subject, never the
// token; a lookup by hash answers who is calling.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/unimargin/unimargin/internal/access"
)

// ErrDuplicateGrant is returned by PutGrant for a hash already stored.
var ErrDuplicateGrant = errors.New("a grant with this token hash exists")

// PutGrant stores a token grant.
func (s *DB) PutGrant(ctx context.Context, g access.Grant) error {
	if len(g.Hash) != 64 {
		return fmt.Errorf("grant hash: want 64 hex digits, got %d characters", len(g.Hash))
	}
	_, found, err := s.Grant(ctx, g.Hash)
	if err != nil {
		return err
	}
	if found {
		return ErrDuplicateGrant
	}
	if _, err := s.db.ExecContext(ctx, s.queries["grant.put"], g.Hash, g.Subject.String(), g.Label); err != nil {
		return fmt.Errorf("%w: grant.put: %w", ErrStorage, err)
	}
	return nil
}

// Grant returns the grant stored under a token hash.
func (s *DB) Grant(ctx context.Context, hash string) (access.Grant, bool, error) {
	var subject, label string
	err := s.db.QueryRowContext(ctx, s.queries["grant.get"], hash).Scan(&subject, &label)
	if errors.Is(err, sql.ErrNoRows) {
		return access.Grant{}, false, nil
	}
	if err != nil {
		return access.Grant{}, false, fmt.Errorf("%w: grant.get: %w", ErrStorage, err)
	}
	sub, err := access.ParseSubject(subject)
	if err != nil {
		return access.Grant{}, false, fmt.Errorf("%w: stored grant: %w", ErrStorage, err)
	}
	return access.Grant{Hash: hash, Subject: sub, Label: label}, true, nil
}

// Ping checks the database answers (readiness).
func (s *DB) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("%w: ping: %w", ErrStorage, err)
	}
	return nil
}
