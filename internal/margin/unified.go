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

// computeUnified runs the unified model on a book checked against c's
// market: the kernel's figures, then the report's extras (the worst
// scenario's name, Greeks, warnings, collateral by chain and each item's
// Euler allocation of every component).
func computeUnified(book *portfolio.Portfolio, c *Compiled) (*account, *unifiedResult) {
	a := newAccount(book, c)
	var s kernelScratch
	k := c.unified(a.items, a.mask, &s)
	n := len(a.items)
	r := &unifiedResult{unified: k.u, shortOption: k.shortOption, basis: k.basis,
		attribution: make([]float64, n), attrScenario: make([]float64, n), attrLiquidity: make([]float64, n)}
	if k.worst >= 0 {
		r.unified.WorstScenario.Name = c.names[k.worst]
		for i := range a.items {
			r.attrScenario[i] = a.itemLoss(i, k.worst)
		}
	}

	var deltaUSD []float64
	r.greeks, deltaUSD = a.greeks()
	r.exposure = make(map[string]float64, len(r.greeks))
	for sym, g := range r.greeks {
		r.exposure[sym] = g.DeltaUSD
	}
	var rates []float64
	rates, r.warnings = a.liquidityRates(deltaUSD)
	r.warnings = append(r.warnings, a.concentration(deltaUSD)...)
	for i := range a.items {
		a.rootExposure(i, func(root int, d, _ float64) { r.attrLiquidity[i] += d * rates[root] })
	}

	r.attrContingency = a.contingencyAlloc()
	for i := range r.attribution {
		r.attribution[i] = r.attrScenario[i] + r.attrLiquidity[i] + r.attrContingency[i]
	}
	r.byChain = a.collateralByChain()
	return a, r
}
