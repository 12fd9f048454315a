// Concentration and backing depth: exposures large relative to market depth
// (flagged in warnings) and the longest chain of assets backing collateral.
package margin

import (
	"fmt"
	"math"
	"sort"
)

// concentration warns, per asset of the set with market depth, when the
// account's net exposure to it exceeds concentration_threshold × depth: for
// a root the net USD delta after look-through (what the liquidity add-on
// unwinds), for a wrapper the net value held of the wrapper itself (its own
// market must absorb the sale). Assets in set order (sorted symbols).
func (a *account) concentration(deltaUSD []float64) []string {
	held := make([]float64, len(a.set.Assets))
	for i := range a.items {
		held[a.items[i].asset] += a.items[i].delta
	}
	var out []string
	thr := a.rp.ConcentrationThreshold
	for i, sym := range a.set.Assets {
		asset := a.m.Asset(sym)
		if asset == nil || !asset.HasDepth || asset.DepthUSD <= 0 {
			continue
		}
		x, what := held[i], "net holding"
		if a.set.IsRoot(i) {
			x, what = deltaUSD[i], "net exposure after look-through"
		}
		if n := math.Abs(x); n > thr*asset.DepthUSD {
			out = append(out, fmt.Sprintf("concentration: %s %s of %.0f USD is %.1f%% of its market depth "+
				"%.0f USD (threshold %g%%): unwinding it moves the price", sym, what, n,
				100*n/asset.DepthUSD, asset.DepthUSD, 100*thr))
		}
	}
	return out
}

// longestBackingChain is the longest chain of backing from an asset the book
// holds (or has a derivative on) down to a root: [wstETH, stETH, ETH]. A book
// without wrappers has chains of one asset; ties go to the alphabetically
// first chain; an empty book gives an empty list. The market's backing graph
// is acyclic (checked when it is loaded).
func (a *account) longestBackingChain() []string {
	memo := map[string][]string{}
	var chain func(sym string) []string
	chain = func(sym string) []string {
		if c, ok := memo[sym]; ok {
			return c
		}
		var best []string
		if asset := a.m.Asset(sym); asset != nil {
			for _, b := range asset.BackedBy { // sorted by asset
				if c := chain(b.Asset); len(c) > len(best) {
					best = c
				}
			}
		}
		c := append([]string{sym}, best...)
		memo[sym] = c
		return c
	}
	held := bookAssets(a.book)
	sort.Strings(held)
	out := []string{}
	for _, sym := range held {
		if c := chain(sym); len(c) > len(out) {
			out = c
		}
	}
	return out
}
