// marginBatch: the one margin path of Local and the JetStream workers. A
// batch of accounts is margined in one read transaction with the stored
// market parsed once (vault.Reader); each Result equals MarginAccount's.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// storeRetries bounds the retries of a batch whose transaction failed in
// the store (SQLite answers SQLITE_BUSY when read transactions queue for
// its lock under load); storeBackoff is the first wait, doubled each time.
const (
	storeRetries = 4
	storeBackoff = 50 * time.Millisecond
)

// marginBatch returns one Result per account, in order. An account the
// rules refuse carries its error. When the transaction fails in the store,
// the accounts not yet margined are retried in a new transaction, up to
// storeRetries times, after backoff, then twice as long each time (0:
// storeBackoff); then (or when ctx ends) each carries that error.
func marginBatch(ctx context.Context, src Source, cfg vault.Config, accounts []string, backoff time.Duration) []Result {
	out := make([]Result, len(accounts))
	for i, id := range accounts {
		out[i].Account = id
	}
	if backoff <= 0 {
		backoff = storeBackoff
	}
	from, wait := 0, backoff
	for attempt := 0; ; attempt++ {
		done, err := marginInto(ctx, src, cfg, accounts[from:], out[from:])
		from += done
		if err == nil {
			return out
		}
		if attempt == storeRetries || !errors.Is(err, store.ErrStorage) || !sleep(ctx, wait) {
			for i := from; i < len(out); i++ {
				out[i].Error = err.Error()
			}
			return out
		}
		wait *= 2
	}
}

// marginInto margins accounts into out in one read transaction and returns
// how many it margined before an error.
func marginInto(ctx context.Context, src Source, cfg vault.Config, accounts []string, out []Result) (int, error) {
	done := 0
	err := src.View(ctx, func(tx vault.Tx) error {
		rd, err := vault.NewReader(tx, cfg)
		if err != nil {
			return fmt.Errorf("reading the stored market: %w", err)
		}
		for i, id := range accounts {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := resultOf(id, rd)
			if err != nil {
				return err // the store failed: the batch's failure, retried from this account
			}
			out[i] = r
			done = i + 1
		}
		return nil
	})
	if err != nil && done == len(accounts) {
		return done, nil // only the end of a read-only transaction failed
	}
	return done, err
}

// sleep waits d or until ctx ends (false).
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// resultOf is MarginAccount's figures for one account of the reader's
// transaction (vault.Reader.Unified: the unified margin without the parts
// of the report a re-margin does not read). A failure of the store is
// returned, not recorded as the account's error: it says nothing of the
// account, and an account with an error is listed liquidatable.
func resultOf(account string, rd *vault.Reader) (Result, error) {
	r := Result{Account: account}
	u, ref, err := rd.UnifiedWithParams(account)
	if errors.Is(err, store.ErrStorage) {
		return r, err
	}
	if err != nil {
		r.fail(err)
		return r, nil
	}
	if u != nil {
		r.set(u)
		if r.Error == "" {
			r.Params = ref
		}
	}
	return r, nil
}
