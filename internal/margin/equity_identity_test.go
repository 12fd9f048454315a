package margin

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

// Goal: the unified model values every position exactly as each venue's own
// model does when both see the same prices and no haircut applies, so that
// fragmented and unified equity agree and the savings compare like with like.
// Method: the demo book spans Aave (e-mode and not), Deribit portfolio and
// standard margin (coin-settled options, perps and an inverse future) and
// custody; each venue alone, then the whole book.
func TestUnifiedEquityMatchesVenueModels(t *testing.T) {
	book, m, _ := demoInputs(t)
	m.VenuePrices = nil // the same prices on both sides: the demo's Aave and Comet oracles read USDC at 0.99997427
	check := func(name string, b *portfolio.Portfolio) {
		rep, err := Compute(b, m, DefaultRiskParams())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := rep.Unified.Equity - rep.Fragmented.Equity; math.Abs(d) > 1e-9*math.Abs(rep.Fragmented.Equity) {
			t.Errorf("%s: unified equity %v, venues' equity %v (diff %g)", name, rep.Unified.Equity, rep.Fragmented.Equity, d)
		}
	}
	for _, v := range book.Venues {
		check(v.ID, &portfolio.Portfolio{Account: book.Account, Venues: []portfolio.Venue{v}})
	}
	check("whole book", book)
}
