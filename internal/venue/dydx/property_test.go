// Properties of dydx-v4 on random cross subaccounts (rapid): adding
// collateral never lowers health; a position with its exact opposite costs no
// more than either alone (the protocol nets them into no position); the
// initial requirement never falls as a market's open interest rises. Books
// go through portfolio.Parse, the same input path as the CLI.
package dydx

import (
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

const propMarket = `{"as_of": "2025-11-01T00:00:00Z",
 "assets": {"BTC": {"price": "100000"}, "ETH": {"price": "4000"}, "SOL": {"price": "200"},
            "MKR": {"price": "1500"}, "USDC": {"price": "1", "class": "stable"}}}`

var propSymbols = []string{"BTC", "ETH", "SOL", "MKR"}

// tolRelative absorbs float64 summation order.
const tolRelative = 1e-12

var books = venuetest.PerpBooks{Market: propMarket, Symbols: propSymbols, Model: "dydx-v4", Chain: "dydx",
	StressParams: ` "params": {"SOL.open_interest": 150000},`}

func TestPropertyCollateralNeverLowersHealth(t *testing.T) {
	m := books.LoadMarket(t)
	rapid.Check(t, func(t *rapid.T) { books.CheckCollateralNeverLowersHealth(t, m) })
}

func TestPropertyOppositeCostsNoMore(t *testing.T) {
	m := books.LoadMarket(t)
	rapid.Check(t, func(t *rapid.T) { books.CheckOppositeCostsNoMore(t, m) })
}

// Figures stay finite at any price the liquidation-price search may try.
func TestPropertyExtremePricesStayFinite(t *testing.T) {
	m := books.LoadMarket(t)
	rapid.Check(t, func(t *rapid.T) { books.CheckExtremePricesStayFinite(t, m) })
}

func TestPropertyOpenInterestNeverLowersInitial(t *testing.T) {
	m := books.LoadMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		p := books.Position(t, "p")
		oi1 := rapid.Float64Range(0, 1e6).Draw(t, "oi1")
		oi2 := oi1 + rapid.Float64Range(0, 1e6).Draw(t, "more")
		params := func(oi float64) string { return fmt.Sprintf(` "params": {"open_interest": %g},`, oi) }
		lo := venuetest.MustMargin(t, books.Venue(t, m, params(oi1), "1000", []string{p.JSON(1, m)}), m)
		hi := venuetest.MustMargin(t, books.Venue(t, m, params(oi2), "1000", []string{p.JSON(1, m)}), m)
		if hi.Initial < lo.Initial*(1-tolRelative) || hi.Maintenance != lo.Maintenance {
			t.Fatalf("open interest %g → %g: initial %g → %g, maintenance %g → %g",
				oi1, oi2, lo.Initial, hi.Initial, lo.Maintenance, hi.Maintenance)
		}
		notional := math.Abs(float64(p.Milli)) / 1000 * m.Spot(p.Symbol)
		if hi.Initial > notional*(1+tolRelative) {
			t.Fatalf("initial %g above the notional %g (IMF capped at 100%%)", hi.Initial, notional)
		}
	})
}

// The model's liquidation-price solver (solve.go) agrees with the generic
// search and the model flips at its price.
func TestPropLiquidationSolverAgreesWithSearch(t *testing.T) {
	m := books.LoadMarket(t)
	rapid.Check(t, func(t *rapid.T) { books.CheckLiquidationSolver(t, m) })
}
