// Properties of hyperliquid on random cross accounts (rapid): adding
// collateral never lowers health; a position with its exact opposite costs no
// more than either alone (Hyperliquid holds one position per asset, so they
// net to none); maintenance is continuous across margin tiers and never above
// the initial margin at max leverage. Books go through portfolio.Parse, the
// same input path as the CLI.
package hyperliquid

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

const propMarket = `{"as_of": "2025-11-01T00:00:00Z",
 "assets": {"BTC": {"price": "100000"}, "ETH": {"price": "4000"}, "SOL": {"price": "200"},
            "HYPE": {"price": "40"}, "USDC": {"price": "1", "class": "stable"}}}`

var propSymbols = []string{"BTC", "ETH", "SOL", "HYPE"}

var books = venuetest.PerpBooks{Market: propMarket, Symbols: propSymbols, Model: "hyperliquid", Chain: "hyperliquid",
	StressParams: ` "params": {"SOL.leverage": 3},`}

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

// Maintenance is continuous in notional across every tier boundary of every
// table of the set, and at most the initial margin at max leverage (half of
// it in tier 0).
func TestPropertyTiersContinuous(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := sets.Default()
		ids := []int{51, 52, 53, 54, 55, 56}
		tiers := s.tables[rapid.SampledFrom(ids).Draw(t, "table")]
		for _, tr := range tiers[1:] {
			below := marginOf(tiers, tiers[0].MaxLeverage, tr.LowerBound*(1-1e-12))
			at := marginOf(tiers, tiers[0].MaxLeverage, tr.LowerBound)
			if math.Abs(at.maintenance-below.maintenance) > 1e-9*at.maintenance {
				t.Fatalf("maintenance jumps at %g: %g → %g", tr.LowerBound, below.maintenance, at.maintenance)
			}
		}
		n := rapid.Float64Range(0, 1e9).Draw(t, "notional")
		f := marginOf(tiers, tiers[0].MaxLeverage, n)
		if f.maintenance > f.initial/2*(1+1e-12) {
			t.Fatalf("notional %g: maintenance %g above half the initial margin at max leverage %g", n, f.maintenance, f.initial)
		}
	})
}

// The model's liquidation-price solver (solve.go) agrees with the generic
// search and the model flips at its price.
func TestPropLiquidationSolverAgreesWithSearch(t *testing.T) {
	m := books.LoadMarket(t)
	rapid.Check(t, func(t *rapid.T) { books.CheckLiquidationSolver(t, m) })
}
