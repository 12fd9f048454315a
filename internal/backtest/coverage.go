// Coverage tests of a hit sequence (1 on a day the loss exceeded the
// margin): Kupiec's proportion of failures (1995), Christoffersen's
// independence and conditional coverage (1998), the Basel traffic light
// (BCBS 1996) — reference/model-validation.md §2 for every formula.
package backtest

import "math"

// Coverage is the backtest of one margin model on one hit sequence at the
// coverage level 1 − P.
type Coverage struct {
	N           int     `json:"days"`
	Exceedances int     `json:"exceedances"`
	Rate        float64 `json:"rate"`         // exceedances / days
	Per250      float64 `json:"per_250_days"` // exceedances scaled to 250 days
	P           float64 `json:"p"`            // the expected exceedance rate (0.01)
	// Kupiec POF: LR_uc ~ χ²(1).
	KupiecLR float64 `json:"kupiec_lr"`
	KupiecP  float64 `json:"kupiec_p"`
	// Christoffersen: LR_ind ~ χ²(1), LR_cc = LR_uc + LR_ind ~ χ²(2).
	IndependenceLR float64 `json:"independence_lr"`
	IndependenceP  float64 `json:"independence_p"`
	CondCoverageLR float64 `json:"conditional_coverage_lr"`
	CondCoverageP  float64 `json:"conditional_coverage_p"`
	// Zone is the Basel traffic light of Exceedances in N days at P.
	Zone string `json:"zone"`
}

// Test backtests hits at the expected exceedance rate p (0 < p < 1).
func Test(hits []bool, p float64) Coverage {
	c := Coverage{N: len(hits), P: p}
	for _, h := range hits {
		if h {
			c.Exceedances++
		}
	}
	if c.N == 0 {
		c.Zone = "n/a"
		return c
	}
	c.Rate = float64(c.Exceedances) / float64(c.N)
	c.Per250 = c.Rate * 250
	c.KupiecLR = Kupiec(c.N, c.Exceedances, p)
	c.KupiecP = ChiSquare1P(c.KupiecLR)
	c.IndependenceLR = Christoffersen(hits)
	c.IndependenceP = ChiSquare1P(c.IndependenceLR)
	c.CondCoverageLR = c.KupiecLR + c.IndependenceLR
	c.CondCoverageP = ChiSquare2P(c.CondCoverageLR)
	c.Zone = Zone(c.N, c.Exceedances, p)
	return c
}

// xlogy is x·ln(y) with 0·ln(0) = 0, the limit the likelihoods need when a
// count is zero.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

// Kupiec is LR_uc = −2 ln[(1−p)^(n−x) p^x / ((1−π̂)^(n−x) π̂^x)], π̂ = x/n.
func Kupiec(n, x int, p float64) float64 {
	nf, xf := float64(n), float64(x)
	pi := xf / nf
	null := xlogy(nf-xf, 1-p) + xlogy(xf, p)
	alt := xlogy(nf-xf, 1-pi) + xlogy(xf, pi)
	return math.Max(-2*(null-alt), 0)
}

// Christoffersen is LR_ind from the transition counts n_ij (day t−1 state i,
// day t state j): −2 ln[(1−π)^(n00+n10) π^(n01+n11) /
// ((1−π01)^n00 π01^n01 (1−π11)^n10 π11^n11)]. Fewer than two days: 0.
func Christoffersen(hits []bool) float64 {
	var n [2][2]float64
	for t := 1; t < len(hits); t++ {
		n[b2i(hits[t-1])][b2i(hits[t])]++
	}
	total := n[0][0] + n[0][1] + n[1][0] + n[1][1]
	if total == 0 {
		return 0
	}
	pi := (n[0][1] + n[1][1]) / total
	pi01 := ratio(n[0][1], n[0][0]+n[0][1])
	pi11 := ratio(n[1][1], n[1][0]+n[1][1])
	null := xlogy(n[0][0]+n[1][0], 1-pi) + xlogy(n[0][1]+n[1][1], pi)
	alt := xlogy(n[0][0], 1-pi01) + xlogy(n[0][1], pi01) + xlogy(n[1][0], 1-pi11) + xlogy(n[1][1], pi11)
	return math.Max(-2*(null-alt), 0)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ChiSquare1P is the upper-tail probability of χ²(1) at x: erfc(√(x/2)).
func ChiSquare1P(x float64) float64 { return math.Erfc(math.Sqrt(math.Max(x, 0) / 2)) }

// ChiSquare2P is the upper-tail probability of χ²(2) at x: e^(−x/2).
func ChiSquare2P(x float64) float64 { return math.Exp(-math.Max(x, 0) / 2) }

// BinomialCDF is P[X ≤ x] for X ~ Binomial(n, p), summed in log space.
func BinomialCDF(n, x int, p float64) float64 {
	if x >= n {
		return 1
	}
	var s float64
	for k := 0; k <= x; k++ {
		lg := lgammaOf(n+1) - lgammaOf(k+1) - lgammaOf(n-k+1)
		s += math.Exp(lg + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
	return math.Min(s, 1)
}

func lgammaOf(n int) float64 {
	v, _ := math.Lgamma(float64(n))
	return v
}

// Zone is the Basel traffic light of x exceedances in n days at rate p:
// green while the binomial CDF F(x) ≤ 0.95, yellow while F(x) ≤ 0.9999, red
// above (n = 250, p = 1%: green 0–4, yellow 5–9, red ≥ 10).
func Zone(n, x int, p float64) string {
	f := BinomialCDF(n, x, p)
	switch {
	case f <= 0.95:
		return "green"
	case f <= 0.9999:
		return "yellow"
	}
	return "red"
}
