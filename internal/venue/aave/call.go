// Aave v3's liquidation rule: one LiquidationLogic.executeLiquidationCall,
// in the integer arithmetic of the contract, and the pair a rational
// liquidator picks (internal/liquidation runs it on a venue's account and
// reports the actions).
//
// v3.0.2 (aave-v3-core 1.19, the built-in set's code), _calculateDebt and
// _calculateAvailableCollateralToLiquidate:
//
//	closeFactor          = HF > 0.95e18 ? 50% : 100%
//	maxLiquidatableDebt  = userReserveDebt.callPercentMul(closeFactor)          (half-up)
//	actualDebt           = min(debtToCover, maxLiquidatableDebt)
//	baseCollateral       = debtPrice·actualDebt·collUnit / (collPrice·debtUnit)   (floor)
//	maxCollateral        = baseCollateral.callPercentMul(bonus)                 (half-up)
//	if maxCollateral > userCollateral:
//	    collateral = userCollateral
//	    debtNeeded = (collPrice·collateral·debtUnit / (debtPrice·collUnit)).callPercentDiv(bonus)
//	else collateral = maxCollateral, debtNeeded = actualDebt
//	bonusCollateral = collateral − collateral.callPercentDiv(bonus)             (half-up)
//	protocolFee     = bonusCollateral.callPercentMul(liquidationProtocolFee)    (half-up)
//	liquidator gets collateral − protocolFee; the account loses collateral.
//
// v3.3 (aave-dao/aave-v3-origin docs/3.3/Aave-v3.3-features.md §2): the
// 50% applies to the user's total debt in base currency and only when the
// reserve's collateral and debt are both ≥ MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD
// ($2,000) and HF > 0.95; otherwise 100% of the reserve's debt. A call that
// leaves debt or collateral of the pair below MIN_LEFTOVER_BASE (half the
// threshold) without clearing either reverts (MustNotLeaveDust).
package aave

