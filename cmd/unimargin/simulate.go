// simulate: the deterministic simulator (internal/sim) over a range of
// seeds, with a progress bar on long runs. The report lists what ran, the
// faults that struck by kind, the invariants checked, the probes played
// and, for each violation, the seed and the shortest trace found; any
// violation exits 1. --json carries no timings (steps per second are in
// the text report only).
package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/unimargin/unimargin/internal/sim"
)

type simulateCmd struct {
	Seeds    uint64 `help:"How many seeds to run." default:"100"`
	From     uint64 `help:"The first seed." default:"1"`
	Steps    int    `help:"Steps per seed, the prologue (caps, market, first deposits) included." default:"60"`
	Parallel int    `help:"Seeds run at once (0: one per CPU)." default:"0"`
	Strict   bool   `help:"Count the known gaps (fixes not merged yet) as violations."`
	JSON     bool   `help:"Print the report as JSON."`
	formatFlag
}

// SimReport is the report of a range of seeds.
type SimReport struct {
	From         uint64           `json:"from"`
	Seeds        uint64           `json:"seeds"`
	StepsPerSeed int              `json:"steps_per_seed"`
	Steps        int              `json:"steps"`
	Faults       map[string]int   `json:"faults"`
	Checks       map[string]int   `json:"checks"`
	ChecksTotal  int              `json:"checks_total"`
	Probes       map[string]int   `json:"probes"`
	Accepted     map[string]int   `json:"accepted"`
	KnownGaps    map[string]Gap   `json:"known_gaps"`
	Violations   []*sim.Violation `json:"violations"`
}

// Gap is a known gap: how often a run saw it and the issue item that
// fixes it.
type Gap struct {
	Observed int    `json:"observed"`
	Issue    string `json:"issue"`
}

func (c *simulateCmd) Run(e *env) error {
	if c.Seeds < 1 || c.Seeds > 10_000_000 {
		return usagef("--seeds: must be in [1, 10000000], got %d", c.Seeds)
	}
	if c.From > 1<<62 {
		return usagef("--from: must be at most 2^62, got %d", c.From)
	}
	if c.Steps < 1 || c.Steps > 100_000 {
		return usagef("--steps: must be in [1, 100000], got %d", c.Steps)
	}
	if c.Parallel < 0 || c.Parallel > 1024 {
		return usagef("--parallel: must be in [0, 1024], got %d", c.Parallel)
	}
	parallel := c.Parallel
	if parallel == 0 {
		parallel = runtime.GOMAXPROCS(0)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	r, err := sim.NewRunner(ctx, sim.Options{Steps: c.Steps, Strict: c.Strict})
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	defer r.Close()
	var bar interface{ Add(int) error }
	if c.Seeds >= 20 {
		if b := progressBar("simulate", int(c.Seeds)); b != nil {
			bar = b
			defer func() { _ = b.Finish(); fmt.Fprintln(os.Stderr) }()
		}
	}
	restore := quietStderr()
	start := time.Now()
	sum, err := r.RunSeeds(ctx, c.From, c.Seeds, parallel, func(sim.Result) {
		if bar != nil {
			_ = bar.Add(1)
		}
	})
	elapsed := time.Since(start)
	restore()
	if ctx.Err() != nil {
		return usagef("interrupted")
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	rep := c.report(sum)
	var done bool
	if done, err = c.machine(e, c.JSON, "simulate", rep); !done {
		writeSimText(e.out, rep, elapsed)
	}
	if err != nil {
		return err
	}
	if n := len(rep.Violations); n > 0 {
		v := rep.Violations[0]
		return &reportedError{usagef("simulate: %d violation(s); first: seed %d step #%d, %s", n, v.Seed, v.Step, v.Invariant)}
	}
	return nil
}

func (c *simulateCmd) report(sum *sim.Summary) *SimReport {
	rep := &SimReport{From: c.From, Seeds: c.Seeds, StepsPerSeed: c.Steps, Steps: sum.Steps, Faults: sum.Faults,
		Checks: sum.Checks, Probes: sum.Probes, Accepted: sum.Accepted, KnownGaps: map[string]Gap{},
		Violations: sum.Violations}
	for _, n := range sum.Checks {
		rep.ChecksTotal += n
	}
	for name, issue := range sim.KnownGaps() {
		rep.KnownGaps[name] = Gap{Observed: sum.Gaps[name], Issue: issue}
	}
	if rep.Violations == nil {
		rep.Violations = []*sim.Violation{}
	}
	return rep
}

// quietStderr silences os.Stderr until the returned func is called: huma
// writes a response it cannot encode (the numeric-query known gap, an
// infinite value echoed in a 422) straight to os.Stderr, once per probe;
// the report counts those instead. The progress bar keeps the real stderr.
func quietStderr() func() {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	saved := os.Stderr
	os.Stderr = devnull
	return func() {
		os.Stderr = saved
		devnull.Close()
	}
}

// counts renders a count map as "a 3, b 1", by name.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func writeSimText(w io.Writer, r *SimReport, elapsed time.Duration) {
	fmt.Fprintf(w, "seeds %d to %d (%d seeds of %d steps): %d steps in %.1f s, %.0f steps/s\n",
		r.From, r.From+r.Seeds-1, r.Seeds, r.StepsPerSeed, r.Steps, elapsed.Seconds(), float64(r.Steps)/elapsed.Seconds())
	fmt.Fprintf(w, "faults struck: %s\n", counts(r.Faults))
	fmt.Fprintf(w, "invariants checked: %d (%s)\n", r.ChecksTotal, counts(r.Checks))
	fmt.Fprintf(w, "probes played: %s\n", counts(r.Probes))
	fmt.Fprintf(w, "moves accepted: %s\n", counts(r.Accepted))
	for _, name := range slices.Sorted(maps.Keys(r.KnownGaps)) {
		g := r.KnownGaps[name]
		fmt.Fprintf(w, "known gap %s: observed %d (%s; --strict counts it)\n", name, g.Observed, g.Issue)
	}
	fmt.Fprintf(w, "violations: %d\n", len(r.Violations))
	for _, v := range r.Violations {
		fmt.Fprintf(w, "\nseed %d step #%d: %s: %s\n%s\nshortest trace (%d of %d steps):\n", v.Seed, v.Step, v.Invariant,
			v.Message, v.World, len(v.Trace), v.StepsBefore)
		for _, line := range v.Trace {
			fmt.Fprintf(w, "  %s\n", line)
		}
		fmt.Fprintf(w, "replay: unimargin simulate --from %d --seeds 1 --steps %d\n", v.Seed, r.StepsPerSeed)
	}
}
