// Aave v3: one LiquidationLogic.executeLiquidationCall, in the integer
// arithmetic of the contract.
//
// v3.0.2 (aave-v3-core 1.19, the built-in set's code), _calculateDebt and
// _calculateAvailableCollateralToLiquidate:
//
//	closeFactor          = HF > 0.95e18 ? 50% : 100%
//	maxLiquidatableDebt  = userReserveDebt.percentMul(closeFactor)          (half-up)
//	actualDebt           = min(debtToCover, maxLiquidatableDebt)
//	baseCollateral       = debtPrice·actualDebt·collUnit / (collPrice·debtUnit)   (floor)
//	maxCollateral        = baseCollateral.percentMul(bonus)                 (half-up)
//	if maxCollateral > userCollateral:
//	    collateral = userCollateral
//	    debtNeeded = (collPrice·collateral·debtUnit / (debtPrice·collUnit)).percentDiv(bonus)
//	else collateral = maxCollateral, debtNeeded = actualDebt
//	bonusCollateral = collateral − collateral.percentDiv(bonus)             (half-up)
//	protocolFee     = bonusCollateral.percentMul(liquidationProtocolFee)    (half-up)
//	liquidator gets collateral − protocolFee; the account loses collateral.
//
// v3.3 (aave-dao/aave-v3-origin docs/3.3/Aave-v3.3-features.md §2): the
// 50% applies to the user's total debt in base currency and only when the
// reserve's collateral and debt are both ≥ MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD
// ($2,000) and HF > 0.95; otherwise 100% of the reserve's debt. A call that
// leaves debt or collateral of the pair below MIN_LEFTOVER_BASE (half the
// threshold) without clearing either reverts (MustNotLeaveDust).
package liquidation

import (
	"errors"
	"fmt"
	"sort"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/aave"
)

// AaveVersion selects the liquidation semantics.
type AaveVersion int

// Aave releases whose liquidation rules differ.
const (
	AaveV302 AaveVersion = iota // aave-v3-core 1.19: per-reserve close factor
	AaveV33                     // v3.3: total-debt close factor, size threshold, dust rule
)

// Constants of LiquidationLogic.
var (
	closeFactorHFThreshold = uint256.NewInt(950_000_000_000_000_000) // 0.95e18
	// DefaultMinBaseMaxCloseFactorThreshold is v3.3's $2,000 in base currency (1e8).
	DefaultMinBaseMaxCloseFactorThreshold = uint256.NewInt(2000_0000_0000)
)

const (
	defaultCloseFactorBps = 5000
	maxCloseFactorBps     = 10000
	percentageFactor      = 10000
)

// ErrMustNotLeaveDust is v3.3's MustNotLeaveDust revert.
var ErrMustNotLeaveDust = errors.New("aave: liquidation would leave dust (MustNotLeaveDust)")

// AaveCall is the input of one liquidation call. Amounts are base units of
// their reserve; prices 8-decimal USD; HF and the base-currency figures as
// the pool computes them.
type AaveCall struct {
	Version        AaveVersion
	HealthFactor   uint256.Int // WAD
	TotalDebtBase  uint256.Int // v3.3: the user's total debt, base currency
	DebtPriceE8    uint256.Int
	DebtDecimals   uint8
	UserDebt       uint256.Int
	CollPriceE8    uint256.Int
	CollDecimals   uint8
	UserCollateral uint256.Int
	DebtToCover    uint256.Int // the liquidator's request; max uint256 = all allowed
	Bonus          uint16      // bps including 10000
	ProtocolFee    uint16      // bps of the bonus
	// MinBaseThreshold is v3.3's MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD; nil = $2,000.
	MinBaseThreshold *uint256.Int
}

// AaveOutcome is what the call moves, in base units.
type AaveOutcome struct {
	MaxLiquidatableDebt uint256.Int
	DebtRepaid          uint256.Int // taken from the liquidator, debt burned
	CollateralSeized    uint256.Int // leaves the account (liquidator's share + fee)
	ProtocolFee         uint256.Int // the treasury's share of CollateralSeized
}

func pow10u(n uint8) *uint256.Int {
	return new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(uint64(n)))
}

// percentMul is PercentageMath.percentMul: (x·p + 5000) / 10000.
func percentMul(x *uint256.Int, p uint64) *uint256.Int {
	z := new(uint256.Int).Mul(x, uint256.NewInt(p))
	z.Add(z, uint256.NewInt(percentageFactor/2))
	return z.Div(z, uint256.NewInt(percentageFactor))
}

// percentDiv is PercentageMath.percentDiv: (x·10000 + p/2) / p.
func percentDiv(x *uint256.Int, p uint64) *uint256.Int {
	z := new(uint256.Int).Mul(x, uint256.NewInt(percentageFactor))
	z.Add(z, uint256.NewInt(p/2))
	return z.Div(z, uint256.NewInt(p))
}

