// The runner: one study (every architecture on one population and path,
// its no-impact baseline, Monte Carlo runs, the shock-size sweep and UCT's
// settlement-delay sweep) in one call with context cancellation and
// progress, used by the CLI, the server's cascade jobs and governance
// previews alike; and the simulation of one architecture over one path it
// runs for each of them. Contract: the same job gives the same report;
// when ctx ends, Run returns ctx's error within one step of the simulation
// in progress and no report.
package cascade

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Job is one cascade study.
type Job struct {
	Population *Population
	Path       *Path
	Archs      []Arch
	Config     Config
	// Baseline also runs every architecture without price impact, for
	// volume_amplification.
	Baseline bool
	// Runs > 1 repeats the simulation on Sample(r), r = 0 … Runs−1, for the
	// bad-debt distribution; hub and bridge failures are drawn from a PCG
	// seeded by Seed.
	Runs   int
	Seed   uint64
	Sample func(r int) (*Population, *Path, error)
	// Sweep scales the path's log moves for the shock-size plot; Delays are
	// the UCT settlement delays (hours) of its sensitivity (UCT only).
	Sweep  []float64
	Delays []float64
}

// Total is the number of progress units Run reports: every step of every
// architecture's run, then one per Monte Carlo run, sweep point and delay.
func (j *Job) Total() int {
	n := len(j.Archs)*len(j.Path.Prices) + len(j.Sweep) + len(j.Delays)
	if j.Runs > 1 {
		n += j.Runs
	}
	return n
}

// Run runs job, calling progress (when not nil) with the units done and
// Total after each unit. Errors: ctx's when it ends; a unified book the
// engine refuses (its account named); a sample that fails.
func Run(ctx context.Context, job *Job, progress func(done, total int)) (*Report, error) {
	cfg := &job.Config
	total, done := job.Total(), 0
	var mu sync.Mutex
	tick := func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	rep := &Report{Architectures: map[string]Metrics{}, Path: job.Path, Config: cfg}
	noImpact := *cfg
	noImpact.ImpactScale = 0
	// every architecture (and its baseline) is an independent simulation:
	// they run side by side, each on its own state, results in job order
	results := make([]*Result, len(job.Archs))
	baselines := make([]*Result, len(job.Archs))
	var sims []func() error
	for k, a := range job.Archs {
		sims = append(sims, func() (err error) {
			results[k], err = simulate(ctx, job.Population, job.Path, a, cfg, tick)
			return err
		})
		if job.Baseline {
			sims = append(sims, func() (err error) {
				baselines[k], err = simulate(ctx, job.Population, job.Path, a, &noImpact, nil)
				return err
			})
		}
	}
	if err := parallel(sims); err != nil {
		return nil, err
	}
	for k, a := range job.Archs {
		r := results[k]
		if b := baselines[k]; b != nil && b.Metrics.LiquidatedUSD > 0 {
			v := r.Metrics.LiquidatedUSD / b.Metrics.LiquidatedUSD
			r.Metrics.VolumeAmplification = &v
		}
		rep.Results = append(rep.Results, r)
		rep.Architectures[a.String()] = r.Metrics
	}
	if job.Runs > 1 {
		if err := runs(ctx, rep, job, tick); err != nil {
			return nil, err
		}
	}
	for _, k := range job.Sweep {
		pt, err := sweepPoint(ctx, job, k)
		if err != nil {
			return nil, err
		}
		rep.Sweep = append(rep.Sweep, pt)
		tick()
	}
	for _, h := range job.Delays {
		c := *cfg
		c.SettlementDelayHours = h
		r, err := simulate(ctx, job.Population, job.Path, UCT, &c, nil)
		if err != nil {
			return nil, err
		}
		m := r.Metrics
		rep.Delays = append(rep.Delays, DelayPoint{Hours: h, BadDebtUSD: m.BadDebtUSD, LiquidatedUSD: m.LiquidatedUSD,
			MinPrice: m.MinPrice})
		tick()
	}
	rep.Table = table(rep)
	return rep, nil
}

