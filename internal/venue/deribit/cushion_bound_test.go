// The Deribit solvers' cushion bounds (cushion_bound.go) against the
// models: a bound may only claim what the computed cushion does.
package deribit

import (
	"context"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/venue"
)

// Goal: each model's coin bound's move is an upper bound on how far the
// solver's computed cushion (in coins) moves between two prices, on random
// coin-settled books (options across strikes and expiries, perpetuals and
// futures with and without entries, deribit-pm's parameters overridden)
// at prices from 1e-6 to 1e6 times today's. Method: pairs of factors, the
// second within e^±3 of the first (the stretches the search steps over),
// and the largest share of the bound a move used is logged: a bound that
// is never approached would pass a wrong coefficient too, so the test
// also fails when no pair comes within a fifth of its bound.
func TestPropCoinBoundMove(t *testing.T) {
	eachSolverModel(t, func(t *testing.T, m *market.Snapshot, name string, model venue.Model) {
		tightest := 0.0
		rapid.Check(t, func(t *rapid.T) {
			v := genSolverVenue(t, m, name)
			ps, err := model.(venue.LiquidationSolver).PriceSolver(v, m)
			if err != nil {
				t.Fatal(err)
			}
			s := ps.(*bookSolver)
			cb, ok := s.bound([]string{"BTC"}).(*coinBound)
			if !ok {
				t.Skip("a USDC book: no coin bound")
			}
			shift := m.PriceShift("BTC")
			coins := func(f float64) float64 { return s.cushionAt(shift.At(f)) / (cb.priceUSD * f) }
			for i := range 4 {
				lf := rapid.Float64Range(-13.8, 13.8).Draw(t, fmt.Sprint("log factor ", i))
				lg := math.Max(-13.8, math.Min(13.8, lf+rapid.Float64Range(-3, 3).Draw(t, fmt.Sprint("log step ", i))))
				f, g := math.Exp(lf), math.Exp(lg)
				moved, bound := math.Abs(coins(g)-coins(f)), cb.move(cb.priceUSD*f, cb.priceUSD*g)
				if !(moved <= bound) {
					t.Fatalf("× %g → × %g: the cushion moved %.6g coins, the bound says at most %.6g", f, g, moved, bound)
				}
				tightest = math.Max(tightest, moved/bound)
			}
		})
		t.Logf("the largest move was %.3f of its bound", tightest)
		if tightest < 0.2 {
			t.Fatalf("no move came within a fifth of its bound (%.3f): the test cannot tell a wrong coefficient", tightest)
		}
	})
}

// Goal: the cushion bound (pm_bound.go) saves evaluations and changes no
// price. Method: each Deribit venue of 512 distinct demo books is solved
// twice, with its solver's bound and without (every grid point
// evaluated), counting the cushion's evaluations: the prices must agree
// to the bit and no venue may take more evaluations with the bound. The
// averages per model, and by whether the venue has a liquidation price,
// are logged (docs/SCALING.md quotes them; run with -v).
func TestDistinctBooksEvaluations(t *testing.T) {
	venues, m := distinctVenues(t, 512)
	type tally struct{ venues, with, without int }
	counts := map[string]*tally{}
	saved := 0
	for _, v := range venues {
		model, _ := venue.Lookup(v.Model)
		solve := func(bounded bool) (*float64, int) {
			ps, err := model.(venue.LiquidationSolver).PriceSolver(v, m)
			if err != nil {
				t.Fatal(err)
			}
			s := ps.(*bookSolver)
			if !bounded {
				s.hasCoin = false
			}
			evals, inner := 0, s.cushion
			s.cushion = func(at *market.Snapshot) float64 { evals++; return inner(at) }
			f, _, err := s.FactorContext(context.Background(), []string{"BTC"})
			if err != nil {
				t.Fatal(err)
			}
			return f, evals
		}
		f, with := solve(true)
		full, without := solve(false)
		if (f == nil) != (full == nil) || (f != nil && math.Float64bits(*f) != math.Float64bits(*full)) {
			t.Fatalf("%s %s: with the bound %v, without %v", v.Path, v.Model, fmtPtr(f), fmtPtr(full))
		}
		if with > without {
			t.Fatalf("%s %s: %d evaluations with the bound, %d without", v.Path, v.Model, with, without)
		}
		key := v.Model + " no price"
		if f != nil {
			key = v.Model + " price"
		}
		if counts[key] == nil {
			counts[key] = &tally{}
		}
		c := counts[key]
		c.venues, c.with, c.without = c.venues+1, c.with+with, c.without+without
		saved += without - with
	}
	with, without := 0, 0
	for k, c := range counts {
		n := float64(c.venues)
		t.Logf("%-26s %4d venues: %6.1f evaluations each (%.1f without the bound)", k, c.venues,
			float64(c.with)/n, float64(c.without)/n)
		with, without = with+c.with, without+c.without
	}
	t.Logf("in all: %d evaluations (%d without the bound)", with, without)
	if saved == 0 {
		t.Fatal("the bound saved no evaluation")
	}
}

// A coin book holding collateral it does not accept (ETH in a BTC book,
// valued 0) is exposed to ETH, but moving ETH moves nothing the book
// reads: its search takes three evaluations (today, one step each way,
// each side proven to its end) and finds what the generic search finds
// (no price), for both models.
func TestUnacceptedCollateralSearchIsShort(t *testing.T) {
	eachSolverModel(t, func(t *testing.T, m *market.Snapshot, name string, model venue.Model) {
		v := checkedVenue(t, m, fmt.Sprintf(`{"account": "prop", "venues": [{"id": "d", "model": %q, "chain": "offchain",
 "settlement": "BTC", "collateral": [{"asset": "BTC", "amount": "2"}, {"asset": "ETH", "amount": "30"}],
 "positions": [{"kind": "option", "underlying": "BTC", "right": "put", "strike": "60000",
   "expiry": "2024-07-26T08:00:00Z", "quantity": "-3"}]}]}`, name))
		ps, err := model.(venue.LiquidationSolver).PriceSolver(v, m)
		if err != nil {
			t.Fatal(err)
		}
		s := ps.(*bookSolver)
		evals, inner := 0, s.cushion
		s.cushion = func(at *market.Snapshot) float64 { evals++; return inner(at) }
		f, _, err := s.FactorContext(context.Background(), []string{"ETH"})
		if err != nil || f != nil || evals != 3 {
			t.Fatalf("moving ETH: factor %v, %d evaluations, %v; want none in 3", fmtPtr(f), evals, err)
		}
		if !s.b.inverse {
			t.Fatalf("a %s-settled book; want a coin book", s.b.settle)
		}
		if found := solvesAsTheSearch(t, v, m); found != 1 {
			t.Fatalf("%d prices; want BTC's only (the short put's, below)", found)
		}
	})
}
