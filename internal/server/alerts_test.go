// Alerts you can list, and webhook secrets sealed at rest. Method: a health
// limit above the demo account's health, set three times (each set
// restarts the state clear, so each raises a `breached` alert), is listed
// newest first in pages; other tokens get the account routes' 403 whether
// the account exists or not. A webhook's stored secret is read back from
// the store as it is stored: it never holds the secret, no read returns
// it, and plaintext rows of before migration 00016 are sealed at start —
// a server with such rows and no key does not start.
package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
)

func TestAlertsAreStoredAndListed(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	tok := h.tokens["alice"]
	waitRuns(t, h.srv.events(), 1)
	var st struct {
		Unified struct{ Equity, Maintenance float64 }
	}
	h.do("GET", "/v1/accounts/alice", tok, nil).decode(t, &st)
	health := st.Unified.Equity / st.Unified.Maintenance
	var page Alerts
	for i := 1; i <= 3; i++ {
		h.do("PUT", "/v1/accounts/alice/limits", tok, map[string]any{"limits": []map[string]any{
			{"kind": "health", "threshold": health + float64(i)}}}).ok(t)
		for deadline := time.Now().Add(10 * time.Second); len(page.Alerts) < i; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("alert %d not listed: %+v", i, page)
			}
			h.do("GET", "/v1/accounts/alice/alerts", tok, nil).decode(t, &page)
		}
	}
	a := page.Alerts[0]
	raised, err := time.Parse(time.RFC3339Nano, a.RaisedAt)
	if a.Kind != alert.Health || a.State != "breached" || a.Threshold != health+3 || a.Value == nil || *a.Value != health ||
		err != nil || time.Since(raised) > time.Minute || page.Next != nil || page.Account != "alice" {
		t.Fatalf("newest alert %+v (health %v), page %+v", a, health, page)
	}
	if page.Alerts[2].Threshold != health+1 || page.Alerts[0].Seq <= page.Alerts[1].Seq {
		t.Fatalf("not newest first: %+v", page.Alerts)
	}
	var p1, p2 Alerts
	h.do("GET", "/v1/accounts/alice/alerts?limit=2", h.admin, nil).decode(t, &p1)
	if len(p1.Alerts) != 2 || p1.Next == nil || p1.Alerts[1].ID != page.Alerts[1].ID {
		t.Fatalf("first page of 2: %+v", p1)
	}
	h.do("GET", fmt.Sprintf("/v1/accounts/alice/alerts?limit=2&before=%d", *p1.Next), h.admin, nil).decode(t, &p2)
	if len(p2.Alerts) != 1 || p2.Next != nil || p2.Alerts[0].ID != page.Alerts[2].ID {
		t.Fatalf("second page: %+v", p2)
	}
	// Who may read: the account and the admin. Another account's token and
	// a venue's get the same 403 for alice as for an account that does not
	// exist.
	venue := h.venueToken("dydx")
	for _, other := range []string{h.tokens["bob"], venue} {
		a := h.do("GET", "/v1/accounts/alice/alerts", other, nil).problem(t, 403, CodeForbidden)
		b := h.do("GET", "/v1/accounts/nobody/alerts", other, nil).problem(t, 403, CodeForbidden)
		if a.Status != b.Status || a.Code != b.Code {
			t.Errorf("existing %+v, missing %+v", a, b)
		}
	}
	h.do("GET", "/v1/accounts/nobody/alerts", h.admin, nil).problem(t, 404, CodeUnknownAccount)
	var bobs Alerts
	h.do("GET", "/v1/accounts/bob/alerts", h.tokens["bob"], nil).decode(t, &bobs)
	if len(bobs.Alerts) != 0 || bobs.Alerts == nil {
		t.Fatalf("bob's alerts: %+v", bobs)
	}
	for _, q := range []string{"limit=0", "limit=501", "before=-1", "limit=x"} {
		p := h.do("GET", "/v1/accounts/alice/alerts?"+q, tok, nil).problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Location, "query.") {
			t.Errorf("%s: %+v does not name the parameter", q, p.Errors)
		}
	}
}

