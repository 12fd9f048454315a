package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A new store is its owner's alone: the directory Open creates is 0700 and
// the database file 0600 (they hold balances, books and token hashes; other
// local users must not read them).
func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "u.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {path, 0o600}} {
		fi, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got&^c.want != 0 {
			t.Errorf("%s has mode %v, want at most %v", c.path, got, c.want)
		}
	}
}
