package margin

import (
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/market"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// Applying a suggested hedge lowers unified initial margin: for random books,
// every suggestion's position, appended to its venue, gives (by the full
// computation) the unified_initial_after it states, below the book's initial.
func TestPropertyHedgeLowersUnifiedMargin(t *testing.T) {
	m := propMarket(t)
	rp := DefaultRiskParams()
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		s, err := Prepare(b, m, rp)
		if err != nil {
			t.Fatal(err)
		}
		sugg, err := s.Hedges(3)
		if err != nil {
			t.Fatal(err)
		}
		before := s.Unified().Initial
		for i := range sugg {
			tr := sugg[i].Trade()
			vi := s.venueIndex[tr.Venue]
			after := unifiedOf(t, withPosition(b, vi, &tr.Position), m, rp).unified.Initial
			if after >= before {
				t.Fatalf("suggestion %d %+v raises initial %v → %v", i, sugg[i].Position, before, after)
			}
			if !close(after, sugg[i].UnifiedInitialAfter, before) {
				t.Fatalf("suggestion %d states %v, full computation %v", i, sugg[i].UnifiedInitialAfter, after)
			}
			if i > 0 && sugg[i].Score > sugg[i-1].Score {
				t.Fatalf("suggestions not best first: %v after %v", sugg[i].Score, sugg[i-1].Score)
			}
			// A hedge, not a no-op and not a move of the worst loss into
			// another vol column (checked on the two books from scratch).
			if sugg[i].Reduction < max(hedgeMinReduction*before, 1) {
				t.Fatalf("suggestion %d frees only %v of %v", i, sugg[i].Reduction, before)
			}
			c, _ := Compile(m, rp)
			a0, a1 := newAccount(b, c), newAccount(withPosition(b, vi, &tr.Position), c)
			if cb, ca := c.worstByVol(a0.pnl(), a0.mask), c.worstByVol(a1.pnl(), a1.mask); !noColumnWorse(cb, ca) {
				t.Fatalf("suggestion %d %+v raises a vol column's worst loss: %v → %v", i, sugg[i].Position, cb, ca)
			}
			w, err := s.Trade(&tr)
			if err != nil || !w.Venue.Allowed {
				t.Fatalf("suggestion %d: the venue does not take it (%v): %+v", i, err, w)
			}
		}
	})
}

// On the benchmark book (short BTC and WETH options, net long delta) the
// search finds hedges, best first, and the best one frees margin.
func TestHedgesOnBenchBook(t *testing.T) {
	m := propMarket(t)
	s, err := Prepare(benchBook(), m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	sugg, err := s.Hedges(5)
	if err != nil {
		t.Fatal(err)
	}
	if len(sugg) != 5 {
		t.Fatalf("%d suggestions, want 5", len(sugg))
	}
	for _, sg := range sugg {
		if sg.Reduction <= 0 || sg.Cost < 0 || sg.UnifiedInitialAfter >= s.Unified().Initial {
			t.Errorf("suggestion %+v", sg)
		}
		if sg.Position.Kind == string(portfolio.KindOption) && (sg.Position.Strike == "" || sg.Position.Expiry == "") {
			t.Errorf("option suggestion without strike or expiry: %+v", sg.Position)
		}
	}
}

// Short-dated options are not offered as hedges: with a BTC smile 3 days
// out (vol shocks scaled by (30/3)^0.30 ≈ 2), a long-BTC book gets no option
// suggestion expiring within 14 days (hedgeMinExpiry), though such options
// are listed; longer ones and perps remain.
func TestHedgesSkipShortDatedOptions(t *testing.T) {
	doc := strings.Replace(propMarketJSON, `"vol_surfaces": {"BTC": [`,
		`"vol_surfaces": {"BTC": [
    {"expiry": "2026-11-28T08:00:00Z", "strikes": ["70000", "80000", "90000", "100000"], "vols": [0.70, 0.62, 0.55, 0.53]},`, 1)
	m, err := market.Load([]byte(doc), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := &portfolio.Portfolio{Account: "long", Venues: []portfolio.Venue{{ID: "desk", Model: "test-flat",
		Settlement: "USDC", Chain: "offchain", Collateral: []portfolio.Collateral{collateral("BTC", 20), collateral("USDC", 100000)}}}}
	s, err := Prepare(b, m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	sugg, err := s.Hedges(-1)
	if err != nil {
		t.Fatal(err)
	}
	if len(sugg) == 0 {
		t.Fatal("no hedge for a naked long")
	}
	for _, sg := range sugg {
		if sg.Position.Kind == string(portfolio.KindOption) && sg.Position.Expiry == "2026-11-28T08:00:00Z" {
			t.Fatalf("a 3-day option suggested: %+v", sg)
		}
	}
}
