// The margin backtest in the API (issue 17): POST /v1/jobs/backtest queues
// `unimargin backtest` as a job of the pool (jobs.go) on the reference
// books or on up to maxBacktestBooks portfolios; GET /v1/backtest/reference
// is the reference books' coverage summary over the whole embedded range,
// computed once per process and shown on the dashboard's "Model
// validation" panel.
//
// The job and the CLI call the same function, backtest.Replay, on the same
// embedded history and reference books, so a job's result is the JSON
// `unimargin backtest --json` prints for the same window.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	refbooks "github.com/unimargin/unimargin/docs/backtest"
	"github.com/unimargin/unimargin/internal/backtest"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// maxBacktestBooks bounds a backtest job's portfolios: the replay costs
// about 0.4 s of one core per book over the whole data range (the six
// reference books took 2.2 s with the plots, load 2.8), so a job stays
// within a few seconds.
const maxBacktestBooks = 10

// BacktestJob is the body of POST /v1/jobs/backtest (the flags of
// `unimargin backtest`; files are not accepted, a book is sent inline).
type BacktestJob struct {
	Books json.RawMessage `json:"books,omitempty" required:"false" doc:"\"reference\" (the default: the reference books of docs/BACKTEST.md) or an array of 1 to 10 portfolio documents (the portfolio.json shape), each a book named by its account and anchored on the first day."`
	From  string          `json:"from,omitempty" required:"false" maxLength:"10" doc:"First day (YYYY-MM-DD) inside the embedded 2021-2023 prices; the first usable day when absent."`
	To    string          `json:"to,omitempty" required:"false" maxLength:"10" doc:"Last day (YYYY-MM-DD), after from; the last usable day when absent."`
}

// backtestData is what every backtest of this process reads: the embedded
// history and reference books, loaded once (both are read-only after).
type backtestData struct {
	once      sync.Once
	history   *backtest.History
	reference []backtest.Book
	err       error
}

func (d *backtestData) load() (*backtest.History, []backtest.Book, error) {
	d.once.Do(func() {
		if d.history, d.err = backtest.LoadHistory(); d.err != nil {
			return
		}
		d.reference, d.err = backtest.ParseBooks(refbooks.BooksJSON)
	})
	return d.history, d.reference, d.err
}

// window parses from and to; the errors name body.from and body.to.
func (r BacktestJob) window() (backtest.Window, error) {
	var w backtest.Window
	for _, f := range []struct {
		name, s string
		t       *time.Time
	}{{"from", r.From, &w.From}, {"to", r.To, &w.To}} {
		if f.s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, f.s)
		if err != nil {
			return w, problemFor(input.Invalid(f.name, f.s, "is not a date (want YYYY-MM-DD)"), "body")
		}
		*f.t = t
	}
	return w, nil
}

// books reads body.books: the reference books, or the portfolios sent.
// Errors name body.books or the field inside body.books[i].
func (r BacktestJob) books(reference []backtest.Book) ([]backtest.Book, error) {
	raw := strings.TrimSpace(string(r.Books))
	if raw == "" || raw == "null" || raw == `"reference"` {
		return reference, nil
	}
	const want = `must be "reference" or an array of 1 to 10 portfolio documents`
	var items []json.RawMessage
	if err := json.Unmarshal(r.Books, &items); err != nil {
		return nil, problemFor(input.Invalid("books", raw, want), "body")
	}
	if len(items) == 0 || len(items) > maxBacktestBooks {
		return nil, problemFor(input.Errorf("books", "%s (it has %d)", want, len(items)), "body")
	}
	books := make([]backtest.Book, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		where := fmt.Sprintf("body.books[%d]", i)
		p, err := portfolio.Parse(it)
		if err != nil {
			return nil, problemFor(err, where)
		}
		if seen[p.Account] {
			return nil, problemFor(input.Invalid("account", p.Account, "is the account of another book (it names the book)"), where)
		}
		seen[p.Account] = true
		books[i] = backtest.Book{Name: p.Account, Portfolio: p}
	}
	return books, nil
}

