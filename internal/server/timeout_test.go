// The request deadline bounds the computation, not only the wait: margin,
// the liquidation preview, the what-if and VaR check the request's context as
// they work, and a request whose deadline passes mid-way ends at once with
// 503 timeout. The deadline is counted in context checks
// (internal/deadline), so the test stops the work at the same point on
// every machine, without sleeping. The routes are stateless, so every
// check of a request but the work's is the same from one request to the
// next (a route reading the store makes a varying number in database/sql;
// GET /v1/accounts/{id}/liquidation runs the same liquidation.RunContext).
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/unimargin/unimargin/internal/deadline"
	"github.com/unimargin/unimargin/internal/demo"
)

func TestDeadlineStopsComputation(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	book := map[string]any{"portfolio": json.RawMessage(demo.PortfolioJSON), "market": json.RawMessage(demo.MarketJSON), "allow_stale": true}
	whatif := map[string]any{"portfolio": json.RawMessage(demo.PortfolioJSON), "market": json.RawMessage(demo.MarketJSON), "allow_stale": true,
		"trade": map[string]any{"venue": "deribit-pm", "position": map[string]any{"kind": "perp", "underlying": "BTC", "quantity": "-1"}}}
	for _, c := range []struct {
		method, path string
		body         any
		minChecks    int // checks the work makes, at least
	}{
		// The Deribit searches step over the grid points their cushion
		// bound proves (73 checks in all on the demo book, 2026-12-07).
		{"POST", "/v1/margin", book, 60},
		{"POST", "/v1/liquidations/preview", book, 12},
		{"POST", "/v1/whatif", whatif, 3},
		// VaR checks once per past move (~1,560 on the embedded history,
		// each two full revaluations) before the book's margin (~70
		// checks since most venues solve their liquidation prices in
		// closed form and the Deribit searches step over what their bound
		// proves): ending 750 checks before the last lands in VaR.
		{"POST", "/v1/var", book, 1500},
	} {
		t.Run(c.path, func(t *testing.T) {
			token := h.admin
			if c.method == "GET" {
				token = h.tokens["alice"]
			}
			// body gives POST /v1/margin a book of the same work that it
			// has not seen: it answers a request it has seen from its memo.
			body := func(account string) any {
				if c.path != "/v1/margin" {
					return c.body
				}
				return map[string]any{"portfolio": json.RawMessage(bytes.Replace(demo.PortfolioJSON, []byte(`"fund-a"`), []byte(`"`+account+`"`), 1)),
					"market": json.RawMessage(demo.MarketJSON), "allow_stale": true}
			}
			h.srv.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
			// A first request warms what the next two then share (the
			// token's grant, the store's connections), so they make the
			// same checks before the work.
			if r := h.do(c.method, c.path, token, body("warm")); r.status != 200 {
				t.Fatalf("warm-up: %d %s", r.status, r.body)
			}
			// Without an end, counting the checks of the whole request.
			var full *deadline.Context
			h.srv.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) {
				full = deadline.AfterChecks(ctx, 1<<30)
				return full, func() {}
			}
			if r := h.do(c.method, c.path, token, body("fund-a")); r.status != 200 {
				t.Fatalf("without a deadline: %d %s", r.status, r.body)
			}
			total := full.Checks()
			// Then ending before the last check the work makes: it stops there.
			var cut *deadline.Context
			h.srv.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) {
				cut = deadline.AfterChecks(ctx, total-c.minChecks/2)
				return cut, func() {}
			}
			r := h.do(c.method, c.path, token, body("fund-b"))
			p := r.problem(t, 503, CodeTimeout)
			if p.Detail == "" || p.Detail[:len("The request took longer than the server allows.")] != "The request took longer than the server allows." {
				t.Fatalf("detail %q", p.Detail)
			}
			// Each goroutine of the work stops at its next check after the
			// end: the request's own (before and after the computation) and
			// margin's two strands (the venues and the unified account, and
			// the liquidation-price search beside them) — at most 3.
			ended, after := cut.Ended()
			if !ended || after > 3 {
				t.Fatalf("the work went on after the deadline: %d more checks (ended %v)", after, ended)
			}
			// The work itself checks: ending it before its last minChecks/2
			// checks left that many undone.
			if total < c.minChecks {
				t.Fatalf("the request made %d checks, want at least %d from the work", total, c.minChecks)
			}
		})
	}
}
