package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/unimargin/unimargin/internal/store"
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
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at PG_DSN: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("PG_DSN must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := postgres.Open(context.Background(), u.String())
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
