// The integer arithmetic of one deployed Aave version. Each parameter set
// names the version whose code its pool ran, so that a later set (Aave v3.5+,
// which rounds collateral down and debt up) can select different rounding
// without touching the account logic in account.go.
package aave

import (
	"errors"

	"github.com/holiman/uint256"
)

// errRevert is returned where the Solidity code would revert: a checked
// multiplication or addition overflows 256 bits, or a percentMul / wadDiv
// guard fails. The model reports it as an input error (the venue could not
// hold such an account).
var errRevert = errors.New("overflows the pool's 256-bit arithmetic (the contract would revert)")

// Arithmetic names the integer arithmetic of one Aave code release.
type Arithmetic string

// ArithmeticV302 is Aave v3.0.2 (aave-v3-core 1.19.x), verified against tag
// v1.19.0 (commit 110cf9d5cc9403748df5e1171e2108e5c4d4aa19, 2023-07-04):
//
//   - GenericLogic._getUserBalanceInBaseCurrency and _getUserDebtInBaseCurrency:
//     value = balance * assetPrice (checked) / assetUnit, floor division, for
//     collateral and debt alike;
//   - GenericLogic.calculateUserAccountData: avgLtv and avgLiquidationThreshold
//     are Σ value_i·bps_i / totalCollateral, floor division (in an unchecked
//     block; the sums themselves are checked);
//     healthFactor = totalCollateral.percentMul(avgLT).wadDiv(totalDebt),
//     type(uint256).max without debt;
//   - PercentageMath.percentMul: (value*percentage + 0.5e4) / 1e4, half up,
//     reverting when value > (MAX − 0.5e4) / percentage;
//   - WadRayMath.wadDiv: (a*1e18 + b/2) / b, half up, reverting when b = 0 or
//     a > (MAX − b/2) / 1e18.
const ArithmeticV302 Arithmetic = "aave-v3.0.2"

// Constants of PercentageMath and WadRayMath.
var (
	percentageFactor     = uint256.NewInt(1e4)
	halfPercentageFactor = uint256.NewInt(0.5e4)
	wad                  = uint256.NewInt(1e18)
	maxUint256           = new(uint256.Int).SetAllOne()
)

// arithmetic is the integer arithmetic of one release: how a balance becomes
// a base-currency value, and how the per-reserve sums become the account
// data. Later releases change both: aave-v3-origin (GenericLogic at commit
// 00cec2283ba71bbb2330c637b8dc5b019e00adcc, v3.5+) rounds debt values up
// (MathUtils.mulDivCeil), computes HF = Σ(value·LT).wadDiv(debt) / 1e4 without
// the floored average threshold, and floors available borrows
// (percentMulFloor). A parameter set of such a pool names its own entry here;
// account.go and result.go need no change.
type arithmetic struct {
	name Arithmetic
	// collateralValue sets z to the base-currency value of a supplied balance.
	collateralValue func(z, price, balance, unit *uint256.Int) error
	// debtValue sets z to the base-currency value of a debt balance.
	debtValue func(z, price, balance, unit *uint256.Int) error
	// finish completes d (averages, borrowing power, HF numerator, health
	// factor) from its CollateralBase and DebtBase and the sums Σ value·ltv
	// and Σ value·lt over the collateral.
	finish func(d *AccountData, ltvSum, ltSum *uint256.Int) error
}

var arithmetics = map[Arithmetic]*arithmetic{
	ArithmeticV302: {
		name:            ArithmeticV302,
		collateralValue: valueFloor,
		debtValue:       valueFloor,
		finish:          finishV302,
	},
}

// finishV302 is the tail of calculateUserAccountData in v3.0.x (with
// calculateAvailableBorrows' percentMul): floored averages, then
// HF = percentMul(C, avgLT).wadDiv(D), type(uint256).max without debt.
func finishV302(d *AccountData, ltvSum, ltSum *uint256.Int) error {
	if !d.CollateralBase.IsZero() {
		d.AvgLTV.Div(ltvSum, &d.CollateralBase)
		d.AvgLT.Div(ltSum, &d.CollateralBase)
	}
	if err := percentMulHalfUp(&d.BorrowPowerBase, &d.CollateralBase, &d.AvgLTV); err != nil {
		return err
	}
	if err := percentMulHalfUp(&d.ThresholdBase, &d.CollateralBase, &d.AvgLT); err != nil {
		return err
	}
	if d.DebtBase.IsZero() {
		d.HealthFactor.Set(maxUint256)
		return nil
	}
	return wadDivHalfUp(&d.HealthFactor, &d.ThresholdBase, &d.DebtBase)
}

// valueFloor is price * balance / unit with floor division (v3.0.x).
func valueFloor(z, price, balance, unit *uint256.Int) error {
	if _, overflow := z.MulOverflow(price, balance); overflow {
		return errRevert
	}
	z.Div(z, unit)
	return nil
}

// percentMulHalfUp is PercentageMath.percentMul of v3.0.x.
func percentMulHalfUp(z, value, bps *uint256.Int) error {
	if !bps.IsZero() {
		var limit uint256.Int
		limit.Sub(maxUint256, halfPercentageFactor)
		limit.Div(&limit, bps)
		if value.Gt(&limit) {
			return errRevert
		}
	}
	z.Mul(value, bps)
	z.Add(z, halfPercentageFactor)
	z.Div(z, percentageFactor)
	return nil
}

// wadDivHalfUp is WadRayMath.wadDiv of v3.0.x.
func wadDivHalfUp(z, a, b *uint256.Int) error {
	if b.IsZero() {
		return errRevert
	}
	var half, limit uint256.Int
	half.Rsh(b, 1)
	limit.Sub(maxUint256, &half)
	limit.Div(&limit, wad)
	if a.Gt(&limit) {
		return errRevert
	}
	z.Mul(a, wad)
	z.Add(z, &half)
	z.Div(z, b)
	return nil
}
