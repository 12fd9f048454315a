// The direct revaluation: the reference the compiled path is held to, not
// a figure anyone is served. It builds the book's own scenario set
// (scenario.Build over its assets, as the unified model did before it was
// compiled) and revalues every item on its own in every scenario — delta-1
// items by exposure × return, options repriced with Black-76 at the shocked
// forward and vol — then takes the worst counted loss. Tests compare the
// compiled P&L with it scenario by scenario; `unimargin bench remargin`
// reports its largest relative difference on a seeded sample (max_rel_diff).
package margin

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/scenario"
)

// directScenarioPnL returns the book's own scenario set and its P&L in
// every scenario by direct revaluation of a's items.
func directScenarioPnL(a *account) (*scenario.Set, []float64, error) {
	own, err := scenario.Build(a.m, bookAssets(a.book), a.rp.scenarioParams(a.m))
	if err != nil {
		return nil, nil, err
	}
	pnl := make([]float64, len(own.Scenarios))
	for i := range a.items {
		it := &a.items[i]
		ai, ok := own.Index(a.set.Assets[it.asset])
		if !ok {
			return nil, nil, fmt.Errorf("item asset %s not in the book's own set", a.set.Assets[it.asset])
		}
		in := it.inst
		for j := range own.Scenarios {
			mv, moved := own.MoveOf(ai, j)
			if !moved {
				continue
			}
			if it.linear() {
				pnl[j] += it.delta * mv.Return
				continue
			}
			p := pricing.Black76Price(in.key.right, in.forward*(1+mv.Return), in.key.strike, in.volFor(mv.Vol), in.years, a.rate)
			pnl[j] += it.quantity * (p - in.price)
		}
	}
	return own, pnl, nil
}

// DirectInitial is the book's unified initial requirement with the
// scenario component from the direct revaluation (the liquidity add-on and
// the contingencies are the kernel's: they are not risk-array sums). For
// checks only. Errors: portfolio.Check's and the scenario set's.
func DirectInitial(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams) (float64, error) {
	if err := portfolio.Check(book, m); err != nil {
		return 0, err
	}
	c, err := Compile(m, rp)
	if err != nil {
		return 0, err
	}
	a, r := computeUnified(book, c)
	own, pnl, err := directScenarioPnL(a)
	if err != nil {
		return 0, err
	}
	var worst float64
	for j := range own.Scenarios {
		if sc := &own.Scenarios[j]; sc.InRequirement {
			worst = max(worst, -pnl[j]*sc.Fraction)
		}
	}
	u := r.unified
	return worst + u.Components.Liquidity + u.Components.Contingency, nil
}
