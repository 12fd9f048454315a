// Benchmarks on the demo book (real Aave and Deribit models): the whole
// report, the rebalance planner and the hedge search; and the whole report
// of books never seen before (demo.Book) on the compiled demo market, what
// the service pays for each distinct request.
package margin

import (
	"syscall"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	_ "github.com/unimargin/unimargin/internal/venue/catalog" // every venue model (demo.Book uses eight)
)

// demoInputs is what `margin --demo` margins: the demo's book, its market
// (loaded strictly: a stale demo oracle fails here) and its risk
// parameters; a fresh copy each call, so a test may edit them.
func demoInputs(t testing.TB) (*portfolio.Portfolio, *market.Snapshot, *RiskParams) {
	t.Helper()
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := LoadRiskParams(demo.RiskParamsJSON, m)
	if err != nil {
		t.Fatal(err)
	}
	return book, m, rp
}

func BenchmarkDemoCompute(b *testing.B) {
	book, m, rp := demoInputs(b)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := Compute(book, m, rp); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU reports the process's CPU time per op (cpu-ns/op, garbage
// collection included) when the returned function runs: on a shared
// machine wall time per op mostly measures the other processes.
func reportCPU(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() { b.ReportMetric(float64(cpu()-start)/float64(b.N), "cpu-ns/op") }
}

// BenchmarkComputeDistinct is Compiled.Compute on 512 distinct random books
// of the demo market (demo.Book, seed 1: two to eight venues of ten kinds),
// in turn: the report of a book the service has never seen, the market
// compiled once.
func BenchmarkComputeDistinct(b *testing.B) {
	_, m, _ := demoInputs(b)
	c, err := Compile(m, DefaultRiskParams())
	if err != nil {
		b.Fatal(err)
	}
	books := make([]*portfolio.Portfolio, 512)
	for i := range books {
		if books[i], err = portfolio.Parse(demo.Book(1, i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	i := 0
	for b.Loop() {
		if _, err := c.Compute(books[i%len(books)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDemoRebalance(b *testing.B) {
	book, m, rp := demoInputs(b)
	b.ReportAllocs()
	for b.Loop() {
		moves, _, err := Rebalance(book, m, rp)
		if err != nil || len(moves) == 0 {
			b.Fatal(err, moves)
		}
	}
}

func BenchmarkDemoHedges(b *testing.B) {
	book, m, rp := demoInputs(b)
	s, err := Prepare(book, m, rp)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(s.hedgeCandidates())), "candidates")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Hedges(5); err != nil {
			b.Fatal(err)
		}
	}
}
