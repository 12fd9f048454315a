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

// collateralByChain returns the unified collateral_value, the sum over
// collateral items of
//
//	value × tier ratio(asset) × (1 − chain) × (1 − bridge) × (1 − venue)
//
// where the tier ratio is tiered(V)/V over the account-wide value V of that
// asset's collateral entries, and its split by the chain of each entry's
// venue. Haircuts lower equity only: scenario losses revalue the whole
// amount at market (conservative).
func (a *account) collateralByChain() (float64, map[string]ChainCollateral) {
	bySymbol := map[string]float64{}
	for i := range a.items {
		it := &a.items[i]
		if it.kind == kindCollateral {
			bySymbol[a.set.Assets[it.asset]] += it.value
		}
	}
	ratio := make(map[string]float64, len(bySymbol))
	for sym, v := range bySymbol {
		ratio[sym] = 1
		if tiers := a.rp.Collateral[sym].Tiers; len(tiers) > 0 && v > 0 {
			ratio[sym] = tiered(v, tiers) / v
		}
	}
	var total float64
	chains := map[string]ChainCollateral{}
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindCollateral {
			continue
		}
		v := &a.book.Venues[it.venue]
		c := &v.Collateral[it.index]
		counted := it.value * ratio[c.Asset] * (1 - a.rp.Chains[v.Chain].Haircut) *
			(1 - a.rp.Bridges[c.Bridge].Haircut) * (1 - a.rp.Venues[v.ID].Haircut)
		total += counted
		ch := chains[v.Chain]
		ch.Value += it.value
		ch.Counted += counted
		chains[v.Chain] = ch
	}
	return total, chains
}
