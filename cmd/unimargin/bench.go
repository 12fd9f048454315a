// bench: `unimargin bench remargin` measures full unified re-margin of a
// reproducible population on the compiled kernel (margin.Population): N
// accounts of P positions drawn from a universe of about 5,000 listed
// instruments (options, futures and perps on BTC and ETH, whose requirement
// moves are 64 per underlying) with USDC collateral, built once, then
// re-margined at least three times warm; the best run is reported. The
// figures are held to the direct revaluation (margin.DirectInitial) on a
// seeded sample of accounts. Then one market tick moves --tick-asset's
// price by 1% and the population is re-margined incrementally
// (margin.Compiled.Tick, margin.Population.RemarginTick): only that
// asset's instruments are valued anew and only the books holding it are
// re-margined (every generated book holds BTC, ETH and USDC, so all of
// them here; the selectivity is the unit tests'). Keys (DESIGN.md):
// accounts, positions, scenarios, seconds, ns_per_account,
// bytes_per_position, max_rel_diff, and tick_accounts, tick_instruments,
// tick_ms, vector_width, cpu_seconds (the timed re-margin's CPU time: on
// a machine other work loads, seconds measures the share of the cores it
// got, cpu_seconds the work), and the target's numpy_peer_seconds_est (the
// measured numpy peer, 2.40 s at 1M accounts × 20 positions × 64
// scenarios, scaled linearly to this run's scenarios and accounts),
// numpy_peer_source and speedup_vs_numpy_est; benchmarks are exempt from
// the no-timings rule of --json. With --numpy-peer the peer itself runs
// right after the timed re-margins, in the same invocation and on the same
// shape (accounts, positions, this run's scenarios and instruments, the
// same number of runs, best taken): numpy_peer_seconds and
// speedup_vs_numpy are then measured, not estimated (numpy_peer.py,
// embedded; python3 with numpy on PATH, e.g. Debian's python3-numpy).
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

type benchCmd struct {
	Remargin benchRemarginCmd `cmd:"" help:"Time full unified re-margin of a generated population on the compiled kernel."`
}

type benchRemarginCmd struct {
	Accounts   int    `help:"Accounts in the population." default:"100000"`
	Positions  int    `help:"Positions per account (plus one USDC collateral entry)." default:"20"`
	Seed       uint64 `help:"Seed of the population." default:"1"`
	Runs       int    `help:"Warm re-margins timed (the best is reported; at least 3)." default:"3"`
	Sample     int    `help:"Accounts checked against the direct revaluation." default:"1000"`
	TickAsset  string `help:"Asset whose price the timed tick moves by 1% (BTC, ETH or USDC)." default:"BTC" enum:"BTC,ETH,USDC"`
	JSON       bool   `help:"Print the result as JSON."`
	CPUProfile string `help:"Write a CPU profile of the timed re-margins to this file." type:"path" hidden:""`
	NumpyPeer  bool   `name:"numpy-peer" help:"Also run the numpy peer (--python with numpy) on the same shape right after the timed runs, and report its measured seconds and the speed-up over it."`
	Python     string `help:"Python interpreter of --numpy-peer (it needs numpy)." default:"python3"`
	formatFlag
}

// benchReport is the --json output.
type benchReport struct {
	Accounts         int     `json:"accounts"`
	Positions        int     `json:"positions"`
	Scenarios        int     `json:"scenarios"`
	Instruments      int     `json:"instruments"`
	Cores            int     `json:"cores"`
	Runs             int     `json:"runs"`
	Seconds          float64 `json:"seconds"`
	CPUSeconds       float64 `json:"cpu_seconds"` // the process's CPU time (user + system) in the run of least CPU: seconds × cores on an idle machine
	NsPerAccount     float64 `json:"ns_per_account"`
	BytesPerPosition float64 `json:"bytes_per_position"`
	MaxRelDiff       float64 `json:"max_rel_diff"`
	TickAccounts     int     `json:"tick_accounts"`    // books the tick re-margined
	TickInstruments  int     `json:"tick_instruments"` // instruments the tick valued anew
	TickMs           float64 `json:"tick_ms"`          // Tick + RemarginTick, milliseconds
	VectorWidth      int     `json:"vector_width"`     // float64 lanes of the kernel (1: pure Go)
	// The figure the target is judged by: the numpy peer's measured
	// seconds at 64 scenarios scaled to this run's scenarios, and seconds'
	// speed-up over it (docs/SCALING.md).
	NumpyPeerSecondsEst float64 `json:"numpy_peer_seconds_est"`
	NumpyPeerSource     string  `json:"numpy_peer_source"`
	SpeedupVsNumpyEst   float64 `json:"speedup_vs_numpy_est"`
	// With --numpy-peer: the peer run on this run's shape in this
	// invocation (best of Runs), and seconds' speed-up over it.
	NumpyPeerSeconds *float64 `json:"numpy_peer_seconds,omitempty"`
	SpeedupVsNumpy   *float64 `json:"speedup_vs_numpy,omitempty"`
}

