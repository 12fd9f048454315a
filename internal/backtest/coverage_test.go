// Goal: the coverage statistics are the published formulas, exactly.
// Method: hand arithmetic beside each case (reference/model-validation.md
// §2), the BCBS 1996 traffic-light table (cumulative probabilities 89.22%,
// 95.88%, 99.97% at 4, 5 and 9 exceptions in 250 days at 99%), and the
// χ² critical values 3.841 (1 dof) and 5.991 (2 dof) at 5%.
package backtest

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

const tolStat = 1e-6

func TestKupiecHand(t *testing.T) {
	cases := []struct {
		name string
		n, x int
		want float64
	}{
		// π̂ = 0.04: −2[240 ln 0.99 + 10 ln 0.01 − 240 ln 0.96 − 10 ln 0.04]
		// = −2[−2.412081 − 46.051702 + 9.797279 + 32.188758] = 12.955491
		{"250 days, 10 exceptions", 250, 10, 12.955491},
		// x = 0: −2 · 250 · ln 0.99 = 5.025168
		{"250 days, none", 250, 0, 5.025168},
		// x = np: the likelihoods agree, LR = 0
		{"500 days, 5 exceptions", 500, 5, 0},
		// π̂ = 1: −2[10 ln 0.01] = 92.103404
		{"every day", 10, 10, 92.103404},
	}
	for _, c := range cases {
		if got := Kupiec(c.n, c.x, 0.01); math.Abs(got-c.want) > tolStat {
			t.Errorf("%s: Kupiec = %.6f, want %.6f", c.name, got, c.want)
		}
	}
}

func TestChristoffersenHand(t *testing.T) {
	// hits 0 1 1 0 0 0 1 0: transitions n00 = 2, n01 = 2, n10 = 2, n11 = 1;
	// π = 3/7, π01 = 1/2, π11 = 1/3.
	// null = 4 ln(4/7) + 3 ln(3/7) = −4.780357
	// alt  = 2 ln ½ + 2 ln ½ + 2 ln ⅔ + ln ⅓ = −4.682131
	// LR_ind = −2(null − alt) = 0.196451
	hits := []bool{false, true, true, false, false, false, true, false}
	if got := Christoffersen(hits); math.Abs(got-0.196451) > tolStat {
		t.Errorf("LR_ind = %.6f, want 0.196451", got)
	}
	// no exception: every π is 0, both likelihoods are 1, LR = 0
	if got := Christoffersen(make([]bool, 50)); got != 0 {
		t.Errorf("LR_ind without exceptions = %v, want 0", got)
	}
	// clustered: 0×8 then 1 1: n00 = 7, n01 = 1, n11 = 1, n10 = 0; π = 2/9,
	// π01 = 1/8, π11 = 1; null = 7 ln(7/9) + 2 ln(2/9) = −4.767356,
	// alt = 7 ln(7/8) + ln(1/8) = −3.014161; LR = 3.506389
	clustered := append(make([]bool, 8), true, true)
	if got := Christoffersen(clustered); math.Abs(got-3.506389) > tolStat {
		t.Errorf("clustered LR_ind = %.6f, want 3.506389", got)
	}
}

func TestChiSquareCritical(t *testing.T) {
	if p := ChiSquare1P(3.841459); math.Abs(p-0.05) > 1e-6 {
		t.Errorf("χ²(1) p at 3.841459 = %v, want 0.05", p)
	}
	if p := ChiSquare2P(5.991465); math.Abs(p-0.05) > 1e-6 {
		t.Errorf("χ²(2) p at 5.991465 = %v, want 0.05", p)
	}
}

func TestBaselTrafficLight(t *testing.T) {
	for _, c := range []struct {
		x    int
		cdf  float64
		zone string
	}{{4, 0.8922, "green"}, {5, 0.9588, "yellow"}, {9, 0.9997, "yellow"}} {
		if got := BinomialCDF(250, c.x, 0.01); math.Abs(got-c.cdf) > 5e-5 {
			t.Errorf("F(%d) = %.5f, want %.4f (BCBS 1996)", c.x, got, c.cdf)
		}
	}
	for x := 0; x <= 15; x++ {
		want := "green"
		if x >= 10 {
			want = "red"
		} else if x >= 5 {
			want = "yellow"
		}
		if got := Zone(250, x, 0.01); got != want {
			t.Errorf("%d exceptions in 250 days: zone %s, want %s", x, got, want)
		}
	}
}

// TestCoverageProperties: LR statistics are ≥ 0 and p-values in [0, 1],
// the exceedance count is the number of hits, the conditional coverage is
// the sum of its parts.
func TestCoverageProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hits := rapid.SliceOfN(rapid.Bool(), 1, 400).Draw(t, "hits")
		c := Test(hits, 0.01)
		n := 0
		for _, h := range hits {
			if h {
				n++
			}
		}
		if c.Exceedances != n || c.N != len(hits) {
			t.Fatalf("counted %d of %d, want %d of %d", c.Exceedances, c.N, n, len(hits))
		}
		for _, v := range []float64{c.KupiecLR, c.IndependenceLR} {
			if !(v >= 0) {
				t.Fatalf("LR %v < 0", v)
			}
		}
		for _, p := range []float64{c.KupiecP, c.IndependenceP, c.CondCoverageP} {
			if !(p >= 0 && p <= 1) {
				t.Fatalf("p-value %v outside [0, 1]", p)
			}
		}
		if math.Abs(c.CondCoverageLR-c.KupiecLR-c.IndependenceLR) > 1e-9 {
			t.Fatalf("LR_cc %v ≠ LR_uc %v + LR_ind %v", c.CondCoverageLR, c.KupiecLR, c.IndependenceLR)
		}
	})
}
