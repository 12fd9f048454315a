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
		sym := a.set.Assets[r]
		asset := a.m.Asset(sym)
		n := math.Abs(x)
		spread := asset.SpreadBps / 20000
		var impact float64 // L_impact / N^1.5
		if asset.HasDepth {
			vol := a.m.VolAt(sym, asset.Price, liquidityDays/365.0)
			impact = vol / math.Sqrt(365) / math.Sqrt(asset.DepthUSD)
		} else {
			warnings = append(warnings, fmt.Sprintf(
				"%s: no depth_usd in the market: its liquidity add-on is the spread part only", sym))
		}
		total += n*spread + impact*n*math.Sqrt(n)
		rates[r] = math.Copysign(spread+impact*math.Sqrt(n), x)
	}
	return total, rates, warnings
}
