// Look-through: how a wrapper's price moves with the assets behind it.
package scenario

import (
	"sort"

	"github.com/unimargin/unimargin/internal/market"
)

// Beta is the sensitivity of one asset's return to another's:
// ∂ln P_asset / ∂ln P_other. A root asset has Beta 1 to itself. A wrapper w
// backed by u_c units of each c has Beta 1 to itself (its own depeg) and
// Σ_c ω_c·Beta(c, ·) to the rest, with value shares ω_c = u_c·P_c / Σ u·P.
// Value shares sum to 1, so a wrapper's Betas to its roots sum to 1.
type Beta struct {
	Asset int // index into Set.Assets
	Beta  float64
}

// closure returns assets and everything that backs them, sorted.
func closure(m *market.Snapshot, assets []string) []string {
	seen := map[string]bool{}
	var visit func(sym string)
	visit = func(sym string) {
		if seen[sym] {
			return
		}
		seen[sym] = true
		if a := m.Asset(sym); a != nil {
			for _, b := range a.BackedBy {
				visit(b.Asset)
			}
		}
	}
	for _, sym := range assets {
		visit(sym)
	}
	out := make([]string, 0, len(seen))
	for sym := range seen {
		out = append(out, sym)
	}
	sort.Strings(out)
	return out
}

// sensitivities returns, per asset index, its Betas to every asset of its
// backing closure (itself included), sorted by asset index. The market has
// been checked for backing cycles, so the recursion ends.
func sensitivities(m *market.Snapshot, symbols []string, index map[string]int) [][]Beta {
	out := make([][]Beta, len(symbols))
	done := make([]bool, len(symbols))
	var visit func(i int) []Beta
	visit = func(i int) []Beta {
		if done[i] {
			return out[i]
		}
		acc := map[int]float64{i: 1}
		a := m.Asset(symbols[i])
		if a != nil && !a.IsRoot() {
			var total float64
			for _, b := range a.BackedBy {
				total += b.PerUnit * m.Spot(b.Asset)
			}
			for _, b := range a.BackedBy {
				share := b.PerUnit * m.Spot(b.Asset) / total
				for _, s := range visit(index[b.Asset]) {
					acc[s.Asset] += share * s.Beta
				}
			}
		}
		betas := make([]Beta, 0, len(acc))
		for k, v := range acc {
			betas = append(betas, Beta{Asset: k, Beta: v})
		}
		sort.Slice(betas, func(x, y int) bool { return betas[x].Asset < betas[y].Asset })
		out[i], done[i] = betas, true
		return betas
	}
	for i := range symbols {
		visit(i)
	}
	return out
}
