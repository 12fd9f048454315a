// From the pool's integer account data to equity-terms USD figures.
package aave

import (
	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/venue"
)

// baseUnitsPerUSD is 10^priceDecimals: the base currency is USD × 1e8.
const baseUnitsPerUSD = 1e8

// toResult translates the account data into equity terms with the lending
// rule of DESIGN.md (venue.Lending): with C the collateral Aave counts, S
// the supply it does not, D the debt,
//
//	collateral_value = C,  equity = C + S − D,
//	initial     = D·(C − borrowing power)/borrowing power,
//	maintenance = D·(C − Σc·LT)/Σc·LT,
//
// with borrowing power = percentMul(C, avgLTV) and Σc·LT = percentMul(C,
// avgLT) (the health factor's numerator) as v3.0.2 computes them, so that
// equity − S < maintenance ⇔ Σc·LT < D. Where the health factor's own
// rounding decides otherwise (v3.0.2's wadDiv rounds half up, lifting a
// quotient just under 1 to exactly 1e18; possible only for D ≥ 2e18, $20
// billion of debt) the health factor wins (venue.Lending.Result).
func toResult(d *AccountData) (venue.Result, error) {
	var cs uint256.Int
	if _, overflow := cs.AddOverflow(&d.CollateralBase, &d.SupplyBase); overflow {
		return venue.Result{}, errRevert
	}
	l := venue.Lending{Collateral: d.CollateralBase, Supply: d.SupplyBase, Debt: d.DebtBase,
		BorrowPower: d.BorrowPowerBase, Threshold: d.ThresholdBase,
		Liquidatable: !d.DebtBase.IsZero() && d.Liquidatable(), UnitsPerUSD: baseUnitsPerUSD}
	r := l.Result()
	if !d.DebtBase.IsZero() {
		h := d.HealthFactor.Float64() / 1e18
		r.Health = &h
	}
	return r, nil
}
