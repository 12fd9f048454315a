package postgres_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/pgtest"
	"github.com/unimargin/unimargin/internal/store/postgres"
	"github.com/unimargin/unimargin/internal/store/storetest"
)

// dsn returns PG_DSN, or skips the test; with UNIMARGIN_REQUIRE_PG=1 (CI) a
// missing database fails instead.
func dsn(t testing.TB) string {
	d := os.Getenv("PG_DSN")
	if d == "" {
		if os.Getenv("UNIMARGIN_REQUIRE_PG") == "1" {
			t.Fatal("PG_DSN is not set and UNIMARGIN_REQUIRE_PG=1: PostgreSQL is required")
		}
		t.Skip("PG_DSN is not set: skipping the PostgreSQL store (set it, e.g. postgres://unimargin:unimargin@localhost/unimargin)")
	}
	return d
}

var schemas atomic.Int64

// open gives each test a fresh schema of the PG_DSN database.
func open(t testing.TB) *store.DB {
	base := dsn(t)
	schema := fmt.Sprintf("t%d_%d", os.Getpid(), schemas.Add(1))
	db, err := postgres.Open(context.Background(), pgtest.Schema(t, base, schema))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *store.DB { return open(t) })
}

func BenchmarkTransfers(b *testing.B) {
	storetest.BenchmarkTransfers(b, func(b *testing.B) *store.DB { return open(b) })
}
