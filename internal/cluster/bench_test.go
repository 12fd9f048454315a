// Benchmarks of bulk re-margin on a SQLite store of varied demo books:
// the per-account path (MarginAccount: one transaction and one market parse
// per account), the batch path (marginBatch), Local, and JetStream with one
// and two in-process workers. Each reports accounts/s; compare runs with
// benchstat.
package cluster

import (
	"context"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

// benchAccounts is the store size of the throughput benchmarks.
const benchAccounts = 2000

func BenchmarkMarginAccount(b *testing.B) {
	for _, bc := range []struct {
		name  string
		small bool
	}{{"small", true}, {"varied", false}} {
		b.Run(bc.name, func(b *testing.B) {
			books := demoBooks(b, bc.small)
			db, ids := seedSQLite(b, b.TempDir(), len(books), books)
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if r := MarginAccount(ctx, db, vault.Config{}, ids[i%len(ids)]); r.Error != "" {
					b.Fatal(r.Error)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
		})
	}
}

func BenchmarkMarginBatch(b *testing.B) {
	for _, bc := range []struct {
		name  string
		small bool
	}{{"small", true}, {"varied", false}} {
		b.Run(bc.name, func(b *testing.B) {
			books := demoBooks(b, bc.small)
			db, ids := seedSQLite(b, b.TempDir(), DefaultBatchSize, books)
			ctx := context.Background()
			for b.Loop() {
				for _, r := range marginBatch(ctx, db, vault.Config{}, ids) {
					if r.Error != "" {
						b.Fatal(r.Error)
					}
				}
			}
			b.ReportMetric(float64(b.N*len(ids))/b.Elapsed().Seconds(), "accounts/s")
		})
	}
}
