// The aave-v3 model: registration, parameters, and Margin.
package aave

import (
	"fmt"
	"slices"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// ModelName is the model's name in portfolio.json.
const ModelName = "aave-v3"

// Model is the aave-v3 isolated margin model. It is stateless.
type Model struct{}

func init() { venue.Register(Model{}) }

// Name returns "aave-v3".
func (Model) Name() string { return ModelName }

// Source cites the rule and the default parameters.
func (Model) Source() string {
	return "Aave v3.0.2 (aave-v3-core 1.19.0, tag v1.19.0 commit 110cf9d5cc9403748df5e1171e2108e5c4d4aa19, " +
		"2023-07-04): GenericLogic.calculateUserAccountData, PercentageMath, WadRayMath, " +
		"PoolConfigurator rules; parameter set " + DefaultSet + ": bgd-labs/aave-proposals-v3 " +
		"reports/AaveV3Ethereum_UpgradeAaveV3ETHPooolWETHParameters_20231031_after.json at commit " +
		"ff6a99cdbf6e8f97f16dde051305b213e7890c0d (MIT), Aave v3 Ethereum market of 2023-10-31"
}

// PricesWrappersByExchangeRate: Aave v3 prices a liquid-staking wrapper
// (wstETH) by its exchange rate to the backing times the backing's feed,
// not by the wrapper's market (DESIGN.md, Cascade: exchange-rate oracles),
// so liquidation prices move wstETH with WETH (venue.ExchangeRateOracle).
func (Model) PricesWrappersByExchangeRate() bool { return true }

// Params lists every override the model accepts with its default in
// DefaultSet: per reserve "<SYMBOL>.<field>", per e-mode category
// "emodes.<id>.<field>" (its values, and its membership lists
// emodes.<id>.collateral and .borrowable, v3.2's bitmaps, as the reserve
// symbols in each), and the flat emode_* names, whose default is the
// category the venue selects (null here). Membership is listed both ways,
// the lists and each reserve's v3.0–v3.1 emode_category (how the default
// set, a v3.0.2 pool, states it); an override uses one of the two.
func (Model) Params() []venue.Param {
	s := sets.Default()
	var out []venue.Param
	for _, sym := range s.symbols() {
		r := s.Reserves[sym]
		values := []any{int(r.LTV), int(r.LiquidationThreshold), int(r.LiquidationBonus),
			r.UsageAsCollateral, r.BorrowingEnabled, r.Active, r.Frozen,
			r.BorrowableInIsolation, r.Siloed, int(r.legacyEMode()), r.DebtCeiling}
		for i, f := range reserveFields {
			out = append(out, venue.Param{Name: sym + "." + f, Default: values[i]})
		}
	}
	for _, id := range s.emodeIDs() {
		e := s.EModes[id]
		values := []any{int(e.LTV), int(e.LiquidationThreshold), int(e.LiquidationBonus), e.Label}
		for i, f := range emodeFields {
			out = append(out, venue.Param{Name: fmt.Sprintf("%s.%d.%s", keyEModes, id, f), Default: values[i]})
		}
		for _, f := range emodeListFields {
			members := append([]string{}, s.members(id, f == fieldBorrowable)...) // [] when empty, not null
			out = append(out, venue.Param{Name: fmt.Sprintf("%s.%d.%s", keyEModes, id, f), Default: members})
		}
	}
	for _, f := range []string{fieldLTV, fieldLiquidationThreshold, fieldLiquidationBonus} {
		out = append(out, venue.Param{Name: flatEModePrefix + f, Default: nil})
	}
	return out
}

// Margin computes the venue's Aave account and its equity-terms requirement.
// Input errors (*input.Error): an unknown parameter set or override, an
// unknown e-mode category (venues[i].emode), a collateral or position asset
// that is not a reserve, a position kind other than supply or borrow, an
// amount with more decimals than the reserve, a borrow Aave forbids (outside
// the e-mode category, in isolation mode, beside a siloed asset), or amounts
// so large that the pool's 256-bit arithmetic would revert.
func (Model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	r, _, err := margin(v, m)
	return r, err
}

// margin is Margin that also returns the integer account data (for tests).
func margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, AccountData, error) {
	r, data, _, err := run(v, m)
	return r, data, err
}

