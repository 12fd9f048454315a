// Plots (gonum/plot, PNG and SVG) and the markdown report.
package cascade

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// archColor and archDash keep one look per architecture across plots.
var archColor = []color.Color{
	color.RGBA{R: 214, G: 39, B: 40, A: 255},  // isolated: red
	color.RGBA{R: 31, G: 119, B: 180, A: 255}, // hub: blue
	color.RGBA{R: 44, G: 160, B: 44, A: 255},  // uct: green
}

var archDash = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}}

// Files renders every plot as PNG and SVG and the markdown report; the
// map is file name → content.
func Files(rep *Report, title string) (map[string][]byte, error) {
	out := map[string][]byte{}
	type mk struct {
		name string
		fn   func(*Report) (*plot.Plot, error)
	}
	plots := []mk{{"price", pricePlot}, {"liquidations", func(r *Report) (*plot.Plot, error) {
		return cumPlot(r, "Cumulative liquidated notional", func(s *Series) []float64 { return s.CumLiquidatedUSD })
	}}, {"bad_debt", func(r *Report) (*plot.Plot, error) {
		return cumPlot(r, "Cumulative bad debt", func(s *Series) []float64 { return s.CumBadDebtUSD })
	}}}
	if len(rep.Sweep) > 0 {
		plots = append(plots, mk{"shock_sweep", sweepPlot})
	}
	if runsOf(rep) > 1 {
		plots = append(plots, mk{"runs_liquidated", func(r *Report) (*plot.Plot, error) {
			return runsPlot(r, "Liquidated notional", func(s *RunStats) (float64, [2]float64) {
				return s.LiquidatedMeanUSD, s.LiquidatedCI95
			})
		}}, mk{"runs_bad_debt", func(r *Report) (*plot.Plot, error) {
			return runsPlot(r, "Bad debt", func(s *RunStats) (float64, [2]float64) { return s.BadDebtMeanUSD, s.BadDebtCI95 })
		}})
	}
	for _, p := range plots {
		pl, err := p.fn(rep)
		if err != nil {
			return nil, err
		}
		if err := render(out, p.name, pl); err != nil {
			return nil, err
		}
	}
	out["report.md"] = []byte(Markdown(rep, title))
	return out, nil
}

// runsOf is the Monte Carlo runs behind rep's statistics (0: none).
func runsOf(rep *Report) int {
	for _, r := range rep.Results {
		if m := rep.Architectures[r.Arch.String()]; m.Runs != nil {
			return m.Runs.Runs
		}
	}
	return 0
}

// runsPlot shows each architecture's mean over the runs with its 95%
// interval as an error bar.
func runsPlot(rep *Report, what string, get func(*RunStats) (float64, [2]float64)) (*plot.Plot, error) {
	p := newPlot(fmt.Sprintf("%s over %d runs: mean and 95%% interval", what, runsOf(rep)), "architecture", "USD")
	var names []string
	for k, r := range rep.Results {
		m := rep.Architectures[r.Arch.String()]
		if m.Runs == nil {
			continue
		}
		mean, ci := get(m.Runs)
		pts := plotter.XYs{{X: float64(k), Y: mean}}
		errs := plotter.YErrors{{Low: mean - ci[0], High: ci[1] - mean}}
		bars, err := plotter.NewYErrorBars(struct {
			plotter.XYer
			plotter.YErrorer
		}{pts, errs})
		if err != nil {
			return nil, err
		}
		bars.Color, bars.LineStyle.Width = archColor[r.Arch], vg.Points(2)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.Color, sc.Radius = archColor[r.Arch], vg.Points(4)
		p.Add(bars, sc)
		p.Legend.Add(r.Arch.String(), sc)
		names = append(names, r.Arch.String())
	}
	p.NominalX(names...)
	p.Y.Min = 0 // from zero: the bars compare sizes
	p.Y.Tick.Marker = usdTicks{}
	p.X.Min, p.X.Max = -0.5, float64(len(rep.Results))-0.5
	return p, nil
}

// render adds the plot to out as name.png and name.svg (8 × 4.5 inches).
func render(out map[string][]byte, name string, pl *plot.Plot) error {
	for _, ext := range []string{"png", "svg"} {
		w, err := pl.WriterTo(8*vg.Inch, 4.5*vg.Inch, ext)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if _, err := w.WriteTo(&b); err != nil {
			return err
		}
		out[name+"."+ext] = b.Bytes()
	}
	return nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.X.Label.Text, p.Y.Label.Text = x, y
	p.Legend.Top = true
	p.Legend.Left = false
	p.Add(plotter.NewGrid())
	return p
}

func hours(rep *Report, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i) * rep.Path.HoursPerStep
	}
	return xs
}

