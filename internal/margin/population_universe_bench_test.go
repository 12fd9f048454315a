// A population shaped like `unimargin bench remargin`'s: books of one USDC
// collateral entry and 20 positions drawn uniformly from a universe of
// about 3,000 listed instruments on BTC and WETH (perps, futures and
// options at 156 strikes), so that a book's instruments are scattered over
// the compiled market as in the CLI benchmark, not the same few cached ones.
package margin

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

// universeBooks generates n books of the CLI benchmark's shape (seeded).
func universeBooks(n int) []*portfolio.Portfolio {
	var universe []portfolio.Position
	for _, u := range []struct {
		sym  string
		spot float64
	}{{"BTC", 90000}, {"WETH", 3000}} {
		universe = append(universe, derivative(portfolio.KindPerp, u.sym, 1))
		for _, expiry := range propExpiries {
			universe = append(universe, derivativeExpiring(portfolio.KindFuture, u.sym, 1, expiry))
			for k := range 156 {
				strike := math.Round(u.spot * (0.5 + float64(k)/155))
				for _, right := range []pricing.Right{pricing.Call, pricing.Put} {
					universe = append(universe, option(u.sym, right, strike, expiry, 1))
				}
			}
		}
	}
	books := make([]*portfolio.Portfolio, n)
	for i := range books {
		rng := rand.New(rand.NewPCG(1, uint64(i)))
		v := portfolio.Venue{ID: "desk", Model: "test-flat", Chain: "offchain",
			Collateral: []portfolio.Collateral{collateral("USDC", math.Round(50_000+rng.Float64()*450_000))}}
		for k := range 20 {
			p := universe[rng.IntN(len(universe))]
			if k < 2 { // both underlyings held: every book has the same scenarios
				p = universe[k*len(universe)/2]
			}
			q := math.Round((0.1+rng.Float64()*4.9)*100) / 100
			if rng.IntN(2) == 0 {
				q = -q
			}
			p.Quantity, p.QuantityF = dec(q), q
			v.Positions = append(v.Positions, p)
		}
		books[i] = &portfolio.Portfolio{Account: "u" + strconv.Itoa(i), Venues: []portfolio.Venue{v}}
	}
	return books
}

// universePopulation is n universe books compiled on propMarket and
// margined once (every instrument valued, the compact table laid out).
func universePopulation(t tb, n int) (*Compiled, *Population) {
	t.Helper()
	c, err := Compile(propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.NewPopulation(universeBooks(n))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Remargin(c, make([]Unified, p.Len())); err != nil {
		t.Fatal(err)
	}
	return c, p
}

// BenchmarkPopulationRemarginUniverse is bulk re-margin of 20,000 books of
// the CLI benchmark's shape; cpu-ns/book is the CPU time per book (both
// cores' worth), the figure the 1M-account target divides.
func BenchmarkPopulationRemarginUniverse(b *testing.B) {
	c, p := universePopulation(b, 20_000)
	out := make([]Unified, p.Len())
	b.ReportAllocs()
	done := reportCPU(b)
	for b.Loop() {
		if err := p.Remargin(c, out); err != nil {
			b.Fatal(err)
		}
	}
	done()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*p.Len()), "ns/book")
}

// BenchmarkWorst is the worst-loss scan of one book (Compiled.worst) on
// the universe population's requirement scenarios: 64 random P&L arrays,
// so that the worst scenario falls anywhere in the set.
func BenchmarkWorst(b *testing.B) {
	c, p := universePopulation(b, 1)
	rng := rand.New(rand.NewPCG(3, 4))
	pnls := make([][]float64, 64)
	for i := range pnls {
		pnls[i] = make([]float64, len(c.set.Scenarios))
		for k := range pnls[i] {
			pnls[i][k] = rng.NormFloat64() * 1e4
		}
	}
	mask := p.masks[0]
	var sink int
	for i := 0; b.Loop(); i++ {
		k, _ := c.worst(pnls[i%len(pnls)], mask)
		sink += k
	}
	_ = sink
}
