// The Deribit models' liquidation-price solvers (pm_solve.go) against the
// generic search on random books: coin-settled BTC books and USDC-settled
// books on BTC and ETH, with and without parameter overrides.
package deribit

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

// solverMarket is propMarket with ETH (its own surface) for USDC books.
const solverMarket = `{"as_of": "2024-06-17T08:00:00Z",
 "assets": {"BTC": {"price": "65000", "vol": 0.55}, "ETH": {"price": "3500", "vol": 0.65},
            "USDC": {"price": "1", "class": "stable"}},
 "vol_surfaces": {"BTC": [
   {"expiry": "2024-06-21T08:00:00Z", "strikes": ["50000","60000","65000","70000","80000"], "vols": [0.75,0.58,0.52,0.55,0.66]},
   {"expiry": "2024-07-26T08:00:00Z", "strikes": ["50000","60000","65000","70000","80000"], "vols": [0.68,0.56,0.53,0.54,0.60]},
   {"expiry": "2024-12-27T08:00:00Z", "strikes": ["50000","60000","65000","70000","80000"], "vols": [0.62,0.57,0.55,0.55,0.58]}]},
 "rates": {"USD": 0.05}}`

// genSolverVenue draws a venue of model: one to six positions (options
// across strikes and expiries, perps, futures, with or without entries),
// collateral from a sliver to a lot, coin- or USDC-settled.
func genSolverVenue(t *rapid.T, m *market.Snapshot, model string) *portfolio.Venue {
	linear := rapid.Bool().Draw(t, "usdc")
	n := rapid.IntRange(1, 6).Draw(t, "n")
	var positions []string
	for i := range n {
		p := genPosition(t, fmt.Sprint("p", i)).json(1)
		if linear && rapid.Bool().Draw(t, fmt.Sprint("p", i, ".eth")) {
			// An ETH position: the same draw on ETH's scale (strikes and entries / 20).
			p = strings.Replace(p, `"underlying": "BTC"`, `"underlying": "ETH"`, 1)
			p = scaleField(p, "strike", 20)
			p = scaleField(p, "entry_price", 20)
		}
		positions = append(positions, p)
	}
	// Some collateral: with none, a book of long options at deribit-standard
	// has a cushion of exactly 0 (each requirement is the premium), and
	// rounding alone then decides its sign (the search finds "roots" in that
	// noise, where the model does not flip).
	collateral := fmt.Sprintf(`{"asset": "BTC", "amount": "%.4f"}`, rapid.Float64Range(0.01, 40).Draw(t, "btc"))
	if linear {
		collateral = fmt.Sprintf(`{"asset": "USDC", "amount": "%.2f"}`, rapid.Float64Range(100, 3e6).Draw(t, "usdc.amount"))
	}
	params := ""
	if model == pmName && rapid.Bool().Draw(t, "overrides") {
		params = fmt.Sprintf(`"params": {"price_range": %g, "mm_factor": %g, "pnl_offset": %g`,
			rapid.Float64Range(0.05, 0.3).Draw(t, "price_range"), rapid.Float64Range(0.5, 1).Draw(t, "mm_factor"),
			rapid.Float64Range(0, 1).Draw(t, "pnl_offset"))
		if rapid.Bool().Draw(t, "extended overrides") {
			// The extended table made to count (a large factor, a dampener
			// and an offset cap it crosses), as the published sets do not.
			params += fmt.Sprintf(`, "extended_table_factor": %g, "extended_dampener": %g, "max_offsetable_pnl": %g`,
				rapid.Float64Range(0, 20).Draw(t, "extended_table_factor"), rapid.Float64Range(0, 2e6).Draw(t, "extended_dampener"),
				rapid.Float64Range(0, 2e6).Draw(t, "max_offsetable_pnl"))
		}
		params += "},"
	}
	doc := fmt.Sprintf(`{"account": "prop", "venues": [{"id": "d", "model": %q, "chain": "offchain", %s
 "collateral": [%s], "positions": [%s]}]}`, model, params, collateral, strings.Join(positions, ", "))
	return checkedVenue(t, m, doc)
}

