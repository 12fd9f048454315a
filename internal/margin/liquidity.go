// The liquidity add-on: the cost of unwinding each root asset's net exposure
// against market depth, with a half-spread and a square-root impact law.
package margin

import (
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/market"
)

// liquidityDays is the horizon of the vol used by the impact law: the
// asset's vol at the money for 30 days (its surface when it has one, else
// its flat vol, as market.Snapshot.VolAt resolves).
const liquidityDays = 30

// liquidityRates returns, per set index, the marginal rate ∂L/∂X of the
// liquidity add-on (USD per USD of signed exposure X, so that an item's
// allocation is its exposure × rate) with the square-root part divided by
// its degree of homogeneity 1.5 (Euler allocation), and one warning per
// exposed root without depth. For a root with net exposure N = |X| USD the
// add-on (kernel.go, liquidityCost) is
//
//	L = N·spread_bps/20000 + (vol/√365)·N·√(N/depth)
//
// Without depth only the spread part applies.
func (a *account) liquidityRates(deltaUSD []float64) ([]float64, []string) {
	rates := make([]float64, len(deltaUSD))
	var warnings []string
	for r, x := range deltaUSD {
		if x == 0 || !a.set.IsRoot(r) {
			continue
		}
		if asset := a.m.Asset(a.set.Assets[r]); !asset.HasDepth {
			warnings = append(warnings, fmt.Sprintf(
				"%s: no depth_usd in the market: its liquidity add-on is the spread part only", asset.Symbol))
		}
		spread, impact := a.liquidityCoefficients(r)
		rates[r] = math.Copysign(spread+impact*math.Sqrt(math.Abs(x)), x)
	}
	return rates, warnings
}

// liquidityCoef is a root's half-spread (per USD) and impact coefficient
// (vol/√365/√depth; 0 without depth): L = N·spread + impact·N^1.5.
type liquidityCoef struct {
	spread, impact float64
}

// liquidityCoefficients are the coefficients of root asset sym on m (the
// compiled market keeps them per root).
func liquidityCoefficients(m *market.Snapshot, sym string) liquidityCoef {
	asset := m.Asset(sym)
	l := liquidityCoef{spread: asset.SpreadBps / 20000}
	if asset.HasDepth {
		vol := m.VolAt(sym, asset.Price, liquidityDays/365.0)
		l.impact = vol / math.Sqrt(365) / math.Sqrt(asset.DepthUSD)
	}
	return l
}

// liquidityCoefficients are root r's compiled coefficients.
func (a *account) liquidityCoefficients(r int) (spread, impact float64) {
	l := a.c.liquidity[r]
	return l.spread, l.impact
}

// liquidityCost is the add-on for a net exposure n ≥ 0 USD:
// n·spread + impact·n^1.5 (the one statement of the law).
func liquidityCost(n, spread, impact float64) float64 {
	return n*spread + impact*n*math.Sqrt(n)
}
