// DB: the one SQL implementation of vault.Tx, with the two dialects'
// differences (placeholders, numeric casts, the writer lock) in Dialect.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/unimargin/unimargin/internal/vault"
)

//go:embed migrations
var migrations embed.FS

// Error markers: ErrStorage on every failure of the database itself (as
// opposed to a refusal by the domain rules), ErrCorrupt on a stored value
// that does not parse.
var (
	ErrStorage = errors.New("store")
	ErrCorrupt = errors.New("corrupt value")
)

// Dialect is what differs between the SQL databases.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// numbered placeholders ($1) instead of ?
	numbered bool
	// writerLock is run first in every write transaction ("" for none).
	writerLock string
	// prepare: prepare each statement once per DB and bind it to each
	// transaction (modernc SQLite would otherwise compile it on every call;
	// pgx caches statements per connection itself, and an explicit prepare
	// costs it round trips).
	prepare bool
	goose   goose.Dialect
}

// SQLite and Postgres are the two dialects.
var (
	SQLite   = Dialect{Name: "sqlite", goose: goose.DialectSQLite3, prepare: true}
	Postgres = Dialect{Name: "postgres", numbered: true, goose: goose.DialectPostgres,
		writerLock: "SELECT pg_advisory_xact_lock(7261)"}
)

// rewrite turns the portable query text into the dialect's: ? is a
// placeholder, ?n a numeric (uint256 decimal text) placeholder.
func (d Dialect) rewrite(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		numeric := i+1 < len(q) && q[i+1] == 'n'
		if numeric {
			i++
		}
		n++
		switch {
		case !d.numbered:
			b.WriteByte('?')
		case numeric:
			fmt.Fprintf(&b, "CAST(CAST($%d AS TEXT) AS NUMERIC)", n)
		default:
			fmt.Fprintf(&b, "$%d", n)
		}
	}
	return b.String()
}

// DB is an open store.
type DB struct {
	db      *sql.DB
	dialect Dialect
	queries map[string]string

	faultMu sync.Mutex
	fault   *Fault // armed for the next write transaction (fault.go); nil: none

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared once per DB (Dialect.prepare), closed by Close
}

// prepared returns the DB's prepared statement for query name, preparing
// it on first use.
func (s *DB) prepared(ctx context.Context, name string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[name]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, s.queries[name])
	if err != nil {
		return nil, fmt.Errorf("%w: preparing %s: %w", ErrStorage, name, err)
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[name] = st
	return st, nil
}

// New wraps an open database and brings its schema up to date.
func New(ctx context.Context, db *sql.DB, d Dialect) (*DB, error) {
	s := &DB{db: db, dialect: d, queries: map[string]string{}}
	for k, q := range queries {
		s.queries[k] = d.rewrite(q)
	}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *DB) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations/"+s.dialect.Name)
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if s.dialect.Name == Postgres.Name {
		// Retry the migration lock every second (goose's default is 5 s),
		// for up to two minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 120))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(s.dialect.goose, s.db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("%w: migrations: %w", ErrStorage, err)
	}
	// Most opens find the schema current: checking takes no lock, so
	// concurrent commands do not queue on the migration lock.
	if pending, err := p.HasPending(ctx); err == nil && !pending {
		return nil
	}
	// Two processes opening a new SQLite file race to create the schema;
	// the loser sees the winner's version on a retry.
	for attempt := 0; ; attempt++ {
		if _, err = p.Up(ctx); err == nil || attempt == 4 {
			break
		}
		time.Sleep(time.Duration(50*(attempt+1)) * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("%w: migrating the schema: %w", ErrStorage, err)
	}
	return nil
}

// Close closes the database.
func (s *DB) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	return s.db.Close()
}

// Dialect returns the store's dialect.
func (s *DB) Dialect() Dialect { return s.dialect }

// Update runs f in one write transaction: committed when f returns nil,
// rolled back otherwise (f's error is returned unchanged).
func (s *DB) Update(ctx context.Context, f func(tx vault.Tx) error) error {
	return s.run(ctx, false, f)
}

// View runs f in one read-only transaction on a consistent snapshot.
func (s *DB) View(ctx context.Context, f func(tx vault.Tx) error) error {
	return s.run(ctx, true, f)
}

func (s *DB) run(ctx context.Context, readOnly bool, f func(tx vault.Tx) error) (err error) {
	// A read-only transaction is a deferred BEGIN on SQLite (a WAL snapshot
	// that never takes the write lock, so readers run side by side and do
	// not queue behind writers) and a repeatable-read snapshot on PostgreSQL.
	opts := &sql.TxOptions{ReadOnly: readOnly}
	if readOnly && s.dialect.Name == Postgres.Name {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("%w: begin: %w", ErrStorage, err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if !readOnly && s.dialect.writerLock != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.writerLock); err != nil {
			return fmt.Errorf("%w: writer lock: %w", ErrStorage, err)
		}
	}
	var vtx vault.Tx = &sqlTx{ctx: ctx, tx: tx, q: s.queries, db: s, prepare: s.dialect.prepare}
	var fault *Fault
	if !readOnly {
		if fault = s.takeFault(); fault != nil {
			vtx = fault.Tx(vtx)
		}
	}
	if err := f(vtx); err != nil {
		return err
	}
	if fault != nil {
		if err := fault.beforeCommit(); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: commit: %w", ErrStorage, err)
	}
	if fault != nil {
		return fault.afterCommit()
	}
	return nil
}
