// Package postgres opens the PostgreSQL store through pgx's database/sql
// driver (the same SQL as SQLite, so both pass one contract suite). Writers
// are serialized by a transaction-scoped advisory lock; reads run on a
// repeatable-read snapshot.
package postgres

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/unimargin/unimargin/internal/store"
)

// Open connects to dsn (postgres://… or key=value) and migrates the schema.
func Open(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	s, err := store.New(ctx, db, store.Postgres)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	return s, nil
}