// baseValue is price·amount / unit (floor), the base-currency value.
func baseValue(price, amount *uint256.Int, decimals uint8) *uint256.Int {
	z := new(uint256.Int).Mul(price, amount)
	return z.Div(z, pow10u(decimals))
}

// Liquidate runs the call. It returns ErrMustNotLeaveDust where v3.3
// reverts; the caller checks HF < 1 before (validateLiquidationCall).
func (c *AaveCall) Liquidate() (AaveOutcome, error) {
	var out AaveOutcome
	debtUnit, collUnit := pow10u(c.DebtDecimals), pow10u(c.CollDecimals)
	switch c.Version {
	case AaveV302:
		cf := uint64(defaultCloseFactorBps)
		if !c.HealthFactor.Gt(closeFactorHFThreshold) {
			cf = maxCloseFactorBps
		}
		out.MaxLiquidatableDebt = *percentMul(&c.UserDebt, cf)
	case AaveV33:
		threshold := c.MinBaseThreshold
		if threshold == nil {
			threshold = DefaultMinBaseMaxCloseFactorThreshold
		}
		out.MaxLiquidatableDebt = c.UserDebt
		collBase := baseValue(&c.CollPriceE8, &c.UserCollateral, c.CollDecimals)
		debtBase := baseValue(&c.DebtPriceE8, &c.UserDebt, c.DebtDecimals)
		if !collBase.Lt(threshold) && !debtBase.Lt(threshold) && c.HealthFactor.Gt(closeFactorHFThreshold) {
			capBase := percentMul(&c.TotalDebtBase, defaultCloseFactorBps)
			if debtBase.Gt(capBase) {
				m := new(uint256.Int).Mul(capBase, debtUnit)
				out.MaxLiquidatableDebt = *m.Div(m, &c.DebtPriceE8)
			}
		}
	default:
		return out, fmt.Errorf("aave: unknown version %d", c.Version)
	}
	actualDebt := new(uint256.Int).Set(&c.DebtToCover)
	if actualDebt.Gt(&out.MaxLiquidatableDebt) {
		actualDebt.Set(&out.MaxLiquidatableDebt)
	}
	bonus := uint64(c.Bonus)
	// baseCollateral = debtPrice·debt·collUnit / (collPrice·debtUnit)
	num := new(uint256.Int).Mul(&c.DebtPriceE8, actualDebt)
	num.Mul(num, collUnit)
	den := new(uint256.Int).Mul(&c.CollPriceE8, debtUnit)
	baseCollateral := new(uint256.Int).Div(num, den)
	maxCollateral := percentMul(baseCollateral, bonus)
	collateral, debtNeeded := maxCollateral, actualDebt
	if maxCollateral.Gt(&c.UserCollateral) {
		collateral = new(uint256.Int).Set(&c.UserCollateral)
		n := new(uint256.Int).Mul(&c.CollPriceE8, collateral)
		n.Mul(n, debtUnit)
		d := new(uint256.Int).Mul(&c.DebtPriceE8, collUnit)
		debtNeeded = percentDiv(n.Div(n, d), bonus)
	}
	out.DebtRepaid = *debtNeeded
	out.CollateralSeized = *collateral
	if c.ProtocolFee != 0 {
		bonusCollateral := new(uint256.Int).Sub(collateral, percentDiv(collateral, bonus))
		out.ProtocolFee = *percentMul(bonusCollateral, uint64(c.ProtocolFee))
	}
	if c.Version == AaveV33 && out.DebtRepaid.Lt(&c.UserDebt) && out.CollateralSeized.Lt(&c.UserCollateral) {
		leftover := new(uint256.Int).Rsh(thresholdOr(c.MinBaseThreshold), 1)
		debtLeft := new(uint256.Int).Sub(&c.UserDebt, &out.DebtRepaid)
		collLeft := new(uint256.Int).Sub(&c.UserCollateral, &out.CollateralSeized)
		if baseValue(&c.DebtPriceE8, debtLeft, c.DebtDecimals).Lt(leftover) ||
			baseValue(&c.CollPriceE8, collLeft, c.CollDecimals).Lt(leftover) {
			return out, ErrMustNotLeaveDust
		}
	}
	return out, nil
}

func thresholdOr(t *uint256.Int) *uint256.Int {
	if t == nil {
		return DefaultMinBaseMaxCloseFactorThreshold
	}
	return t
}

