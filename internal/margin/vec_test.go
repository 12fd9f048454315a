package margin

import (
	"math"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"
)

// vecLevels lists the kernel levels this machine can run (0 is the pure-Go
// reference), each tried by the tests.
func vecLevels() []int {
	out := []int{0}
	for l := 1; l <= vecLevel; l++ {
		out = append(out, l)
	}
	return out
}

// withVecLevel runs f with the kernel at level l.
func withVecLevel(l int, f func()) {
	saved := vecLevel
	vecLevel = l
	defer func() { vecLevel = saved }()
	f()
}

// vecCase is one random input of both primitives: an accumulator at an
// offset into its buffer (any alignment), terms whose vectors start at
// their own offsets, and fractions over a P&L array (0: not counted).
type vecCase struct {
	acc   []float64
	terms []axTerm
	pnl   []float64
	frac  []float64 // per pnl element, 0 for the scenarios not counted
}

func drawVecCase(t *rapid.T) vecCase {
	n := rapid.IntRange(0, 200).Draw(t, "n")
	f := func(label string) float64 {
		switch rapid.IntRange(0, 9).Draw(t, label+"Kind") {
		case 0:
			return 0
		case 1:
			return math.Copysign(0, -1)
		}
		return rapid.Float64Range(-1e6, 1e6).Draw(t, label)
	}
	slice := func(label string, n int) []float64 {
		off := rapid.IntRange(0, 7).Draw(t, label+"Off")
		buf := make([]float64, off+n+rapid.IntRange(0, 3).Draw(t, label+"Spare"))
		for i := range buf {
			buf[i] = f(label)
		}
		return buf[off : off+n]
	}
	c := vecCase{acc: slice("acc", n)}
	for range rapid.IntRange(0, 25).Draw(t, "terms") {
		c.terms = append(c.terms, axTerm{v: slice("v", n+rapid.IntRange(0, 5).Draw(t, "longer")), q: f("q")})
	}
	c.pnl = slice("pnl", rapid.IntRange(1, 300).Draw(t, "scenarios"))
	for i := range c.pnl { // maxLoss skips NaN (fmaSum's NaN payloads are not compared)
		switch rapid.IntRange(0, 19).Draw(t, "special") {
		case 0:
			c.pnl[i] = math.NaN()
		case 1, 2, 3: // ties: the first scenario with the worst loss names it
			c.pnl[i] = -1000
		}
	}
	c.frac = make([]float64, len(c.pnl)+rapid.IntRange(0, 3).Draw(t, "fracSpare"))
	for k := range c.pnl {
		if rapid.Bool().Draw(t, "in") {
			c.frac[k] = rapid.SampledFrom([]float64{1, 0.5, 0.3, 0.1, 0, 2.5}).Draw(t, "frac")
		}
	}
	return c
}

// checkVecPaths: every level's fmaSum and maxLoss equal the pure-Go
// reference's bit for bit (math.Float64bits), at every length and offset.
func checkVecPaths(t *rapid.T, c vecCase) {
	want := append([]float64(nil), c.acc...)
	fmaSumGo(want, c.terms, 0)
	wantLoss, wantAt := maxLossGo(c.pnl, c.frac, 0, 0, -1)
	// the reference's index is the first element with its loss (−1: none
	// above 0)
	first := -1
	for k, x := range c.pnl {
		if wantLoss > 0 && -(x*c.frac[k]) == wantLoss {
			first = k
			break
		}
	}
	if wantAt != first {
		t.Fatalf("reference: maxLoss %v at %d, but the first element with that loss is %d", wantLoss, wantAt, first)
	}
	for _, l := range vecLevels() {
		withVecLevel(l, func() {
			got := append([]float64(nil), c.acc...)
			fmaSum(got, c.terms)
			for k := range got {
				if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
					t.Fatalf("level %d: fmaSum[%d] of %d = %v, reference %v", l, k, len(got), got[k], want[k])
				}
			}
			if got, at := maxLoss(c.pnl, c.frac); math.Float64bits(got) != math.Float64bits(wantLoss) || at != wantAt {
				t.Fatalf("level %d: maxLoss over %d = %v at %d, reference %v at %d", l, len(c.pnl), got, at, wantLoss, wantAt)
			}
		})
	}
}

