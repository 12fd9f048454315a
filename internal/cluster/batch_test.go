package cluster

import (
	"context"
	"errors"
	"fmt"
	"testing"

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
// and reports every other failure on each account. Method: a source that
// fails its first Views with a store error, then with a domain error.
func TestMarginBatchRetriesStoreErrorsOnly(t *testing.T) {
	ids := []string{"a", "b", "c"}
	m := demoMemory(t, ids...)
	busy := fmt.Errorf("%w: begin: database is locked (5) (SQLITE_BUSY)", store.ErrStorage)
	src := &flakySource{Source: memorySource{m}, fails: 2, err: busy}
	for _, r := range marginBatch(context.Background(), src, vault.Config{}, ids) {
		if r.Error != "" || r.Initial <= 0 {
			t.Fatalf("after two busy begins: %+v", r)
		}
	}
	src = &flakySource{Source: memorySource{m}, fails: storeRetries + 1, err: busy}
	for _, r := range marginBatch(context.Background(), src, vault.Config{}, ids) {
		if r.Error != busy.Error() {
			t.Fatalf("store failing every attempt: %+v", r)
		}
	}
	other := errors.New("no such table")
	src = &flakySource{Source: memorySource{m}, fails: 1, err: other}
	rs := marginBatch(context.Background(), src, vault.Config{}, ids)
	if src.views != 1 || rs[0].Error != other.Error() {
		t.Fatalf("a non-store error was retried (%d views) or lost: %+v", src.views, rs[0])
	}
}
