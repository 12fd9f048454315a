// Aave's liquidation-price solver. The pool liquidates when HF < 1, i.e.
// percentMul(C, avgLT) < D with avgLT = ⌊Σ c·LT / C⌋ (finishV302): each
// collateral value c and debt value linear in its reserve's oracle price.
// When every counted collateral has one threshold, avgLT is that threshold
// at any price and the test is linear in a moved price: the root is a
// closed form. With several thresholds the floored average moves with the
// price (a step of up to 1 bp each time it crosses an integer, so the test
// is not linear and may jump): such an account is left to the generic
// search. The figures are those Margin computed (compute records each
// line's counted value, its threshold and its debt value): the same build,
// e-mode, isolation and threshold rules, no second copy.
package aave

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// PriceSolver returns v's solver, from one run of the model at m's prices:
// a venue.Linear form Σ c·LT/10⁴ − D in USD (its sign is the cushion's:
// venue.Lending, equity − S < maintenance ⇔ Σc·LT < D), or nil (the
// generic search) when the counted collateral has several thresholds.
func (Model) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (venue.PriceSolver, error) {
	_, _, b, err := run(v, m)
	if err != nil {
		return nil, err
	}
	form := &venue.Linear{}
	lt := uint64(0)
	for i, l := range b.acct.lines {
		asset := b.symbols[i]
		if !l.countedValue.IsZero() {
			if lt != 0 && l.countedLT != lt {
				return nil, nil
			}
			lt = l.countedLT
		}
		// Today's values as the pool floors them and, per unit of a
		// price factor, the unfloored ones (spot × balance), which a
		// moved line scales: a floored figure scaled up scales its
		// rounding.
		spot := m.VenueSpot(v.ID, asset) / l.unit.Float64()
		if l.countedLT != 0 {
			form.Add(asset, l.countedValue.Float64()*float64(l.countedLT)/1e4/baseUnitsPerUSD,
				spot*l.collateral.Float64()*float64(l.countedLT)/1e4)
		}
		form.Add(asset, -l.debtValue.Float64()/baseUnitsPerUSD, -spot*l.debt.Float64())
	}
	return form, nil
}
