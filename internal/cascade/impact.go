// Price impact: how cumulative net sales move a shared market's price.
package cascade

import (
	"fmt"
	"math"
	"strings"
)

// Impact names a price-impact model.
type Impact string

// Impact models.
const (
	ImpactSqrt   Impact = "sqrt"   // ΔP/P = −Y·σ_daily·√(Q/V_daily)
	ImpactLinear Impact = "linear" // ΔP/P = −Q/D₁₀₀ with D₁₀₀ = 100 × depth within 1%
	ImpactAMM    Impact = "amm"    // x·y = k: P'/P = (x/(x+Δx))²
	ImpactBook   Impact = "book"   // sweep a cumulative order-book depth curve
)

// ImpactNames lists the models.
func ImpactNames() []string { return []string{"sqrt", "linear", "amm", "book"} }

// ParseImpact checks a model name.
func ParseImpact(s string) (Impact, error) {
	for _, n := range ImpactNames() {
		if s == n {
			return Impact(s), nil
		}
	}
	return "", fmt.Errorf("unknown impact model %q (want one of %s)", s, strings.Join(ImpactNames(), ", "))
}

// Liquidity is one market's depth over the hour or so a cascade round
// spans (books refill and arbitrage brings other venues' depth).
// VolumeDayUSD and VolDaily feed the square-root law; Depth1PctUSD is the
// sale that moves the price 1% under the linear and order-book models;
// PoolUSD is the size of the constant-product pool (full-range equivalent
// of the concentrated DEX pools and the arbitrage linking them).
type Liquidity struct {
	Depth1PctUSD float64
	VolumeDayUSD float64
	VolDaily     float64
	PoolUSD      float64
}

// DefaultLiquidity per asset (WETH, WBTC, stETH). The square-root law is the
// anchor (cascades.md A10; daily spot volume of order 8 and 15 billion USD,
// daily vol 5% and 4%: our assumptions for 2021–2025): a sale of 500M USD
// of WETH moves it 1% (1.5B USD for WBTC). The other models are calibrated
// to agree at that reference sale, so they differ only in shape: linear
// (harsher for larger sales), order book (depth thickening away from mid)
// and the AMM (x·y = k, which a one-sided flow drains).
var DefaultLiquidity = [NumAssets]Liquidity{
	{Depth1PctUSD: 500e6, VolumeDayUSD: 8e9, VolDaily: 0.05, PoolUSD: 200e9},
	{Depth1PctUSD: 1.5e9, VolumeDayUSD: 15e9, VolDaily: 0.04, PoolUSD: 600e9},
	// stETH against ETH (the Curve pool and its arbitrage): a 50M USD sale
	// moves the peg 1%; the square-root law on the peg's own daily vol (2%)
	// agrees at that sale (our calibration; in June 2022 a few hundred
	// million of sales took the peg to about 0.94).
	{Depth1PctUSD: 50e6, VolumeDayUSD: 128e6, VolDaily: 0.02, PoolUSD: 20e9},
}

// sqrtY is the square-root law's constant (order 0.5–1; cascades.md A10).
const sqrtY = 0.8

// priceFloor keeps an impacted price positive.
const priceFloor = 0.01

// bookLevels is the cumulative depth curve of the order-book model: at
// distance d from mid the depth is mult × the depth within 1%, growing as
// (d/1%)^1.5 (resting orders thicken away from mid as buyers step in at
// lower prices), with a last level at 99%.
var bookLevels = []struct{ dist, mult float64 }{
	{0, 0}, {0.005, 0.354}, {0.01, 1}, {0.02, 2.83}, {0.05, 11.2}, {0.10, 31.6}, {0.20, 89.4}, {0.40, 253},
	{0.99, 985},
}

// factor returns the price multiplier after cumulative net sales of s units
// of an asset whose start price is p0 (s < 0: net buying). scale multiplies
// the sale's size (0 = no impact).
func (m Impact) factor(l *Liquidity, s, p0, scale float64) float64 {
	q := s * p0 * scale
	if q == 0 {
		return 1
	}
	sign := 1.0
	if q < 0 {
		sign = -1
	}
	var d float64
	switch m {
	case ImpactLinear:
		d = q / (100 * l.Depth1PctUSD)
	case ImpactSqrt:
		d = sign * sqrtY * l.VolDaily * math.Sqrt(math.Abs(q)/l.VolumeDayUSD)
	case ImpactAMM:
		x := l.PoolUSD / 2 / p0 // pool's asset reserve in units at the start price
		dx := q / p0
		if x+dx <= 0 {
			return 1 / priceFloor
		}
		return math.Max(priceFloor, (x/(x+dx))*(x/(x+dx)))
	case ImpactBook:
		d = sign * bookSweep(math.Abs(q)/l.Depth1PctUSD)
	}
	return math.Max(priceFloor, 1-d)
}

// bookSweep returns the distance from mid a sale of depth multiples m sweeps.
func bookSweep(m float64) float64 {
	for i := 1; i < len(bookLevels); i++ {
		lo, hi := bookLevels[i-1], bookLevels[i]
		if m <= hi.mult {
			return lo.dist + (m-lo.mult)/(hi.mult-lo.mult)*(hi.dist-lo.dist)
		}
	}
	return bookLevels[len(bookLevels)-1].dist
}
