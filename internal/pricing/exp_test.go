// expFast against math.Exp.

package pricing

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// tolExpFastRel bounds expFast against math.Exp: the table entry, the
// polynomial and two products each round once, so a few ulp.
const tolExpFastRel = 4 * 0x1p-52

// TestExpFastMatchesExp sweeps the whole normal range on a fine grid and at
// random points, and checks the special values take math.Exp's path.
func TestExpFastMatchesExp(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, x float64) {
		want, got := math.Exp(x), expFast(x)
		if math.Abs(got-want) > tolExpFastRel*want {
			t.Fatalf("expFast(%v) = %v, math.Exp = %v", x, got, want)
		}
	}
	for x := -720.0; x <= 720; x += 0.000731 {
		check(t, x)
	}
	rapid.Check(t, func(t *rapid.T) { check(t, rapid.Float64Range(-745, 709.7).Draw(t, "x")) })
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, expFastMin, expFastMax} {
		check(t, x)
	}
	if !math.IsNaN(expFast(math.NaN())) || expFast(math.Inf(-1)) != 0 || !math.IsInf(expFast(math.Inf(1)), 1) {
		t.Fatal("expFast special values differ from math.Exp")
	}
}
