// The unified portfolio margin of the whole account (DESIGN.md "Methods"):
// worst counted loss over one scenario set + liquidity add-on + contingencies.
package margin

import (
	"github.com/unimargin/unimargin/internal/portfolio"
)

// unifiedResult is everything the unified model computes for a report.
type unifiedResult struct {
	unified     Unified
	greeks      map[string]Greeks
	exposure    map[string]float64 // delta_usd per root
	attribution []float64          // per item (book order: venues, collateral, positions)
	// parts of attribution by component, per item
	attrScenario, attrLiquidity, attrContingency []float64
	shortOption                                  float64 // contingency parts
	basis                                        float64
	warnings                                     []string
	byChain                                      map[string]ChainCollateral
}

// computeUnified runs the unified model on a book checked against c's market.
func computeUnified(book *portfolio.Portfolio, c *Compiled) (*account, *unifiedResult) {
	a := newAccount(book, c)
	rp := c.rp
	n := len(a.items)
	r := &unifiedResult{attribution: make([]float64, n),
		attrScenario: make([]float64, n), attrLiquidity: make([]float64, n)}
	u := &r.unified

	pnl := a.pnl()
	worst, loss := a.worst(pnl)
	if worst >= 0 {
		u.WorstScenario = Worst{Name: a.set.Name(worst), Loss: loss}
		u.Components.Scenario = loss
		for i := range a.items {
			r.attrScenario[i] = a.itemLoss(i, worst)
		}
	}

	var deltaUSD []float64
	r.greeks, deltaUSD = a.greeks()
	r.exposure = make(map[string]float64, len(r.greeks))
	for sym, g := range r.greeks {
		r.exposure[sym] = g.DeltaUSD
	}
	var rates []float64
	u.Components.Liquidity, rates, r.warnings = a.liquidity(deltaUSD)
	r.warnings = append(r.warnings, a.concentration(deltaUSD)...)
	for i := range a.items {
		a.rootExposure(i, func(root int, d, _ float64) { r.attrLiquidity[i] += d * rates[root] })
	}

	cont := a.contingencies()
	r.shortOption, r.basis = cont.shortOption, cont.basis
	u.Components.Contingency = cont.shortOption + cont.basis
	r.attrContingency = cont.alloc
	for i := range r.attribution {
		r.attribution[i] = r.attrScenario[i] + r.attrLiquidity[i] + r.attrContingency[i]
	}

	u.Initial = u.Components.Scenario + u.Components.Liquidity + u.Components.Contingency
	u.Maintenance = rp.MaintenanceFraction * u.Initial
	u.CollateralValue, r.byChain = a.collateralByChain()
	u.Equity = u.CollateralValue
	for i := range a.items {
		if it := &a.items[i]; it.kind != kindCollateral {
			u.Equity += it.value
		}
	}
	u.Excess = u.Equity - u.Initial
	u.Liquidatable = u.Equity < u.Maintenance
	return a, r
}
