package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// simulate --json is the same bytes for the same seeds (no timings), lists
// what ran, and reports no violation on a healthy tree.
func TestSimulateJSON(t *testing.T) {
	args := []string{"simulate", "--seeds", "3", "--from", "11", "--steps", "30", "--json"}
	out := mustSucceed(t, args...)
	if again := mustSucceed(t, args...); again != out {
		t.Fatal("two runs of the same seeds printed different JSON")
	}
	var rep SimReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Seeds != 3 || rep.From != 11 || rep.Steps != 90 || rep.ChecksTotal == 0 || len(rep.Violations) != 0 {
		t.Fatalf("report %+v", rep)
	}
	for _, k := range []string{"authority", "applied-once", "debits-equal-credits", "vault-backs-claims", "liens-mirror"} {
		if rep.Checks[k] == 0 {
			t.Errorf("invariant %s never checked", k)
		}
	}
	if _, ok := rep.KnownGaps["ambiguous-body"]; !ok {
		t.Errorf("known gaps %v", rep.KnownGaps)
	}
	for _, word := range []string{"second", "elapsed", "/tmp"} {
		if strings.Contains(out, word) {
			t.Errorf("--json carries a run-dependent %q", word)
		}
	}
}

// A violation prints the report with the seed and its shortest trace, and
// exits 1 with one line on stderr. --strict makes a known gap one: seed 3
// sends an infinite query parameter whose 422 cannot be encoded. When that
// gap's fix lands, remove "numeric-query" from sim.knownGaps and have this
// test use the other gap, or none left, a planted one.
func TestSimulateViolationExits1(t *testing.T) {
	r := runCLI(t, "", "simulate", "--seeds", "1", "--from", "3", "--steps", "14", "--strict")
	if r.code != 1 {
		t.Fatalf("want exit 1 (the numeric-query known gap; fixed? see the comment), got %v", r)
	}
	for _, want := range []string{"violations: 1", "seed 3 step #14: numeric-query", "shortest trace (1 of 14 steps)",
		"GET /v1/accounts/mallory/liquidation?insurance_fund=-Inf", "replay: unimargin simulate --from 3 --seeds 1 --steps 14"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if line, rest, _ := strings.Cut(r.stderr, "\n"); !strings.Contains(line, "simulate: 1 violation(s); first: seed 3 step #14, numeric-query") || rest != "" {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestSimulateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"simulate", "--seeds", "0"},
		{"simulate", "--steps", "0"},
		{"simulate", "--parallel", "-1"},
		{"simulate", "--seeds", "x"},
	} {
		mustFail(t, 1, args...)
	}
}
