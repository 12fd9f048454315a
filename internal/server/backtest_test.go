package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/backtest"
)

// backtestBook is a portfolio the backtest markets price: a 10 ETH perp long
// on dYdX with USDC collateral.
func backtestBook(account string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"account": %q, "venues": [{"id": "dydx", "model": "dydx-v4", "chain": "dydx",
		"collateral": [{"asset": "USDC", "amount": "50000"}],
		"positions": [{"kind": "perp", "underlying": "ETH", "quantity": "10", "entry_price": "1300"}]}]}`, account))
}

// A backtest job on a user's book over ten days: queued by the admin,
// run, its result the backtest of those ten days (one book, ten days of
// margins and losses), its report and plots listed, the result as CSV.
func TestBacktestJobRuns(t *testing.T) {
	h := newHarness(t, Config{DataDir: t.TempDir()})
	body := map[string]any{"books": []json.RawMessage{backtestBook("perp-long")}, "from": "2022-05-01", "to": "2022-05-10"}
	r := h.do("POST", "/v1/jobs/backtest", h.admin, body)
	if r.status != 202 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var j Job
	r.decode(t, &j)
	if j.Kind != JobKindBacktest || j.Backtest == nil || j.Backtest.From != "2022-05-01" || j.Request != nil {
		t.Fatalf("created job %+v", j)
	}
	done := h.waitJob(j.ID, h.admin, 2*time.Minute)
	if done.Status != JobDone || done.Progress != 1 {
		t.Fatalf("finished job %+v", done)
	}
	var res backtest.Result
	h.do("GET", "/v1/jobs/"+j.ID+"/result", h.admin, nil).decode(t, &res)
	if res.From != "2022-05-01" || res.To != "2022-05-10" || res.Days != 10 || len(res.Books) != 1 ||
		res.Books[0].Name != "perp-long" || len(res.Books[0].Days) != 10 || res.Books[0].Unified1.N != 10 {
		t.Fatalf("result %+v", res)
	}
	var arts struct{ Artifacts []string }
	h.do("GET", "/v1/jobs/"+j.ID+"/artifacts", h.admin, nil).decode(t, &arts)
	for _, want := range []string{"backtest.md", "efficiency.png", "margin_perp-long.svg", "result.json"} {
		if !contains(arts.Artifacts, want) {
			t.Errorf("artifacts %v lack %s", arts.Artifacts, want)
		}
	}
	csv := h.do("GET", "/v1/jobs/"+j.ID+"/result?format=csv", h.admin, nil)
	if csv.status != 200 || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(string(csv.body), "mean_unified_initial") {
		t.Fatalf("result as CSV: %d %s %.300s", csv.status, csv.header.Get("Content-Type"), csv.body)
	}
}

// Bad bodies are 422 naming the field, and queue nothing; an account's
// token is 403 (the backtest is an admin job).
func TestBacktestJobRefusals(t *testing.T) {
	h := newHarness(t, Config{DataDir: t.TempDir()}, "alice")
	sol := json.RawMessage(`{"account": "s", "venues": [{"id": "w", "model": "custody", "chain": "solana",
		"collateral": [{"asset": "SOL", "amount": "1"}], "positions": []}]}`)
	eleven := make([]json.RawMessage, 11)
	for i := range eleven {
		eleven[i] = backtestBook(fmt.Sprintf("b%d", i))
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"from": "1 May 2022"}, "body.from"},
		{map[string]any{"to": "2022-13-01"}, "body.to"},
		{map[string]any{"from": "2020-01-01"}, "body.from"},
		{map[string]any{"to": "2024-01-01"}, "body.to"},
		{map[string]any{"from": "2022-05-10", "to": "2022-05-01"}, "body.to"},
		{map[string]any{"from": "2022-05-01-extra"}, "body.from"},
		{map[string]any{"books": "mine"}, "body.books"},
		{map[string]any{"books": 3}, "body.books"},
		{map[string]any{"books": []any{}}, "body.books"},
		{map[string]any{"books": eleven}, "body.books"},
		{map[string]any{"books": []any{"x"}}, "body.books[0]"},
		{map[string]any{"books": []any{map[string]any{"account": "x"}}}, "body.books[0].venues"},
		{map[string]any{"books": []json.RawMessage{sol}}, "body.books[0].venues[0].collateral[0].asset"},
		{map[string]any{"books": []json.RawMessage{backtestBook("a"), backtestBook("a")}}, "body.books[1].account"},
		{map[string]any{"frm": "2022-05-01"}, "body.frm"},
		// A book its venue's model refuses: queued, then failed "internal"
		// at its first day; refused here as the replay refuses it.
		{map[string]any{"books": []json.RawMessage{json.RawMessage(`{"account": "m", "venues": [{"id": "v",
			"model": "no-such-model", "chain": "c", "collateral": [{"asset": "USDC", "amount": "1"}], "positions": []}]}`)}},
			"body.books[0].venues[0].model"},
		{map[string]any{"books": []json.RawMessage{json.RawMessage(`{"account": "p", "venues": [{"id": "c",
			"model": "compound-v3", "chain": "ethereum", "collateral": [{"asset": "WETH", "amount": "1"}],
			"positions": [{"kind": "perp", "underlying": "ETH", "quantity": "1", "entry_price": "1300"}]}]}`)}},
			"body.books[0].venues[0].positions[0].kind"},
	} {
		r := h.do("POST", "/v1/jobs/backtest", h.admin, tc.body)
		p := r.problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || p.Errors[0].Location != tc.field {
			t.Errorf("%v: errors %+v (%s), want location %s", tc.body, p.Errors, p.Detail, tc.field)
		}
	}
	var list struct{ Jobs []Job }
	h.do("GET", "/v1/jobs", h.admin, nil).decode(t, &list)
	if len(list.Jobs) != 0 {
		t.Fatalf("refused bodies queued %d jobs", len(list.Jobs))
	}
	h.do("POST", "/v1/jobs/backtest", h.tokens["alice"], map[string]any{}).problem(t, 403, CodeForbidden)
}

// A backtest job counts toward the subject's quota with its cascade jobs,
// and a cancelled backtest stops: its context ends the replay.
func TestBacktestJobQuotaAndCancel(t *testing.T) {
	started := make(chan struct{}, 1)
	h := newHarness(t, Config{Cascade: blockingRunner(started), MaxJobsPerSubject: 1})
	c := h.createJob(h.admin, map[string]any{"synthetic": 10})
	<-started
	h.do("POST", "/v1/jobs/backtest", h.admin, map[string]any{}).problem(t, 429, CodeRateLimited)
	h.do("DELETE", "/v1/jobs/"+c.ID, h.admin, nil)
	h.waitJob(c.ID, h.admin, time.Minute)

	// Ten books over the whole range: seconds of work, cancelled once
	// running.
	books := make([]json.RawMessage, maxBacktestBooks)
	for i := range books {
		books[i] = backtestBook(fmt.Sprintf("b%d", i))
	}
	r := h.do("POST", "/v1/jobs/backtest", h.admin, map[string]any{"books": books})
	if r.status != 202 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var j Job
	r.decode(t, &j)
	h.waitUntil(j.ID, JobRunning)
	// The replay reports its days as progress: cancel it mid-replay.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		var now Job
		h.do("GET", "/v1/jobs/"+j.ID, h.admin, nil).decode(t, &now)
		if now.Status != JobRunning || time.Now().After(deadline) {
			t.Fatalf("backtest job before any progress: %+v", now)
		}
		if now.Progress > 0 {
			break
		}
	}
	h.do("DELETE", "/v1/jobs/"+j.ID, h.admin, nil)
	if end := h.waitJob(j.ID, h.admin, time.Minute); end.Status != JobCancelled || end.ErrorCode != JobErrCancelled {
		t.Fatalf("cancelled backtest ended %+v", end)
	}
}

// The reference summary: every token reads it, one row per reference
// book, each with its coverage over the whole range, the method stated;
// CSV like every report.
func TestBacktestReference(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	var sum BacktestSummary
	h.do("GET", "/v1/backtest/reference", h.tokens["alice"], nil).decode(t, &sum)
	if len(sum.Books) != 6 || sum.From != "2021-02-01" || sum.To != "2023-02-24" || sum.Days != 754 || sum.Method == "" {
		t.Fatalf("summary %+v", sum)
	}
	for _, b := range sum.Books {
		if b.Unified1.N != sum.Days || b.Unified1.Zone == "" || b.MeanFragmentedIM <= 0 || b.MeanUnifiedIM <= 0 {
			t.Errorf("book %+v", b)
		}
	}
	again := h.do("GET", "/v1/backtest/reference?format=csv", h.admin, nil)
	if again.status != 200 || !strings.Contains(string(again.body), "steth-loop") {
		t.Fatalf("as CSV: %d %.300s", again.status, again.body)
	}
}

// Goal: the reference summary remembers a success, never a failure.
// Method: a computation on a cancelled server context fails (as at
// shutdown); the next request, on a live one, computes and gets the
// summary instead of the remembered error; a request whose own context is
// cancelled gets its error while the computation it started goes on and
// is kept; the summary is then read, not recomputed (a cancelled server
// context would fail a recomputation).
func TestBacktestReferenceForgetsFailures(t *testing.T) {
	var r referenceSummary
	var d backtestData
	dead, kill := context.WithCancel(t.Context())
	kill()
	if sum, err := r.get(t.Context(), dead, &d); !errors.Is(err, context.Canceled) || sum != nil {
		t.Fatalf("on a cancelled server context: %v %v, want context.Canceled", sum, err)
	}
	gone, leave := context.WithCancel(t.Context())
	leave()
	if _, err := r.get(gone, t.Context(), &d); !errors.Is(err, context.Canceled) {
		t.Fatalf("a request cancelled before the summary: %v", err)
	}
	sum, err := r.get(t.Context(), t.Context(), &d)
	if err != nil || sum == nil || len(sum.Books) != 6 || sum.Days != 754 {
		t.Fatalf("after a failure, a live request gets %+v %v", sum, err)
	}
	if again, err := r.get(t.Context(), dead, &d); err != nil || again != sum {
		t.Fatalf("a success is not remembered: %p %v, want %p", again, err, sum)
	}
}
