// Runs: one seed (generate, execute, audit after every step), a range of
// seeds on several goroutines, and the shrinking of a failing run to the
// shortest trace that still breaks the same invariant.
package sim

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
)

// Options configure a Runner.
type Options struct {
	Steps int // steps per seed (prologue included); 0: DefaultSteps
	// Strict counts the known gaps (knownGaps) as violations.
	Strict bool
	// ShrinkRuns bounds the replays spent shrinking a failing run (0:
	// DefaultShrinkRuns; < 0: no shrinking).
	ShrinkRuns int

	// bug, set by tests only, runs after each step inside the run's store:
	// a deliberate fault in the code under test, which the auditor must
	// catch.
	bug func(ctx context.Context, n *node, a *Action) error
}

// Defaults.
const (
	DefaultSteps      = 60
	DefaultShrinkRuns = 400
)

// Violation is a broken invariant: where, what, and the shortest trace
// found that breaks it (one line per step with its outcome).
type Violation struct {
	Seed      uint64   `json:"seed"`
	Step      int      `json:"step"`
	Invariant string   `json:"invariant"`
	Message   string   `json:"message"`
	World     string   `json:"world"`
	Trace     []string `json:"trace"`
	// StepsBefore is the length of the run up to the violation, before
	// shrinking.
	StepsBefore int `json:"steps_before_shrinking"`
}

func (v *Violation) Error() string {
	return fmt.Sprintf("seed %d step #%d: %s: %s", v.Seed, v.Step, v.Invariant, v.Message)
}

// Result is one seed's run.
type Result struct {
	Seed      uint64
	Steps     int            // steps executed
	Faults    map[string]int // faults that struck, by kind
	Checks    map[string]int // invariants checked, by name
	Gaps      map[string]int // known gaps observed, by invariant
	Probes    map[string]int // hostile probes and scenarios played
	Accepted  map[string]int // money moves accepted (not replays), by kind
	Violation *Violation
}

// Runner runs seeds. It holds a template store (made once) in a temporary
// directory; Close removes it.
type Runner struct {
	dir  string
	tmpl *template
	opts Options
}

// NewRunner makes the template store.
func NewRunner(ctx context.Context, opts Options) (*Runner, error) {
	if opts.Steps <= 0 {
		opts.Steps = DefaultSteps
	}
	if opts.ShrinkRuns == 0 {
		opts.ShrinkRuns = DefaultShrinkRuns
	}
	dir, err := os.MkdirTemp("", "unimargin-sim-")
	if err != nil {
		return nil, err
	}
	t, err := newTemplate(ctx, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("simulator template store: %w", err)
	}
	return &Runner{dir: dir, tmpl: t, opts: opts}, nil
}

// Close removes the runner's directory.
func (r *Runner) Close() error { return os.RemoveAll(r.dir) }

// execution is what running a list of steps gave.
type execution struct {
	trace   []string
	found   *finding
	failAt  int // index of the step that broke an invariant
	res     Result
	actions []*Action
}

