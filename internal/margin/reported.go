// Reported-figure reconciliation: a venue's own reported equity, initial,
// maintenance and health (portfolio Venue.Reported, filled by importers
// from the venue's API) beside the model's, with the difference and a
// tolerance per venue, and a drift flag when a difference exceeds it
// (DESIGN.md, Reconciliation with the venue).
package margin

import (
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// ReportedCheck compares one venue's model figures with its reported ones.
type ReportedCheck struct {
	Source string `json:"source,omitempty"`
	// Tolerance is the relative tolerance used (a fraction of the reported
	// figure): the venue's own `reported.tolerance`, else the model's
	// default (defaultTolerance).
	Tolerance float64       `json:"tolerance"`
	Figures   []FigureCheck `json:"figures"`
	// Drift is true when any figure differs by more than its tolerance.
	Drift bool `json:"drift"`
}

// FigureCheck is one figure: model and reported (USD; health a ratio),
// difference = model − reported, and the absolute tolerance it is held to:
// max(tolerance × |reported|, floor) with floor 1 USD (0.001 for health).
// Model is null when the model's figure is undefined (health with nothing
// required); such a figure cannot drift.
type FigureCheck struct {
	Name       string   `json:"name"`
	Model      *float64 `json:"model"`
	Reported   float64  `json:"reported"`
	Difference *float64 `json:"difference"`
	Tolerance  float64  `json:"tolerance"`
	Drift      bool     `json:"drift"`
}

// defaultTolerance is each model's relative tolerance, by how closely the
// model can reproduce the venue from the document alone: rule-based venues
// whose rule is published exactly differ only by oracle timing and rounding;
// risk-matrix venues (Deribit PM, Derive PM, SPAN) revalue at the venue's own
// vol surface and scenario grid, which a market file only approximates.
var defaultTolerance = map[string]float64{
	"aave-v3": 0.005, "compound-v3": 0.005,
	"hyperliquid": 0.01, "dydx-v4": 0.01, "gmx-v2": 0.01, "deribit-standard": 0.02,
	"deribit-pm": 0.10, "derive-pm": 0.10, "span": 0.10, "option-vault": 0.05,
}

// toleranceOther is the relative tolerance of a model missing from defaultTolerance.
const toleranceOther = 0.05

// Absolute floors of a figure's tolerance.
const (
	toleranceFloorUSD    = 1.0
	toleranceFloorHealth = 0.001
)

// ToleranceOf returns the relative tolerance of venue v's reported figures.
func ToleranceOf(v *portfolio.Venue) float64 {
	if v.Reported != nil && v.Reported.Tolerance != nil {
		return *v.Reported.Tolerance
	}
	if t, ok := defaultTolerance[v.Model]; ok {
		return t
	}
	return toleranceOther
}

// checkReported returns the comparison of v's reported figures with the
// model's (nil when v reports none) and one warning per drifting figure.
func checkReported(v *portfolio.Venue, f *VenueFigures) (*ReportedCheck, []string) {
	r := v.Reported
	if r == nil {
		return nil, nil
	}
	c := &ReportedCheck{Source: r.Source, Tolerance: ToleranceOf(v), Figures: []FigureCheck{}}
	model := func(x float64) *float64 { return &x }
	rows := []struct {
		name     string
		model    *float64
		reported *float64
		floor    float64
	}{
		{"equity", model(f.Equity), r.Equity, toleranceFloorUSD},
		{"initial", model(f.Initial), r.Initial, toleranceFloorUSD},
		{"maintenance", model(f.Maintenance), r.Maintenance, toleranceFloorUSD},
		{"health", f.Health, r.Health, toleranceFloorHealth},
	}
	var warnings []string
	for _, row := range rows {
		if row.reported == nil {
			continue
		}
		fc := FigureCheck{Name: row.name, Model: row.model, Reported: *row.reported,
			Tolerance: math.Max(c.Tolerance*math.Abs(*row.reported), row.floor)}
		if row.model != nil {
			d := *row.model - *row.reported
			fc.Difference = &d
			fc.Drift = math.Abs(d) > fc.Tolerance
		}
		if fc.Drift {
			c.Drift = true
			warnings = append(warnings, fmt.Sprintf(
				"%s: %s drifts from the venue's reported figure: model %.6g, reported %.6g, difference %.6g beyond the tolerance %.6g (%g%%)",
				v.ID, row.name, *fc.Model, fc.Reported, *fc.Difference, fc.Tolerance, 100*c.Tolerance))
		}
		c.Figures = append(c.Figures, fc)
	}
	return c, warnings
}