func addLine(p *plot.Plot, xs, ys []float64, label string, c color.Color, dash []vg.Length, width float64) error {
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i].X, pts[i].Y = xs[i], ys[i]
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color, l.Dashes, l.Width = c, dash, vg.Points(width)
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

func pricePlot(rep *Report) (*plot.Plot, error) {
	a := rep.Path.Primary
	p := newPlot(fmt.Sprintf("%s price on %s: exogenous path vs with the cascade", Assets[a], rep.Path.Name),
		"hours", Assets[a]+" (USD)")
	xs := hours(rep, len(rep.Path.Prices))
	exo := make([]float64, len(xs))
	for t := range exo {
		exo[t] = rep.Path.Prices[t][a]
	}
	if err := addLine(p, xs, exo, "exogenous", color.Gray{Y: 90}, nil, 2.5); err != nil {
		return nil, err
	}
	for _, r := range rep.Results {
		ys := make([]float64, len(xs))
		for t := range ys {
			ys[t] = r.Series.Price[t][a]
		}
		if err := addLine(p, xs, ys, r.Arch.String(), archColor[r.Arch], archDash[r.Arch], 1.5); err != nil {
			return nil, err
		}
	}
	p.Y.Tick.Marker = usdTicks{}
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(10), vg.Points(10)
	return p, nil
}

func cumPlot(rep *Report, title string, pick func(*Series) []float64) (*plot.Plot, error) {
	p := newPlot(title+" on "+rep.Path.Name, "hours", "USD")
	p.Legend.Top, p.Legend.Left = true, true
	for _, r := range rep.Results {
		ys := pick(&r.Series)
		if err := addLine(p, hours(rep, len(ys)), ys, r.Arch.String(), archColor[r.Arch], archDash[r.Arch], 2); err != nil {
			return nil, err
		}
	}
	p.Y.Min = 0
	p.Y.Tick.Marker = usdTicks{}
	return p, nil
}

func sweepPlot(rep *Report) (*plot.Plot, error) {
	p := newPlot("Bad debt by shock size (path "+rep.Path.Name+" scaled)",
		"exogenous drop of "+Assets[rep.Path.Primary]+" (%)", "bad debt (USD)")
	p.Legend.Top, p.Legend.Left = true, true
	for _, r := range rep.Results {
		pts := make(plotter.XYs, len(rep.Sweep))
		for i, s := range rep.Sweep {
			pts[i].X, pts[i].Y = 100*s.Drop, s.BadDebt[r.Arch.String()]
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Dashes, l.Width = archColor[r.Arch], archDash[r.Arch], vg.Points(2)
		sc.Color, sc.Shape = archColor[r.Arch], draw.CircleGlyph{}
		p.Add(l, sc)
		p.Legend.Add(r.Arch.String(), l, sc)
	}
	p.Y.Min = 0
	p.Y.Tick.Marker = usdTicks{}
	return p, nil
}

// usdTicks labels an axis in k, M, B.
type usdTicks struct{}

func (usdTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	// about five labelled ticks at 1, 2 or 5 × 10^k, four unlabelled between
	raw := (max - min) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{2, 5, 10} {
		if raw > step {
			step = m * mag
		}
	}
	var ts []plot.Tick
	minor := step / 5
	for v := math.Ceil(min/minor) * minor; v <= max+minor*1e-9; v += minor {
		k := math.Round(v / minor)
		if int64(k)%5 == 0 {
			ts = append(ts, plot.Tick{Value: v, Label: Human(math.Round(v/step) * step)})
		} else {
			ts = append(ts, plot.Tick{Value: v})
		}
	}
	return ts
}

// Human formats a USD figure with k, M or B.
func Human(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trim(v/1e9) + "B"
	case a >= 1e6:
		return trim(v/1e6) + "M"
	case a >= 1e3:
		return trim(v/1e3) + "k"
	}
	return trim(v)
}