// scaleField divides a quoted integer field of a position's JSON by k.
func scaleField(p, field string, k int64) string {
	key := `"` + field + `": "`
	i := strings.Index(p, key)
	if i < 0 {
		return p
	}
	j := i + len(key) + strings.IndexByte(p[i+len(key):], '"')
	var x int64
	fmt.Sscan(p[i+len(key):j], &x)
	return p[:i+len(key)] + fmt.Sprint(x/k) + p[j:]
}

// Each model's solver is its own (registered as a venue.LiquidationSolver),
// agrees with the generic search and the model flips at its prices
// (venuetest.CheckLiquidationSolver); and since its cushion is Margin's to
// the bit, its prices are the search's exactly.
func TestPropLiquidationSolversAreTheSearch(t *testing.T) {
	eachSolverModel(t, func(t *testing.T, m *market.Snapshot, name string, model venue.Model) {
		if _, ok := model.(venue.LiquidationSolver); !ok {
			t.Fatalf("%s has no liquidation-price solver of its own", name)
		}
		found := 0
		rapid.Check(t, func(t *rapid.T) {
			v := genSolverVenue(t, m, name)
			venuetest.CheckLiquidationSolver(t, v, m)
			found += solvesAsTheSearch(t, v, m)
		})
		if found == 0 {
			t.Fatal("no book had a liquidation price: the generator tests nothing")
		}
	})
}

// eachSolverModel runs test as a subtest per Deribit model, on
// solverMarket.
func eachSolverModel(t *testing.T, test func(t *testing.T, m *market.Snapshot, name string, model venue.Model)) {
	m, err := market.Load([]byte(solverMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{pmName, standardName} {
		model, _ := venue.Lookup(name)
		t.Run(name, func(t *testing.T) { test(t, m, name, model) })
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "none"
	}
	return *p
}

// solvesAsTheSearch checks that v's prices are the generic search's, bit
// for bit, and returns how many it has (nil ones not counted).
func solvesAsTheSearch(t fataler, v *portfolio.Venue, m *market.Snapshot) int {
	got, err := venue.LiquidationPrices(v, m)
	if err != nil {
		t.Fatal(err)
	}
	want, err := venue.SearchLiquidationPrices(v, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%s %s: solver %d prices, search %d", v.Path, v.Model, len(got), len(want))
	}
	found := 0
	for sym, w := range want {
		g := got[sym]
		if (g == nil) != (w == nil) || (g != nil && math.Float64bits(*g) != math.Float64bits(*w)) {
			t.Fatalf("%s %s %s: solver %v, search %v", v.Path, v.Model, sym, fmtPtr(g), fmtPtr(w))
		}
		if g != nil {
			found++
		}
	}
	return found
}

// Each solver's cushion is Margin's on the shifted market at every factor,
// in every order (the prepared book is marked again, never compounded; the
// memo's vectors and marks are the computed ones).
func TestPropSolverCushionIsMargins(t *testing.T) {
	m, err := market.Load([]byte(solverMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.SampledFrom([]string{pmName, standardName}).Draw(t, "model")
		model, _ := venue.Lookup(name)
		v := genSolverVenue(t, m, name)
		ps, err := model.(venue.LiquidationSolver).PriceSolver(v, m)
		if err != nil {
			t.Fatal(err)
		}
		s := ps.(*bookSolver)
		moved := rapid.SampledFrom([]string{"BTC", "ETH", "USDC"}).Draw(t, "moved")
		shift := m.PriceShift(moved)
		for i := range 4 {
			f := math.Exp(rapid.Float64Range(-14, 14).Draw(t, fmt.Sprint("log factor ", i)))
			at := shift.At(f)
			got := s.cushionAt(at)
			r, err := model.Margin(v, at)
			if err != nil {
				t.Fatal(err)
			}
			if want := r.Cushion(); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%s × %g: solver cushion %.17g, Margin %.17g", moved, f, got, want)
			}
		}
	})
}
