package margin

import (
	"math"
	"slices"
	"testing"
	"unsafe"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// relDiff is |a − b| / max(|a|, |b|, 1 USD): the measure of
// agreement between the compiled and the direct path.
func relDiff(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(math.Max(math.Abs(a), math.Abs(b)), 1)
}

// TestPropertyCompiledEqualsDirect: on random books (every position kind,
// collateral, wrappers two deep, options on several expiries), the compiled
// market's worst scenario, its loss, every stress scenario and every
// requirement scenario's P&L agree with the direct revaluation on the
// book's own set to 1e-9 relative; the worst scenario is the same one, or
// one tied with it to that tolerance.
func TestPropertyCompiledEqualsDirect(t *testing.T) {
	m := propMarket(t)
	rp := DefaultRiskParams()
	c, err := Compile(m, rp)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-9
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		if err := portfolio.Check(b, m); err != nil {
			t.Fatalf("generated book fails Check: %v", err)
		}
		a, r := computeUnified(b, c)
		own, direct, err := directScenarioPnL(a)
		if err != nil {
			t.Fatal(err)
		}
		compiled := a.pnl()
		ids := a.mask.IDs()
		if len(ids) != len(own.Scenarios) {
			t.Fatalf("mask %d scenarios, own set %d", len(ids), len(own.Scenarios))
		}
		wantS, want := -1, 0.0
		for j, sc := range ids {
			x := &own.Scenarios[j]
			if !x.InRequirement {
				continue
			}
			if d := relDiff(compiled[sc], direct[j]); d > tol {
				t.Fatalf("scenario %q: compiled P&L %v, direct %v (rel %g)", own.Name(j), compiled[sc], direct[j], d)
			}
			if l := -direct[j] * x.Fraction; l > want {
				wantS, want = j, l
			}
		}
		u := r.unified
		if d := relDiff(u.Components.Scenario, want); d > tol {
			t.Fatalf("scenario component %v, direct %v (rel %g)", u.Components.Scenario, want, d)
		}
		if wantS >= 0 && u.WorstScenario.Name != own.Name(wantS) {
			// a tie: the compiled worst must lose as much in the direct array
			j := -1
			for k := range own.Scenarios {
				if own.Name(k) == u.WorstScenario.Name {
					j = k
				}
			}
			if j < 0 || relDiff(-direct[j]*own.Scenarios[j].Fraction, want) > tol {
				t.Fatalf("worst %q, direct worst %q (%v)", u.WorstScenario.Name, own.Name(wantS), want)
			}
		}
		for _, st := range a.stress() {
			found := false
			for j := range own.Scenarios {
				if own.Name(j) != st.Name {
					continue
				}
				found = true
				if d := relDiff(st.Loss, -direct[j]*own.Scenarios[j].Fraction); d > tol {
					t.Fatalf("stress %q: %v, direct %v", st.Name, st.Loss, -direct[j]*own.Scenarios[j].Fraction)
				}
			}
			if !found {
				t.Fatalf("stress %q is not in the book's own set", st.Name)
			}
		}
	})
}

// TestInstrumentHotFieldsFillOneLine: what the kernel reads of every
// item's instrument (key, price, delta, the P&L vector's header) fills its
// first 64 bytes, and the rest (spot, forward, vols, Greeks) comes after:
// a bulk re-margin touches one line of each instrument (instrument's doc).
func TestInstrumentHotFieldsFillOneLine(t *testing.T) {
	var in instrument
	if end := unsafe.Offsetof(in.pnl) + unsafe.Sizeof(in.pnl); end != 64 || unsafe.Offsetof(in.spot) != 64 {
		t.Fatalf("hot fields end at byte %d, spot at %d: want 64 and 64", end, unsafe.Offsetof(in.spot))
	}
}

// TestMoveRunsCoverTheRequirementMoves: the runs the kernel spreads state
// sums by are the requirement moves, each once, in order: expanding them
// gives back every move's scenario and state (on the property market, and
// on a hand case whose runs break where either index jumps).
func TestMoveRunsCoverTheRequirementMoves(t *testing.T) {
	got := runsOf([]int32{0, 1, 2, 7, 8, 9, 10, 12}, []int32{0, 1, 2, 0, 1, 2, 4, 5})
	// 0–2 in states 0–2; 7–9 in 0–2 (the scenario jumps); 10 in 4 (the
	// state jumps); 12 in 5 (the scenario jumps)
	want := []moveRun{{0, 0, 3}, {7, 0, 3}, {10, 4, 1}, {12, 5, 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("runsOf = %v, want %v", got, want)
	}
	c, err := Compile(propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.moves {
		am := &c.moves[i]
		var scen, state []int32
		for _, r := range am.reqRuns {
			for k := range r.n {
				scen, state = append(scen, r.scenario+k), append(state, r.state+k)
			}
		}
		if !slices.Equal(scen, am.scenario[:am.reqLen]) || !slices.Equal(state, am.stateOf[:am.reqLen]) {
			t.Fatalf("%s: runs %v expand to scenarios %v states %v, want %v and %v", c.set.Assets[i],
				am.reqRuns, scen, state, am.scenario[:am.reqLen], am.stateOf[:am.reqLen])
		}
		if len(am.reqRuns) > 8 {
			t.Errorf("%s: %d runs for %d moves: the spread is no longer a few contiguous adds", c.set.Assets[i], len(am.reqRuns), am.reqLen)
		}
	}
}
