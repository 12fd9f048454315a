package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/store/storetest"
)

func open(t *testing.T) *store.DB {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "unimargin.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestContract(t *testing.T) { storetest.Run(t, open) }

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "u.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Deposit(t, db, "d1", "a", "WETH", "1.5")
	db.Close()
	db, err = sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.Deposit(t, db, "d1", "a", "WETH", "1.5") // replay, not a second deposit
	if got := storetest.TotalAssets(t, db, "WETH"); got != "1.5" {
		t.Fatalf("after reopen: %s", got)
	}
}

func BenchmarkTransfers(b *testing.B) {
	storetest.BenchmarkTransfers(b, func(b *testing.B) *store.DB {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		return db
	})
}

// A store opened without syncing (the simulator's) keeps what it committed
// across a close and an ordinary reopen, and passes the fault contract.
func TestNoSyncKeepsCommits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.db")
	db, err := sqlite.OpenWith(context.Background(), path, sqlite.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Deposit(t, db, "d1", "a", "WETH", "2")
	db.Close()
	db, err = sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := storetest.TotalAssets(t, db, "WETH"); got != "2" {
		t.Fatalf("after reopen: %s", got)
	}
}

func BenchmarkAppendHistory(b *testing.B) {
	storetest.BenchmarkAppendHistory(b, func(b *testing.B) *store.DB {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		return db
	})
}