// run is margin, also returning the account it computed (its lines carry
// the per-reserve figures the liquidation form reads).
func run(v *portfolio.Venue, m *market.Snapshot) (venue.Result, AccountData, *builder, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return venue.Result{}, AccountData{}, nil, err
	}
	b := builder{venue: v, market: m, set: res.set}
	acct, err := b.build()
	if err != nil {
		return venue.Result{}, AccountData{}, nil, err
	}
	arith := arithmetics[res.set.Arithmetic]
	data, err := arith.compute(acct)
	if err != nil {
		return venue.Result{}, AccountData{}, nil, input.Errorf(v.Path, "%s", err.Error())
	}
	r, err := toResult(&data)
	if err != nil {
		return venue.Result{}, AccountData{}, nil, input.Errorf(v.Path, "%s", err.Error())
	}
	if data.HasZeroLTVCollateral && !data.DebtBase.IsZero() {
		b.warn("collateral with LTV 0 adds no borrowing power, and Aave lets other collateral " +
			"be withdrawn only once it is removed")
	}
	r.Warnings = append(res.warnings, b.warnings...)
	r.ParamsUsed, r.ParamsSet = paramsUsedFor(res, acct), res.base
	return r, data, &b, nil
}

// paramsUsed is the audit record of the parameters one venue's figures used.
type paramsUsed struct {
	Set        string        `json:"set"`
	Overridden bool          `json:"overridden"`
	Arithmetic Arithmetic    `json:"arithmetic"`
	EMode      *emodeUsed    `json:"emode"`
	Reserves   []reserveUsed `json:"reserves"`
}

type emodeUsed struct {
	ID                   int    `json:"id"`
	Label                string `json:"label"`
	LTV                  int    `json:"ltv"`
	LiquidationThreshold int    `json:"liquidation_threshold"`
	LiquidationBonus     int    `json:"liquidation_bonus"`
	// With liquid eModes (Set.LiquidEModes) the venue's reserves in the
	// category's collateral and borrowable sets, sorted (absent when none).
	// Without them each reserve's emode_category says the same and these
	// stay absent, so a v3.0.2 venue's record (and params_version) is
	// unchanged.
	Collateral []string `json:"collateral,omitempty"`
	Borrowable []string `json:"borrowable,omitempty"`
}

type reserveUsed struct {
	Symbol                string `json:"symbol"`
	Decimals              int    `json:"decimals"`
	LTV                   int    `json:"ltv"`
	LiquidationThreshold  int    `json:"liquidation_threshold"`
	LiquidationBonus      int    `json:"liquidation_bonus"`
	UsageAsCollateral     bool   `json:"usage_as_collateral_enabled"`
	BorrowingEnabled      bool   `json:"borrowing_enabled"`
	Active                bool   `json:"is_active"`
	Frozen                bool   `json:"is_frozen"`
	EModeCategory         int    `json:"emode_category"` // Reserve.legacyEMode
	DebtCeiling           uint64 `json:"debt_ceiling"`
	BorrowableInIsolation bool   `json:"is_borrowable_in_isolation"`
	Siloed                bool   `json:"is_siloed"`
}

func paramsUsedFor(res resolved, acct *account) paramsUsed {
	p := paramsUsed{Set: res.base, Overridden: res.overridden, Arithmetic: res.set.Arithmetic,
		Reserves: []reserveUsed{}}
	if e := acct.emode; e != nil {
		p.EMode = &emodeUsed{ID: int(e.ID), Label: e.Label, LTV: int(e.LTV),
			LiquidationThreshold: int(e.LiquidationThreshold), LiquidationBonus: int(e.LiquidationBonus)}
		if res.set.LiquidEModes {
			for _, l := range acct.lines {
				if l.reserve.EModeCollateral.has(e.ID) {
					p.EMode.Collateral = append(p.EMode.Collateral, l.reserve.Symbol)
				}
				if l.reserve.EModeBorrowable.has(e.ID) {
					p.EMode.Borrowable = append(p.EMode.Borrowable, l.reserve.Symbol)
				}
			}
			slices.Sort(p.EMode.Collateral)
			slices.Sort(p.EMode.Borrowable)
		}
	}
	p.Reserves = make([]reserveUsed, 0, len(acct.lines))
	for _, l := range acct.lines { // one line per reserve
		r := l.reserve
		p.Reserves = append(p.Reserves, reserveUsed{Symbol: r.Symbol, Decimals: int(r.Decimals),
			LTV: int(r.LTV), LiquidationThreshold: int(r.LiquidationThreshold),
			LiquidationBonus: int(r.LiquidationBonus), UsageAsCollateral: r.UsageAsCollateral,
			BorrowingEnabled: r.BorrowingEnabled, Active: r.Active, Frozen: r.Frozen,
			EModeCategory: int(r.legacyEMode()), DebtCeiling: r.DebtCeiling,
			BorrowableInIsolation: r.BorrowableInIsolation, Siloed: r.Siloed})
	}
	sortReserves(p.Reserves)
	return p
}

// CollateralEarnsSupply is true: Aave v3 collateral is a supplied aToken
// balance, accruing the reserve's liquidity rate.
func (Model) CollateralEarnsSupply() bool { return true }
