// Benchmarks on the demo book (real Aave and Deribit models): the whole
// report, the rebalance planner and the hedge search.
package margin

import (
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	_ "github.com/unimargin/unimargin/internal/venue/aave"    // aave-v3
	_ "github.com/unimargin/unimargin/internal/venue/deribit" // deribit-standard, deribit-pm
)

func demoInputs(b *testing.B) (*portfolio.Portfolio, *market.Snapshot, *RiskParams) {
	m, err := market.Load(demo.MarketJSON, market.Options{AllowStale: true})
	if err != nil {
		b.Fatal(err)
	}
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		b.Fatal(err)
	}
	rp, err := LoadRiskParams(demo.RiskParamsJSON, m)
	if err != nil {
		b.Fatal(err)
	}
	return book, m, rp
}

func BenchmarkDemoCompute(b *testing.B) {
	book, m, rp := demoInputs(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(book, m, rp); err != nil {
			b.Fatal(err)
		}
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
