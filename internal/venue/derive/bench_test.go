// Benchmarks: derive-pm on a 20-position ETH sub-account (18 options over
// three expiries, two perps, cash and risk-cancelling collateral) — the hot
// path of the report, bulk re-margin and the liquidation-price search — and
// one portfolio case through the conformance path.
package derive

import (
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func benchVenue(b *testing.B) (*portfolio.Venue, string) {
	book := propBook{usdcCents: 5_000_000_00, wethMilli: 10_000, rswMilli: 2_000, usdtCents: 1_000_000}
	strikes := []string{"2400", "2700", "3000", "3300", "3600", "3000"}
	for i := range 18 {
		book.positions = append(book.positions, propPosition{kind: "option",
			right: []string{"call", "put"}[i%2], strike: strikes[i%6], expiry: propExpiries[i%3],
			milli: int64(1000 * (i - 9))})
	}
	book.positions[9].milli = 500
	book.positions = append(book.positions,
		propPosition{kind: "perp", milli: -4000, entry: 3100, fundingCents: 1250},
		propPosition{kind: "perp", milli: 1500})
	doc := book.json(1, 0, true)
	p, err := portfolio.Parse([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	if n := len(p.Venues[0].Positions); n != 20 {
		b.Fatalf("%d positions", n)
	}
	return &p.Venues[0], doc
}

func BenchmarkMargin20Positions(b *testing.B) {
	m := loadPropMarket(b)
	v, _ := benchVenue(b)
	for b.Loop() {
		if _, err := venue.Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConformCase(b *testing.B) {
	data, err := os.ReadFile("testdata/pmrm2/test_64_general_random_4.json")
	if err != nil {
		b.Fatal(err)
	}
	c, err := Conform(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(c.Report.RegLosses)+len(c.Report.TailLosses)+len(c.Report.SkewLosses)), "scenarios")
	for b.Loop() {
		if _, err := Conform(data); err != nil {
			b.Fatal(err)
		}
	}
}
