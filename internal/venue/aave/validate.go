// The pool configurator's rules on risk parameters, so that a parameter set
// (built in or overridden) is one the real pool could hold.
package aave

import (
	"fmt"

	"github.com/holiman/uint256"
)

// maxDebtCeiling is ReserveConfiguration.MAX_VALID_DEBT_CEILING (40 bits).
const maxDebtCeiling = 1<<40 - 1

// ruleError says which reserve or e-mode category breaks a configurator rule.
type ruleError struct {
	reserve string // "" when the rule is about a category alone
	emode   uint8  // 0 when the rule is about a reserve alone
	reason  string
}

func (e *ruleError) Error() string {
	switch {
	case e.reserve != "" && e.emode != 0:
		return fmt.Sprintf("reserve %s in e-mode category %d: %s", e.reserve, e.emode, e.reason)
	case e.reserve != "":
		return fmt.Sprintf("reserve %s: %s", e.reserve, e.reason)
	}
	return fmt.Sprintf("e-mode category %d: %s", e.emode, e.reason)
}

// validate applies the rules of PoolConfigurator (aave-v3-core v1.19.0):
// configureReserveAsCollateral (ltv ≤ LT; with LT ≠ 0 the bonus is above
// 100% and LT.percentMul(bonus) ≤ 100%; with LT = 0 the bonus is 0),
// setEModeCategory (ltv and LT non-zero, ltv ≤ LT, the same bonus rules, and,
// before v3.2, strictly above the ltv and LT of every reserve in the
// category) and setAssetEModeCategory (the category exists; before v3.2 with
// an LT above the reserve's): validateMembership.
// Reserves are checked in symbol order so the error is deterministic.
func (s *Set) validate() *ruleError {
	for _, sym := range s.symbols() {
		if err := s.Reserves[sym].validate(); err != nil {
			return err
		}
	}
	for _, id := range s.emodeIDs() {
		if err := s.EModes[id].validate(); err != nil {
			return err
		}
	}
	var known categorySet
	for id := range s.EModes {
		known.put(id, true)
	}
	for _, sym := range s.symbols() {
		if err := s.validateMembership(s.Reserves[sym], &known); err != nil {
			return err
		}
	}
	return nil
}

// validateMembership checks the categories that list r. Every one must
// exist (a liquid category list names its category, which then needs its
// ltv, threshold and bonus: EMode.validate). Before v3.2 the configurator
// also required a category's ltv and threshold strictly above those of each
// reserve in it (setAssetEModeCategory, setEModeCategory, v1.19.0); v3.2
// dropped that rule ("eMode creation no longer validates that all assets
// have LT < eMode LT", docs/3.2/Aave-3.2-features.md at tag v3.2.0), so it
// holds only for a set without liquid eModes.
func (s *Set) validateMembership(r *Reserve, known *categorySet) *ruleError {
	for _, bits := range []*categorySet{&r.EModeCollateral, &r.EModeBorrowable} {
		if missing := bits.without(known); missing.lowest() != 0 {
			return &ruleError{reserve: r.Symbol, emode: missing.lowest(), reason: "the category does not exist"}
		}
	}
	if s.LiquidEModes {
		return nil
	}
	if k := r.legacyEMode(); k != 0 {
		e, sym := s.EModes[k], r.Symbol
		switch {
		case e.LTV <= r.LTV:
			return &ruleError{reserve: sym, emode: e.ID,
				reason: fmt.Sprintf("category ltv %d must be above the reserve's %d", e.LTV, r.LTV)}
		case e.LiquidationThreshold <= r.LiquidationThreshold:
			return &ruleError{reserve: sym, emode: e.ID,
				reason: fmt.Sprintf("category liquidationThreshold %d must be above the reserve's %d",
					e.LiquidationThreshold, r.LiquidationThreshold)}
		}
	}
	return nil
}

func (r *Reserve) validate() *ruleError {
	fail := func(format string, args ...any) *ruleError {
		return &ruleError{reserve: r.Symbol, reason: fmt.Sprintf(format, args...)}
	}
	if r.LTV > r.LiquidationThreshold {
		return fail("ltv %d must be ≤ liquidationThreshold %d", r.LTV, r.LiquidationThreshold)
	}
	if r.DebtCeiling > maxDebtCeiling {
		return fail("debtCeiling %d is above the maximum %d", r.DebtCeiling, uint64(maxDebtCeiling))
	}
	if r.LiquidationThreshold == 0 {
		if r.LiquidationBonus != 0 {
			return fail("liquidationBonus must be 0 when liquidationThreshold is 0, not %d", r.LiquidationBonus)
		}
		return nil
	}
	return bonusRule(r.LiquidationThreshold, r.LiquidationBonus, fail)
}

func (e *EMode) validate() *ruleError {
	fail := func(format string, args ...any) *ruleError {
		return &ruleError{emode: e.ID, reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case e.LTV == 0 || e.LiquidationThreshold == 0:
		return fail("ltv and liquidationThreshold must be non-zero (ltv %d, liquidationThreshold %d)",
			e.LTV, e.LiquidationThreshold)
	case e.LTV > e.LiquidationThreshold:
		return fail("ltv %d must be ≤ liquidationThreshold %d", e.LTV, e.LiquidationThreshold)
	}
	return bonusRule(e.LiquidationThreshold, e.LiquidationBonus, fail)
}

// bonusRule: the bonus is above 100.00% and LT.percentMul(bonus) ≤ 100.00%,
// so that at the threshold the collateral covers the debt plus the bonus.
func bonusRule(lt, bonus uint16, fail func(string, ...any) *ruleError) *ruleError {
	if bonus <= 1e4 {
		return fail("liquidationBonus %d must be above 10000 (100%%)", bonus)
	}
	var z uint256.Int
	_ = percentMulHalfUp(&z, uint256.NewInt(uint64(lt)), uint256.NewInt(uint64(bonus))) // small operands
	if z.Uint64() > 1e4 {
		return fail("liquidationThreshold %d × liquidationBonus %d must be ≤ 100%% (is %d bps)", lt, bonus, z.Uint64())
	}
	return nil
}
