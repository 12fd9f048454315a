// Package pgtest gives a test its own schema of a PostgreSQL database, so
// tests sharing one PG_DSN (CI starts one server) never see each other's
// rows. Test code only: nothing outside _test.go files imports it.
package pgtest

import (
	"database/sql"
	"net/url"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Schema creates schema name in the database at base (a postgres:// URL),
// dropping one an interrupted earlier run left, drops it again when t
// ends, and returns base with search_path set to it. name must be a plain
// SQL identifier (callers build it from the pid and a counter or test name).
func Schema(t testing.TB, base, name string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("PG_DSN must be a postgres:// URL: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name); err != nil {
		t.Fatalf("PostgreSQL at PG_DSN: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			_, _ = a.Exec("DROP SCHEMA " + name + " CASCADE")
			a.Close()
		}
	})
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
