package venue

import (
	"math"
	"strings"
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
		gap := func(x float64, _ int) (float64, error) {
			evals++
			if up {
				return f(x), nil
			}
			return -f(x), nil
		}
		if math.Abs(math.Log(root)) < 1e-9 {
			rt.Skip()
		}
		got, err := nearestRoot(gap, nil)
		if err != nil || got == nil {
			rt.Fatalf("no root found for root %v: %v", root, err)
		}
		if rel := math.Abs(*got-root) / root; rel > 2e-12 {
			rt.Fatalf("root %v, got %v (rel %v)", root, *got, rel)
		}
		g0, _ := gap(1, 1)
		g, _ := gap(*got, 0)
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
		gap := func(x float64, _ int) (float64, error) { evals++; return -f(x), nil }
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

// logBound is a CushionBound for a cushion whose slope in log factor is at
// most slope: it holds while |gap| exceeds slope × the log distance.
type logBound struct{ slope float64 }

func (b logBound) Holds(from, gap, to float64) bool {
	return math.Abs(gap) > b.slope*math.Abs(math.Log(to)-math.Log(from))*(1+1e-9)
}

// Goal: a walk with a bound finds the full walk's factor to the bit, or
// none with it, in no more evaluations, and numbers each grid point as the
// full walk does (the Deribit memo's rungs are those numbers). Method:
// cushions a + b·sin(w·ln f) + c·ln f (wavy, with roots anywhere or none
// in range, on both sides) with their exact slope bound |b|·w + |c|.
func TestNearestRootWithABoundIsTheWalk(t *testing.T) {
	saved := 0
	rapid.Check(t, func(rt *rapid.T) {
		a := rapid.Float64Range(-5, 5).Draw(rt, "a")
		b := rapid.Float64Range(-2, 2).Draw(rt, "b")
		w := rapid.Float64Range(0, 3).Draw(rt, "w")
		c := rapid.Float64Range(-1, 1).Draw(rt, "c")
		if rapid.Bool().Draw(rt, "flat") {
			c = 0
		}
		cushion := func(x float64) float64 { u := math.Log(x); return a + b*math.Sin(w*u) + c*u }
		points := map[float64]int{} // the full walk's grid points by factor
		full, err := nearestRoot(func(x float64, point int) (float64, error) {
			if point > 0 {
				points[x] = point
			}
			return cushion(x), nil
		}, nil)
		if err != nil {
			rt.Fatal(err)
		}
		evals := 0
		got, err := nearestRoot(func(x float64, point int) (float64, error) {
			evals++
			if want, ok := points[x]; point > 0 && (!ok || want != point) {
				rt.Fatalf("factor %v is grid point %d, the full walk's %d (known %v)", x, point, want, ok)
			}
			return cushion(x), nil
		}, logBound{math.Abs(b)*w + math.Abs(c)})
		if err != nil {
			rt.Fatal(err)
		}
		if (got == nil) != (full == nil) || (got != nil && math.Float64bits(*got) != math.Float64bits(*full)) {
			rt.Fatalf("with the bound %v, the full walk %v", fmtFactor(got), fmtFactor(full))
		}
		if evals > len(points)+liqBisectSteps {
			rt.Fatalf("%d evaluations with the bound; the full walk's grid has %d", evals, len(points))
		}
		saved += len(points) - min(evals, len(points))
	})
	if saved == 0 {
		t.Fatal("the bound never saved an evaluation: the cushions test nothing")
	}
}

func fmtFactor(f *float64) any {
	if f == nil {
		return "none"
	}
	return *f
}

// A bound that proves a grid point on the wrong side is a programmer
// error: the walk panics at the bracket's near end rather than return a
// factor the full walk would not.
func TestNearestRootWrongBoundPanics(t *testing.T) {
	defer func() {
		r := recover()
		if msg, _ := r.(string); !strings.Contains(msg, "cushion bound proved grid point 7") {
			t.Fatalf("a wrong bound: recovered %v, want the near end's panic", r)
		}
	}()
	// Root at factor e^0.02 (between steps 1 and 2 above); the bound claims
	// the first 3 steps of each side whatever the cushion.
	cushion := func(x float64, _ int) (float64, error) { return 0.02 - math.Log(x), nil }
	nearestRoot(cushion, wrongBound{})
}

type wrongBound struct{}

func (wrongBound) Holds(from, _, to float64) bool {
	return math.Abs(math.Log(to)-math.Log(from)) < 0.04
}
