// The user's account at the pool and its integer account data: the
// reproduction of GenericLogic.calculateUserAccountData.
package aave

import (
	"github.com/holiman/uint256"
)

// line is one reserve of the user's account, balances in base units.
type line struct {
	reserve    *Reserve
	priceE8    uint256.Int // oracle price, 8 decimals
	unit       uint256.Int // 10^decimals
	collateral uint256.Int // supplied and enabled as collateral
	supply     uint256.Int // supplied, not used as collateral
	debt       uint256.Int
	// Set by compute, read by the liquidation form (solve.go): the line's
	// counted collateral value and the liquidation threshold it counts at
	// (0 when it does not count), and its debt value, in base currency.
	countedValue uint256.Int
	countedLT    uint64
	debtValue    uint256.Int
}

// account is what the pool knows of one user: the e-mode category and one
// line per reserve touched, in order of first appearance.
type account struct {
	emode *EMode // nil outside e-mode
	lines []*line
}

// collateralParams is the one rule for the LTV, liquidation threshold and
// liquidation bonus (bps) at which reserve r counts as the account's
// collateral: the e-mode category's when the account is in a category whose
// collateral set holds r, else the reserve's own. Aave v3.2 (aave-dao/
// aave-v3-origin tag v3.2.0, commit 7c6023e64a1c462f138997ec122d49a97a3d4890)
// tests EModeConfiguration.isReserveEnabledOnBitmap(category.collateralBitmap,
// reserve id) in GenericLogic.calculateUserAccountData (LTV and LT) and in
// LiquidationLogic.executeLiquidationCall (bonus); v3.0.2 tested the
// reserve's single eModeCategory, which Reserve.setLegacyEMode turns into
// the same set. The health factor, the borrow gate and the liquidation call
// all read it here.
func (a *account) collateralParams(r *Reserve) (ltv, lt, bonus uint16) {
	if e := a.emode; e != nil && r.EModeCollateral.has(e.ID) {
		return e.LTV, e.LiquidationThreshold, e.LiquidationBonus
	}
	return r.LTV, r.LiquidationThreshold, r.LiquidationBonus
}

// canBorrow reports whether the account may borrow r: outside e-mode any
// reserve, in category k only those of k's borrowable set
// (ValidationLogic.validateBorrow v3.2: NOT_BORROWABLE_IN_EMODE;
// validateSetUserEMode refuses to enter k while borrowing anything else).
func (a *account) canBorrow(r *Reserve) bool {
	return a.emode == nil || r.EModeBorrowable.has(a.emode.ID)
}

// AccountData is the pool's view of the account (getUserAccountData), in the
// base currency (USD × 1e8), basis points and WAD.
type AccountData struct {
	CollateralBase       uint256.Int // totalCollateralBase
	DebtBase             uint256.Int // totalDebtBase
	SupplyBase           uint256.Int // supply not used as collateral (unimargin's addition)
	AvgLTV               uint256.Int // ltv (bps)
	AvgLT                uint256.Int // currentLiquidationThreshold (bps)
	BorrowPowerBase      uint256.Int // totalCollateralBase.percentMul(ltv): borrowing power
	ThresholdBase        uint256.Int // Σ c·LT as the release computes it (the HF numerator)
	HealthFactor         uint256.Int // WAD; type(uint256).max without debt
	HasZeroLTVCollateral bool
}

// AvailableBorrowsBase is GenericLogic.calculateAvailableBorrows: borrowing
// power minus debt, floored at 0.
func (d *AccountData) AvailableBorrowsBase() uint256.Int {
	var z uint256.Int
	if d.BorrowPowerBase.Gt(&d.DebtBase) {
		z.Sub(&d.BorrowPowerBase, &d.DebtBase)
	}
	return z
}

// Liquidatable reports the pool's rule: health factor below 1.0 (1e18).
func (d *AccountData) Liquidatable() bool { return d.HealthFactor.Lt(wad) }

// compute runs calculateUserAccountData over the account with the release's
// arithmetic (the loop is the same in every v3 release; finish differs). A reserve counts as collateral when the user enabled it and its
// liquidation threshold is not 0; in e-mode, reserves in the collateral set
// of the user's category use the category's LTV and threshold
// (collateralParams), but a reserve with its own LTV of 0
// still adds no borrowing power (the `vars.ltv != 0` test uses the reserve's
// own LTV). errRevert is returned where the contract would revert.
func (a *arithmetic) compute(acct *account) (AccountData, error) {
	// The release's functions take pointers, so these live on the heap:
	// one allocation for all of them.
	sums := new(struct {
		d                   AccountData
		ltvSum, ltSum, v, w uint256.Int
	})
	d, ltvSum, ltSum, v, w := &sums.d, &sums.ltvSum, &sums.ltSum, &sums.v, &sums.w
	for _, l := range acct.lines {
		r := l.reserve
		if !l.collateral.IsZero() && r.LiquidationThreshold != 0 {
			if err := a.collateralValue(v, &l.priceE8, &l.collateral, &l.unit); err != nil {
				return *d, err
			}
			if err := addChecked(&d.CollateralBase, v); err != nil {
				return *d, err
			}
			ltv, lt, _ := acct.collateralParams(r)
			if r.LTV != 0 {
				if err := mulAddChecked(ltvSum, v, uint64(ltv), w); err != nil {
					return *d, err
				}
			} else {
				d.HasZeroLTVCollateral = true
			}
			if err := mulAddChecked(ltSum, v, uint64(lt), w); err != nil {
				return *d, err
			}
			l.countedValue, l.countedLT = *v, uint64(lt)
		}
		if !l.supply.IsZero() {
			if err := a.collateralValue(v, &l.priceE8, &l.supply, &l.unit); err != nil {
				return *d, err
			}
			if err := addChecked(&d.SupplyBase, v); err != nil {
				return *d, err
			}
		}
		if !l.debt.IsZero() {
			if err := a.debtValue(v, &l.priceE8, &l.debt, &l.unit); err != nil {
				return *d, err
			}
			l.debtValue = *v
			if err := addChecked(&d.DebtBase, v); err != nil {
				return *d, err
			}
		}
	}
	err := a.finish(d, ltvSum, ltSum) // completes d: read it after
	return *d, err
}

func addChecked(sum, x *uint256.Int) error {
	if _, overflow := sum.AddOverflow(sum, x); overflow {
		return errRevert
	}
	return nil
}

// mulAddChecked adds x·k to sum with Solidity 0.8's checked arithmetic;
// scratch is overwritten.
func mulAddChecked(sum, x *uint256.Int, k uint64, scratch *uint256.Int) error {
	var kk uint256.Int
	kk.SetUint64(k)
	if _, overflow := scratch.MulOverflow(x, &kk); overflow {
		return errRevert
	}
	return addChecked(sum, scratch)
}
