// From the pool's integer account data to equity-terms USD figures.
package aave

import (
	"math"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/venue"
)

// baseUnitsPerUSD is 10^priceDecimals: the base currency is USD × 1e8.
const baseUnitsPerUSD = 1e8

// toResult translates the account data into equity terms (package doc):
//
//	collateral_value = C,  equity = C + S − D,
//	initial = C + S − borrowing power,  maintenance = C + S − Σc·LT,
//
// with borrowing power = percentMul(C, avgLTV) and Σc·LT = percentMul(C, avgLT)
// in v3.0.2, computed as exact integers and only then converted to USD.
// equity < maintenance ⇔ Σc·LT < D, which is the integer health factor below
// 1e18 except where the health factor's own rounding decides otherwise (in
// v3.0.2 wadDiv rounds half up, lifting a quotient just under 1 to exactly
// 1e18; possible only for D ≥ 2e18, $20 billion of debt). There the health
// factor wins: maintenance is set to equity (not liquidatable) or to equity
// plus one base unit (liquidatable). If the float conversion makes two
// different integers equal, maintenance is raised by one ulp so that
// `liquidatable` still agrees with the health factor.
func toResult(d *AccountData) (venue.Result, error) {
	var cs, initial, maintenance uint256.Int
	if _, overflow := cs.AddOverflow(&d.CollateralBase, &d.SupplyBase); overflow {
		return venue.Result{}, errRevert
	}
	initial.Sub(&cs, &d.BorrowPowerBase)   // BorrowPowerBase ≤ C (avgLTV ≤ 100%)
	maintenance.Sub(&cs, &d.ThresholdBase) // ThresholdBase ≤ C (avgLT ≤ 100%)
	liquidatable := !d.DebtBase.IsZero() && d.Liquidatable()
	if liquidatable != d.ThresholdBase.Lt(&d.DebtBase) {
		// maintenance = max(equity + (1 if liquidatable), 0). When the pool
		// does not liquidate, C ≥ D (LT ≤ 99.99%) so equity ≥ 0; when it does
		// and equity < 0, maintenance 0 already exceeds equity.
		maintenance.Clear()
		if !cs.Lt(&d.DebtBase) {
			maintenance.Sub(&cs, &d.DebtBase)
			if liquidatable {
				maintenance.AddUint64(&maintenance, 1)
			}
		}
	}
	r := venue.Result{
		CollateralValue: usd(&d.CollateralBase),
		Equity:          signedUSD(&cs, &d.DebtBase),
		Initial:         usd(&initial),
		Maintenance:     usd(&maintenance),
	}
	if liquidatable && !(r.Equity < r.Maintenance) {
		r.Maintenance = math.Nextafter(r.Equity, math.Inf(1))
	}
	if !d.DebtBase.IsZero() {
		h := d.HealthFactor.Float64() / 1e18
		r.Health = &h
	}
	return r, nil
}

// usd converts base-currency units to USD. Exact integers below 2^53 give the
// correctly rounded quotient; the conversion is monotone everywhere, so the
// order of two figures survives it (ties aside).
func usd(x *uint256.Int) float64 { return x.Float64() / baseUnitsPerUSD }

// signedUSD returns (pos − neg) in USD.
func signedUSD(pos, neg *uint256.Int) float64 {
	var z uint256.Int
	if pos.Lt(neg) {
		z.Sub(neg, pos)
		return -usd(&z)
	}
	z.Sub(pos, neg)
	return usd(&z)
}
