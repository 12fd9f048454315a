package margin

import (
	"testing"

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
