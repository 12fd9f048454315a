// Package sqlite opens the embedded SQLite store (modernc.org/sqlite, pure
// Go): one file, WAL journal, synchronous=FULL (a committed command survives
// a crash), writers serialized by BEGIN IMMEDIATE with a busy timeout so
// that concurrent CLI processes on one file wait rather than fail.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/unimargin/unimargin/internal/store"
)

// BusyTimeoutMillis is how long a writer waits for another's lock.
const BusyTimeoutMillis = 30_000

// Options tune OpenWith.
type Options struct {
	// NoSync leaves commits unsynced (synchronous=NORMAL: in WAL mode the
	// log is synced only at checkpoints), so a committed transaction
	// survives the process dying but not the machine losing power. For the
	// simulator, whose crashes are process crashes, and throwaway stores;
	// never for a service's store.
	NoSync bool
}

// Open opens (creating it and its directory when absent) the SQLite store at
// path and migrates it.
func Open(ctx context.Context, path string) (*store.DB, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o Options) (*store.DB, error) {
	// The store holds balances, books and token hashes: a directory it
	// creates is the owner's alone (0700), and so is a new database file
	// (0600; SQLite gives its -wal and -shm files the same mode).
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite store %s: %w", path, err)
		}
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		f.Close()
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeoutMillis))
	q.Add("_pragma", "journal_mode(WAL)")
	if o.NoSync {
		q.Add("_pragma", "synchronous(NORMAL)")
	} else {
		q.Add("_pragma", "synchronous(FULL)")
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	s, err := store.New(ctx, db, store.SQLite)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	return s, nil
}