func TestWebhookSecretIsSealedAtRest(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	tok := h.tokens["alice"]
	const secret = "s3cret-s3cret-s3cret"
	r := h.do("PUT", "/v1/accounts/alice/webhooks/w1", tok, map[string]string{"url": "https://hooks.example/a", "secret": secret})
	if r.status != 200 || strings.Contains(string(r.body), secret) {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	// Without a secret the server makes one and shows it in this answer only.
	var made Webhook
	h.do("PUT", "/v1/accounts/alice/webhooks/w2", tok, map[string]string{"url": "https://hooks.example/b"}).decode(t, &made)
	if alert.CheckSecret(made.Secret) != nil {
		t.Fatalf("generated secret %q", made.Secret)
	}
	rows, err := h.db.AllWebhooks(t.Context())
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %+v %v", rows, err)
	}
	plain := map[string]string{"w1": secret, "w2": made.Secret}
	for _, row := range rows {
		s := plain[row.ID]
		if row.KeyID != "test" || strings.Contains(row.Secret, s) || strings.Contains(row.Secret, base64.StdEncoding.EncodeToString([]byte(s))) {
			t.Fatalf("stored row %+v holds the secret or no key id", row)
		}
		if got, err := h.srv.cfg.WebhookKeys.Open(row.Account, row.ID, row.KeyID, row.Secret); err != nil || got != s {
			t.Fatalf("stored %s does not open to its secret: %v", row.ID, err)
		}
	}
	for _, path := range []string{"/v1/accounts/alice/webhooks", "/v1/accounts/alice/webhooks/w2/deliveries"} {
		body := string(h.do("GET", path, tok, nil).ok(t))
		if strings.Contains(body, secret) || strings.Contains(body, made.Secret) {
			t.Fatalf("GET %s returns a secret: %s", path, body)
		}
	}
	// Bad input names the field and stores nothing.
	for _, c := range []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"url": "ftp://hooks.example/a", "secret": secret}, "body.url"},
		{map[string]string{"url": "https://hooks.example/a", "secret": "short"}, "body.secret"},
		{map[string]string{"url": "not a url", "secret": secret}, "body.url"},
	} {
		p := h.do("PUT", "/v1/accounts/alice/webhooks/w3", tok, c.body).problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || p.Errors[0].Location != c.field {
			t.Errorf("%v: %+v, want %s named", c.body, p.Errors, c.field)
		}
	}
	if rows, _ := h.db.AllWebhooks(t.Context()); len(rows) != 2 {
		t.Fatalf("a refused PUT stored a row: %+v", rows)
	}
}

// keyring parses a one-key (or more) key file text.
func keyring(t *testing.T, lines ...string) *alert.Keyring {
	t.Helper()
	k, err := alert.ParseKeyring([]byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func key(id string) string {
	b := make([]byte, alert.KeySize)
	_, _ = rand.Read(b)
	return id + ":" + base64.StdEncoding.EncodeToString(b)
}

func TestPlaintextSecretsAreSealedAtStart(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "unimargin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const secret = "legacy-plaintext-secret"
	// A row as 00015 wrote it: the secret in plaintext, no key id.
	if err := db.AddWebhook(ctx, store.WebhookRow{ID: "old", Account: "alice", URL: "https://hooks.example/a",
		Secret: secret, Created: time.Now()}, 5); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := func(keys *alert.Keyring) error {
		srv, err := New(Config{Store: db, Logger: quiet, WebhookKeys: keys})
		if err == nil {
			srv.Close()
		}
		return err
	}
	if err := start(nil); !errors.Is(err, ErrWebhookKeyRequired) || !strings.Contains(err.Error(), "--webhook-key-file") {
		t.Fatalf("start without a key: %v", err)
	}
	if rows, _ := db.AllWebhooks(ctx); rows[0].Secret != secret {
		t.Fatalf("a refused start changed the row: %+v", rows[0])
	}
	k1 := key("k1")
	if err := start(keyring(t, k1)); err != nil {
		t.Fatal(err)
	}
	rows, _ := db.AllWebhooks(ctx)
	if rows[0].KeyID != "k1" || strings.Contains(rows[0].Secret, secret) {
		t.Fatalf("not sealed at start: %+v", rows[0])
	}
	opened, err := keyring(t, k1).Open("alice", "old", "k1", rows[0].Secret)
	if err != nil || opened != secret {
		t.Fatalf("sealed row opens to %q %v", opened, err)
	}
	body := []byte(`{"id":"al_1"}`)
	if !alert.Verify([]byte(secret), body, alert.Sign([]byte(opened), body)) {
		t.Fatal("a signature under the opened secret does not verify under the original")
	}
	// The wrong key under the same id fails clearly, naming the flag.
	if err := start(keyring(t, key("k1"))); !errors.Is(err, ErrWebhookKey) || !errors.Is(err, alert.ErrSealed) ||
		!strings.Contains(err.Error(), "--webhook-key-file") {
		t.Fatalf("start with a wrong key: %v", err)
	}
	if err := start(keyring(t, key("k9"))); !errors.Is(err, alert.ErrUnknownKey) {
		t.Fatalf("start without the row's key id: %v", err)
	}
	// Rotation: a new current key first, the old one after; rows move over.
	if err := start(keyring(t, key("k2"), k1)); err != nil {
		t.Fatal(err)
	}
	if rows, _ := db.AllWebhooks(ctx); rows[0].KeyID != "k2" {
		t.Fatalf("not re-sealed under the current key: %+v", rows[0])
	}
}
