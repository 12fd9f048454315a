package venue

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// nearestRoot finds the root of gaps of the shapes margin rules have
// (linear, kinked, convex in the price factor) to 1e-12, on the far side of
// the current gap, in far fewer evaluations than bisection's ~40.
func TestNearestRootShapesAndCost(t *testing.T) {
	maxEvals := 0
	rapid.Check(t, func(rt *rapid.T) {
		root := math.Exp(rapid.Float64Range(-3, 3).Draw(rt, "log root"))
		kink := rapid.Float64Range(1.05, 5).Draw(rt, "kink") // above the root: the root stays at root
		shape := rapid.IntRange(0, 2).Draw(rt, "shape")
		up := rapid.Bool().Draw(rt, "healthy above")
		f := func(x float64) float64 { // increasing, zero at root
			switch shape {
			case 0:
				return x - root
			case 1: // a kink: a tier or a close factor changes the slope
				if x > root*kink {
					return (x-root*kink)*3 + (root*kink - root)
				}
				return x - root
			}
			return x*x - root*root
		}
		evals := 0
		gap := func(x float64, _ bool) (float64, error) {
			evals++
			if up {
				return f(x), nil
			}
			return -f(x), nil
		}
		if math.Abs(math.Log(root)) < 1e-9 {
			rt.Skip()
		}
		got, err := nearestRoot(gap)
		if err != nil || got == nil {
			rt.Fatalf("no root found for root %v: %v", root, err)
		}
		if rel := math.Abs(*got-root) / root; rel > 2e-12 {
			rt.Fatalf("root %v, got %v (rel %v)", root, *got, rel)
		}
		g0, _ := gap(1, true)
		g, _ := gap(*got, false)
		if sameSide(g, g0) {
			rt.Fatalf("returned price %v is on the current side (gap %v, g0 %v)", *got, g, g0)
		}
		// bracketing steps grow 1% → 20% (at most ~25 a side to e^±3); the
		// narrowing must not cost bisection's ~40 more.
		maxEvals = max(maxEvals, evals)
		if evals > 2*25+16 {
			rt.Fatalf("%d evaluations", evals)
		}
	})
	t.Logf("most evaluations for one root: %d", maxEvals)
}

// narrow alone, on a bracket as wide as the widest search step (20% in log
// price): bisection needs ~38 evaluations for 1e-12; the guarded secant
// must need far fewer on the shapes margin rules have.
func TestNarrowCost(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		root := math.Exp(rapid.Float64Range(0.001, 0.199).Draw(rt, "log root"))
		shape := rapid.IntRange(0, 2).Draw(rt, "shape")
		f := func(x float64) float64 {
			switch shape {
			case 0:
				return x - root
			case 1:
				return math.Max(x-root, 3*(x-root))
			}
			return x*x*x - root*root*root
		}
		evals := 0
		gap := func(x float64, _ bool) (float64, error) { evals++; return -f(x), nil }
		g0 := -f(1)
		got := narrow(gap, bracket{0, g0, 0.2, -f(math.Exp(0.2))}, g0)
		if rel := math.Abs(*got-root) / root; rel > 2e-12 {
			rt.Fatalf("root %v, got %v (rel %v)", root, *got, rel)
		}
		// A kink exactly at the root (a tier boundary at the liquidation
		// price) converges only linearly; the bisection guard (the bracket
		// halves at least every two steps) bounds it at twice bisection.
		limit := map[int]int{0: 8, 1: 80, 2: 10}[shape]
		if evals > limit {
			rt.Fatalf("shape %d: %d evaluations to narrow (limit %d; bisection: ~38)", shape, evals, limit)
		}
	})
}
