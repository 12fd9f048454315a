package sim

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

func runner(t *testing.T, opts Options) *Runner {
	t.Helper()
	r, err := NewRunner(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// envInt reads a test knob from the environment.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

// Goal: the collateral layer and the service keep every invariant through
// hostile accounts, faults and restarts (VOPR). Method: a range of seeds,
// each a generated run audited after every step (auditor.go). A failure
// prints the seed and the shortest trace found; UNIMARGIN_SIM_SEED=S runs
// seed S alone and logs its whole trace. UNIMARGIN_SIM_SEEDS sets how many
// seeds, 64 by default (.ci/run runs thousands more with `unimargin
// simulate --seeds`). The run must also cover the issue's probes, every
// fault kind and every money move, so that a generator that stopped
// reaching them fails.
func TestSeeds(t *testing.T) {
	ctx := context.Background()
	r := runner(t, Options{})
	if s := os.Getenv("UNIMARGIN_SIM_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		w, acts := Generate(seed, r.opts.Steps)
		ex, err := r.execute(ctx, w, acts)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s\n  %s", w, strings.Join(ex.trace, "\n  "))
		if ex.found != nil {
			t.Fatalf("%s: %s", ex.found.invariant, ex.found.message)
		}
		return
	}
	n := envInt(t, "UNIMARGIN_SIM_SEEDS", 64)
	if testing.Short() {
		n = 24
	}
	// One seed at a time: go test runs packages side by side, and some
	// (cmd/unimargin's load test) measure latency; .ci/run runs thousands
	// more seeds on every CPU once the tests are done.
	sum, err := r.RunSeeds(ctx, 1, uint64(n), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d seeds, %d steps; faults %v; accepted %v; known gaps %v", n, sum.Steps, sum.Faults, sum.Accepted, sum.Gaps)
	for _, v := range sum.Violations {
		t.Errorf("%v\n%s\n  %s", v, v.World, strings.Join(v.Trace, "\n  "))
	}
	if testing.Short() {
		return
	}
	for _, p := range []string{"release-own-lien", "book-without-venue", "unpriced-dust", "unpriced-book", "huge-self-deposit",
		"nan-amount", "ambiguous-body", "nan-query", "market-drops-held", "market-nan", "act-on-victim",
		"forged-token", "key-reuse", "venue-impersonation", "squeeze"} {
		if sum.Probes[p] == 0 {
			t.Errorf("probe %s never played", p)
		}
	}
	for _, f := range []string{"crash", "io-error", "torn-write", "commit-failure", "lost-reply", "disk-full",
		"worker-death", "restart"} {
		if sum.Faults[f] == 0 {
			t.Errorf("fault %s never struck", f)
		}
	}
	for _, k := range []Kind{KDeposit, KWithdraw, KRedeem, KGrant, KRelease, KReleaseVenue, KDraw, KSettle, KAccrue} {
		if sum.Accepted[string(k)] == 0 {
			t.Errorf("no %s was ever accepted", k)
		}
	}
}

// A seed generates the same run every time, and runs it the same way: the
// trace (every step and its outcome) is the same twice.
func TestReplayIsExact(t *testing.T) {
	ctx := context.Background()
	w1, a1 := Generate(7, 40)
	w2, a2 := Generate(7, 40)
	if !reflect.DeepEqual(w1, w2) || !reflect.DeepEqual(a1, a2) {
		t.Fatal("a seed generated two different runs")
	}
	if _, a3 := Generate(8, 40); reflect.DeepEqual(a1, a3) {
		t.Fatal("two seeds generated the same run")
	}
	r := runner(t, Options{Steps: 40})
	x, err := r.execute(ctx, w1, a1)
	if err != nil {
		t.Fatal(err)
	}
	y, err := r.execute(ctx, w2, a2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(x.trace, y.trace) {
		for i := range x.trace {
			if i < len(y.trace) && x.trace[i] != y.trace[i] {
				t.Fatalf("step %d differs:\n  %s\n  %s", i, x.trace[i], y.trace[i])
			}
		}
		t.Fatalf("traces differ in length: %d, %d", len(x.trace), len(y.trace))
	}
}

// sabotage is a deliberate bug planted in the store after a step, which
// the auditor must catch as the named invariant.
type sabotage struct {
	name, invariant string
	bug             func(ctx context.Context, n *node, a *Action) error
}

// held is an account's posted share balance of asset, or zero.
func held(ctx context.Context, n *node, acct, asset string) (money.Amount, error) {
	var bal money.Amount
	err := n.db.View(ctx, func(tx vault.Tx) error {
		a, ok, err := tx.Account("shares:" + acct + ":uct" + asset)
		if ok {
			bal = a.CreditBalance()
		}
		return err
	})
	return bal, err
}

var sabotages = []sabotage{
	{"a hostile read moves a victim's shares to the attacker", "explained-move",
		func(ctx context.Context, n *node, a *Action) error {
			if a.Kind != KRead || a.Actor.Kind != Account || !isHostile(a.Actor.ID) {
				return nil
			}
			bal, err := held(ctx, n, "alice", "WETH")
			if err != nil || bal.IsZero() {
				return err
			}
			return n.db.Update(ctx, func(tx vault.Tx) error {
				to := "shares:" + a.Actor.ID + ":uctWETH"
				if _, err := ledger.Open(tx, to, "uctWETH", ledger.DebitsMustNotExceedCredits); err != nil {
					return err
				}
				_, _, err := ledger.Post(tx, ledger.Transfer{ID: fmt.Sprintf("steal-%d", a.Step), Debit: "shares:alice:uctWETH",
					Credit: to, Asset: "uctWETH", Amount: money.AmountFromUint64(1)})
				return err
			})
		}},
	{"a deposit credits the world once more than it debits the vault", "debits-equal-credits",
		func(ctx context.Context, n *node, a *Action) error {
			if a.Kind != KDeposit || a.Asset != "USDC" {
				return nil
			}
			return n.db.Update(ctx, func(tx vault.Tx) error {
				acct, ok, err := tx.Account("external:USDC")
				if err != nil || !ok {
					return err
				}
				acct.CreditsPosted, err = acct.CreditsPosted.Add(money.AmountFromUint64(1))
				if err != nil {
					return err
				}
				return tx.PutAccount(acct)
			})
		}},
	{"storing a book releases the account's liens (the issue's hole)", "explained-move",
		func(ctx context.Context, n *node, a *Action) error {
			if a.Kind != KPortfolio {
				return nil
			}
			return n.db.Update(ctx, func(tx vault.Tx) error {
				for _, v := range venues {
					l, ok, err := tx.Account("lien:" + a.Account + ":" + v)
					if err != nil {
						return err
					}
					if ok && !l.CreditBalance().IsZero() {
						_, err := vault.ReleaseLien(tx, fmt.Sprintf("book-%d", a.Step), vault.VenueReleaser(v, ""),
							a.Account, v, l.CreditBalance().Units(vault.LienDecimals))
						return err
					}
				}
				return nil
			})
		}},
	{"a retried deposit is applied again under a fresh id", "applied-once",
		func(ctx context.Context, n *node, a *Action) error {
			if a.Kind != KDeposit || a.Retry == 0 || a.faultName() != "" {
				return nil
			}
			return n.db.Update(ctx, func(tx vault.Tx) error {
				// Refused (an unknown asset, a cap): nothing is planted.
				_, _ = vault.Deposit(tx, fmt.Sprintf("again-%d", a.Step), a.Account, a.Asset, a.Amount)
				return nil
			})
		}},
	{"an accrual's vault forgets one base unit of its assets", "vault-totals",
		func(ctx context.Context, n *node, a *Action) error {
			if a.Kind != KAccrue {
				return nil
			}
			return n.db.Update(ctx, func(tx vault.Tx) error {
				v, ok, err := tx.Vault(a.Asset)
				if err != nil || !ok || v.TotalAssets.IsZero() {
					return err
				}
				v.TotalAssets, err = v.TotalAssets.Sub(money.AmountFromUint64(1))
				if err != nil {
					return err
				}
				return tx.PutVault(v)
			})
		}},
}

// Goal: the auditor catches bugs (a check that cannot fail is a defect),
// and a failure replays and shrinks. Method: plant each sabotage, run
// seeds until one breaks; the invariant must be the expected one, the
// shrunk trace at most a few steps, and replaying the shrunk trace's steps
// must break it again.
func TestAuditorCatchesSabotage(t *testing.T) {
	ctx := context.Background()
	for _, sb := range sabotages {
		t.Run(sb.name, func(t *testing.T) {
			r := runner(t, Options{ShrinkRuns: 150, bug: sb.bug})
			var v *Violation
			for seed := uint64(1); seed <= 40 && v == nil; seed++ {
				res, err := r.Run(ctx, seed)
				if err != nil {
					t.Fatal(err)
				}
				v = res.Violation
			}
			if v == nil {
				t.Fatal("40 seeds ran with the bug planted and no invariant broke")
			}
			if v.Invariant != sb.invariant {
				t.Fatalf("caught as %s (%s), want %s\n  %s", v.Invariant, v.Message, sb.invariant, strings.Join(v.Trace, "\n  "))
			}
			if len(v.Trace) > 8 || len(v.Trace) >= v.StepsBefore && v.StepsBefore > 8 {
				t.Fatalf("shrunk to %d steps of %d:\n  %s", len(v.Trace), v.StepsBefore, strings.Join(v.Trace, "\n  "))
			}
			steps := make([]int, len(v.Trace))
			for i, line := range v.Trace {
				n, err := strconv.Atoi(strings.TrimPrefix(strings.Fields(line)[0], "#"))
				if err != nil {
					t.Fatal(err)
				}
				steps[i] = n
			}
			sort.Ints(steps)
			again, err := r.Replay(ctx, v.Seed, steps)
			if err != nil {
				t.Fatal(err)
			}
			if again == nil || again.Invariant != v.Invariant {
				t.Fatalf("replaying steps %v of seed %d: %v, want %s", steps, v.Seed, again, v.Invariant)
			}
			t.Logf("seed %d, %d steps shrunk to %d:\n  %s", v.Seed, v.StepsBefore, len(v.Trace), strings.Join(v.Trace, "\n  "))
		})
	}
}