// TestPropertyVecAsmEqualsGo: the assembly kernel (AVX-512 and AVX2, as
// far as this CPU goes) is bit-identical to the pure-Go reference on
// random lengths, alignments, signed zeros, NaN P&L and fractions.
func TestPropertyVecAsmEqualsGo(t *testing.T) {
	if vecLevel == 0 {
		t.Skip("no vector kernel on this CPU: the reference is all there is")
	}
	rapid.Check(t, func(t *rapid.T) { checkVecPaths(t, drawVecCase(t)) })
}

// FuzzVecAsmEqualsGo is TestPropertyVecAsmEqualsGo under the fuzzer.
func FuzzVecAsmEqualsGo(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) { checkVecPaths(t, drawVecCase(t)) }))
}

// TestVecReferenceMeaning holds the reference itself to its statement by
// hand: fmaSum rounds once per term (fma(3, 1/3, −1) is the rounding error
// of 1/3, not 0), and maxLoss is the largest −pnl×frac, skipping NaN.
func TestVecReferenceMeaning(t *testing.T) {
	for _, l := range vecLevels() {
		withVecLevel(l, func() {
			third := 1.0 / 3
			acc := make([]float64, 9)
			for k := range acc {
				acc[k] = -1
			}
			v := make([]float64, 9)
			for k := range v {
				v[k] = third
			}
			fmaSum(acc, []axTerm{{v: v, q: 3}})
			if want := math.FMA(3, third, -1); want == 0 || acc[8] != want || acc[0] != want {
				t.Fatalf("level %d: fma(3, 1/3, −1) = %v, want %v (one rounding)", l, acc[0], want)
			}
			pnl := []float64{-10, math.NaN(), -40, 5, -30, math.NaN(), -40, 1, -1}
			frac := []float64{1, 1, 0.5, 1, 1, 1, 0.5, 1, 1}
			if got, at := maxLoss(pnl, frac); got != 30 || at != 4 {
				t.Fatalf("level %d: maxLoss = %v at %d, want 30 at 4", l, got, at)
			}
			if got, at := maxLoss(pnl, []float64{1, 1, 0.5, 1, 0, 1, 0.5, 1, 1}); got != 20 || at != 2 {
				t.Fatalf("level %d: maxLoss with scenario 4 not counted = %v at %d, want 20 at 2 (the first of 2 and 6)", l, got, at)
			}
			if got, at := maxLoss([]float64{1, 2}, []float64{1, 1}); got != 0 || at != -1 {
				t.Fatalf("level %d: maxLoss without a loss = %v at %d, want 0 at −1", l, got, at)
			}
			// ties across lanes and blocks (8-lane blocks: 0–15, Go's tail
			// 16–19; 4-lane blocks: 0–19): the first element wins whichever
			// lane or the tail has it
			for _, tc := range []struct {
				worst []int
				want  int
			}{{[]int{13, 9}, 9}, {[]int{15, 8, 3}, 3}, {[]int{18, 11}, 11}, {[]int{19, 17}, 17}, {[]int{6}, 6}} {
				pnl, frac := make([]float64, 20), make([]float64, 20)
				for k := range pnl {
					pnl[k], frac[k] = -float64(k%5), 1
				}
				for _, k := range tc.worst {
					pnl[k] = -7
				}
				if got, at := maxLoss(pnl, frac); got != 7 || at != tc.want {
					t.Fatalf("level %d: worst at %v: maxLoss = %v at %d, want 7 at %d", l, tc.worst, got, at, tc.want)
				}
			}
		})
	}
}

// TestVecSeeded runs long random vectors at every level against the
// reference (lengths the property test draws rarely: whole 64-blocks).
func TestVecSeeded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{64, 128, 136, 511, 1024} {
		acc := make([]float64, n)
		terms := make([]axTerm, 20)
		for j := range terms {
			terms[j].q = rng.NormFloat64() * 10
			terms[j].v = make([]float64, n)
			for k := range terms[j].v {
				terms[j].v[k] = rng.NormFloat64() * 1e4
			}
		}
		want := append([]float64(nil), acc...)
		fmaSumGo(want, terms, 0)
		for _, l := range vecLevels() {
			withVecLevel(l, func() {
				got := make([]float64, n)
				fmaSum(got, terms)
				for k := range got {
					if got[k] != want[k] {
						t.Fatalf("n %d level %d: [%d] %v, reference %v", n, l, k, got[k], want[k])
					}
				}
			})
		}
	}
}
