package main

import (
	"encoding/json"
	"math"
	"os/exec"
	"strings"
	"testing"
)

// TestBenchRemarginContract: the --json keys DESIGN.md names, no other key
// containing "second", "byte" or "diff", the figures held to the direct
// revaluation (max_rel_diff ≤ 1e-9), the numpy peer the target is judged
// by (2.40 s × scenarios/64 × accounts/1M) and the speed-up over it, and
// refusals that name the flag.
func TestBenchRemarginContract(t *testing.T) {
	r := runCLI(t, "", "bench", "remargin", "--accounts", "20000", "--positions", "20", "--seed", "7", "--sample", "50", "--json")
	if r.code != 0 {
		t.Fatal(r)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	got := map[string]float64{}
	for k, v := range doc {
		if x, ok := v.(float64); ok {
			got[k] = x
		}
	}
	if src, _ := doc["numpy_peer_source"].(string); !strings.Contains(src, "performance-limits.md") {
		t.Errorf("numpy_peer_source %q names no source", src)
	}
	est := 2.40 * got["scenarios"] / 64 * got["accounts"] / 1e6
	if math.Abs(got["numpy_peer_seconds_est"]-est) > 1e-12*est || math.Abs(got["speedup_vs_numpy_est"]-est/got["seconds"]) > 1e-9*est/got["seconds"] {
		t.Errorf("numpy peer: want %g s and speed-up %g: %s", est, est/got["seconds"], r.stdout)
	}
	for _, k := range []string{"accounts", "positions", "scenarios", "seconds", "ns_per_account", "bytes_per_position", "max_rel_diff"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing: %s", k, r.stdout)
		}
	}
	named := map[string]bool{"seconds": true, "ns_per_account": true, "bytes_per_position": true, "max_rel_diff": true,
		"numpy_peer_seconds_est": true, "cpu_seconds": true}
	for k := range got {
		if !named[k] && (strings.Contains(k, "second") || strings.Contains(k, "byte") || strings.Contains(k, "diff")) {
			t.Errorf("key %q contains a reserved word", k)
		}
	}
	if got["accounts"] != 20000 || got["positions"] != 20 || got["scenarios"] < 64 || got["seconds"] <= 0 {
		t.Errorf("figures: %s", r.stdout)
	}
	if d := got["max_rel_diff"]; d > 1e-9 || d < 0 {
		t.Errorf("max_rel_diff %g above 1e-9", d)
	}
	if b := got["bytes_per_position"]; b <= 0 || b > 200 {
		t.Errorf("bytes_per_position %g outside (0, 200]", b)
	}
	// the BTC tick: every generated book holds BTC; only BTC's instruments
	// (about half the universe) are valued anew
	if got["tick_accounts"] != 20000 || got["tick_instruments"] <= 0 || got["tick_instruments"] >= got["instruments"] || got["tick_ms"] <= 0 {
		t.Errorf("tick figures: %s", r.stdout)
	}
	if w := got["vector_width"]; w != 1 && w != 4 && w != 8 {
		t.Errorf("vector_width %g", w)
	}
	refused(t, "--accounts", "bench", "remargin", "--accounts", "0")
	refused(t, "--runs", "bench", "remargin", "--runs", "2")
	refused(t, "--tick-asset", "bench", "remargin", "--tick-asset", "DOGE")
}

// Each flag within its range is not enough: --accounts 50,000,000 with
// --positions 1,000 is 5e10 positions (~3 TB at the ~63 bytes a position
// measured), which the run began to generate until the machine ran out of
// memory. The product is refused naming both flags, before any work.
func TestBenchRemarginRefusesAPopulationPastMemory(t *testing.T) {
	line := mustFail(t, 1, "bench", "remargin", "--accounts", "50000000", "--positions", "1000")
	if !strings.Contains(line, "--accounts") || !strings.Contains(line, "--positions") {
		t.Fatalf("refusal: %s", line)
	}
}

// TestBenchNumpyPeer: --numpy-peer runs the embedded numpy peer on the
// run's own shape in the same invocation and reports its seconds and the
// speed-up over it (= numpy_peer_seconds / seconds); a Python without numpy
// is a refusal naming the flag and what to install. Skipped where no
// Python with numpy is found (CI installs none).
func TestBenchNumpyPeer(t *testing.T) {
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import numpy").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("no python3 with numpy here")
	}
	r := runCLI(t, "", "bench", "remargin", "--accounts", "20000", "--sample", "10", "--numpy-peer", "--python", python, "--json")
	if r.code != 0 {
		t.Fatal(r)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	peer, _ := got["numpy_peer_seconds"].(float64)
	speedup, _ := got["speedup_vs_numpy"].(float64)
	seconds, _ := got["seconds"].(float64)
	if !(peer > 0) || math.Abs(speedup-peer/seconds) > 1e-9*speedup {
		t.Fatalf("numpy_peer_seconds %v, speedup_vs_numpy %v, seconds %v", peer, speedup, seconds)
	}
	r = runCLI(t, "", "bench", "remargin", "--accounts", "1000", "--sample", "0", "--numpy-peer", "--python", "/bin/true", "--json")
	if r.code == 0 || !strings.Contains(r.stderr, "--numpy-peer") {
		t.Fatalf("a Python that prints nothing: %+v", r)
	}
	r = runCLI(t, "", "bench", "remargin", "--accounts", "1000", "--sample", "0", "--numpy-peer", "--python", "/nonexistent/python", "--json")
	if r.code != 1 || !strings.Contains(r.stderr, "apt-get install python3-numpy") {
		t.Fatalf("a missing Python: %+v", r)
	}
}