// execute runs acts from a fresh store and audits each step; it stops at
// the first broken invariant. An error is the harness failing (the store
// cannot be opened or read), not a finding.
func (r *Runner) execute(ctx context.Context, w World, acts []*Action) (*execution, error) {
	dir, err := os.MkdirTemp(r.dir, "run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	n, err := newNode(ctx, r.tmpl, dir, w)
	if err != nil {
		return nil, err
	}
	defer n.close()
	au := newAuditor(w, r.opts.Strict)
	if au.before, err = read(ctx, n.db, false); err != nil {
		return nil, err
	}
	ex := &execution{res: Result{Seed: w.Seed, Faults: map[string]int{}, Gaps: au.gaps, Checks: au.checks,
		Probes: map[string]int{}, Accepted: map[string]int{}}, failAt: -1, actions: acts}
	for i, a := range acts {
		if err := au.pre(ctx, n.db, a); err != nil {
			return nil, err
		}
		out := n.exec(ctx, a)
		if r.opts.bug != nil {
			if err := r.opts.bug(ctx, n, a); err != nil {
				return nil, err
			}
		}
		// A crash restarts the process when it struck (the process died
		// there); a plain restart always does.
		if a.Restart && (a.Fault == 0 || out.Fired) {
			if err := n.restart(ctx); err != nil {
				return nil, fmt.Errorf("restart after step #%d: %w", a.Step, err)
			}
		}
		ex.count(a, out)
		ex.trace = append(ex.trace, a.String()+" → "+out.String())
		f, err := au.audit(ctx, n.db, a, out, i == len(acts)-1)
		if err != nil {
			return nil, fmt.Errorf("auditing step #%d: %w", a.Step, err)
		}
		ex.res.Steps++
		if f != nil {
			ex.found, ex.failAt = f, i
			break
		}
	}
	return ex, nil
}

// count records the step's fault (when it struck) and probe.
func (ex *execution) count(a *Action, out Outcome) {
	if name := a.faultName(); name != "" && (out.Fired || name == "restart") {
		ex.res.Faults[name]++
	}
	if a.Probe != "" {
		ex.res.Probes[a.Probe]++
	}
	if out.Status < 300 && !out.Replayed && a.Kind.moves() {
		ex.res.Accepted[string(a.Kind)]++
	}
}

// Run generates and runs one seed; on a violation it shrinks the trace.
func (r *Runner) Run(ctx context.Context, seed uint64) (Result, error) {
	w, acts := Generate(seed, r.opts.Steps)
	ex, err := r.execute(ctx, w, acts)
	if err != nil {
		return Result{}, fmt.Errorf("seed %d: %w", seed, err)
	}
	res := ex.res
	if ex.found == nil {
		return res, nil
	}
	v := &Violation{Seed: seed, Step: acts[ex.failAt].Step, Invariant: ex.found.invariant, Message: ex.found.message,
		World: w.String(), StepsBefore: ex.failAt + 1}
	short := ex
	if r.opts.ShrinkRuns > 0 {
		if short, err = r.shrink(ctx, w, acts[:ex.failAt+1], ex.found.invariant); err != nil {
			return Result{}, fmt.Errorf("seed %d: shrinking: %w", seed, err)
		}
	}
	v.Trace = short.trace
	v.Step, v.Message = short.actions[short.failAt].Step, short.found.message
	res.Violation = v
	return res, nil
}

// Replay runs the given steps of a seed's run (by step number, in order)
// and returns the execution's violation, or nil: a shrunk trace reproduces.
func (r *Runner) Replay(ctx context.Context, seed uint64, steps []int) (*Violation, error) {
	w, acts := Generate(seed, r.opts.Steps)
	keep := map[int]bool{}
	for _, s := range steps {
		keep[s] = true
	}
	var sel []*Action
	for _, a := range acts {
		if keep[a.Step] {
			sel = append(sel, a)
		}
	}
	ex, err := r.execute(ctx, w, sel)
	if err != nil || ex.found == nil {
		return nil, err
	}
	return &Violation{Seed: seed, Step: sel[ex.failAt].Step, Invariant: ex.found.invariant, Message: ex.found.message,
		World: w.String(), Trace: ex.trace, StepsBefore: ex.failAt + 1}, nil
}

// shrink drops steps (halves, then quarters, … then single steps; the
// failing step is always kept) while the run still breaks the same
// invariant, within the replay budget, and returns the shortest execution.
func (r *Runner) shrink(ctx context.Context, w World, acts []*Action, invariant string) (*execution, error) {
	best, err := r.execute(ctx, w, acts)
	if err != nil {
		return nil, err
	}
	if best.found == nil || best.found.invariant != invariant {
		return nil, fmt.Errorf("the failing run does not replay: %v", best.found)
	}
	runs := 1
	for chunk := len(acts) / 2; chunk >= 1; chunk /= 2 {
		for i := 0; i+1 < len(best.actions) && runs < r.opts.ShrinkRuns; {
			cur := best.actions
			end := min(i+chunk, len(cur)-1) // never drop the failing (last) step
			cand := append(append([]*Action{}, cur[:i]...), cur[end:]...)
			ex, err := r.execute(ctx, w, cand)
			runs++
			if err != nil {
				return nil, err
			}
			if ex.found != nil && ex.found.invariant == invariant {
				ex.actions = cand[:ex.failAt+1]
				best = ex
				continue
			}
			i += chunk
		}
	}
	return best, nil
}

// Summary is a range of seeds.
type Summary struct {
	From, Seeds uint64
	Steps       int
	Faults      map[string]int
	Checks      map[string]int
	Gaps        map[string]int
	Probes      map[string]int
	Accepted    map[string]int
	Violations  []*Violation
}

// RunSeeds runs seeds from, from+1, … (n of them) on parallel goroutines
// and calls each (never concurrently) with every result as it comes.
func (r *Runner) RunSeeds(ctx context.Context, from, n uint64, parallel int, each func(Result)) (*Summary, error) {
	sum := &Summary{From: from, Seeds: n, Faults: map[string]int{}, Checks: map[string]int{}, Gaps: map[string]int{},
		Probes: map[string]int{}, Accepted: map[string]int{}}
	seeds := make(chan uint64)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range max(parallel, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range seeds {
				res, err := r.Run(ctx, s)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				if err == nil {
					sum.add(res)
					if each != nil {
						each(res)
					}
				}
				mu.Unlock()
			}
		}()
	}
	for s := from; s < from+n && ctx.Err() == nil; s++ {
		seeds <- s
	}
	close(seeds)
	wg.Wait()
	sort.Slice(sum.Violations, func(i, j int) bool { return sum.Violations[i].Seed < sum.Violations[j].Seed })
	if first == nil {
		first = ctx.Err()
	}
	return sum, first
}

func (s *Summary) add(r Result) {
	s.Steps += r.Steps
	for _, m := range []struct{ into, from map[string]int }{{s.Faults, r.Faults}, {s.Checks, r.Checks},
		{s.Gaps, r.Gaps}, {s.Probes, r.Probes}, {s.Accepted, r.Accepted}} {
		for k, v := range m.from {
			m.into[k] += v
		}
	}
	if r.Violation != nil {
		s.Violations = append(s.Violations, r.Violation)
	}
}