import (
	"errors"
	"fmt"
	"sort"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// CallVersion selects the liquidation semantics.
type CallVersion int

// Aave releases whose liquidation rules differ.
const (
	CallV302 CallVersion = iota // aave-v3-core 1.19: per-reserve close factor
	CallV33                     // v3.3: total-debt close factor, size threshold, dust rule
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
	callPercentageFactor  = 10000
)

// ErrMustNotLeaveDust is v3.3's MustNotLeaveDust revert.
var ErrMustNotLeaveDust = errors.New("aave: liquidation would leave dust (MustNotLeaveDust)")

// Call is the input of one liquidation call. Amounts are base units of
// their reserve; prices 8-decimal USD; HF and the base-currency figures as
// the pool computes them.
type Call struct {
	Version        CallVersion
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

// CallOutcome is what the call moves, in base units.
type CallOutcome struct {
	MaxLiquidatableDebt uint256.Int
	DebtRepaid          uint256.Int // taken from the liquidator, debt burned
	CollateralSeized    uint256.Int // leaves the account (liquidator's share + fee)
	ProtocolFee         uint256.Int // the treasury's share of CollateralSeized
}

func pow10u(n uint8) *uint256.Int {
	return new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(uint64(n)))
}

// percentMul is PercentageMath.percentMul: (x·p + 5000) / 10000.
func callPercentMul(x *uint256.Int, p uint64) *uint256.Int {
	z := new(uint256.Int).Mul(x, uint256.NewInt(p))
	z.Add(z, uint256.NewInt(callPercentageFactor/2))
	return z.Div(z, uint256.NewInt(callPercentageFactor))
}

// percentDiv is PercentageMath.percentDiv: (x·10000 + p/2) / p.
func callPercentDiv(x *uint256.Int, p uint64) *uint256.Int {
	z := new(uint256.Int).Mul(x, uint256.NewInt(callPercentageFactor))
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
func (c *Call) Liquidate() (CallOutcome, error) {
	var out CallOutcome
	debtUnit, collUnit := pow10u(c.DebtDecimals), pow10u(c.CollDecimals)
	switch c.Version {
	case CallV302:
		cf := uint64(defaultCloseFactorBps)
		if !c.HealthFactor.Gt(closeFactorHFThreshold) {
			cf = maxCloseFactorBps
		}
		out.MaxLiquidatableDebt = *callPercentMul(&c.UserDebt, cf)
	case CallV33:
		threshold := c.MinBaseThreshold
		if threshold == nil {
			threshold = DefaultMinBaseMaxCloseFactorThreshold
		}
		out.MaxLiquidatableDebt = c.UserDebt
		collBase := baseValue(&c.CollPriceE8, &c.UserCollateral, c.CollDecimals)
		debtBase := baseValue(&c.DebtPriceE8, &c.UserDebt, c.DebtDecimals)
		if !collBase.Lt(threshold) && !debtBase.Lt(threshold) && c.HealthFactor.Gt(closeFactorHFThreshold) {
			capBase := callPercentMul(&c.TotalDebtBase, defaultCloseFactorBps)
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
	maxCollateral := callPercentMul(baseCollateral, bonus)
	collateral, debtNeeded := maxCollateral, actualDebt
	if maxCollateral.Gt(&c.UserCollateral) {
		collateral = new(uint256.Int).Set(&c.UserCollateral)
		n := new(uint256.Int).Mul(&c.CollPriceE8, collateral)
		n.Mul(n, debtUnit)
		d := new(uint256.Int).Mul(&c.DebtPriceE8, collUnit)
		debtNeeded = callPercentDiv(n.Div(n, d), bonus)
	}
	out.DebtRepaid = *debtNeeded
	out.CollateralSeized = *collateral
	if c.ProtocolFee != 0 {
		bonusCollateral := new(uint256.Int).Sub(collateral, callPercentDiv(collateral, bonus))
		out.ProtocolFee = *callPercentMul(bonusCollateral, uint64(c.ProtocolFee))
	}
	if c.Version == CallV33 && out.DebtRepaid.Lt(&c.UserDebt) && out.CollateralSeized.Lt(&c.UserCollateral) {
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

// Pair picks the liquidator's pair: the reserve with the largest debt in
// base currency, and the collateral reserve with the highest bonus (ties:
// larger collateral value, then symbol). ok is false without debt or
// collateral.
func Pair(st *LiquidationState) (debt, coll *ReserveState, ok bool) {
	type ranked struct {
		r     *ReserveState
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
		if SeizesBefore(float64(a.r.LiquidationBonus), float64(b.r.LiquidationBonus), a.value.Cmp(b.value)) {
			return true
		}
		if SeizesBefore(float64(b.r.LiquidationBonus), float64(a.r.LiquidationBonus), b.value.Cmp(a.value)) {
			return false
		}
		return a.r.Symbol < b.r.Symbol
	})
	return debts[0].r, colls[0].r, true
}

// SeizesBefore is the one rule by which a liquidator picks the collateral
// reserve a liquidation call seizes: a, of bonus bonusA and value
// compared with b's valueCmp (the sign of value a − value b), comes before
// b when its bonus is higher, or, bonuses equal, its value larger. The
// protocol lets the liquidator choose; a rational one takes the highest
// bonus, and of equal bonuses the reserve that covers most of the close
// factor. Pair (exact, ties then by symbol) and liquidation's fast call on
// a simulator's float64 leg (ties then by asset index) both order by it.
func SeizesBefore(bonusA, bonusB float64, valueCmp int) bool {
	if bonusA != bonusB {
		return bonusA > bonusB
	}
	return valueCmp > 0
}

// Liquidation is the venue's rule resolved on its account (the set and the
// book's overrides, as Margin): one liquidationCall with the close factor
// (50% of the chosen debt reserve, 100% at health ≤ 0.95), the bonus and
// protocol fee of the collateral a rational liquidator seizes (Pair), and
// each held collateral reserve's bonus.
func (Model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	st, err := ReserveParams(v, m)
	if err != nil {
		return venue.Liquidation{}, err
	}
	r := venue.Liquidation{Mechanism: venue.MechCall, CloseFactor: defaultCloseFactorBps / float64(maxCloseFactorBps),
		FullCloseBelowHealth: float64(closeFactorHFThreshold.Uint64()) / 1e18, PartialFraction: 1,
		PenaltyByAsset: map[string]float64{}, Shortfall: venue.ShortfallBooks,
		Note: "one liquidationCall: the largest debt reserve, the collateral with the highest bonus, " +
			"up to the close factor",
		Source: "aave-v3-core LiquidationLogic (v3.0.2; v3.3: aave-dao/aave-v3-origin docs/3.3)"}
	if st.Arithmetic != ArithmeticV302 {
		r.Shortfall = venue.ShortfallReserves // v3.3 burns it into the reserve's deficit
	}
	bonus := func(bps uint16) float64 { return float64(int(bps)-callPercentageFactor) / callPercentageFactor }
	for i := range st.Reserves {
		if s := &st.Reserves[i]; !s.Collateral.IsZero() {
			r.PenaltyByAsset[s.Symbol] = bonus(s.LiquidationBonus)
		}
	}
	if _, coll, ok := Pair(st); ok {
		r.Penalty = bonus(coll.LiquidationBonus)
		r.ProtocolFee = float64(coll.LiquidationProtocolFee) / callPercentageFactor
	}
	return r, nil
}
