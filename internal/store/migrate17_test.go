package store

// Goal: migration 00017 keeps every webhook and delivery written under
// 00016 and makes their ids the account's own. Method: migrate a fresh
// database to 00016 with goose, write rows as the 00016 server did (a
// sealed secret, a plaintext one, a delivery log and an orphaned log row),
// open it (which migrates to the newest version) and read them back through
// the store: the sealed row's key id gains the "id:" prefix (bound to the
// id alone), the plaintext one stays "", the log belongs to the webhook's
// account and the orphan is gone; then a second account takes the same id,
// and down refuses while it has it.
// SQLite always; PostgreSQL when PG_DSN is set.

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"github.com/unimargin/unimargin/internal/store/pgtest"
)

func TestMigration17KeepsWebhooks(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		testMigration17(t, db, SQLite)
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("PG_DSN")
		if base == "" {
			t.Skip("PG_DSN is not set")
		}
		schema := fmt.Sprintf("m17_%d_%d", os.Getpid(), time.Now().UnixNano())
		db, err := sql.Open("pgx", pgtest.Schema(t, base, schema))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		testMigration17(t, db, Postgres)
	})
}

func testMigration17(t *testing.T, db *sql.DB, d Dialect) {
	ctx := context.Background()
	fsys, err := fs.Sub(migrations, "migrations/"+d.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(d.goose, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 16); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC).Format(sortableTime)
	for _, q := range []string{
		`INSERT INTO webhooks (id, account, url, secret, secret_key, created_at) VALUES ('w', 'alice', 'https://a.example/h', 'c2VhbGVk', 'k1', '` + at + `')`,
		`INSERT INTO webhooks (id, account, url, secret, secret_key, created_at) VALUES ('p', 'bob', 'https://b.example/h', 'plaintext-secret', '', '` + at + `')`,
		`INSERT INTO webhook_deliveries (webhook_id, event_id, attempt, status, error, at) VALUES ('w', 'al_1', 1, 200, '', '` + at + `')`,
		`INSERT INTO webhook_deliveries (webhook_id, event_id, attempt, status, error, at) VALUES ('gone', 'al_2', 1, 500, 'HTTP 500', '` + at + `')`,
	} {
		if _, err := db.ExecContext(ctx, d.rewrite(q)); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s, err := New(ctx, db, d)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := s.AllWebhooks(ctx)
	if err != nil || len(hs) != 2 {
		t.Fatalf("AllWebhooks = %+v %v", hs, err)
	}
	if a, b := hs[0], hs[1]; a.Account != "alice" || a.ID != "w" || a.KeyID != "id:k1" || a.Secret != "c2VhbGVk" ||
		b.Account != "bob" || b.KeyID != "" || b.Secret != "plaintext-secret" {
		t.Fatalf("migrated webhooks %+v %+v", a, b)
	}
	if ds, err := s.Deliveries(ctx, "alice", "w", 10); err != nil || len(ds) != 1 || ds[0].EventID != "al_1" {
		t.Fatalf("alice's w log = %+v %v", ds, err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_deliveries`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d log rows (%v), want 1: the orphaned row is dropped", n, err)
	}
	if err := s.AddWebhook(ctx, WebhookRow{ID: "w", Account: "bob", URL: "https://b.example/w", Secret: "x", Created: time.Now()}, 5); err != nil {
		t.Fatalf("bob's w beside alice's: %v", err)
	}
	// Down fails while two accounts share an id, and works once they do not.
	if _, err := p.DownTo(ctx, 16); err == nil {
		t.Fatal("down to 00016 with two webhooks named w")
	}
	if _, err := s.DeleteWebhook(ctx, "bob", "w"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 16); err != nil {
		t.Fatal(err)
	}
	var key string
	if err := db.QueryRowContext(ctx, `SELECT secret_key FROM webhooks WHERE id = 'w'`).Scan(&key); err != nil || key != "k1" {
		t.Fatalf("after down, w's key id %q (%v), want k1", key, err)
	}
}
