// Benchmark: one margin run on a 20-position cross account (four assets,
// netted), the hot path of the report, bulk re-margin and the
// liquidation-price search.
package hyperliquid

import (
	"testing"

	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

func BenchmarkMargin20Positions(b *testing.B) {
	m := books.LoadMarket(b)
	var positions []string
	for i := range 20 {
		p := venuetest.PerpPosition{Symbol: propSymbols[i%len(propSymbols)], Milli: int64(500 * (i - 9)), Entry: int64(80 + 2*i)}
		if p.Milli == 0 {
			p.Milli = 250
		}
		positions = append(positions, p.JSON(1, m))
	}
	v := books.Venue(b, m, ` "params": {"SOL.leverage": 3},`, "50000", positions)
	for b.Loop() {
		if _, err := venue.Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
