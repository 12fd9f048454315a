// The request deadline bounds the computation, not only the wait: margin,
// the liquidation previews and the what-if check the request's context as
// they work, and a request whose deadline passes mid-way ends at once with
// 503 timeout. The deadline is counted in context checks
// (internal/deadline), so the test stops the work at the same point on
// every machine, without sleeping.
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
		{"POST", "/v1/margin", book, 100},
		{"POST", "/v1/liquidations/preview", book, 5},
		{"GET", "/v1/accounts/alice/liquidation", nil, 5},
		{"POST", "/v1/whatif", whatif, 3},
	} {
		t.Run(c.path, func(t *testing.T) {
			// First without an end, counting the checks of the whole request.
			var full *deadline.Context
			h.srv.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) {
				full = deadline.AfterChecks(ctx, 1<<30)
				return full, func() {}
			}
			token := h.admin
			if c.method == "GET" {
				token = h.tokens["alice"]
			}
			if r := h.do(c.method, c.path, token, c.body); r.status != 200 {
				t.Fatalf("without a deadline: %d %s", r.status, r.body)
			}
			total := full.Checks()
			// Then ending before the last check the work makes: it stops there.
			var cut *deadline.Context
			h.srv.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) {
				cut = deadline.AfterChecks(ctx, total-c.minChecks/2)
				return cut, func() {}
			}
			// Another book of the same work: POST /v1/margin answers a
			// request it has seen from its memo, without computing.
			body := c.body
			if c.path == "/v1/margin" {
				body = map[string]any{"portfolio": json.RawMessage(bytes.Replace(demo.PortfolioJSON, []byte(`"fund-a"`), []byte(`"fund-b"`), 1)),
					"market": json.RawMessage(demo.MarketJSON), "allow_stale": true}
			}
			r := h.do(c.method, c.path, token, body)
			p := r.problem(t, 503, CodeTimeout)
			if p.Detail == "" || p.Detail[:len("The request took longer than the server allows.")] != "The request took longer than the server allows." {
				t.Fatalf("detail %q", p.Detail)
			}
			ended, after := cut.Ended()
			if !ended || after > 2 {
				t.Fatalf("the work went on after the deadline: %d more checks (ended %v)", after, ended)
			}
			// The work itself checks: ending it before its last minChecks/2
			// checks left that many undone.
			if total < c.minChecks {
				t.Fatalf("the request made %d checks, want at least %d from the work", total, c.minChecks)
			}
		})
	}
	h.srv.deadline = func(ctx context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
}
