// The property every model-owned liquidation-price solver must have: it
// agrees with the generic search (venue.SearchLiquidationPrices) and, at the
// price it returns, the model itself flips between liquidatable and not.
package venuetest

import (
	"math"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Tolerances of CheckLiquidationSolver. The generic search narrows its
// bracket to 1e-12 in log price, but the models it runs are integer
// contracts: an oracle price is floored to 1e-8 USD (SolverTickUSD) and
// every value to a base unit (1e-8 USD), so the model's cushion is a step
// function at that scale and the search's root lies a few price ticks
// from the solver's exact root of the unrounded figures (each moved price
// and each value floored: a tick is 1e-8 relative for a $1 price, 3e-6 for
// a $0.003 one). Prices must agree within SolverRelTol relative plus
// SolverTicks ticks, and the model must be on opposite sides at
// p·(1 − SolverFlipEps) − SolverTicks ticks and p·(1 + SolverFlipEps) +
// SolverTicks ticks. Above $0.01 the ticks are within 1e-6 relative.
//
// On a dust book the values, not the prices, set the resolution: 1e-5 WETH
// at $0.17 is 1.7e-6 USD, so one 1e-8 USD base unit of it is 0.6% of the
// value and the floored cushion stays within a few base units of zero over
// a price range of about that width (rapid found solver 0.16747 against
// search 0.167 on such a book, both roots of the model). Two prices further
// apart than the tolerance above are still accepted when the model's own
// cushion (equity counted − maintenance) is within SolverTicks base units
// of zero at both: each is then a root of the model to its money resolution
// (and, for the same reason, a solved price where the model does not flip
// within SolverFlipEps passes only with such a cushion). A large amount at
// a small price steps the cushion by more than that at each price tick
// (nearRoot): the resolution is then the step.
// A solver that is wrong by more than that leaves a cushion of many base
// units at its price and fails.
const (
	SolverRelTol  = 1e-6
	SolverFlipEps = 1e-6
	SolverTickUSD = 1e-8
	SolverTicks   = 10
	// solverEdgeLog is where a root may be found by one and not the other:
	// within one grid step (0.2 in log price) of the search's range end
	// ln(1e6) the search's last grid point can fall short of a root.
	solverEdgeLog = 13.815510557964274 - 0.2
)

// CheckLiquidationSolver checks venue.LiquidationPrices (the model's own
// solver) against venue.SearchLiquidationPrices on v: the same assets, a
// price for the same ones (up to the search range's edge), prices within
// SolverRelTol; and at each solved price p the model is liquidatable at
// exactly one of p·(1−SolverFlipEps) and p·(1+SolverFlipEps).
func CheckLiquidationSolver(t Fataler, v *portfolio.Venue, m *market.Snapshot) {
	got, err := venue.LiquidationPrices(v, m)
	if err != nil {
		t.Fatalf("solver: %v", err)
	}
	want, err := venue.SearchLiquidationPrices(v, m)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("solver priced %d assets, search %d", len(got), len(want))
	}
	for sym, w := range want {
		g, ok := got[sym]
		if !ok {
			t.Fatalf("%s: the solver has no entry", sym)
		}
		spot := m.VenueSpot(v.ID, sym)
		switch {
		case g == nil && w == nil:
			continue
		case g == nil || w == nil:
			found := g
			if found == nil {
				found = w
			}
			if math.Abs(math.Log(*found/spot)) < solverEdgeLog {
				t.Fatalf("%s: solver %v, search %v", sym, fmtPrice(g), fmtPrice(w))
			}
			continue
		}
		moved, err := venue.MovesWith(v, m, sym)
		if err != nil {
			t.Fatal(err)
		}
		shift := m.PriceShift(moved...)
		if d := math.Abs(*g - *w); d > SolverRelTol*math.Max(*g, *w)+SolverTicks*SolverTickUSD &&
			(!nearRoot(t, v, shift, moved, *g/spot) || !nearRoot(t, v, shift, moved, *w/spot)) {
			t.Fatalf("%s: solver %.12g, search %.12g (rel %.3g > %g)", sym, *g, *w, d/math.Max(*g, *w), SolverRelTol)
		}
		lo, hi := *g*(1-SolverFlipEps)-SolverTicks*SolverTickUSD, *g*(1+SolverFlipEps)+SolverTicks*SolverTickUSD
		if lo <= 0 {
			lo = *g / 2 // a price of a few ticks: any lower one is as far
		}
		below := liquidatableAt(t, v, shift.At(lo/spot))
		above := liquidatableAt(t, v, shift.At(hi/spot))
		if below == above && !nearRoot(t, v, shift, moved, *g/spot) {
			t.Fatalf("%s: the model does not flip at the solved price %.12g (liquidatable %v either side)", sym, *g, below)
		}
	}
}

// nearRoot reports whether the model's cushion at the factor f of shift
// is zero to the model's money resolution there: within SolverTicks base
// units plus the cushion's own step over two price ticks of the moved
// assets (a moved amount of n units steps the cushion by about n × 1e-8
// USD at each tick of its floored oracle price: 1,487 cbETH move it 1.5e-5
// USD at a time, so on such a book no price puts it nearer zero than that,
// and two roots a step apart are both the model's).
func nearRoot(t Fataler, v *portfolio.Venue, shift *market.PriceShift, moved []string, f float64) bool {
	at := shift.At(f)
	c := cushionAt(t, v, at)
	low := math.Inf(1)
	for _, sym := range moved {
		if a := at.Assets[sym]; a != nil && a.Price > 0 {
			low = min(low, a.Price)
		}
	}
	step := 0.0
	if !math.IsInf(low, 1) {
		step = math.Abs(cushionAt(t, v, shift.At(f*(1+2*SolverTickUSD/low))) - c)
	}
	return math.Abs(c) <= SolverTicks*SolverTickUSD+step
}

// cushionAt is the model's equity the liquidation test counts, less its
// maintenance, in USD.
func cushionAt(t Fataler, v *portfolio.Venue, m *market.Snapshot) float64 {
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatalf("margin at a shifted price: %v", err)
	}
	return r.Equity - r.Unbacked - r.Maintenance
}

func liquidatableAt(t Fataler, v *portfolio.Venue, m *market.Snapshot) bool {
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatalf("margin at a shifted price: %v", err)
	}
	return r.Liquidatable()
}

func fmtPrice(p *float64) any {
	if p == nil {
		return "none"
	}
	return *p
}
