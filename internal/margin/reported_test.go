// Goal: a venue's reported figures are set beside the model's with the
// difference, the tolerance and a drift flag exactly as DESIGN.md states.
// Method: the test-flat venue of report.txt (initial 18,000, maintenance
// 9,000, equity 52,000, health 52,000/9,000) against hand-picked reported
// figures, inside and outside the model's 5% default and a venue override.
package margin

import (
	"math"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
)

const reportedMarket = `{"as_of": "2026-11-25T00:00:00Z",
 "assets": {"BTC": {"price": "90000", "vol": 0.5}, "USDC": {"price": "1"}}}`

func reportedBook(reported string) string {
	return `{"account": "r", "venues": [{"id": "dex", "model": "test-flat", "chain": "arbitrum",
 "collateral": [{"asset": "USDC", "amount": "50000"}],
 "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "-2", "entry_price": "91000"}],
 "reported": ` + reported + `}]}`
}

func TestReportedDrift(t *testing.T) {
	// initial: 18,000 − 18,100 = −100, tolerance 5% × 18,100 = 905: no drift.
	// maintenance: 9,000 − 10,000 = −1,000 > 5% × 10,000 = 500: drift.
	// health: 52,000/9,000 = 5.7778 − 5.7 = 0.0778 ≤ 5% × 5.7 = 0.285: no drift.
	rep := computeDocs(t, reportedBook(`{"initial": "18100", "maintenance": "10000", "health": "5.7", "source": "doc"}`),
		reportedMarket)
	c := rep.Venues[0].Reported
	if c == nil || c.Source != "doc" || c.Tolerance != toleranceOther || !c.Drift || len(c.Figures) != 3 {
		t.Fatalf("reported check %+v", c)
	}
	want := []struct {
		name            string
		diff, tolerance float64
		drift           bool
	}{{"initial", -100, 905, false}, {"maintenance", -1000, 500, true}, {"health", 52000.0/9000 - 5.7, 0.285, false}}
	for i, w := range want {
		f := c.Figures[i]
		if f.Name != w.name || f.Difference == nil || math.Abs(*f.Difference-w.diff) > 1e-9 ||
			math.Abs(f.Tolerance-w.tolerance) > 1e-9 || f.Drift != w.drift {
			t.Errorf("figure %d: %+v (difference %v), want %+v", i, f, *f.Difference, w)
		}
	}
	var warned int
	for _, w := range rep.Warnings {
		if strings.HasPrefix(w, "dex: ") && strings.Contains(w, "drifts") {
			warned++
			if !strings.Contains(w, "maintenance") {
				t.Errorf("warning names the wrong figure: %s", w)
			}
		}
	}
	if warned != 1 {
		t.Errorf("%d drift warnings, want 1: %q", warned, rep.Warnings)
	}
}

func TestReportedToleranceOverrideAndFloor(t *testing.T) {
	// A 0.1% tolerance: initial's 100 now exceeds 18.1. Equity 52,000 vs
	// 52,000.5: 0.5 is under the 1 USD floor (0.1% × 52,000.5 = 52 binds here,
	// so use a tiny equity to reach the floor: see the second case).
	rep := computeDocs(t, reportedBook(`{"initial": "18100", "tolerance": "0.001"}`), reportedMarket)
	if c := rep.Venues[0].Reported; !c.Drift || c.Tolerance != 0.001 || math.Abs(c.Figures[0].Tolerance-18.1) > 1e-9 {
		t.Errorf("override: %+v", c)
	}
	rep = computeDocs(t, reportedBook(`{"equity": "52000.9", "tolerance": "0.00000001"}`), reportedMarket)
	if c := rep.Venues[0].Reported; c.Drift || c.Figures[0].Tolerance != toleranceFloorUSD {
		t.Errorf("floor: %+v", c.Figures[0])
	}
	if rep := computeDocs(t, strings.Replace(reportedBook(`{}`), `,
 "reported": {}`, "", 1), reportedMarket); rep.Venues[0].Reported != nil {
		t.Errorf("a venue without reported figures has a check: %+v", rep.Venues[0].Reported)
	}
}

func TestReportedRefusedNameField(t *testing.T) {
	for _, c := range []struct{ reported, field string }{
		{`{}`, "venues[0].reported"},
		{`{"initial": "-1"}`, "venues[0].reported.initial"},
		{`{"health": 2}`, "venues[0].reported.health"},
		{`{"initial": "1", "tolerance": "0"}`, "venues[0].reported.tolerance"},
		{`{"initial": "1", "margin": "2"}`, "margin"},
	} {
		_, err := parseBook(reportedBook(c.reported))
		if err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: error %v, want one naming %s", c.reported, err, c.field)
		}
	}
}

func parseBook(doc string) (*portfolio.Portfolio, error) { return portfolio.Parse([]byte(doc)) }
