// The Remarginer contract, its Result, the per-account MarginAccount, and
// Local: a goroutine pool over the shared store.

package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/vault"
	_ "github.com/unimargin/unimargin/internal/venue/catalog" // the models stored books name
)

// Source is the shared store the accounts are read from (store.DB).
type Source interface {
	View(ctx context.Context, f func(tx vault.Tx) error) error
}

// Result is one account's unified margin after a re-margin (USD). Error is
// set, and the figures are zero, when the account could not be margined;
// Uncomputable says why was the account's own stored book, which does not
// fit the stored market (vault.ErrMarginUncomputable), and not a failure
// to read: such an account is then Liquidatable, never reported safe.
type Result struct {
	Account      string  `json:"account"`
	Equity       float64 `json:"equity"`
	Initial      float64 `json:"initial"`
	Maintenance  float64 `json:"maintenance"`
	Excess       float64 `json:"excess"`
	Liquidatable bool    `json:"liquidatable"`
	Error        string  `json:"error,omitempty"`
	Uncomputable bool    `json:"uncomputable,omitempty"`
	// Params names the governed parameter version the figures used (nil
	// for an ungoverned store, and for an account that failed).
	Params *vault.ParamsRef `json:"params,omitempty"`
}

// set records the account's unified figures. A figure that is not finite
// (a model bug the margin path let through) fails the account as not
// computable, liquidatable, instead of a Result no JSON can carry: a worker
// could not publish its batch's answer (redelivered forever, every
// account's re-margin stalled) and the event loop could not encode it (it
// panicked, and the server stopped).
func (r *Result) set(u *margin.Unified) {
	for _, f := range []float64{u.Equity, u.Initial, u.Maintenance, u.Excess} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			r.fail(fmt.Errorf("%w: a unified figure is not finite (equity %v, initial %v, maintenance %v, excess %v)",
				vault.ErrMarginUncomputable, u.Equity, u.Initial, u.Maintenance, u.Excess))
			return
		}
	}
	r.Equity, r.Initial, r.Maintenance, r.Excess, r.Liquidatable = u.Equity, u.Initial, u.Maintenance, u.Excess, u.Liquidatable
}

// fail records why the account could not be margined.
func (r *Result) fail(err error) {
	r.Error = err.Error()
	if errors.Is(err, vault.ErrMarginUncomputable) {
		r.Uncomputable, r.Liquidatable = true, true
	}
}

// Remarginer re-margins accounts and calls each once per account, from any
// goroutine but never concurrently. It returns when every account has been
// answered, or with ctx's error.
type Remarginer interface {
	Remargin(ctx context.Context, accounts []string, each func(Result)) error
}

// MarginAccount computes one account's Result in its own read transaction.
func MarginAccount(ctx context.Context, src Source, cfg vault.Config, account string) Result {
	r := Result{Account: account}
	err := src.View(ctx, func(tx vault.Tx) error {
		st, err := vault.State(tx, cfg, account)
		if err != nil {
			return err
		}
		if st.Unified != nil {
			r.set(st.Unified)
		}
		return nil
	})
	if err != nil {
		r.fail(err)
	}
	return r
}

// Local re-margins in this process with Workers goroutines (GOMAXPROCS when
// zero). Config is read once per call, so a call sees one parameter set.
// Accounts go to the goroutines in batches (marginBatch), each batch one
// read transaction with the market parsed once.
type Local struct {
	Source  Source
	Config  func() vault.Config
	Workers int
	// Backoff is the first wait before a batch whose read failed in the
	// store is retried (0: 50 ms). The simulator, which fails reads on
	// purpose, sets it to a nanosecond.
	Backoff time.Duration
}

// localBatchMax caps a Local batch: large enough to amortise the market
// parse, small enough that the goroutines share the tail of a call.
const localBatchMax = 64

// Remargin implements Remarginer.
func (l *Local) Remargin(ctx context.Context, accounts []string, each func(Result)) error {
	if l.Source == nil || l.Config == nil {
		return errors.New("cluster.Local: Source and Config are required")
	}
	cfg := l.Config()
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := min(localBatchMax, max(1, (len(accounts)+workers-1)/workers))
	jobs := make(chan []string)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(workers, max(len(accounts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range jobs {
				rs := marginBatch(ctx, l.Source, cfg, batch, l.Backoff)
				mu.Lock()
				for _, r := range rs {
					each(r)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for start := 0; start < len(accounts); start += size {
		if ctx.Err() != nil {
			break
		}
		select {
		case jobs <- accounts[start:min(start+size, len(accounts))]:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("re-margin: %w", err)
	}
	return nil
}
