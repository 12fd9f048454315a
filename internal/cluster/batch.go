// marginBatch: the one margin path of Local and the JetStream workers. A
// batch of accounts is margined in one read transaction with the stored
// market parsed once (vault.Reader); each Result equals MarginAccount's.
package cluster

import (
	"context"
	"fmt"

	"github.com/unimargin/unimargin/internal/vault"
)

// marginBatch returns one Result per account, in order. An account the
// rules refuse carries its error; when the transaction itself fails (or ctx
// ends), every account not yet margined carries that error.
func marginBatch(ctx context.Context, src Source, cfg vault.Config, accounts []string) []Result {
	out := make([]Result, len(accounts))
	for i, id := range accounts {
		out[i].Account = id
	}
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
			out[i] = resultOf(id, rd)
			done = i + 1
		}
		return nil
	})
	if err != nil {
		for i := done; i < len(out); i++ {
			out[i].Error = err.Error()
		}
	}
	return out
}

// resultOf is MarginAccount's figures for one account of the reader's
// transaction (vault.Reader.Unified: the unified margin without the parts
// of the report a re-margin does not read).
func resultOf(account string, rd *vault.Reader) Result {
	r := Result{Account: account}
	u, err := rd.Unified(account)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	if u != nil {
		r.Equity, r.Initial, r.Maintenance, r.Excess, r.Liquidatable = u.Equity, u.Initial, u.Maintenance, u.Excess, u.Liquidatable
	}
	return r
}
