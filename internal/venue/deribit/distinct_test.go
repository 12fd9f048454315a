// The Deribit venues of the demo's distinct books (demo.Book: what
// `loadtest --distinct` sends) on the demo market: the liquidation-price
// solvers' cost per venue as the service pays it (the memo shared across
// books), and their prices against the generic search's, bit for bit.
package deribit

import (
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// distinctVenues are the Deribit venues (both models) of demo books
// 0 … books-1 of seed 1, and the demo market.
func distinctVenues(t fataler, books int) ([]*portfolio.Venue, *market.Snapshot) {
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*portfolio.Venue
	for i := range books {
		p, err := portfolio.Parse(demo.Book(1, i))
		if err != nil {
			t.Fatal(err)
		}
		for j := range p.Venues {
			if v := &p.Venues[j]; v.Model == pmName || v.Model == standardName {
				out = append(out, v)
			}
		}
	}
	return out, m
}

// The solvers' prices are the generic search's to the bit on the demo's
// distinct books (the demo market has a vol surface and quoted forwards,
// which the property test's market has not).
func TestDistinctBooksSolveAsTheSearch(t *testing.T) {
	books := 256
	if testing.Short() {
		books = 32
	}
	venues, m := distinctVenues(t, books)
	found := 0
	for _, v := range venues {
		found += solvesAsTheSearch(t, v, m)
	}
	if found == 0 {
		t.Fatal("no venue had a liquidation price: the books test nothing")
	}
}

// BenchmarkLiquidationPricesDistinct is both solvers on the Deribit venues
// of 512 distinct demo books in turn, the memo warm after the first pass.
func BenchmarkLiquidationPricesDistinct(b *testing.B) {
	venues, m := distinctVenues(b, 512)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := venue.LiquidationPrices(venues[i%len(venues)], m); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
