// Benchmarks: one margin run per model on a 20-position BTC account (16
// options over three expiries, two futures, two perpetuals), the hot path of
// the report, bulk re-margin and the liquidation-price search.
package deribit

import (
	"fmt"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func benchVenue(b *testing.B, model string) (*portfolio.Venue, *market.Snapshot) {
	m := loadPropMarket(b)
	var positions []string
	for i := range 16 {
		p := propPosition{kind: "option", right: []string{"call", "put"}[i%2],
			strike: fmt.Sprint(50_000 + 2_500*i), expiry: propExpiries[i%3], milli: int64(1000 * (i - 8))}
		if p.milli == 0 {
			p.milli = 500
		}
		positions = append(positions, p.json(1))
	}
	positions = append(positions,
		propPosition{kind: "future", expiry: propExpiries[1], milli: 3000, entry: 64000}.json(1),
		propPosition{kind: "future", expiry: propExpiries[2], milli: -2000}.json(1),
		propPosition{kind: "perp", milli: -4000, entry: 66000}.json(1),
		propPosition{kind: "perp", milli: 1500}.json(1))
	v := propVenue(b, m, model, "", "25", positions)
	if len(v.Positions) != 20 {
		b.Fatalf("%d positions", len(v.Positions))
	}
	return v, m
}

func benchmarkModel(b *testing.B, model string) {
	v, m := benchVenue(b, model)
	for b.Loop() {
		if _, err := venue.Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPM20Positions(b *testing.B)       { benchmarkModel(b, pmName) }
func BenchmarkStandard20Positions(b *testing.B) { benchmarkModel(b, standardName) }

// BenchmarkPMLiquidationPrices is the liquidation-price solver on the
// 20-position account: the memo is warm after the first run (as for every
// book after the first on a market), so this is the per-book cost.
func BenchmarkPMLiquidationPrices(b *testing.B) {
	v, m := benchVenue(b, pmName)
	for b.Loop() {
		if _, err := venue.LiquidationPrices(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
