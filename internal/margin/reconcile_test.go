package margin

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

// Goal: a single-venue book's report reconciles unified margin with the
// venue's own (DESIGN.md, "reconciliation"). Method: books held wholly at
// Deribit PM on the demo market, with expectations derived by hand from the
// two rules (S = the BTC price, r the move):
//
//   - 10 BTC of collateral alone: Deribit requires nothing (it margins in BTC,
//     where BTC collateral cannot lose); unified in USD loses 10·S·0.16 in
//     "BTC −16%": numeraire_effect = 1.6·S, scenario_set = 0.
//   - plus an inverse perp short 6 BTC (entry at the mark): Deribit's coin
//     P&L is q·(1 − 1/(1 + r)), worst at +16%: 6·0.16/1.16 BTC, plus the roll
//     shock 6·max(7.5%·0, 1%) BTC; the unified loss in BTC is
//     (r·V − ΔV)/(1 + r) = −q·S·r/(1 + r): the same figure, so scenario_set
//     = 0 and the venue's roll shock has no unified counterpart on one venue
//     (basis 0).
//   - a USDC-settled book of 20 short puts and 10 short calls: both scenario
//     sets are Deribit's ±16% grid with the same vol shocks (scenario_set 0
//     up to rounding); unified adds the short-option contingency 0.5%·S·30
//     and its liquidity add-on.
//
// Every reconciliation satisfies its two identities; a book on two venues
// has none.
func TestReconciliationSingleVenue(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := m.Spot("BTC")
	pm := func(settlement string, c portfolio.Collateral, ps ...portfolio.Position) *portfolio.Portfolio {
		return &portfolio.Portfolio{Account: "r", Venues: []portfolio.Venue{{ID: "deribit-pm", Model: "deribit-pm",
			Chain: "offchain", Settlement: settlement, Collateral: []portfolio.Collateral{c}, Positions: ps}}}
	}
	perp := derivative(portfolio.KindPerp, "BTC", -6)
	perp.EntryF, perp.EntryPrice, perp.HasEntry = s, dec(s), true
	dec29 := m.AsOf.AddDate(0, 2, 0)
	cases := []struct {
		name                                          string
		book                                          *portfolio.Portfolio
		numeraire                                     string
		venueScenario, roll, scenarioSet, numeraireFx float64 // NaN: not checked
		shortOption                                   float64
	}{
		{"BTC collateral", pm("BTC", collateral("BTC", 10)), "BTC", 0, 0, 0, 1.6 * s, 0},
		{"BTC collateral and a short inverse perp", pm("BTC", collateral("BTC", 10), perp), "BTC",
			6 * 0.16 / 1.16 * s, 6 * 0.01 * s, 0, math.NaN(), 0},
		{"USDC short options", pm("USDC", collateral("USDC", 300000),
			option("BTC", pricing.Put, 31000, dec29, -20), option("BTC", pricing.Call, 42000, dec29, -10)), "USD",
			math.NaN(), 0, 0, 0, 0.005 * s * 30},
	}
	for _, c := range cases {
		rep, err := Compute(c.book, m, DefaultRiskParams())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		rc := rep.Reconciliation
		if rc == nil {
			t.Fatalf("%s: no reconciliation", c.name)
		}
		checkReconciliation(t, c.name, rep)
		for _, f := range []struct {
			what      string
			got, want float64
		}{
			{"venue_scenario", rc.VenueScenario, c.venueScenario},
			{"roll_shock", rc.VenueAddOns[0].USD, c.roll},
			{"scenario_set", rc.ScenarioSet, c.scenarioSet},
			{"numeraire_effect", rc.NumeraireEffect, c.numeraireFx},
			{"short_option", rc.ShortOption, c.shortOption},
		} {
			if !math.IsNaN(f.want) && math.Abs(f.got-f.want) > 1e-6*math.Max(s, math.Abs(f.want)) {
				t.Errorf("%s: %s %v, want %v", c.name, f.what, f.got, f.want)
			}
		}
		if rc.Numeraire != c.numeraire || rc.Basis != 0 {
			t.Errorf("%s: numeraire %s basis %v, want %s and 0", c.name, rc.Numeraire, rc.Basis, c.numeraire)
		}
	}
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compute(book, m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reconciliation != nil {
		t.Fatalf("a book on eleven venues has a reconciliation: %+v", rep.Reconciliation)
	}
	for _, v := range book.Venues { // every demo venue alone: the identities hold
		rep, err := Compute(&portfolio.Portfolio{Account: "one", Venues: []portfolio.Venue{v}}, m, DefaultRiskParams())
		if err != nil {
			t.Fatal(err)
		}
		checkReconciliation(t, v.ID, rep)
	}
}

// checkReconciliation checks the reconciliation's two identities against
// the report's own figures.
func checkReconciliation(t *testing.T, name string, rep *Report) {
	t.Helper()
	rc, u, v := rep.Reconciliation, rep.Unified, rep.Venues[0]
	venueSum := rc.VenueScenario
	for _, p := range rc.VenueAddOns {
		venueSum += p.USD
	}
	unifiedSum := rc.VenueScenario + rc.ScenarioSet + rc.NumeraireEffect + rc.Liquidity + rc.ShortOption + rc.Basis
	scale := math.Max(v.Initial, u.Initial) + 1
	if rc.VenueInitial != v.Initial || rc.UnifiedInitial != u.Initial ||
		!close(venueSum, v.Initial, scale) || !close(unifiedSum, u.Initial, scale) ||
		rc.ShortOption+rc.Basis != u.Components.Contingency || rc.Liquidity != u.Components.Liquidity {
		t.Errorf("%s: reconciliation %+v does not add up to venue %v and unified %v (%+v)", name, rc,
			v.Initial, u.Initial, u.Components)
	}
}
