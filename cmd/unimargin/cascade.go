// cascade: liquidation cascades on one population and price path under the
// isolated, hub and UCT architectures.
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/unimargin/unimargin/internal/cascade"
	"github.com/unimargin/unimargin/internal/input"
)

type cascadeCmd struct {
	Population      string  `help:"Population file: {\"accounts\": [portfolio.json, …]}." placeholder:"POP.json" xor:"population"`
	Synthetic       string  `help:"Generate N synthetic accounts (calibrated to the shared Aave data; includes the Aave v3 whales)." placeholder:"N" xor:"population"`
	Path            string  `help:"Price path: 2021-05-19, 2022-11-08, 2020-03-12, 2025-10-10, mc (Monte Carlo), shock:ASSET:MOVE (ASSET: WETH, WBTC, stETH; e.g. shock:stETH:-0.15 is a depeg), or FILE.csv." default:"2021-05-19"`
	Architectures   string  `help:"Comma-separated: isolated, hub, uct." default:"isolated,hub,uct"`
	Impact          string  `help:"Price impact: sqrt, linear, amm, book." default:"sqrt"`
	ImpactScale     float64 `help:"Multiplier on every sale's size in the impact model (0 = no impact)." default:"1"`
	Seed            uint64  `help:"Seed of the population, Monte Carlo paths and failure draws." default:"1"`
	Steps           int     `help:"Steps the path is resampled to." default:"1000"`
	Runs            int     `help:"Monte Carlo runs of the random parts (synthetic population, Monte Carlo path, failure draws): mean and 95% interval." default:"20"`
	Out             string  `help:"Directory for the plots (PNG, SVG) and report.md (none without it)." placeholder:"DIR"`
	SettlementDelay float64 `help:"UCT: hours before a liquidation at a venue off the home chain settles." default:"0.25" placeholder:"HOURS"`
	BridgeHaircut   float64 `help:"UCT: haircut on collateral bridged off the home chain." default:"0.02"`
	Failure         float64 `help:"Probability every trusted party (each venue's contract, the hub, the UCT vault and bridge) fails in the episode; 0: none modelled." default:"0" placeholder:"P"`
	FailureLoss     float64 `help:"Share of what a failed party holds that its users lose." default:"0.5" placeholder:"SHARE"`
	LiquidatorScale float64 `help:"Multiplies every liquidation capacity of the embedded data/liquidators.json (0: nothing is liquidated)." default:"1" placeholder:"K"`
	Unlimited       bool    `help:"Liquidators without a capacity cap." name:"unlimited-liquidators"`
	ResizeAtStart   bool    `help:"Hub and uct cut books above the unified initial requirement in the first step, sold through the impact model (default: every architecture starts from the same books)."`
	StETHOracle     string  `help:"How stETH is valued: venue (each venue its own: Aave v3 and Comet the exchange rate, others and the unified model the market), market, rate." default:"venue" name:"steth-oracle"`
	NoPlots         bool    `help:"Skip the plots, the shock sweep and the report."`
	JSON            bool    `help:"Print {architectures, table} as JSON."`
	formatFlag
}

// sweepScales scale the path's log moves for the shock-size plot.
var sweepScales = []float64{0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5}

// delayHours are the settlement delays the report's UCT sensitivity runs
// (the run's own delay is added when it is not among them).
var delayHours = []float64{0, 0.25, 1, 4, 12}