// numpyPeerScript is the numpy peer --numpy-peer runs: per account Σ
// quantity × the instrument's scenario vector and the worst loss, einsum
// over chunks of 10,000 accounts on two threads, as
// shared/reference/performance-limits.md measured it.
//
//go:embed numpy_peer.py
var numpyPeerScript string

// runNumpyPeer runs the peer on the shape of r (its accounts, positions,
// scenarios and instruments, runs times, the best kept) and returns its
// seconds.
func runNumpyPeer(python string, r *benchReport, seed uint64) (float64, error) {
	cmd := exec.Command(python, "-c", numpyPeerScript, strconv.Itoa(r.Accounts), strconv.Itoa(r.Positions),
		strconv.Itoa(r.Scenarios), strconv.Itoa(r.Instruments), strconv.Itoa(r.Runs), strconv.FormatUint(seed, 10))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, usagef("--numpy-peer: --python %s with numpy is needed (Debian: apt-get install python3-numpy, then --python /usr/bin/python3): %v: %s",
			python, err, lastLine(stderr.Bytes()))
	}
	var out struct {
		Seconds float64 `json:"seconds"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || !(out.Seconds > 0) || math.IsInf(out.Seconds, 0) {
		return 0, fmt.Errorf("%w: --numpy-peer: the peer printed %q, not {\"seconds\": s > 0}", errInternal, bytes.TrimSpace(stdout.Bytes()))
	}
	return out.Seconds, nil
}

// lastLine is the last non-empty line of b (a Python traceback's error).
func lastLine(b []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return lines[len(lines)-1]
}

// numpyPeerSeconds is the measured numpy einsum peer (1M accounts × 20
// positions × 64 scenarios, both cores, best of 5), and where it was
// measured; the peer's work is linear in scenarios.
const (
	numpyPeerSeconds   = 2.40
	numpyPeerScenarios = 64
	numpyPeerSource    = "shared/reference/performance-limits.md: numpy einsum, 1M accounts x 20 positions x 64 scenarios, 2.40 s on 2 cores; scaled by scenarios/64 and accounts/1M"
)

// numpyPeerEst is the peer's estimated seconds on accounts × scenarios (20
// positions: the shape it was measured on).
func numpyPeerEst(accounts, scenarios int) float64 {
	return numpyPeerSeconds * float64(scenarios) / numpyPeerScenarios * float64(accounts) / 1e6
}

// benchAsOf is the generated market's time; expiries count from it.
var benchAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

const benchMarket = `{
  "as_of": "2026-11-25T00:00:00Z",
  "assets": {
    "BTC":  {"price": "90000", "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1},
    "ETH":  {"price": "3000", "vol": 0.7, "depth_usd": "80000000", "spread_bps": 2},
    "USDC": {"price": "1", "depth_usd": "500000000", "spread_bps": 1}
  },
  "vol_surfaces": {"BTC": [
    {"expiry": "2026-12-25T08:00:00Z", "strikes": ["70000", "90000", "110000"], "vols": [0.62, 0.55, 0.53]},
    {"expiry": "2027-06-25T08:00:00Z", "strikes": ["70000", "90000", "110000"], "vols": [0.60, 0.56, 0.55]}]},
  "rates": {"USD": 0.04}
}`

// maxBenchPositions bounds the generated population (--accounts ×
// --positions), which is held in memory at once.
const maxBenchPositions = 100_000_000

func (c *benchRemarginCmd) Run(e *env) error {
	switch {
	case c.Accounts < 1 || c.Accounts > 50_000_000:
		return usagef("--accounts %d: want 1 to 50,000,000", c.Accounts)
	case c.Positions < 1 || c.Positions > 1000:
		return usagef("--positions %d: want 1 to 1,000", c.Positions)
	case c.Runs < 3 || c.Runs > 100:
		return usagef("--runs %d: want 3 to 100", c.Runs)
	case c.Sample < 0:
		return usagef("--sample %d: want ≥ 0", c.Sample)
	case c.Accounts*c.Positions > maxBenchPositions:
		return usagef("--accounts %d × --positions %d is %d positions: want at most %d (~6 GB at ~63 bytes a position)",
			c.Accounts, c.Positions, c.Accounts*c.Positions, maxBenchPositions)
	}
	m, err := market.Load([]byte(benchMarket), market.Options{})
	if err != nil {
		return fmt.Errorf("%w: bench market: %v", errInternal, err)
	}
	rp := margin.DefaultRiskParams()
	compiled, err := margin.Compile(m, rp)
	if err != nil {
		return fmt.Errorf("%w: compiling the bench market: %v", errInternal, err)
	}
	universe := benchUniverse()

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b := compiled.NewPopulationBuilder(c.Accounts)
	bar := benchBar(c.Accounts)
	for i := range c.Accounts {
		if err := b.Add(c.book(universe, i)); err != nil {
			return fmt.Errorf("%w: generated book %d: %v", errInternal, i, err)
		}
		if bar != nil && i%10_000 == 0 {
			_ = bar.Set(i)
		}
	}
	pop := b.Population()
	if bar != nil {
		_ = bar.Finish()
	}
	out := make([]margin.Unified, pop.Len())
	if err := pop.Remargin(compiled, out); err != nil { // warm: every instrument compiled
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)

	best := math.Inf(1)
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return fmt.Errorf("--cpu-profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("--cpu-profile: %w", err)
		}
	}
	bestCPU := math.Inf(1)
	for range c.Runs {
		start, cpu := time.Now(), processCPU()
		if err := pop.Remargin(compiled, out); err != nil {
			return fmt.Errorf("%w: %v", errInternal, err)
		}
		best = min(best, time.Since(start).Seconds())
		bestCPU = min(bestCPU, (processCPU() - cpu).Seconds())
	}
	pprof.StopCPUProfile()
	r := benchReport{Accounts: pop.Len(), Positions: c.Positions, Instruments: pop.Instruments(),
		Cores: runtime.GOMAXPROCS(0), Runs: c.Runs, Seconds: best, CPUSeconds: bestCPU,
		NsPerAccount:     best * 1e9 / float64(pop.Len()),
		BytesPerPosition: float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc)) / float64(pop.Positions()),
		VectorWidth:      margin.VectorWidth(),
	}
	start := time.Now()
	ticked, err := compiled.Tick(m.WithPriceScaled(c.TickAsset, 1.01))
	if err != nil {
		return fmt.Errorf("%w: tick: %v", errInternal, err)
	}
	if r.TickAccounts, err = pop.RemarginTick(ticked, out); err != nil {
		return fmt.Errorf("%w: tick: %v", errInternal, err)
	}
	r.TickMs = time.Since(start).Seconds() * 1e3
	r.TickInstruments = ticked.Valued()
	if r.Scenarios, err = benchScenarios(m, rp, c.book(universe, 0)); err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	r.NumpyPeerSecondsEst = numpyPeerEst(r.Accounts, r.Scenarios)
	r.NumpyPeerSource = numpyPeerSource
	r.SpeedupVsNumpyEst = r.NumpyPeerSecondsEst / r.Seconds
	rows := [][2]string{}
	if c.NumpyPeer {
		peer, err := runNumpyPeer(c.Python, &r, c.Seed)
		if err != nil {
			return err
		}
		speedup := peer / r.Seconds
		r.NumpyPeerSeconds, r.SpeedupVsNumpy = &peer, &speedup
		rows = append(rows, [2]string{"numpy peer, measured seconds (best of " + strconv.Itoa(r.Runs) + ")", fmt.Sprintf("%.3f", peer)},
			[2]string{"speed-up over the numpy peer (measured)", fmt.Sprintf("%.1f", speedup)})
	}
	if r.MaxRelDiff, err = c.maxRelDiff(universe, m.WithPriceScaled(c.TickAsset, 1.01), rp, out); err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", r, append([][2]string{
		{"accounts", strconv.Itoa(r.Accounts)}, {"positions", strconv.Itoa(r.Positions)},
		{"scenarios", strconv.Itoa(r.Scenarios)}, {"instruments", strconv.Itoa(r.Instruments)},
		{"cores", strconv.Itoa(r.Cores)}, {"seconds (best of " + strconv.Itoa(r.Runs) + ")", fmt.Sprintf("%.4f", r.Seconds)},
		{"CPU seconds (least of the runs)", fmt.Sprintf("%.4f", r.CPUSeconds)},
		{"ns per account", fmt.Sprintf("%.0f", r.NsPerAccount)},
		{"bytes per position", fmt.Sprintf("%.1f", r.BytesPerPosition)},
		{"max relative difference", fmt.Sprintf("%.3g", r.MaxRelDiff)},
		{"tick of " + c.TickAsset + ": accounts re-margined", strconv.Itoa(r.TickAccounts)},
		{"tick: instruments valued", strconv.Itoa(r.TickInstruments)},
		{"tick: milliseconds", fmt.Sprintf("%.1f", r.TickMs)},
		{"vector width (float64 lanes)", strconv.Itoa(r.VectorWidth)},
		{"numpy peer, estimated seconds", fmt.Sprintf("%.3f", r.NumpyPeerSecondsEst)},
		{"speed-up over the numpy peer (estimated)", fmt.Sprintf("%.1f", r.SpeedupVsNumpyEst)},
	}, rows...))
}

// maxRelDiff compares the re-margined initial requirement of a seeded
// sample of accounts with the direct revaluation (denominator
// max(|a|, |b|, 1 USD)).
func (c *benchRemarginCmd) maxRelDiff(universe []benchInstrument, m *market.Snapshot, rp *margin.RiskParams, out []margin.Unified) (float64, error) {
	rng := rand.New(rand.NewPCG(c.Seed, 0x5a5a))
	var worst float64
	for range min(c.Sample, len(out)) {
		i := rng.IntN(len(out))
		want, err := margin.DirectInitial(c.book(universe, i), m, rp)
		if err != nil {
			return 0, fmt.Errorf("%w: direct revaluation of book %d: %v", errInternal, i, err)
		}
		got := out[i].Initial
		worst = max(worst, math.Abs(got-want)/max(math.Abs(got), math.Abs(want), 1))
	}
	return worst, nil
}

// benchScenarios is the number of requirement scenarios of a generated
// book (every book holds both underlyings and USDC).
func benchScenarios(m *market.Snapshot, rp *margin.RiskParams, book *portfolio.Portfolio) (int, error) {
	list, err := margin.Scenarios(book, m, rp)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range list {
		if s.InRequirement {
			n++
		}
	}
	return n, nil
}

// benchInstrument is one listed instrument of the universe.
type benchInstrument struct {
	kind       portfolio.Kind
	underlying string
	right      pricing.Right
	strike     float64
	expiry     time.Time
}

// benchUniverse lists about 5,000 instruments: on BTC and ETH, a perp,
// futures at 8 expiries, and calls and puts at 8 expiries × 156 strikes
// from half to one and a half times spot.
func benchUniverse() []benchInstrument {
	var out []benchInstrument
	days := []int{7, 14, 30, 60, 90, 180, 270, 365}
	for _, u := range []struct {
		sym  string
		spot float64
	}{{"BTC", 90000}, {"ETH", 3000}} {
		out = append(out, benchInstrument{kind: portfolio.KindPerp, underlying: u.sym})
		for _, d := range days {
			expiry := benchAsOf.Add(time.Duration(d) * 24 * time.Hour)
			out = append(out, benchInstrument{kind: portfolio.KindFuture, underlying: u.sym, expiry: expiry})
			for k := range 156 {
				strike := math.Round(u.spot * (0.5 + float64(k)/155))
				for _, right := range []pricing.Right{pricing.Call, pricing.Put} {
					out = append(out, benchInstrument{kind: portfolio.KindOption, underlying: u.sym,
						right: right, strike: strike, expiry: expiry})
				}
			}
		}
	}
	return out
}

// book generates account i of the population: positions drawn uniformly
// from the universe with quantities of ±0.1 to ±5, both underlyings held,
// and 50,000 to 500,000 USDC of collateral. The same seed and index give
// the same book.
func (c *benchRemarginCmd) book(universe []benchInstrument, i int) *portfolio.Portfolio {
	rng := rand.New(rand.NewPCG(c.Seed, uint64(i)))
	v := portfolio.Venue{ID: "desk", Model: "deribit-pm", Chain: "offchain", Settlement: "USDC"}
	usdc := math.Round(50_000 + rng.Float64()*450_000)
	v.Collateral = []portfolio.Collateral{{Asset: "USDC", Amount: money.MustDecimal(strconv.FormatFloat(usdc, 'f', 0, 64)), AmountF: usdc}}
	for k := range c.Positions {
		in := universe[rng.IntN(len(universe))]
		if k < 2 { // one instrument on each underlying: every book has the same scenarios
			in = universe[k*len(universe)/2]
		}
		q := math.Round((0.1+rng.Float64()*4.9)*100) / 100
		if rng.IntN(2) == 0 {
			q = -q
		}
		v.Positions = append(v.Positions, portfolio.Position{Kind: in.kind, Underlying: in.underlying,
			QuantityF: q, Right: in.right, StrikeF: in.strike, Expiry: in.expiry})
	}
	return &portfolio.Portfolio{Account: "bench-" + strconv.Itoa(i), Venues: []portfolio.Venue{v}}
}

// benchBar is a progress bar over the population build when stderr is a
// terminal and the population is large; nil otherwise.
func benchBar(accounts int) *progressbar.ProgressBar {
	if accounts < 100_000 || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return progressbar.NewOptions(accounts, progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("building the population"), progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish())
}
