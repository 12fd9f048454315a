package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

// harness is a running server on a fresh SQLite store holding the demo
// market and one demo book per account, an admin token and one token per
// account.
type harness struct {
	t      *testing.T
	srv    *Server
	ts     *httptest.Server
	db     *store.DB
	admin  string
	tokens map[string]string // account → token
}

func newHarness(t *testing.T, cfg Config, accounts ...string) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "unimargin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Update(ctx, func(tx vault.Tx) error {
		if err := tx.PutMarket(demo.MarketJSON); err != nil {
			return err
		}
		for _, id := range accounts {
			if err := vault.SetPortfolio(tx, id, demo.PortfolioJSON); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cfg.Store = db
	if cfg.WebhookKeys == nil { // an ephemeral key, as serve --demo's
		if cfg.WebhookKeys, err = alert.NewKeyring("test", rand.Reader); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, db: db, tokens: map[string]string{}}
	h.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); h.ts.Close() })
	if h.admin, err = IssueToken(ctx, db, access.AdminSubject, "test admin"); err != nil {
		t.Fatal(err)
	}
	for _, id := range accounts {
		if h.tokens[id], err = IssueToken(ctx, db, access.AccountSubject(id), "test "+id); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// venueToken issues a token for the venue (subject venue=<id>).
func (h *harness) venueToken(venue string) string {
	h.t.Helper()
	tok, err := IssueToken(context.Background(), h.db, access.VenueSubject(venue), "test "+venue)
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// response is a finished request.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; body is JSON-encoded unless it is []byte already.
func (h *harness) do(method, path, token string, body any, headers ...string) *response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.ts.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}
}

// decode unmarshals the body into v, failing the test on error.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %d response %s: %v", r.status, r.body, err)
	}
}

// problem decodes a problem+json body and checks status and code.
func (r *response) problem(t *testing.T, status int, code string) *Problem {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json (%s)", ct, r.body)
	}
	var p Problem
	r.decode(t, &p)
	if p.Code != code || p.Status != status {
		t.Fatalf("problem %+v, want status %d code %s", p, status, code)
	}
	return &p
}

// bookBody is the demo book as a /v1/margin body.
func demoBookBody() map[string]json.RawMessage {
	return map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON}
}
