// Under: Local with a configuration of the caller's choosing, as a
// govern.Remargin — a governance impact preview re-margins every account
// under the base version and under the proposed one through the same
// batches (vault.Reader, the compiled kernel) as any re-margin.
package cluster

import (
	"context"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/vault"
)

// Under returns a govern.Remargin running Local over src with workers
// goroutines (GOMAXPROCS when zero). An account that could not be
// margined is reported Failed (and counted liquidatable by the preview).
func Under(src Source, workers int) govern.Remargin {
	return func(ctx context.Context, cfg vault.Config, accounts []string, each func(govern.Margin)) error {
		l := &Local{Source: src, Config: func() vault.Config { return cfg }, Workers: workers}
		return l.Remargin(ctx, accounts, func(r Result) {
			each(govern.Margin{Account: r.Account, Equity: r.Equity, Initial: r.Initial, Maintenance: r.Maintenance,
				Liquidatable: r.Liquidatable, Failed: r.Error != ""})
		})
	}
}