// check validates the request as the replay will read it, naming the
// field: the dates, the books, the window inside the data, and every book
// on its anchor market (backtest.Check, Run's own checks).
func (r BacktestJob) check(h *backtest.History, reference []backtest.Book) ([]backtest.Book, backtest.Window, error) {
	w, err := r.window()
	if err != nil {
		return nil, w, err
	}
	books, err := r.books(reference)
	if err != nil {
		return nil, w, err
	}
	if err := backtest.Check(h, nil, w); err != nil {
		return nil, w, windowProblem(err)
	}
	for i := range books {
		if err := backtest.Check(h, books[i:i+1], w); err != nil {
			return nil, w, problemFor(err, fmt.Sprintf("body.books[%d]", i))
		}
	}
	return books, w, nil
}

// windowProblem renames the CLI's flags in Span's errors as the body's
// fields (--from is body.from).
func windowProblem(err error) error {
	var ie *input.Error
	if !errors.As(err, &ie) {
		return problemFor(err, "")
	}
	cp := *ie
	names := strings.NewReplacer("--from", "body.from", "--to", "body.to")
	cp.Path, cp.Reason = names.Replace(cp.Path), names.Replace(cp.Reason)
	return problemFor(&cp, "")
}

// runBacktest is a backtest job's runner: backtest.Replay (the CLI's
// function) with the default risk parameters, reporting the days replayed
// as progress, its report and plots written to outDir; the result is the
// *backtest.Result.
func runBacktest(h *backtest.History, books []backtest.Book, w backtest.Window) jobRunner {
	return func(ctx context.Context, outDir string, progress func(int, int)) (any, error) {
		res, files, err := backtest.Replay(ctx, h, books, w, margin.DefaultRiskParams(), progress)
		if err != nil {
			return nil, err
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(outDir, name), data, 0o644); err != nil {
				return nil, err
			}
		}
		return res, nil
	}
}

type backtestJobInput struct {
	Body BacktestJob
}

func (s *Server) registerBacktestJobs(js *jobs, op func(id, method, path, summary string, errs ...int) huma.Operation) {
	create := op("create-backtest-job", http.MethodPost, "/v1/jobs/backtest", "Queue a margin backtest", 403, 422, 503)
	create.Metadata = map[string]any{"access": accessAdmin}
	create.DefaultStatus = http.StatusAccepted
	create.Description = "Runs `unimargin backtest` in the background (admin only): each day of the window, the unified " +
		"and the fragmented initial margin of every book against the realised loss over the next day and the next 10, " +
		"with Kupiec, Christoffersen and the Basel traffic light. Answers 202 with the job; poll GET /v1/jobs/{job}; " +
		"the result (GET /v1/jobs/{job}/result) is the JSON `unimargin backtest --json` prints for the same window, " +
		"the artifacts are backtest.md and the plots. Bad input is 422 naming the field (body.books[i]…, body.from, " +
		"body.to). The job counts toward the subject's quota and shares the queue with cascade jobs."
	huma.Register(s.api, create, func(ctx context.Context, in *backtestJobInput) (*jobOutput, error) {
		h, reference, err := s.backtest.load()
		if err != nil {
			return nil, problemFor(err, "")
		}
		books, w, err := in.Body.check(h, reference)
		if err != nil {
			return nil, err
		}
		req := in.Body
		return s.submitJob(ctx, js, Job{Kind: JobKindBacktest, Backtest: &req}, runBacktest(h, books, w))
	})
}

// BacktestSummary is the reference books' coverage (GET
// /v1/backtest/reference): Result without the days and the VaR tables.
type BacktestSummary struct {
	From   string            `json:"from" doc:"First day replayed (YYYY-MM-DD)."`
	To     string            `json:"to" doc:"Last day replayed."`
	Days   int               `json:"days"`
	Method string            `json:"method" doc:"How the figures are computed, in one sentence."`
	Books  []BacktestBookRow `json:"books"`
	// Overall pools the books' 1-day hits.
	Overall backtest.Overall `json:"overall"`
}

// BacktestBookRow is one reference book's line.
type BacktestBookRow struct {
	Name             string            `json:"name"`
	Hedged           bool              `json:"hedged"`
	MeanUnifiedIM    float64           `json:"mean_unified_initial" doc:"Mean unified initial margin over the days, USD."`
	MeanFragmentedIM float64           `json:"mean_fragmented_initial" doc:"Mean fragmented initial margin (Σ venues) over the days, USD."`
	MeanSavings      float64           `json:"mean_savings" doc:"Mean of the daily 1 − unified / fragmented."`
	Unified1         backtest.Coverage `json:"unified_1d" doc:"Coverage of the unified initial margin against the next day's loss."`
	Unified10        backtest.Coverage `json:"unified_10d"`
	Fragmented1      backtest.Coverage `json:"fragmented_1d"`
}

