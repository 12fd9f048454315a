package venue_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

// Custody's solver (its equity as a Linear form) agrees with the generic
// search on random wallets of collateral and spot holdings: nothing is
// required there, so no price liquidates, which the search finds by
// walking its whole range both ways for every asset (228 model runs a
// venue on the demo books) and the form by its signs.
func TestPropCustodySolverAgreesWithSearch(t *testing.T) {
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"ETH": {"price": "3000"},
		"BTC": {"price": "90000"}, "USDC": {"price": "1", "class": "stable"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	assets := []string{"ETH", "BTC", "USDC"}
	rapid.Check(t, func(t *rapid.T) {
		v := &portfolio.Venue{Path: "venues[0]", ID: "wallet", Model: "custody"}
		for range rapid.IntRange(0, 3).Draw(t, "n_collateral") {
			v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: rapid.SampledFrom(assets).Draw(t, "c"),
				AmountF: rapid.Float64Range(0, 1e6).Draw(t, "c_amount")})
		}
		for range rapid.IntRange(0, 3).Draw(t, "n_spot") {
			v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindSpot,
				Asset: rapid.SampledFrom(assets).Draw(t, "p"), AmountF: rapid.Float64Range(0, 1e6).Draw(t, "p_amount")})
		}
		venuetest.CheckLiquidationSolver(t, v, m)
	})
}