func trim(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// Markdown is the short report for a governance post: the filled-in
// table, where each architecture tips over, how UCT's bad debt depends on
// the settlement delay, per-asset detail, the assumptions that made the
// numbers, method and limits.
func Markdown(rep *Report, title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Cascade simulation: %s\n\n%s\n\n", rep.Path.Name, title)
	names := make([]string, 0, len(rep.Results))
	for _, r := range rep.Results {
		names = append(names, r.Arch.String())
	}
	mdTable(&b, rep, names)
	mdTipping(&b, rep, names)
	mdDelays(&b, rep)
	mdAssets(&b, rep, names)
	mdBadDebt(&b, rep, names)
	b.WriteString("\nPlots: `price.png`, `liquidations.png`, `bad_debt.png`, `shock_sweep.png` (SVG beside each).\n")
	mdAssumptions(&b, rep)
	b.WriteString(methodText)
	return b.String()
}

func mdTable(b *strings.Builder, rep *Report, names []string) {
	fmt.Fprintf(b, "| dimension | measure | %s | unit |\n|---|---|%s---|\n", strings.Join(names, " | "),
		strings.Repeat("---|", len(names)))
	for _, row := range rep.Table {
		fmt.Fprintf(b, "| %s | %s |", row["dimension"], row["measure"])
		for _, n := range names {
			if x, ok := row[n].(float64); ok && row["measure"] == "min_price" {
				fmt.Fprintf(b, " %s |", priceText(x)) // a price needs its digits, not 2.2k
				continue
			}
			fmt.Fprintf(b, " %s |", cell(row[n]))
		}
		fmt.Fprintf(b, " %s |\n", row["unit"])
	}
}

// tippingMinUSD is the bad debt that counts as tipping over (below it,
// rounding-size losses on single accounts).
const tippingMinUSD = 1e5

func mdTipping(b *strings.Builder, rep *Report, names []string) {
	if len(rep.Sweep) == 0 {
		return
	}
	fmt.Fprintf(b, "\nWhere each architecture tips over (the path's moves scaled; first exogenous drop of %s with "+
		"bad debt above %s):\n\n", Assets[rep.Path.Primary], Human(tippingMinUSD))
	for _, n := range names {
		if d := rep.TippingPoint(n, tippingMinUSD); d >= 0 {
			fmt.Fprintf(b, "- %s: %.0f%% drop\n", n, 100*d)
		} else {
			fmt.Fprintf(b, "- %s: not within the sweep (up to %.0f%%)\n", n, 100*rep.Sweep[len(rep.Sweep)-1].Drop)
		}
	}
}

func mdDelays(b *strings.Builder, rep *Report) {
	if len(rep.Delays) == 0 {
		return
	}
	fmt.Fprintf(b, "\nUCT's bad debt against the settlement-delay assumption on %s (a liquidation at a venue off the "+
		"home chain waits this long for the lien draw to settle; the positions stay open meanwhile)", rep.Path.Name)
	if rep.Path.Flat() {
		b.WriteString(". The path is one jump then flat: a delay cannot change what the jump does; run a path " +
			"that keeps moving (a historical one, or mc) to see the delay matter")
	}
	b.WriteString(":\n\n| settlement delay (hours) | bad debt | liquidated | min price |\n|---|---|---|---|\n")
	for _, d := range rep.Delays {
		mark := ""
		if rep.Config != nil && d.Hours == rep.Config.SettlementDelayHours {
			mark = " (this run)"
		}
		fmt.Fprintf(b, "| %g%s | %s | %s | %s |\n", d.Hours, mark, Human(d.BadDebtUSD), Human(d.LiquidatedUSD),
			priceText(d.MinPrice))
	}
}

func mdAssets(b *strings.Builder, rep *Report, names []string) {
	b.WriteString("\nPer asset (minimum price with the cascade vs exogenous, amplification, net sold):\n\n")
	for _, n := range names {
		m := rep.Architectures[n]
		keys := make([]string, 0, len(m.ByAsset))
		for k := range m.ByAsset {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			am := m.ByAsset[k]
			fmt.Fprintf(b, "- %s %s: %s vs %s, amplification %s, net sold %s\n", n, k, priceText(am.MinPrice),
				priceText(am.ExogenousMinPrice), cell(am.Amplification), Human(am.SoldUSD))
		}
	}
}

func mdBadDebt(b *strings.Builder, rep *Report, names []string) {
	b.WriteString("\nWho bears the bad debt (each venue's own rule):\n\n")
	for _, n := range names {
		by := rep.Architectures[n].BadDebtBy
		keys := make([]string, 0, len(by))
		for k := range by {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+" "+Human(by[k]))
		}
		if len(parts) == 0 {
			parts = append(parts, "none")
		}
		fmt.Fprintf(b, "- %s: %s\n", n, strings.Join(parts, ", "))
	}
}