// backtestMethod states the summary's method in one line.
const backtestMethod = "Each day of the embedded 2021-2023 ETH and BTC prices, each reference book is margined unified " +
	"and fragmented (each venue alone) and its initial margin compared with the realised loss over the next day; " +
	"an exceedance is a loss above the margin, tested at 1% by Kupiec's proportion of failures, Christoffersen's " +
	"independence and the Basel traffic light (docs/BACKTEST.md)."

// summarise keeps the figures the dashboard reads.
func summarise(res *backtest.Result) *BacktestSummary {
	sum := &BacktestSummary{From: res.From, To: res.To, Days: res.Days, Method: backtestMethod, Overall: res.Overall,
		Books: make([]BacktestBookRow, len(res.Books))}
	for i, b := range res.Books {
		sum.Books[i] = BacktestBookRow{Name: b.Name, Hedged: b.Hedged, MeanUnifiedIM: b.MeanUnifiedIM,
			MeanFragmentedIM: b.MeanFragmentedIM, MeanSavings: b.MeanSavings, Unified1: b.Unified1,
			Unified10: b.Unified10, Fragmented1: b.Fragmented1}
	}
	return sum
}

// referenceSummary computes the reference summary once per process: the
// first request starts it on the server's context, and every request
// waits for that computation (or its own deadline). A success is kept;
// a failure (the server's context cancelled) is returned to the requests
// that waited for it and forgotten, so the next request computes again.
// (The embedded data's own load error is backtestData's: it is not
// transient.)
type referenceSummary struct {
	mu     sync.Mutex
	sum    *BacktestSummary // nil until a computation succeeds
	flight *referenceRun    // the computation in progress, if any
}

// referenceRun is one computation; sum and err are set before done closes.
type referenceRun struct {
	done chan struct{}
	sum  *BacktestSummary
	err  error
}

func (r *referenceSummary) get(ctx, serverCtx context.Context, d *backtestData) (*BacktestSummary, error) {
	r.mu.Lock()
	if r.sum != nil {
		defer r.mu.Unlock()
		return r.sum, nil
	}
	run := r.flight
	if run == nil {
		run = &referenceRun{done: make(chan struct{})}
		r.flight = run
		go r.compute(serverCtx, d, run)
	}
	r.mu.Unlock()
	select {
	case <-run.done:
		return run.sum, run.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (r *referenceSummary) compute(ctx context.Context, d *backtestData, run *referenceRun) {
	defer close(run.done)
	run.sum, run.err = func() (*BacktestSummary, error) {
		h, reference, err := d.load()
		if err != nil {
			return nil, err
		}
		res, err := backtest.Run(ctx, h, reference, backtest.Window{}, margin.DefaultRiskParams())
		if err != nil {
			return nil, err
		}
		return summarise(res), nil
	}()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flight = nil
	if run.err == nil {
		r.sum = run.sum
	}
}

type backtestSummaryOutput struct {
	Body *BacktestSummary
}

func (s *Server) registerBacktest() {
	ctx, stop := context.WithCancel(context.Background())
	s.onClose(stop)
	op := huma.Operation{OperationID: "get-backtest-reference", Method: http.MethodGet, Path: "/v1/backtest/reference",
		Tags: []string{"backtest"}, Summary: "The reference books' backtest coverage", Security: bearerSecurity,
		Metadata: map[string]any{"access": accessToken}, Errors: []int{401, 429}}
	op.Description = "`unimargin backtest` on the reference books over the whole embedded range, without the days: " +
		"per book the mean unified and fragmented initial margin, the savings and the coverage tests. Computed once " +
		"per process (about two seconds, on the first request; later requests read it); a failed computation is not " +
		"kept, the next request computes again."
	huma.Register(s.api, op, func(rctx context.Context, _ *struct{}) (*backtestSummaryOutput, error) {
		sum, err := s.refSummary.get(rctx, ctx, &s.backtest)
		if err != nil {
			return nil, problemFor(err, "")
		}
		return &backtestSummaryOutput{Body: sum}, nil
	})
}
