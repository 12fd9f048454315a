// Greeks of the account per root asset, across all venues, collateral
// included, after look-through.
package margin

// rootExposure is item i's USD delta to each root: ∂V/∂ln P_root. A wrapper's
// price moves with its roots by value share (scenario.Beta), so a wrapper
// holding's USD delta is its own value spread over its roots: 5 WBTC at
// 89,900 with BTC at 90,000 has a BTC delta of 4.994 (89,900·5/90,000).
func (a *account) rootExposure(i int, visit func(root int, deltaUSD float64, beta float64)) {
	it := &a.items[i]
	for _, b := range a.roots[it.asset] {
		visit(b.Asset, it.delta*b.Beta, b.Beta)
	}
}

// greeks returns the Greeks per root symbol and each root's USD delta by set
// index. Options convert Black-76 forward Greeks to spot Greeks with
// ∂F/∂S = F/S; vega and theta (forward held fixed, per year) of an option on
// a wrapper are split over its roots by Beta (value share).
func (a *account) greeks() (map[string]Greeks, []float64) {
	n := len(a.set.Assets)
	deltaUSD, gamma, vega, theta := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range a.items {
		it := &a.items[i]
		a.rootExposure(i, func(root int, d, beta float64) {
			deltaUSD[root] += d
			if it.kind != kindOption {
				return
			}
			price := a.m.Spot(a.set.Assets[root])
			// ∂²V/∂P² = q·Γ_F·(∂F/∂P)², ∂F/∂P = F·β/P.
			dF := it.inst.forward * beta / price
			gamma[root] += it.quantity * it.inst.gamma * dF * dF
			vega[root] += it.quantity * it.inst.vega * beta
			theta[root] += it.quantity * it.inst.theta * beta
		})
	}
	out := map[string]Greeks{}
	for r, sym := range a.set.Assets {
		if !a.set.IsRoot(r) || !a.mask.InClosure(r) {
			continue // the report lists the roots of the book's own assets
		}
		price := a.m.Spot(sym)
		out[sym] = Greeks{
			Delta: deltaUSD[r] / price, Gamma: gamma[r], Vega: vega[r], Theta: theta[r],
			DeltaUSD: deltaUSD[r], GammaUSD: gamma[r] * price * price / 100,
			VegaUSD: vega[r] * 0.01, ThetaUSD: theta[r] / 365,
		}
	}
	return out, deltaUSD
}
