// Benchmarks of bulk re-margin on a SQLite store of varied demo books:
// the per-account path (MarginAccount: one transaction, one market parse
// and the full margin report per account), the batch path (marginBatch),
// and whole re-margins of benchAccounts accounts by Local and by JetStream
// with one and two in-process workers. Each reports accounts/s; compare
// runs with benchstat.
package cluster

import (
	"context"
	"fmt"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

// benchAccounts is the store size of the whole-re-margin benchmarks.
const benchAccounts = 2000

// bookSets are the two store shapes: single-venue books (half of them
// thinned to be liquidatable), and those plus multi-venue and full demo
// books.
var bookSets = []struct {
	name  string
	small bool
}{{"small", true}, {"varied", false}}

func BenchmarkMarginAccount(b *testing.B) {
	for _, bc := range bookSets {
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
	for _, bc := range bookSets {
		b.Run(bc.name, func(b *testing.B) {
			books := demoBooks(b, bc.small)
			db, ids := seedSQLite(b, b.TempDir(), DefaultBatchSize, books)
			ctx := context.Background()
			for b.Loop() {
				for _, r := range marginBatch(ctx, db, vault.Config{}, ids, 0) {
					if r.Error != "" {
						b.Fatal(r.Error)
					}
				}
			}
			b.ReportMetric(float64(b.N*len(ids))/b.Elapsed().Seconds(), "accounts/s")
		})
	}
}

// BenchmarkRemargin re-margins the whole store per iteration. Workers and
// Local goroutines each margin one batch at a time, so "2" means two cores'
// worth of margining.
func BenchmarkRemargin(b *testing.B) {
	for _, bc := range bookSets {
		b.Run(bc.name, func(b *testing.B) {
			books := demoBooks(b, bc.small)
			db, ids := seedSQLite(b, b.TempDir(), benchAccounts, books)
			for _, n := range []int{1, 2} {
				b.Run(fmt.Sprintf("local-%d", n), func(b *testing.B) {
					benchRemargin(b, &Local{Source: db, Config: defaultConfig, Workers: n}, ids)
				})
			}
			for _, n := range []int{1, 2} {
				b.Run(fmt.Sprintf("jetstream-%dw", n), func(b *testing.B) {
					js, stop := benchCluster(b, db, n)
					defer stop()
					benchRemargin(b, js, ids)
				})
			}
		})
	}
}

// benchCluster starts an embedded server (memory streams) with n workers
// of one goroutine each; stop ends the workers and then the server.
func benchCluster(tb testing.TB, src Source, n int) (*InProcess, func()) {
	p, err := StartInProcess(context.Background(), "", src, defaultConfig, n, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p, func() {
		if err := p.Close(); err != nil {
			tb.Error(err)
		}
	}
}

func benchRemargin(b *testing.B, r Remarginer, ids []string) {
	cpu0 := cpuTime(b)
	for b.Loop() {
		n, failed := 0, ""
		if err := r.Remargin(context.Background(), ids, func(res Result) {
			if res.Error != "" {
				failed = res.Error // each may run off the benchmark goroutine
			}
			n++
		}); err != nil {
			b.Fatal(err)
		}
		if n != len(ids) || failed != "" {
			b.Fatalf("%d results for %d accounts; an error: %q", n, len(ids), failed)
		}
	}
	b.ReportMetric(float64(b.N*len(ids))/b.Elapsed().Seconds(), "accounts/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N*len(ids)), "µs/account")
	// CPU time of the whole process (coordinator, server and workers): on
	// a shared machine it is steadier than wall time.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N*len(ids)), "cpu-µs/account")
}
