// Benchmarks of the POST /v1/margin request path (the load test's unit of
// work): through the handler chain without a network, memoised and not,
// each reporting CPU time per request as well as wall time (the CI machine
// is shared, so wall time alone says little). The open-loop load test
// itself is `unimargin loadtest --serve-demo` (cmd/unimargin).
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

// newLoadServer is a server on a fresh SQLite store with the demo market,
// no practical per-token rate limit, and an admin token.
func newLoadServer(tb testing.TB, cfg ...func(*Config)) (*Server, string) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "unimargin.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Update(ctx, func(tx vault.Tx) error { return tx.PutMarket(demo.MarketJSON) }); err != nil {
		tb.Fatal(err)
	}
	c := Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RateLimit: 1e9, RateBurst: 1 << 30}
	for _, f := range cfg {
		f(&c)
	}
	srv, err := New(c)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Close)
	tok, err := IssueToken(ctx, db, access.AdminSubject, "load")
	if err != nil {
		tb.Fatal(err)
	}
	return srv, tok
}

// cpuTime is this process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchMargin posts bodies[i % len] through the handler chain.
func benchMargin(b *testing.B, bodies [][]byte, cfg ...func(*Config)) {
	srv, tok := newLoadServer(b, cfg...)
	h := srv.Handler()
	b.ReportAllocs()
	cpu0, i := cpuTime(), 0
	for b.Loop() {
		req := httptest.NewRequest("POST", "/v1/margin", bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
		i++
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkMarginMemoised is the demo book again and again: answered from
// the memo after the first request.
func BenchmarkMarginMemoised(b *testing.B) {
	body, _ := json.Marshal(demoBookBody())
	benchMargin(b, [][]byte{body})
}

// BenchmarkMarginComputed is the demo book under a new account name each
// time: every request is computed (the market is still parsed once).
func BenchmarkMarginComputed(b *testing.B) {
	var pf map[string]any
	if err := json.Unmarshal(demo.PortfolioJSON, &pf); err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, 4096)
	for i := range bodies {
		pf["account"] = "load-" + strconv.Itoa(i)
		p, _ := json.Marshal(pf)
		bodies[i], _ = json.Marshal(map[string]json.RawMessage{"portfolio": p, "market": demo.MarketJSON})
	}
	benchMargin(b, bodies)
}

// BenchmarkMarginDistinct is a different random book (demo.Book) with each
// request to a server without its report memo (Config.NoMemo): the
// compiled path on books never seen before, as loadtest --distinct sends.
func BenchmarkMarginDistinct(b *testing.B) {
	bodies := make([][]byte, 1024)
	for i := range bodies {
		bodies[i], _ = json.Marshal(map[string]json.RawMessage{"portfolio": demo.Book(1, i), "market": demo.MarketJSON})
	}
	benchMargin(b, bodies, func(c *Config) { c.NoMemo = true })
}
