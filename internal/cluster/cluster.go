// Package cluster re-margins many accounts after a market change: Local runs
// a goroutine pool in this process; the JetStream pool (jetstream.go) spreads
// the same work over NATS JetStream to in-process or remote `unimargin
// worker` processes. Both read accounts from the shared store and answer one
// Result per account, so the service cannot tell them apart.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/unimargin/unimargin/internal/vault"
	_ "github.com/unimargin/unimargin/internal/venue/catalog" // the models stored books name
)

// Source is the shared store the accounts are read from (store.DB).
type Source interface {
	View(ctx context.Context, f func(tx vault.Tx) error) error
}

// Result is one account's unified margin after a re-margin (USD). Error is
// set, and the figures are zero, when the account could not be margined.
type Result struct {
	Account      string  `json:"account"`
	Equity       float64 `json:"equity"`
	Initial      float64 `json:"initial"`
	Maintenance  float64 `json:"maintenance"`
	Excess       float64 `json:"excess"`
	Liquidatable bool    `json:"liquidatable"`
	Error        string  `json:"error,omitempty"`
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
			u := st.Unified
			r.Equity, r.Initial, r.Maintenance, r.Excess, r.Liquidatable = u.Equity, u.Initial, u.Maintenance, u.Excess, u.Liquidatable
		}
		return nil
	})
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

// Local re-margins in this process with Workers goroutines (GOMAXPROCS when
// zero). Config is read once per call, so a call sees one parameter set.
type Local struct {
	Source  Source
	Config  func() vault.Config
	Workers int
}

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
	jobs := make(chan string)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(workers, max(len(accounts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				r := MarginAccount(ctx, l.Source, cfg, id)
				mu.Lock()
				each(r)
				mu.Unlock()
			}
		}()
	}
	var err error
feed:
	for _, id := range accounts {
		select {
		case jobs <- id:
		case <-ctx.Done():
			err = fmt.Errorf("re-margin: %w", ctx.Err())
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return err
}
