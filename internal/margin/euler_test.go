package margin

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// Euler allocation means each item's share of a degree-1 component is its
// marginal contribution: scaling item i by (1 + ε) changes the component by
// ε × share_i. Checked by central finite differences on the benchmark book
// (its worst scenario is well separated from the next, so no kink is
// crossed) for the scenario component and the contingencies.
func TestEulerAllocationIsMarginal(t *testing.T) {
	const eps = 1e-6
	m, book := propMarket(t), benchBook()
	rp := DefaultRiskParams()
	base := unifiedOf(t, book, m, rp)
	i := 0
	for vi := range book.Venues {
		v := &book.Venues[vi]
		n := len(v.Collateral) + len(v.Positions)
		for k := 0; k < n; k++ {
			up := unifiedOf(t, scaleItem(book, vi, k, 1+eps), m, rp)
			down := unifiedOf(t, scaleItem(book, vi, k, 1-eps), m, rp)
			if up.unified.WorstScenario.Name != base.unified.WorstScenario.Name ||
				down.unified.WorstScenario.Name != base.unified.WorstScenario.Name {
				t.Fatalf("item %d: the worst scenario moved; choose a smaller ε", i)
			}
			scale := base.unified.Initial
			dS := (up.unified.Components.Scenario - down.unified.Components.Scenario) / (2 * eps)
			if math.Abs(dS-base.attrScenario[i]) > 1e-6*scale {
				t.Errorf("item %d (%s): scenario share %v, marginal %v", i, v.ID, base.attrScenario[i], dS)
			}
			dC := (up.unified.Components.Contingency - down.unified.Components.Contingency) / (2 * eps)
			if math.Abs(dC-base.attrContingency[i]) > 1e-6*scale {
				t.Errorf("item %d (%s): contingency share %v, marginal %v", i, v.ID, base.attrContingency[i], dC)
			}
			i++
		}
	}
}

// scaleItem returns a copy of b with one item (collateral entries first,
// then positions, as in attribution) scaled by k.
func scaleItem(b *portfolio.Portfolio, venue, item int, k float64) *portfolio.Portfolio {
	out := cloneBook(b)
	v := &out.Venues[venue]
	if item < len(v.Collateral) {
		v.Collateral[item].AmountF *= k
		return out
	}
	p := &v.Positions[item-len(v.Collateral)]
	p.AmountF *= k
	p.QuantityF *= k
	return out
}
