// The liquidity add-on: the cost of unwinding each root asset's net exposure
// against market depth, with a half-spread and a square-root impact law.
package margin

import (
	"fmt"
	"math"
)

// liquidityDays is the horizon of the vol used by the impact law: the
// asset's vol at the money for 30 days (its surface when it has one, else
// its flat vol, as market.Snapshot.VolAt resolves).
const liquidityDays = 30

// liquidity returns the add-on over all roots and, per set index, the
// marginal rate ∂L/∂X (USD per USD of signed exposure X, so that an item's
// allocation is its exposure × rate) with the square-root part divided by
// its degree of homogeneity 1.5 (Euler allocation). For a root with net
// exposure N = |X| USD:
//
//	L = N·spread_bps/20000 + (vol/√365)·N·√(N/depth)
//
// Without depth only the spread part applies, with one warning.
func (a *account) liquidity(deltaUSD []float64) (float64, []float64, []string) {
	rates := make([]float64, len(deltaUSD))
	var total float64
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
		n := math.Abs(x)
		total += liquidityCost(n, spread, impact)
		rates[r] = math.Copysign(spread+impact*math.Sqrt(n), x)
	}
	return total, rates, warnings
}

// liquidityCoefficients are root r's half-spread (per USD) and impact
// coefficient (vol/√365/√depth; 0 without depth): L = N·spread + impact·N^1.5.
func (a *account) liquidityCoefficients(r int) (spread, impact float64) {
	sym := a.set.Assets[r]
	asset := a.m.Asset(sym)
	spread = asset.SpreadBps / 20000
	if asset.HasDepth {
		vol := a.m.VolAt(sym, asset.Price, liquidityDays/365.0)
		impact = vol / math.Sqrt(365) / math.Sqrt(asset.DepthUSD)
	}
	return spread, impact
}

// liquidityOf is root r's add-on for a signed USD exposure x.
func (a *account) liquidityOf(r int, x float64) float64 {
	if x == 0 {
		return 0
	}
	spread, impact := a.liquidityCoefficients(r)
	return liquidityCost(math.Abs(x), spread, impact)
}

// liquidityCost is the add-on for a net exposure n ≥ 0 USD:
// n·spread + impact·n^1.5 (the one statement of the law).
func liquidityCost(n, spread, impact float64) float64 {
	return n*spread + impact*n*math.Sqrt(n)
}
