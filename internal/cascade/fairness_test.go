// Tests of the comparison's fairness (issue 14): equal starting books,
// one failure assumption for every trusted party, finite liquidators,
// intervals over runs and the stETH oracle policy as an explicit axis.
// Each expectation is independent of the code under test: an invariance,
// a hand computation or a limit.
package cascade

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestEqualStartingBooks: every architecture starts from the same
// positions and the same equity: Σ units per asset and Σ equity at the
// first prices, before anything acts, are identical across isolated, hub
// and uct (the old free resize cut hub's and uct's books before the path).
func TestEqualStartingBooks(t *testing.T) {
	path := mustPath(t, "2021-05-19", 50)
	pop := testPop(t, 2000, path.Prices[0], 5)
	cfg := DefaultConfig()
	var equity [3]float64
	var units [3][NumAssets]float64
	for k, arch := range allArchs {
		s, st, err := newSim(pop, path, arch, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i := range s.ds {
			equity[k] += s.equity(&s.ds[i], &s.price)
			for a := range NumAssets {
				units[k][a] += s.ds[i].units[a]
			}
		}
		if st.resized != 0 {
			t.Errorf("%s: %d books resized by default", arch, st.resized)
		}
		if k > 0 && st.below == 0 {
			t.Errorf("%s: no book below the unified initial: the test needs some", arch)
		}
	}
	for k := 1; k < 3; k++ {
		if !near(equity[k], equity[0], 1e-9*math.Abs(equity[0])) {
			t.Errorf("%s start equity %.2f, isolated %.2f", allArchs[k], equity[k], equity[0])
		}
		for a := range NumAssets {
			if !near(units[k][a], units[0][a], 1e-9*(1+math.Abs(units[0][a]))) {
				t.Errorf("%s start %s units %.6f, isolated %.6f", allArchs[k], Assets[a], units[k][a], units[0][a])
			}
		}
	}
	// a requested resize is part of the run: it sells through the impact
	// model, so the first prices move (with zero impact they would not)
	cfg.ResizeAtStart = true
	s, st, err := newSim(pop, path, Hub, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st.resized == 0 || st.resizedUSD <= 0 || !(s.price[aWETH] < path.Prices[0][aWETH]) {
		t.Errorf("resize at start: %d books, %.0f USD, WETH %.2f → %.2f: want a costed sale", st.resized,
			st.resizedUSD, path.Prices[0][aWETH], s.price[aWETH])
	}
}

// TestNoLiquidatorsNoLiquidations: with every capacity 0 nothing is
// liquidated under any architecture, however deep the fall; with the
// embedded capacities scaled down a step never starts a liquidation past
// its capacity (so the total is at most Σ steps' capacity plus one
// liquidation per step and mechanism).
func TestNoLiquidatorsNoLiquidations(t *testing.T) {
	path := mustPath(t, "shock:WETH:-0.5", 10)
	pop := testPop(t, 2000, path.Prices[0], 7)
	l, err := DefaultLiquidators()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Liquidators = l.Scaled(0)
	for _, arch := range allArchs {
		m := simulateT(pop, path, arch, &cfg).Metrics
		if m.Liquidations != 0 || m.LiquidatedUSD != 0 || m.BadDebtUSD != 0 {
			t.Errorf("%s with no liquidators: %d liquidations, %.0f USD, bad debt %.0f", arch, m.Liquidations,
				m.LiquidatedUSD, m.BadDebtUSD)
		}
	}
	free := cfg
	free.Liquidators = nil
	capped := cfg
	capped.Liquidators = l.Scaled(1e-3)
	for _, arch := range allArchs {
		f, c := simulateT(pop, path, arch, &free).Metrics, simulateT(pop, path, arch, &capped).Metrics
		if !(c.LiquidatedUSD < f.LiquidatedUSD) {
			t.Errorf("%s: capped liquidates %.0f, unlimited %.0f: the cap should bind", arch, c.LiquidatedUSD, f.LiquidatedUSD)
		}
	}
}

// TestLiquidatorsFile: the embedded file lists every mechanism with a
// source; the unified capacity is the sum of the venues'; a file missing
// a kind or with a negative capacity is refused naming the field.
func TestLiquidatorsFile(t *testing.T) {
	l, err := DefaultLiquidators()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i, x := range l.PerHour {
		sum += x
		if l.Sources[i] == "" {
			t.Errorf("%s has no source", kindNamesArr[i])
		}
	}
	// Aave: 170M USD on 19 May 2021 over 6 h (data file's source)
	if !near(l.PerHour[KindAave], 170e6/6, 1) || !near(l.Unified, sum, 1e-6) {
		t.Errorf("aave %.0f/h (want 170M/6), unified %.0f (want Σ %.0f)", l.PerHour[KindAave], l.Unified, sum)
	}
	for _, bad := range []struct{ doc, field string }{
		{`{"kinds": {}}`, "kinds.aave"},
		{`{"kinds": {"aave": {"usd_per_hour": -1, "source": "x"}}}`, "kinds.aave.usd_per_hour"},
	} {
		if _, err := parseLiquidators([]byte(bad.doc)); err == nil || !strings.Contains(err.Error(), bad.field) {
			t.Errorf("%s: error %v, want one naming %s", bad.doc, err, bad.field)
		}
	}
}

// TestFailureAssumptionIsShared: with no failure probability no
// architecture carries an expected trust loss; with p = 0.1 and loss 0.5
// each does, and isolated's is 0.05 × Σ over venues of their accounts'
// positive leg equity (every venue's contract a trusted party), computed
// here from the legs.
func TestFailureAssumptionIsShared(t *testing.T) {
	path := mustPath(t, "shock:WETH:-0.1", 4)
	pop := testPop(t, 500, path.Prices[0], 9)
	cfg := DefaultConfig()
	for _, arch := range allArchs {
		if m := simulateT(pop, path, arch, &cfg).Metrics; m.TrustFailureProb != 0 || m.ExpectedTrustLossUSD != 0 {
			t.Errorf("%s default: failure %v, expected loss %.0f, want none", arch, m.TrustFailureProb, m.ExpectedTrustLossUSD)
		}
	}
	cfg.FailureProb, cfg.FailureLoss = 0.1, 0.5
	held := 0.0
	for ai := range pop.Accounts {
		for li := range pop.Accounts[ai].Legs {
			held += math.Max(0, legEquity(&pop.Accounts[ai].Legs[li], &pop.Start))
		}
	}
	for _, arch := range allArchs {
		m := simulateT(pop, path, arch, &cfg).Metrics
		if m.TrustFailureProb != 0.1 || !(m.ExpectedTrustLossUSD > 0) {
			t.Errorf("%s: failure %v, expected loss %.0f", arch, m.TrustFailureProb, m.ExpectedTrustLossUSD)
		}
		if arch == Isolated && !near(m.ExpectedTrustLossUSD, 0.05*held, 1e-6*held) {
			t.Errorf("isolated expected loss %.2f, want 0.05 × %.2f", m.ExpectedTrustLossUSD, held)
		}
	}
}

// TestCI95: the interval of {1, 2, 3, 4, 5}: mean 3, s = √2.5, t(4) =
// 2.776, half-width 2.776·√2.5/√5 = 1.96292 (by hand); one value gives
// [x, x].
func TestCI95(t *testing.T) {
	ci := ci95([]float64{1, 2, 3, 4, 5})
	if !near(ci[0], 3-1.962920, 1e-5) || !near(ci[1], 3+1.962920, 1e-5) {
		t.Errorf("ci95 %v, want [1.03708, 4.96292]", ci)
	}
	if ci := ci95([]float64{7}); ci != [2]float64{7, 7} {
		t.Errorf("one value: %v", ci)
	}
	// {0, 0, 0, 10}: mean 2.5, s = 5, t(3) = 3.182, half-width 7.955: the
	// lower end −5.455 is clamped to 0 (no value is negative)
	if ci := ci95([]float64{0, 0, 0, 10}); ci[0] != 0 || !near(ci[1], 2.5+7.955, 1e-9) {
		t.Errorf("ci95 of {0,0,0,10} %v, want [0, 10.455]", ci)
	}
}

// TestIntervalShrinksWithRuns: the 95% interval of the mean liquidated
// volume over 20 runs (each a new synthetic population and Monte Carlo
// path) is narrower than over 5, and contains the 20-run mean.
func TestIntervalShrinksWithRuns(t *testing.T) {
	width := func(n int) (float64, *RunStats) {
		path := MonteCarlo(40, 1)
		pop := testPop(t, 300, path.Prices[0], 1)
		job := &Job{Population: pop, Path: path, Archs: []Arch{Isolated}, Config: DefaultConfig(), Runs: n, Seed: 1,
			Sample: func(r int) (*Population, *Path, error) {
				p := MonteCarlo(40, uint64(100+r))
				pp, err := Synthetic(300, p.Prices[0], uint64(100+r))
				return pp, p, err
			}}
		rep, err := Run(context.Background(), job, nil)
		if err != nil {
			t.Fatal(err)
		}
		rs := rep.Architectures["isolated"].Runs
		return rs.LiquidatedCI95[1] - rs.LiquidatedCI95[0], rs
	}
	w5, _ := width(5)
	w20, rs := width(20)
	if rs.Runs != 20 {
		t.Fatalf("runs %d", rs.Runs)
	}
	if !(w20 < w5) || !(rs.LiquidatedCI95[0] <= rs.LiquidatedMeanUSD && rs.LiquidatedMeanUSD <= rs.LiquidatedCI95[1]) {
		t.Errorf("interval width 5 runs %.0f, 20 runs %.0f (%v around %.0f)", w5, w20, rs.LiquidatedCI95, rs.LiquidatedMeanUSD)
	}
}

// TestOraclePolicyAxis: on a pure stETH depeg (−15%, WETH flat, no
// impact) a policy valuing stETH by its exchange rate sees no move at all:
// nothing is liquidated under any architecture. At market, the stETH
// holders are exposed everywhere: each architecture liquidates something
// (isolated's Aave loopers included, which its own venue oracle spares).
func TestOraclePolicyAxis(t *testing.T) {
	path := mustPath(t, "shock:stETH:-0.15", 4)
	pop := testPop(t, 3000, path.Prices[0], 3)
	cfg := DefaultConfig()
	cfg.ImpactScale = 0
	byPolicy := map[OraclePolicy][3]float64{}
	for _, pol := range []OraclePolicy{OracleVenue, OracleMarket, OracleRate} {
		cfg.OraclePolicy = pol
		var v [3]float64
		for k, arch := range allArchs {
			v[k] = simulateT(pop, path, arch, &cfg).Metrics.LiquidatedUSD
		}
		byPolicy[pol] = v
	}
	baseline := cfg
	baseline.OraclePolicy = OracleRate
	flat := mustPath(t, "shock:WETH:0", 4)
	for k, arch := range allArchs {
		still := simulateT(pop, flat, arch, &baseline).Metrics.LiquidatedUSD // what liquidates with no move
		if r := byPolicy[OracleRate][k]; !near(r, still, 1e-6*(1+still)) {
			t.Errorf("%s rate oracle: liquidated %.0f on the depeg, %.0f with no move at all", arch, r, still)
		}
		if !(byPolicy[OracleMarket][k] > byPolicy[OracleRate][k]) {
			t.Errorf("%s: market %.0f, rate %.0f: the depeg should liquidate more at market", arch,
				byPolicy[OracleMarket][k], byPolicy[OracleRate][k])
		}
	}
	if !(byPolicy[OracleMarket][0] > byPolicy[OracleVenue][0]) {
		t.Errorf("isolated: market %.0f, venue %.0f: the Aave loopers' own oracle should spare them",
			byPolicy[OracleMarket][0], byPolicy[OracleVenue][0])
	}
}

// TestRunsPlotted: a study with runs draws each architecture's mean and
// interval (runs_liquidated, runs_bad_debt) and the report lists the
// intervals; without runs there is no such plot.
func TestRunsPlotted(t *testing.T) {
	path := MonteCarlo(20, 3)
	pop := testPop(t, 200, path.Prices[0], 3)
	for _, n := range []int{1, 3} {
		job := &Job{Population: pop, Path: path, Archs: allArchs, Config: DefaultConfig(), Runs: n, Seed: 3,
			Sample: func(int) (*Population, *Path, error) { return pop, path, nil }}
		rep, err := Run(context.Background(), job, nil)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Files(rep, "t")
		if err != nil {
			t.Fatal(err)
		}
		_, plotted := files["runs_liquidated.svg"]
		if plotted != (n > 1) || plotted && !strings.Contains(string(files["report.md"]), "liquidated_ci95_usd") {
			t.Errorf("%d runs: runs plot %v, report lists the interval %v", n, plotted,
				strings.Contains(string(files["report.md"]), "liquidated_ci95_usd"))
		}
	}
}

// TestFlatPath: a shock is one move then flat (a settlement delay cannot
// matter on it); a historical path keeps moving.
func TestFlatPath(t *testing.T) {
	if !mustPath(t, "shock:stETH:-0.15", 10).Flat() || mustPath(t, "2021-05-19", 50).Flat() {
		t.Errorf("shock flat %v, 2021-05-19 flat %v; want true, false", mustPath(t, "shock:stETH:-0.15", 10).Flat(),
			mustPath(t, "2021-05-19", 50).Flat())
	}
}

// FuzzParseLiquidators: any document is refused with an error or gives
// finite capacities ≥ 0 with a source each and unified = Σ of them.
func FuzzParseLiquidators(f *testing.F) {
	data, err := dataFS.ReadFile("data/liquidators.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"kinds": {"aave": {"usd_per_hour": 1e308, "source": "x"}}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		l, err := parseLiquidators(doc)
		if err != nil {
			return
		}
		sum := 0.0
		for i, x := range l.PerHour {
			if !(x >= 0) || math.IsInf(x, 0) || l.Sources[i] == "" {
				t.Fatalf("%s: capacity %v source %q", kindNamesArr[i], x, l.Sources[i])
			}
			sum += x
		}
		if l.Unified != sum {
			t.Fatalf("unified %v, Σ %v", l.Unified, sum)
		}
	})
}
