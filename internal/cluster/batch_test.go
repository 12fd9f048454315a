package cluster

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// flakySource fails its first fails Views with err before running f.
type flakySource struct {
	Source
	fails int
	err   error
	views int
}

func (s *flakySource) View(ctx context.Context, f func(tx vault.Tx) error) error {
	s.views++
	if s.views <= s.fails {
		return s.err
	}
	return s.Source.View(ctx, f)
}

// Goal: a batch survives transient store failures (SQLITE_BUSY at begin)
// and reports every other failure on each account, waiting before each
// retry as the backoff says. Method: a source that fails its first Views
// with a store error, then with a domain error, run in a synctest bubble:
// the backoff's timers run on the bubble's fake clock, so the test takes
// no real time and measures the waits exactly.
func TestMarginBatchRetriesStoreErrorsOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ids := []string{"a", "b", "c"}
		m := demoMemory(t, ids...)
		busy := fmt.Errorf("%w: begin: database is locked (5) (SQLITE_BUSY)", store.ErrStorage)
		waited := func(src Source, backoff time.Duration) ([]Result, time.Duration) {
			start := time.Now()
			rs := marginBatch(context.Background(), src, vault.Config{}, ids, backoff)
			return rs, time.Since(start)
		}
		src := &flakySource{Source: memorySource{m}, fails: 2, err: busy}
		rs, d := waited(src, 0)
		for _, r := range rs {
			if r.Error != "" || r.Initial <= 0 {
				t.Fatalf("after two busy begins: %+v", r)
			}
		}
		if want := storeBackoff + 2*storeBackoff; d != want {
			t.Fatalf("two retries waited %v, want %v", d, want)
		}
		src = &flakySource{Source: memorySource{m}, fails: storeRetries + 1, err: busy}
		rs, d = waited(src, time.Millisecond)
		for _, r := range rs {
			if r.Error != busy.Error() {
				t.Fatalf("store failing every attempt: %+v", r)
			}
		}
		if want := (1 + 2 + 4 + 8) * time.Millisecond; d != want || src.views != storeRetries+1 {
			t.Fatalf("%d views waiting %v, want %d views and %v (1 ms backoff, doubled)", src.views, d, storeRetries+1, want)
		}
		other := errors.New("no such table")
		src = &flakySource{Source: memorySource{m}, fails: 1, err: other}
		rs, d = waited(src, 0)
		if src.views != 1 || rs[0].Error != other.Error() || d != 0 {
			t.Fatalf("a non-store error was retried (%d views, %v) or lost: %+v", src.views, d, rs[0])
		}
	})
}

// Local passes its Backoff to its batches (the simulator's nanosecond).
func TestLocalBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ids := []string{"a", "b"}
		busy := fmt.Errorf("%w: begin: database is locked (5) (SQLITE_BUSY)", store.ErrStorage)
		src := &flakySource{Source: memorySource{demoMemory(t, ids...)}, fails: 1, err: busy}
		l := &Local{Source: src, Config: func() vault.Config { return vault.Config{} }, Workers: 1, Backoff: time.Microsecond}
		start := time.Now()
		n := 0
		if err := l.Remargin(context.Background(), ids, func(r Result) {
			if r.Error != "" {
				t.Errorf("%+v", r)
			}
			n++
		}); err != nil || n != 2 {
			t.Fatalf("%v, %d answers", err, n)
		}
		if d := time.Since(start); d != time.Microsecond {
			t.Fatalf("waited %v, want the 1 µs backoff", d)
		}
	})
}

// dyingSource fails one read call of its transactions (store.Fault): the
// worker's connection dies in the middle of a batch.
type dyingSource struct {
	Source
	f *store.Fault
}

func (s dyingSource) View(ctx context.Context, fn func(tx vault.Tx) error) error {
	return s.Source.View(ctx, func(tx vault.Tx) error { return fn(s.f.Tx(tx)) })
}

// Goal: a store failure while margining one account of a batch is the
// batch's failure, retried, never that account's margin error (which the
// list shows as liquidatable: a healthy account flagged for liquidation by
// a transient read failure). Found by the simulator (internal/sim, a
// re-margin worker dying mid-batch). Method: fail each read call of the
// batch in turn; every answer must equal the one of a batch that did not
// fail.
func TestMarginBatchRetriesAStoreFailureMidBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ids := []string{"a", "b", "c", "d"}
		src := memorySource{demoMemory(t, ids...)}
		want := marginBatch(context.Background(), src, vault.Config{}, ids, 0)
		for at := 0; ; at++ {
			f := &store.Fault{Kind: store.FaultCall, At: at}
			got := marginBatch(context.Background(), dyingSource{src, f}, vault.Config{}, ids, 0)
			if !f.Fired() {
				break // past the batch's last read call
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("read call %d failed: account %s answered %+v, want %+v", at, ids[i], got[i], want[i])
				}
			}
		}
	})
}
