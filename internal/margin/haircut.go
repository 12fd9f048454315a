// Collateral haircuts of the unified model: tiered ratios per asset (on the
// account-wide value of that asset), then chain, bridge and venue haircuts.
package margin

import "math"

// tiered returns the counted part of value under tiers, bracket by bracket
// (marginal, like tax brackets: Binance's tiered collateral ratio). Value
// above a bounded last tier counts 0; no tiers count everything.
func tiered(value float64, tiers []Tier) float64 {
	if len(tiers) == 0 {
		return value
	}
	var counted, floor float64
	for _, t := range tiers {
		ceiling := math.Inf(1)
		if t.UpToUSD != nil {
			ceiling = *t.UpToUSD
		}
		if value <= floor {
			break
		}
		counted += (math.Min(value, ceiling) - floor) * t.Ratio
		floor = ceiling
	}
	return counted
}

// ChainCollateral is the collateral held on one chain: at market and as the
// unified model counts it (after tier, chain, bridge and venue haircuts).
type ChainCollateral struct {
	Value   float64 `json:"value"`
	Counted float64 `json:"counted"`
}

// collateralByChain splits the unified collateral_value (kernel.go,
// collateralCounted: Σ over collateral items of
//
//	value × tier ratio(asset) × (1 − chain) × (1 − bridge) × (1 − venue)
//
// where the tier ratio is tiered(V)/V over the account-wide value V of that
// asset's collateral entries) by the chain of each entry's venue, at market
// and counted. Haircuts lower equity only: scenario losses revalue the
// whole amount at market (conservative).
func (a *account) collateralByChain() map[string]ChainCollateral {
	byAsset := map[int32]float64{}
	for i := range a.items {
		if it := &a.items[i]; it.kind == kindCollateral {
			byAsset[it.asset] += it.value
		}
	}
	chains := map[string]ChainCollateral{}
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindCollateral {
			continue
		}
		chain := a.book.Venues[it.venue].Chain
		ch := chains[chain]
		ch.Value += it.value
		ch.Counted += it.value * a.c.tierRatio(it.asset, byAsset[it.asset]) * it.haircut
		chains[chain] = ch
	}
	return chains
}