// parallel runs fs on every core (at most GOMAXPROCS at once) and returns
// the first error in fs's order.
func parallel(fs []func() error) error {
	errs := make([]error, len(fs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = f()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// runs fills Metrics.Runs of rep's architectures with job.Runs Monte Carlo
// repetitions.
func runs(ctx context.Context, rep *Report, job *Job, tick func()) error {
	cfg := &job.Config
	rng := rand.New(rand.NewPCG(job.Seed, 0x72756e73))
	bad := map[Arch][]float64{}
	liq := map[Arch][]float64{}
	loss := map[Arch][]float64{}
	for r := range job.Runs {
		pop, path, err := job.Sample(r)
		if err != nil {
			return fmt.Errorf("run %d: %w", r, err)
		}
		for _, a := range job.Archs {
			res, err := simulate(ctx, pop, path, a, cfg, nil)
			if err != nil {
				return fmt.Errorf("run %d: %w", r, err)
			}
			bad[a] = append(bad[a], res.Metrics.BadDebtUSD)
			liq[a] = append(liq[a], res.Metrics.LiquidatedUSD)
			l := 0.0
			for _, c := range res.custodians { // each trusted party fails on its own draw
				if rng.Float64() < cfg.FailureProb {
					l += cfg.FailureLoss * c
				}
			}
			loss[a] = append(loss[a], l)
		}
		tick()
	}
	for _, a := range job.Archs {
		m := rep.Architectures[a.String()]
		m.Runs = &RunStats{Runs: job.Runs, BadDebtMeanUSD: mean(bad[a]), BadDebtCI95: ci95(bad[a]),
			BadDebtP95USD: quantile(bad[a], 0.95), BadDebtP99USD: quantile(bad[a], 0.99),
			LiquidatedMeanUSD: mean(liq[a]), LiquidatedCI95: ci95(liq[a]), LiquidatedP99USD: quantile(liq[a], 0.99),
			TrustLossMeanUSD: mean(loss[a]), TrustLossCI95: ci95(loss[a])}
		rep.Architectures[a.String()] = m
	}
	return nil
}

// sweepPoint runs every architecture on the path scaled by k (log moves).
func sweepPoint(ctx context.Context, job *Job, k float64) (SweepPoint, error) {
	p := job.Path.Scaled(k)
	lo := p.Prices[0][p.Primary]
	for t := range p.Prices {
		lo = math.Min(lo, p.Prices[t][p.Primary])
	}
	pt := SweepPoint{Scale: k, Drop: 1 - lo/p.Prices[0][p.Primary], BadDebt: map[string]float64{},
		Liquidate: map[string]float64{}}
	for _, a := range job.Archs {
		r, err := simulate(ctx, job.Population, p, a, &job.Config, nil)
		if err != nil {
			return pt, err
		}
		pt.BadDebt[a.String()] = r.Metrics.BadDebtUSD
		pt.Liquidate[a.String()] = r.Metrics.LiquidatedUSD
	}
	return pt, nil
}

// startState is what newSim measures at the start.
type startState struct {
	locked, gross, equity float64
	below, resized        int
	resizedUSD            float64
	units                 [NumAssets]float64
}

// newSim builds arch's domains for pop at the path's first prices, each
// filed for the first round.
func newSim(pop *Population, path *Path, arch Arch, cfg *Config) (*sim, startState, error) {
	var st startState
	s := &sim{cfg: cfg, path: path, res: &Result{Arch: arch}, hit: make([]bool, len(pop.Accounts)), ref: pop.Start,
		badBy: map[string]float64{}}
	for a := range NumAssets {
		s.long[a].max = true
		s.factor[a] = 1
	}
	var err error
	st.locked, st.gross, st.below, err = s.build(pop, arch)
	if err != nil {
		return nil, st, err
	}
	s.ver, s.inDense, s.listed = make([]uint32, len(s.ds)), make([]bool, len(s.ds)), make([]bool, len(s.ds))
	s.setPrices(0)
	for i := range s.ds {
		st.equity += s.equity(&s.ds[i], &s.price)
		for a := range NumAssets {
			st.units[a] += s.ds[i].units[a]
			s.res.unitsGross += math.Abs(s.ds[i].units[a])
		}
	}
	// a resize is part of the run: sold at the first prices into the
	// shared markets, its impact on every later price
	for ai, f := range s.resizeF {
		if f > 0 {
			s.closeBook(ai, f)
			s.closeLegs(&s.ds[ai], -1, f)
			st.resizedUSD += s.closeAll(&s.ds[ai], f)
			st.resized++
		}
	}
	s.applyImpact(0)
	for i := range s.ds {
		s.place(int32(i))
	}
	return s, st, s.err
}

// simulate runs pop under arch along path and returns the metrics and
// series; tick, when not nil, is called after every step. Errors: ctx's,
// checked every step; the unified books' (unified.go).
func simulate(ctx context.Context, pop *Population, path *Path, arch Arch, cfg *Config, tick func()) (*Result, error) {
	s, st, err := newSim(pop, path, arch, cfg)
	if err != nil {
		return nil, err
	}
	locked, gross := st.locked, st.gross
	unitsStart := st.units
	if arch == UCT {
		// rounded up to whole steps: a positive delay never vanishes on a coarse path
		s.delay = int(math.Ceil(cfg.SettlementDelayHours/path.HoursPerStep - 1e-9))
		h := cfg.SettlementDelayHours
		s.res.Metrics.SettlementDelayHours = &h
	}
	m := &s.res.Metrics
	m.CollateralLockedUSD = locked
	if locked > 0 {
		m.CapitalEfficiency = gross / locked
	}
	m.StartEquityUSD = st.equity
	m.AccountsBelowInitial, m.AccountsResized, m.ResizedUSD = st.below, st.resized, st.resizedUSD
	// every trusted party (venue contract, hub, vault, bridge) alike
	held := 0.0
	for _, c := range s.custodians {
		m.TrustExposureUSD = math.Max(m.TrustExposureUSD, c)
		held += c
	}
	m.TrustFailureProb = cfg.FailureProb
	m.ExpectedTrustLossUSD = cfg.FailureProb * cfg.FailureLoss * held
	s.res.custodians = s.custodians
	steps := len(path.Prices) - 1
	ser := &s.res.Series
	ser.Price = make([][NumAssets]float64, steps+1)
	ser.CumLiquidatedUSD = make([]float64, steps+1)
	ser.CumBadDebtUSD = make([]float64, steps+1)
	minEndo, minExo := path.Prices[0], path.Prices[0]
	for t := 0; t <= steps; t++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.advance(t)
		if s.err != nil {
			return nil, s.err
		}
		for a := range NumAssets {
			minEndo[a] = math.Min(minEndo[a], s.price[a])
			minExo[a] = math.Min(minExo[a], path.Prices[t][a])
		}
		ser.Price[t] = s.price
		ser.CumLiquidatedUSD[t] = m.LiquidatedUSD
		ser.CumBadDebtUSD[t] = m.BadDebtUSD
		if tick != nil {
			tick()
		}
	}
	// pending UCT liquidations settle at the last step's prices
	for _, p := range s.pending {
		if d := &s.ds[p.idx]; d.pending {
			s.liquidate(p.idx, steps)
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	for i := range s.ds {
		for a := range NumAssets {
			unitsStart[a] -= s.ds[i].units[a]
		}
	}
	s.res.unitsRemoved = unitsStart
	m.BadDebtBy = s.badBy
	m.ByAsset = map[string]AssetMetrics{}
	for a := range NumAssets {
		am := s.byAsset[a]
		am.MinPrice, am.ExogenousMinPrice = minEndo[a], minExo[a]
		am.Amplification = amplification(path.Prices[0][a], minEndo[a], minExo[a])
		m.ByAsset[Assets[a]] = am
	}
	pa := m.ByAsset[Assets[path.Primary]]
	m.MinPrice, m.Amplification = pa.MinPrice, pa.Amplification
	return s.res, nil
}

// advance runs step t: part of the impact decays (after the first step),
// then the step's prices, capacities, deferred and settled liquidations,
// and rounds until one liquidates nothing.
func (s *sim) advance(t int) {
	if t > 0 {
		decay := math.Pow(1-s.cfg.ResiliencePerHour, s.path.HoursPerStep)
		for a := range NumAssets {
			s.sold[a] *= decay
		}
	}
	s.setPrices(t)
	s.refill()
	s.resume()
	s.release(t)
	s.rounds(t)
}

// amplification is the drop with the cascade over the exogenous drop;
// 1 when neither drops, null when only the cascade does.
func amplification(p0, endo, exo float64) *float64 {
	de, dx := 1-endo/p0, 1-exo/p0
	var v float64
	switch {
	case dx > 1e-12:
		v = de / dx
	case de <= 1e-12:
		v = 1
	default:
		return nil
	}
	return &v
}

// setPrices is the exogenous path times each market's impact factor; a
// wrapper also carries its backing's impact (its peg to the backing moves
// only with its own path and its own sales).
func (s *sim) setPrices(t int) {
	exo := &s.path.Prices[t]
	for a := range NumAssets {
		l := &s.cfg.Liquidity[a]
		s.factor[a] = s.cfg.Impact.factor(l, s.sold[a], s.path.Prices[0][a], s.cfg.ImpactScale)
		s.price[a] = exo[a] * s.factor[a]
		if b := backing[a]; b >= 0 {
			s.price[a] *= s.price[b] / exo[b]
		}
	}
	s.oracle = s.price
	for a := range NumAssets {
		if b := backing[a]; b >= 0 {
			s.oracle[a] = s.price[b] * s.ref[a] / s.ref[b]
		}
	}
}

// resume re-files the domains Hyperliquid's cooldown deferred and resets
// the order counts of the last step.
func (s *sim) resume() {
	for _, i := range s.touched {
		s.ds[i].orders = 0
	}
	s.touched = s.touched[:0]
	if s.shadow != nil {
		s.shadow.resume() // the shadow legs' orders (budget.go)
	}
	for _, i := range s.deferred {
		s.ds[i].pending = false
		s.place(i)
	}
	s.deferred = s.deferred[:0]
}

// release settles the UCT liquidations whose delay has passed: each is
// re-checked at today's prices and executed when still below maintenance.
func (s *sim) release(t int) {
	keep := s.pending[:0]
	for _, p := range s.pending {
		if p.step > t {
			keep = append(keep, p)
			continue
		}
		d := &s.ds[p.idx]
		if s.below(d) {
			s.liquidate(p.idx, t)
		} else {
			d.pending = false
			s.place(p.idx)
		}
	}
	s.pending = keep
	s.applyImpact(t)
}

// rounds liquidates every crossed domain, moves prices by the round's net
// sales, and repeats until a round liquidates nothing.
func (s *sim) rounds(t int) {
	for range s.cfg.MaxRounds {
		batch := s.crossed()
		if len(batch) == 0 {
			return
		}
		// in domain order, whichever way they were found: under a capped
		// step the order decides who is liquidated first
		batch = append([]int32(nil), batch...)
		slices.Sort(batch)
		for _, i := range slices.Compact(batch) {
			if !s.ds[i].dead && !s.ds[i].pending {
				s.liquidate(i, t)
			}
		}
		s.applyImpact(t)
	}
}

func (s *sim) applyImpact(t int) {
	for a := range NumAssets {
		s.sold[a] += s.roundSold[a]
		s.roundSold[a] = 0
	}
	s.setPrices(t)
}