func mdAssumptions(b *strings.Builder, rep *Report) {
	c := rep.Config
	if c == nil {
		return
	}
	fmt.Fprintf(b, "\n## Assumptions (each a flag or a stated default)\n\n"+
		"- price impact: %s, scale %g; %.0f%% of accumulated impact decays per hour\n"+
		"- UCT: home chain %s; settlement delay %g hours (`--settlement-delay`); bridge haircut %.1f%% "+
		"(`--bridge-haircut`)\n"+
		"- failures (`--failure`): %s\n"+
		"- liquidators: %s\n"+
		"- starting books: %s\n"+
		"- stETH oracle (`--steth-oracle`): %s\n"+
		"- unified engine (liquidation.FastUnified): back to equity ≥ min(initial, %.2f × maintenance) in clips of %.0f%% of the book, penalty %.1f%% of notional "+
		"only out of equity above that target\n"+
		"- unified requirement: the engine's (margin.Compute's kernel) on each account's book at the "+
		"prices of the step, under the risk parameters (DESIGN.md, Unified defaults); uct's bridge haircut "+
		"applies to collateral at venues off the home chain\n",
		c.Impact, c.ImpactScale, 100*c.ResiliencePerHour, c.HomeChain, c.SettlementDelayHours,
		100*c.BridgeHaircut, failureText(c), liquidatorsText(c), booksText(c), oracleText(c),
		1+riskParams(Hub, c).RebalanceBuffer, 100*c.ClipFraction, 100*c.PenaltyRate)
}

// failureText states the failure assumption every architecture shares.
func failureText(c *Config) string {
	if c.FailureProb == 0 {
		return "none modelled for any party (venue contracts, hub, vault, bridge: probability 0)"
	}
	return fmt.Sprintf("every trusted party (each venue's contract, the hub, the UCT vault and bridge) fails "+
		"independently with probability %g per episode, losing %.0f%% of what it holds", c.FailureProb, 100*c.FailureLoss)
}

// liquidatorsText states the liquidation capacity assumption.
func liquidatorsText(c *Config) string {
	l := c.Liquidators
	if l == nil {
		return "unlimited"
	}
	parts := make([]string, 0, len(l.PerHour)+1)
	for i, x := range l.PerHour {
		if LegKind(i) != KindCustody {
			parts = append(parts, fmt.Sprintf("%s %s/h", kindNamesArr[i], Human(x)))
		}
	}
	parts = append(parts, fmt.Sprintf("unified %s/h", Human(l.Unified)))
	return "capped per step (data/liquidators.json, sources there): " + strings.Join(parts, ", ")
}

func booksText(c *Config) string {
	if c.ResizeAtStart {
		return "hub and uct cut books above the unified initial requirement in the first step, sold through the impact model"
	}
	return "every architecture starts from the same books and equity"
}

func oracleText(c *Config) string {
	switch c.OraclePolicy {
	case OracleMarket:
		return "market price at every venue and in the unified model"
	case OracleRate:
		return "exchange rate (WETH × start ratio) at every venue and in the unified model"
	}
	return "each venue's own (Aave v3, Comet: exchange rate; others and the unified model: market)"
}

const methodText = "\n## Method\n\nEvery venue sells into one shared market per asset (WETH, WBTC, stETH; stETH " +
	"follows WETH's price times its own peg, which only its own path and its own sales move); each round's net " +
	"sales move the price through the impact model; rounds repeat until no new liquidation, then time advances. " +
	"Isolated: each venue by its own rules (Aave v3 close factor 50%, 100% at health ≤ 0.95, bonus, protocol " +
	"fee kept by the treasury; Comet absorb at the liquidation factor; Hyperliquid 20% orders above $100k with " +
	"a 30 s cooldown and the backstop below 2/3 of maintenance; dYdX whole closes with a fee ≤ 0.5% never below " +
	"zero equity; Deribit 10% clips), checked against internal/liquidation on the same books. Aave v3 and " +
	"Comet price wstETH by the exchange rate, so a stETH depeg alone does not liquidate there; the unified " +
	"model values it at market (unless --steth-oracle sets one policy for all). Hub and UCT: the whole account " +
	"under the unified model. Trust exposure: the largest single trusted party's holdings (a venue's " +
	"contract, the hub, the UCT vault).\n\n## Limits\n\nOption books are carried to second order (delta and " +
	"gamma; vega and theta are not simulated). Venue size tiers, oracle delays and gas are not simulated " +
	"(liquidator capacity is, from observed volumes). The " +
	"synthetic population's leverage and health-factor distributions are assumptions (see the package " +
	"documentation); run a real book with --population for decisions.\n"

// priceText is a price with two decimals.
func priceText(p float64) string { return strconv.FormatFloat(p, 'f', 2, 64) }

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "–"
	case *float64:
		if x == nil {
			return "–"
		}
		return cell(*x)
	case int:
		return fmt.Sprintf("%d", x)
	case [2]float64:
		return "[" + cell(x[0]) + ", " + cell(x[1]) + "]"
	case float64:
		if math.Abs(x) >= 1000 {
			return Human(x)
		}
		return fmt.Sprintf("%.3g", x)
	}
	return fmt.Sprint(v)
}
