// The wick replay's report: markdown (engine vs export per address, the
// crossings each path predicts, what isolated, hub and uct did) and the
// plots of the WBTC and WETH paths with every address's liquidation prices.
package cascade

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// wickFlag is the relative difference the replay explains (issue 14: every
// difference over 0.5%).
const wickFlag = 0.005

// WickFiles renders the report (wick.md) and the plots (wick_btc, wick_eth
// as PNG and SVG); the map is file name → content.
func WickFiles(rep *WickReport) (map[string][]byte, error) {
	out := map[string][]byte{"wick.md": []byte(WickMarkdown(rep))}
	for _, a := range []int{aWBTC, aWETH} {
		p, err := wickPlot(rep, a)
		if err != nil {
			return nil, err
		}
		if err := render(out, "wick_"+strings.ToLower(strings.TrimPrefix(Assets[a], "W")), p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RelDiff is (got − want)/want, or NaN when either is missing or want is 0.
func RelDiff(got *float64, want float64) float64 {
	if got == nil || want == 0 {
		return math.NaN()
	}
	return (*got - want) / want
}

func pct(d float64) string {
	if math.IsNaN(d) {
		return "–"
	}
	s := fmt.Sprintf("%+.2f%%", 100*d)
	if math.Abs(d) > wickFlag {
		s = "**" + s + "**"
	}
	return s
}

func num(p *float64, digits int) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%.*f", digits, *p)
}

func short(addr string) string { return addr[:10] }

// WickMarkdown is the replay's report.
func WickMarkdown(rep *WickReport) string {
	var b strings.Builder
	b.WriteString("# 24 December 2025 BTC flash wick: replay on the real Aave v3 whale books\n\n")
	real := rep.Runs[0]
	fmt.Fprintf(&b, "Oracle path: %s, %d slots of 12 s from 08:57:47 UTC. Lowest WBTC %.2f (DEX block low), "+
		"lowest WETH %.2f; the CEX minute benchmark's lowest WBTC %.2f, WETH %.2f. The wick itself was "+
		"Binance's BTC/USD1 pair printing %.2f at about 09:15 UTC (not in the data set; "+
		"shared reference model-validation.md); the counterfactual run puts that print on Aave's BTC feed "+
		"for one slot.\n\n", real.Name, len(real.Path.Prices)-1, real.MinPrice["WBTC"], real.MinPrice["WETH"],
		rep.CEXMin["WBTC"], rep.CEXMin["WETH"], WickUSD1Low)
	wickMDAddresses(&b, rep)
	for _, run := range rep.Runs {
		wickMDRun(&b, rep, &run)
	}
	b.WriteString("\nPlots: `wick_btc.png`, `wick_eth.png` (SVG beside each): the paths with every " +
		"recorded (12) and engine liquidation price.\n")
	return b.String()
}

func wickMDAddresses(b *strings.Builder, rep *WickReport) {
	b.WriteString("## The engine against the export, per address\n\n" +
		"Engine: the aave-v3 model (parameter set aave-v3-ethereum-2023-10-31) on the address's book " +
		"(05's collateral it can value, USDT debt: 12's outstanding debt where 12 lists the address, else " +
		"05's) at the export's valuation prices (WETH and wstETH's backing 3,000, WBTC 90,000). Export's " +
		"reading: the engine on the one collateral 12's liquidation price is for, at 06's liquidation " +
		"threshold. Differences over 0.5% in bold.\n\n" +
		"| address | debt 12 / 05 (USDT) | HF 12 | HF engine | Δ | HF export's reading | Δ | " +
		"liq. price 12 | engine | Δ | export's reading | Δ | HF at path start |\n" +
		"|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, a := range rep.Addresses {
		d12 := "–"
		if a.Record != nil {
			d12 = Human(a.Record.DebtUSDT)
		}
		fmt.Fprintf(b, "| `%s` %s | %s / %s |", short(a.Address), a.Nickname, d12, Human(a.Debt05))
		rec := a.Record
		if rec == nil {
			fmt.Fprintf(b, " – | %s | – | – | – | – | ETH %s, BTC %s | – | – | – | %s |\n", num(a.HF, 4),
				num(a.Liq[aWETH], 2), num(a.Liq[aWBTC], 2), num(a.HFStart, 4))
			continue
		}
		asset, recLiq := aWETH, rec.Liq[aWETH]
		if recLiq == 0 {
			asset, recLiq = aWBTC, rec.Liq[aWBTC]
		}
		var rhf, rliq *float64
		if a.Reading != nil {
			rhf, rliq = a.Reading.HF, a.Reading.Liq
		}
		fmt.Fprintf(b, " %.2f | %s | %s | %s | %s | %s %.2f | %s | %s | %s | %s | %s |\n", rec.HF, num(a.HF, 4),
			pct(RelDiff(a.HF, rec.HF)), num(rhf, 4), pct(RelDiff(rhf, rec.HF)), Assets[asset][1:], recLiq,
			num(a.Liq[asset], 2), pct(RelDiff(a.Liq[asset], recLiq)), num(rliq, 2), pct(RelDiff(rliq, recLiq)),
			num(a.HFStart, 4))
	}
	b.WriteString("\nLeft out of the engine's books:\n\n")
	for _, a := range rep.Addresses {
		for _, l := range a.LeftOut {
			fmt.Fprintf(b, "- `%s`: %s\n", short(a.Address), l)
		}
	}
	n, none := 0, 0
	for _, r := range rep.Records {
		if r.NoPrice {
			none++
		}
		n++
	}
	fmt.Fprintf(b, "\n12 lists %d addresses; %d of them have positions in 05 (above). %d carry the export's "+
		"999999 for both prices with a health factor below 1 (no price: the export could not value their "+
		"collateral; Aave would have liquidated a real HF 0.01 long before).\n", n, countRecorded(rep), none)
}

func countRecorded(rep *WickReport) int {
	k := 0
	for _, a := range rep.Addresses {
		if a.Record != nil {
			k++
		}
	}
	return k
}

func crossingList(cs []Crossing) string {
	if len(cs) == 0 {
		return "none"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("`%s` (%s %.2f, slot %d)", short(c.Address), c.Asset, c.Price, c.Step)
	}
	return strings.Join(parts, ", ")
}

func wickMDRun(b *strings.Builder, rep *WickReport, run *WickRun) {
	fmt.Fprintf(b, "\n## Path: %s\n\nLowest WBTC %.2f, WETH %.2f.\n\n", run.Name, run.MinPrice["WBTC"],
		run.MinPrice["WETH"])
	fmt.Fprintf(b, "- Recorded liquidation prices crossed (all %d addresses of 12, in order): %s\n",
		len(rep.Records), crossingList(run.Recorded))
	withPos := map[string]bool{}
	for _, a := range rep.Addresses {
		withPos[a.Address] = true
	}
	var recPos []Crossing
	for _, c := range run.Recorded {
		if withPos[c.Address] {
			recPos = append(recPos, c)
		}
	}
	fmt.Fprintf(b, "- of those, addresses with positions: %s\n", crossingList(recPos))
	fmt.Fprintf(b, "- engine liquidation prices crossed: %s\n", crossingList(run.Engine))
	liq := "none"
	if len(run.Liquidated) > 0 {
		s := make([]string, len(run.Liquidated))
		for i, a := range run.Liquidated {
			s[i] = "`" + short(a) + "`"
		}
		liq = strings.Join(s, ", ")
	}
	fmt.Fprintf(b, "- isolated architecture liquidated (in order): %s\n\n", liq)
	b.WriteString("| address | isolated liquidated | bad debt | hub liquidated | bad debt | resized | " +
		"uct liquidated | bad debt | resized |\n|---|---|---|---|---|---|---|---|---|\n")
	iso, hub, uct := run.Outcomes["isolated"], run.Outcomes["hub"], run.Outcomes["uct"]
	for i := range iso {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n", short(iso[i].Address),
			Human(iso[i].LiquidatedUSD), Human(iso[i].BadDebtUSD), Human(hub[i].LiquidatedUSD),
			Human(hub[i].BadDebtUSD), Human(hub[i].ResizedUSD), Human(uct[i].LiquidatedUSD),
			Human(uct[i].BadDebtUSD), Human(uct[i].ResizedUSD))
	}
	b.WriteString("\nThe whole population together (Compare, no price impact):\n\n")
	names := []string{"isolated", "hub", "uct"}
	mdTable(b, run.Report, names)
}

// wickPlot draws asset a's path (the real one and, for WBTC, the
// counterfactual) with every recorded and engine liquidation price.
func wickPlot(rep *WickReport, a int) (*plot.Plot, error) {
	real := rep.Runs[0]
	p := newPlot(fmt.Sprintf("%s on 24 Dec 2025 with the whales' liquidation prices", Assets[a]),
		"minutes after 08:57:47 UTC", Assets[a]+" (USD)")
	xs := make([]float64, len(real.Path.Prices))
	for t := range xs {
		xs[t] = float64(t) * real.Path.HoursPerStep * 60
	}
	hline := func(y float64, label string, c color.Color, dash []vg.Length, legend bool) error {
		l, err := plotter.NewLine(plotter.XYs{{X: xs[0], Y: y}, {X: xs[len(xs)-1], Y: y}})
		if err != nil {
			return err
		}
		l.Color, l.Dashes, l.Width = c, dash, vg.Points(1)
		p.Add(l)
		if legend {
			p.Legend.Add(label, l)
		}
		return nil
	}
	var recorded []float64
	for _, r := range rep.Records {
		if !r.NoPrice && r.Liq[a] > 0 {
			recorded = append(recorded, r.Liq[a])
		}
	}
	sort.Float64s(recorded)
	grey := color.Gray{Y: 150}
	for i, y := range recorded {
		if err := hline(y, "liquidation prices recorded in 12", grey, []vg.Length{vg.Points(4), vg.Points(3)}, i == 0); err != nil {
			return nil, err
		}
	}
	first := true
	for _, ad := range rep.Addresses {
		if ad.Liq[a] == nil || *ad.Liq[a] < 0.01*real.MinPrice[Assets[a]] {
			continue
		}
		if err := hline(*ad.Liq[a], "engine liquidation prices (addresses with positions)", archColor[Hub], nil, first); err != nil {
			return nil, err
		}
		first = false
	}
	if a == aWBTC && len(rep.Runs) > 1 {
		cf := rep.Runs[1].Path
		ys := make([]float64, len(xs))
		for t := range ys {
			ys[t] = cf.Prices[t][a]
		}
		if err := addLine(p, xs, ys, "counterfactual: BTC/USD1 print on the feed", archColor[UCT], archDash[UCT], 1.5); err != nil {
			return nil, err
		}
	}
	ys := make([]float64, len(xs))
	for t := range ys {
		ys[t] = real.Path.Prices[t][a]
	}
	if err := addLine(p, xs, ys, "oracle path (DEX block lows; ETH: CEX minute)", archColor[Isolated], nil, 2); err != nil {
		return nil, err
	}
	hi := 0.0
	for _, y := range ys {
		hi = math.Max(hi, y)
	}
	p.Y.Min, p.Y.Max = 0, 1.08*hi // room above the path for the title
	p.Y.Tick.Marker = usdTicks{}
	p.Legend.Top, p.Legend.Left = false, true
	return p, nil
}
