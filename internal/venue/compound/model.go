// The compound-v3 model: registration, parameters, and Margin.
package compound

import (
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// ModelName is the model's name in portfolio.json.
const ModelName = "compound-v3"

// Model is the compound-v3 isolated margin model. It is stateless.
type Model struct{}

func init() { venue.Register(Model{}) }

// Name returns "compound-v3".
func (Model) Name() string { return ModelName }

// Source cites the rule and the default parameters.
func (Model) Source() string {
	return "Compound III (Comet), compound-finance/comet contracts/Comet.sol at commit " +
		"d5a30b0aaeff7755f1431e87f818990902237b03 (2026-05-29): isBorrowCollateralized, isLiquidatable, " +
		"absorbInternal, quoteCollateral, getPackedAssetInternal; docs.compound.finance/collateral-and-borrowing " +
		"and /liquidation; parameter set " + DefaultSet + ": " + sets.Default().Source
}

// PricesWrappersByExchangeRate: Comet's price feeds for liquid-staking
// wrappers are exchange-rate feeds (DESIGN.md, Cascade), so liquidation
// prices move a wrapper with its backing (venue.ExchangeRateOracle).
func (Model) PricesWrappersByExchangeRate() bool { return true }

// Params lists every override the model accepts with its default in
// DefaultSet: the market's store_front_price_factor, target_reserves and
// borrow_min (whole units of the base asset), and per collateral asset
// "<SYMBOL>.<field>".
func (Model) Params() []venue.Param {
	s := sets.Default()
	out := []venue.Param{
		{Name: fieldBorrowMin, Default: units(&s.BorrowMin, s.BaseDecimals)},
		{Name: fieldStoreFront, Default: factorFloat(s.StoreFrontPriceFactor)},
		{Name: fieldTargetReserves, Default: units(&s.TargetReserves, s.BaseDecimals)},
	}
	for _, sym := range s.symbols() {
		a := s.Assets[sym]
		out = append(out,
			venue.Param{Name: sym + "." + fieldBorrowCF, Default: factorFloat(a.BorrowCF)},
			venue.Param{Name: sym + "." + fieldLiquidateCF, Default: factorFloat(a.LiquidateCF)},
			venue.Param{Name: sym + "." + fieldLiquidationFactor, Default: factorFloat(a.LiquidationFactor)},
			venue.Param{Name: sym + "." + fieldSupplyCap, Default: a.SupplyCap})
	}
	return out
}

// factorFloat converts a 1e18 factor to float64 (exact to the 4 decimals kept).
func factorFloat(f uint64) float64 { return float64(f) / factorScale }

// Margin computes the venue's Comet account and its equity-terms requirement.
// Input errors (*input.Error): an unknown parameter set or override, a
// position kind other than supply or borrow, a borrow of anything but the
// base asset, a supply of a collateral asset as a position, amounts with more
// decimals than the asset, or balances Comet's storage cannot hold.
func (Model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	r, _, err := margin(v, m)
	return r, err
}

// margin is Margin that also returns the integer liquidity (for tests).
func margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, Liquidity, error) {
	r, liq, _, err := run(v, m)
	return r, liq, err
}

// run is margin, also returning the account it computed (its lines carry
// the per-asset figures the liquidation form reads).
func run(v *portfolio.Venue, m *market.Snapshot) (venue.Result, Liquidity, *account, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return venue.Result{}, Liquidity{}, nil, err
	}
	acct, err := buildAccount(v, m, res.set)
	if err != nil {
		return venue.Result{}, Liquidity{}, nil, err
	}
	liq, err := acct.liquidity()
	if err != nil {
		return venue.Result{}, Liquidity{}, nil, input.Errorf(v.Path, "%s", err.Error())
	}
	r := toResult(&liq)
	r.Warnings = append(append([]string{}, res.warnings...), acct.warnings...)
	r.ParamsUsed, r.ParamsSet = paramsUsedFor(res, acct), res.base
	return r, liq, acct, nil
}

// toResult translates the integer liquidity into equity terms with the
// lending rule of DESIGN.md (venue.Lending): C = Σ mulPrice(c_i), the base
// balance's value |B| as debt (a borrower) or as supply that backs nothing
// (a lender), borrowing power Σ mulFactor(c_i, borrowCF_i) and threshold
// Σ mulFactor(c_i, liquidateCF_i):
//
//	collateral_value = C,  equity = C ± |B|,
//	initial     = D·(C − Σ mulFactor(c, borrowCF))/Σ mulFactor(c, borrowCF),
//	maintenance = D·(C − Σ mulFactor(c, liquidateCF))/Σ mulFactor(c, liquidateCF),
//
// D = |B| for a borrower, 0 otherwise, so that equity < maintenance exactly
// when isLiquidatable (the venue's flag decides a float64 tie).
func toResult(l *Liquidity) venue.Result {
	lend := venue.Lending{Collateral: l.CollateralE8, BorrowPower: l.BorrowCFE8, Threshold: l.LiquidateE8,
		Liquidatable: l.Liquidatable(), UnitsPerUSD: 1e8}
	if l.Borrower {
		lend.Debt = l.BaseE8
	} else {
		lend.Supply = l.BaseE8
	}
	r := lend.Result()
	if l.Borrower && !l.BaseE8.IsZero() {
		h := l.LiquidateE8.Float64() / l.BaseE8.Float64()
		r.Health = &h
	}
	return r
}

// paramsUsed is the audit record of the parameters one venue's figures used.
type paramsUsed struct {
	Set                   string      `json:"set"`
	Overridden            bool        `json:"overridden"`
	Base                  string      `json:"base"`
	BaseDecimals          int         `json:"base_decimals"`
	BorrowMin             string      `json:"borrow_min"`
	TargetReserves        string      `json:"target_reserves"`
	StoreFrontPriceFactor string      `json:"store_front_price_factor"`
	Assets                []assetUsed `json:"assets"`
}

type assetUsed struct {
	Symbol            string `json:"symbol"`
	Decimals          int    `json:"decimals"`
	BorrowCF          string `json:"borrow_collateral_factor"`
	LiquidateCF       string `json:"liquidate_collateral_factor"`
	LiquidationFactor string `json:"liquidation_factor"`
	SupplyCap         uint64 `json:"supply_cap"`
	// StoreFrontDiscount is storeFrontPriceFactor·(1 − liquidationFactor):
	// the discount buyCollateral gives on this asset.
	StoreFrontDiscount string `json:"store_front_discount"`
}

func paramsUsedFor(res resolved, acct *account) paramsUsed {
	s := res.set
	p := paramsUsed{Set: res.base, Overridden: res.overridden, Base: s.Base, BaseDecimals: int(s.BaseDecimals),
		BorrowMin: units(&s.BorrowMin, s.BaseDecimals), TargetReserves: units(&s.TargetReserves, s.BaseDecimals),
		StoreFrontPriceFactor: factorText(s.StoreFrontPriceFactor), Assets: []assetUsed{}}
	for _, sym := range s.symbols() {
		used := false
		for _, l := range acct.lines {
			used = used || l.asset.Symbol == sym
		}
		if !used {
			continue
		}
		a := s.Assets[sym]
		p.Assets = append(p.Assets, assetUsed{Symbol: sym, Decimals: int(a.Decimals),
			BorrowCF: factorText(a.BorrowCF), LiquidateCF: factorText(a.LiquidateCF),
			LiquidationFactor: factorText(a.LiquidationFactor), SupplyCap: a.SupplyCap,
			StoreFrontDiscount: factorText(discountFactor(s.StoreFrontPriceFactor, a.LiquidationFactor))})
	}
	return p
}
