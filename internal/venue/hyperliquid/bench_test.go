// Benchmark: one margin run on a 20-position cross account (four assets,
// netted), the hot path of the report, bulk re-margin and the
// liquidation-price search.
package hyperliquid

import (
	"testing"

	"github.com/unimargin/unimargin/internal/venue"
)

func BenchmarkMargin20Positions(b *testing.B) {
	m := loadPropMarket(b)
	var positions []string
	for i := range 20 {
		p := propPosition{symbol: propSymbols[i%len(propSymbols)], milli: int64(500 * (i - 9)), entry: int64(80 + 2*i)}
		if p.milli == 0 {
			p.milli = 250
		}
		positions = append(positions, p.json(1, m))
	}
	v := propVenue(b, m, ` "params": {"SOL.leverage": 3},`, "50000", positions)
	for b.Loop() {
		if _, err := venue.Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