// aavePair picks the liquidator's pair: the reserve with the largest debt in
// base currency, and the collateral reserve with the highest bonus (ties:
// larger collateral value, then symbol). ok is false without debt or
// collateral.
func aavePair(st *aave.LiquidationState) (debt, coll *aave.ReserveState, ok bool) {
	type ranked struct {
		r     *aave.ReserveState
		value *uint256.Int
	}
	var debts, colls []ranked
	for i := range st.Reserves {
		r := &st.Reserves[i]
		if !r.Debt.IsZero() {
			debts = append(debts, ranked{r, baseValue(&r.PriceE8, &r.Debt, r.Decimals)})
		}
		if !r.Collateral.IsZero() {
			colls = append(colls, ranked{r, baseValue(&r.PriceE8, &r.Collateral, r.Decimals)})
		}
	}
	if len(debts) == 0 || len(colls) == 0 {
		return nil, nil, false
	}
	sort.SliceStable(debts, func(i, j int) bool {
		if c := debts[i].value.Cmp(debts[j].value); c != 0 {
			return c > 0
		}
		return debts[i].r.Symbol < debts[j].r.Symbol
	})
	sort.SliceStable(colls, func(i, j int) bool {
		a, b := colls[i], colls[j]
		if a.r.LiquidationBonus != b.r.LiquidationBonus {
			return a.r.LiquidationBonus > b.r.LiquidationBonus
		}
		if c := a.value.Cmp(b.value); c != 0 {
			return c > 0
		}
		return a.r.Symbol < b.r.Symbol
	})
	return debts[0].r, colls[0].r, true
}

// liquidateAave is the venue's liquidation: one call by a rational liquidator.
func liquidateAave(v *portfolio.Venue, m *market.Snapshot, out *Venue) error {
	st, err := aave.ReserveParams(v, m)
	if err != nil {
		return err
	}
	if !st.Data.Liquidatable() {
		return nil
	}
	out.Liquidatable = true
	debt, coll, ok := aavePair(st)
	if !ok {
		out.Notes = append(out.Notes, "no debt or no collateral reserve: nothing a liquidation call can take")
		return nil
	}
	version := AaveV302
	if st.Arithmetic != aave.ArithmeticV302 {
		version = AaveV33
	}
	call := AaveCall{Version: version, HealthFactor: st.Data.HealthFactor, TotalDebtBase: st.Data.DebtBase,
		DebtPriceE8: debt.PriceE8, DebtDecimals: debt.Decimals, UserDebt: debt.Debt,
		CollPriceE8: coll.PriceE8, CollDecimals: coll.Decimals, UserCollateral: coll.Collateral,
		Bonus: coll.LiquidationBonus, ProtocolFee: coll.LiquidationProtocolFee}
	call.DebtToCover.SetAllOne()
	res, err := call.Liquidate()
	if err != nil {
		return err
	}
	out.Actions = append(out.Actions,
		Action{Kind: KindRepay, Asset: debt.Symbol, Amount: unitsText(&res.DebtRepaid, debt.Decimals)},
		Action{Kind: KindSeize, Asset: coll.Symbol, Amount: unitsText(&res.CollateralSeized, coll.Decimals)})
	if !res.ProtocolFee.IsZero() {
		out.Actions = append(out.Actions,
			Action{Kind: KindProtocolFee, Asset: coll.Symbol, Amount: unitsText(&res.ProtocolFee, coll.Decimals)})
	}
	out.SoldUSD = unitsFloat(&res.CollateralSeized, coll.Decimals) * coll.PriceE8.Float64() / 1e8
	out.Notes = append(out.Notes, fmt.Sprintf("one liquidationCall (Aave %s semantics): largest debt %s, "+
		"collateral with the highest bonus %s (%d bps)", versionName(version), debt.Symbol, coll.Symbol, coll.LiquidationBonus))
	after := cloneVenue(v)
	takeCollateral(after, coll.Symbol, unitsDecimal(&res.CollateralSeized, coll.Decimals))
	repayBorrow(after, debt.Symbol, unitsDecimal(&res.DebtRepaid, debt.Decimals))
	r, err := modelMargin(after, m)
	if err != nil {
		return err
	}
	out.HealthAfter = r.Health
	// v3.0.2 has no deficit mechanism: debt left on an account without
	// collateral is bad debt that stays on the books.
	if r.CollateralValue == 0 && r.Equity < 0 {
		out.BadDebtUSD = -r.Equity
		out.Actions = append(out.Actions, Action{Kind: KindBadDebt, Asset: "USD", Amount: usdText(-r.Equity)})
		out.Notes = append(out.Notes, "debt left without collateral: v3.0.2 keeps it on the books "+
			"(v3.3 burns it into the reserve's deficit)")
	}
	return nil
}

func versionName(v AaveVersion) string {
	if v == AaveV33 {
		return "v3.3"
	}
	return "v3.0.2"
}

// modelMargin re-runs the venue's own model.
func modelMargin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	model, err := venue.ForVenue(v)
	if err != nil {
		return venue.Result{}, err
	}
	return model.Margin(v, m)
}