func (c *cascadeCmd) Run(e *env) error {
	archs, err := cascade.ParseArchs(c.Architectures)
	if err != nil {
		return usagef("--architectures: %v", err)
	}
	impact, err := cascade.ParseImpact(c.Impact)
	if err != nil {
		return usagef("--impact: %v", err)
	}
	if c.Steps <= 0 {
		return usagef("--steps: must be > 0, got %d", c.Steps)
	}
	if c.Runs <= 0 {
		return usagef("--runs: must be > 0, got %d", c.Runs)
	}
	if c.ImpactScale < 0 {
		return usagef("--impact-scale: must be ≥ 0, got %g", c.ImpactScale)
	}
	if err := c.checkAssumptions(); err != nil {
		return err
	}
	if c.Population == "" && c.Synthetic == "" {
		return usagef("give --population POP.json or --synthetic N")
	}
	plots := !c.NoPlots && c.Out != "" // without --out there is nowhere to write them
	n := 0
	if c.Synthetic != "" {
		if n, err = strconv.Atoi(c.Synthetic); err != nil || n <= 0 {
			return usagef("--synthetic: N must be a whole number > 0, got %q", c.Synthetic)
		}
	}
	path, err := cascade.LoadPath(c.Path, c.Steps, c.Seed, func(p string) ([]byte, error) {
		doc, err := readDocument(p)
		return doc.data, err
	})
	if err != nil {
		if _, ok := err.(*input.Error); ok {
			return err
		}
		return usagef("--path: %v", err)
	}
	pop, err := c.population(path, n, c.Seed)
	if err != nil {
		return err
	}
	cfg := cascade.DefaultConfig()
	cfg.Impact, cfg.ImpactScale = impact, c.ImpactScale
	cfg.SettlementDelayHours, cfg.BridgeHaircut = c.SettlementDelay, c.BridgeHaircut
	cfg.FailureProb, cfg.FailureLoss, cfg.ResizeAtStart = c.Failure, c.FailureLoss, c.ResizeAtStart
	if cfg.OraclePolicy, err = cascade.ParseOraclePolicy(c.StETHOracle); err != nil {
		return usagef("--steth-oracle: %v", err)
	}
	if c.Unlimited {
		cfg.Liquidators = nil
	} else {
		cfg.Liquidators = cfg.Liquidators.Scaled(c.LiquidatorScale)
	}

	job := &cascade.Job{Population: pop, Path: path, Archs: archs, Config: cfg, Baseline: true,
		Runs: c.Runs, Seed: c.Seed, Sample: c.sampler(path, n)}
	if plots {
		job.Sweep, job.Delays = sweepScales, c.delays(archs)
	}
	bar := newBar(job.Total(), len(pop.Accounts))
	progress := func(done, _ int) {
		if bar != nil {
			_ = bar.Set(done)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := cascade.Run(ctx, job, progress)
	if err != nil {
		return err
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	if plots {
		if err := c.writeFiles(rep, len(pop.Accounts)); err != nil {
			return err
		}
	}
	if done, err := c.machine(e, c.JSON, "cascade", rep); done {
		return err
	}
	writeCascadeText(e, rep, c, len(pop.Accounts))
	return nil
}

// checkAssumptions names the first assumption flag out of range.
func (c *cascadeCmd) checkAssumptions() error {
	switch {
	case !(c.SettlementDelay >= 0):
		return usagef("--settlement-delay: must be ≥ 0 hours, got %g", c.SettlementDelay)
	case !(c.BridgeHaircut >= 0 && c.BridgeHaircut < 1):
		return usagef("--bridge-haircut: must be in [0, 1), got %g", c.BridgeHaircut)
	case !(c.Failure >= 0 && c.Failure <= 1):
		return usagef("--failure: must be in [0, 1], got %g", c.Failure)
	case !(c.FailureLoss >= 0 && c.FailureLoss <= 1):
		return usagef("--failure-loss: must be in [0, 1], got %g", c.FailureLoss)
	case !(c.LiquidatorScale >= 0) || math.IsInf(c.LiquidatorScale, 0):
		return usagef("--liquidator-scale: must be a finite number ≥ 0, got %g", c.LiquidatorScale)
	}
	return nil
}

// delays are the settlement delays of the report's UCT sensitivity (none
// when UCT is not simulated).
func (c *cascadeCmd) delays(archs []cascade.Arch) []float64 {
	for _, a := range archs {
		if a == cascade.UCT {
			out := append([]float64(nil), delayHours...)
			if !slices.Contains(out, c.SettlementDelay) {
				out = append(out, c.SettlementDelay)
				slices.Sort(out)
			}
			return out
		}
	}
	return nil
}

func (c *cascadeCmd) population(path *cascade.Path, n int, seed uint64) (*cascade.Population, error) {
	if c.Synthetic != "" {
		pop, err := cascade.Synthetic(n, path.Prices[0], seed)
		if err != nil {
			return nil, fmt.Errorf("%w: synthetic population: %v", errInternal, err)
		}
		return pop, nil
	}
	doc, err := readDocument(c.Population)
	if err != nil {
		return nil, err
	}
	pop, err := cascade.ParsePopulation(doc.data, path.Prices[0])
	if err != nil {
		return nil, input.InFile(err, doc.name)
	}
	return pop, nil
}

// sampler gives run r's population and path: Monte Carlo paths are redrawn
// with seed+r; a synthetic population is regenerated with seed+r.
func (c *cascadeCmd) sampler(path *cascade.Path, n int) func(int) (*cascade.Population, *cascade.Path, error) {
	var fixed *cascade.Population
	return func(r int) (*cascade.Population, *cascade.Path, error) {
		s := c.Seed + uint64(r)
		p := path
		if c.Path == "mc" {
			p = cascade.MonteCarlo(c.Steps, s)
		}
		if c.Synthetic == "" {
			if fixed == nil {
				pop, err := c.population(path, n, c.Seed)
				if err != nil {
					return nil, nil, err
				}
				fixed = pop
			}
			return fixed, p, nil
		}
		pop, err := cascade.Synthetic(n, p.Prices[0], s)
		return pop, p, err
	}
}

// newBar is a progress bar on stderr for long runs (over a million
// account-steps) when stderr is a terminal (so scripts and tests see a
// quiet stderr on success); nil otherwise.
func newBar(total, accounts int) *progressbar.ProgressBar {
	if total*accounts < 1_000_000 || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("cascade"), progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish())
}

func (c *cascadeCmd) writeFiles(rep *cascade.Report, accounts int) error {
	title := fmt.Sprintf("Population: %d accounts (%s); impact %s; seed %d; %d steps; runs %d.",
		accounts, c.populationName(), c.Impact, c.Seed, c.Steps, c.Runs)
	files, err := cascade.Files(rep, title)
	if err != nil {
		return fmt.Errorf("%w: rendering plots: %v", errInternal, err)
	}
	return writeOut(c.Out, files)
}

func (c *cascadeCmd) populationName() string {
	if c.Synthetic != "" {
		return "synthetic"
	}
	return filepath.Base(c.Population)
}

func writeCascadeText(e *env, rep *cascade.Report, c *cascadeCmd, accounts int) {
	fmt.Fprintf(e.out, "cascade on %s: %d accounts (%s), impact %s, seed %d, %d steps\n\n", rep.Path.Name,
		accounts, c.populationName(), c.Impact, c.Seed, c.Steps)
	names := make([]string, 0, len(rep.Results))
	for _, r := range rep.Results {
		names = append(names, r.Arch.String())
	}
	fmt.Fprintf(e.out, "%-16s %-24s", "dimension", "measure")
	for _, n := range names {
		fmt.Fprintf(e.out, " %14s", n)
	}
	fmt.Fprintln(e.out)
	for _, row := range rep.Table {
		fmt.Fprintf(e.out, "%-16s %-24s", row["dimension"], row["measure"])
		for _, n := range names {
			fmt.Fprintf(e.out, " %14s", cellText(row[n]))
		}
		fmt.Fprintln(e.out)
	}
	if c.Out != "" && !c.NoPlots {
		fmt.Fprintf(e.out, "\nplots and report.md in %s\n", c.Out)
	}
}

func cellText(v any) string {
	switch x := v.(type) {
	case *float64:
		if x == nil {
			return "null"
		}
		return cellText(*x)
	case float64:
		if x >= 1000 || x <= -1000 {
			return cascade.Human(x)
		}
		return strconv.FormatFloat(x, 'g', 4, 64)
	case int:
		return strconv.Itoa(x)
	case [2]float64:
		return "[" + cellText(x[0]) + ", " + cellText(x[1]) + "]"
	}
	return fmt.Sprint(v)
}
