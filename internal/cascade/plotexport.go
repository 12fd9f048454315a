// The plot helpers other reports reuse (the margin backtest), so the
// project has one plotting stack and one look: gonum/plot, PNG and SVG at
// 8 × 4.5 inches, USD axes in k/M/B.
package cascade

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Render adds pl to out as name.png and name.svg.
func Render(out map[string][]byte, name string, pl *plot.Plot) error { return render(out, name, pl) }

// NewPlot is a titled plot with axis labels, a grid and the legend top right.
func NewPlot(title, x, y string) *plot.Plot { return newPlot(title, x, y) }

// AddLine adds a labelled line (dash nil: solid; width in points).
func AddLine(p *plot.Plot, xs, ys []float64, label string, c color.Color, dash []vg.Length, width float64) error {
	return addLine(p, xs, ys, label, c, dash, width)
}

// USDTicks labels an axis in USD with k, M and B.
var USDTicks plot.Ticker = usdTicks{}
