// Comet's liquidation: absorb (the protocol takes all collateral and credits
// the account liquidationFactor of its value in base) and buyCollateral (the
// protocol sells absorbed collateral at storeFrontPriceFactor of the
// liquidation discount). These are the venue's own mechanics for the
// liquidation engine; the margin figures do not depend on them.
package compound

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// ErrNotLiquidatable is Comet's NotLiquidatable revert: absorb refuses an
// account that isLiquidatable does not flag.
var ErrNotLiquidatable = errors.New("compound-v3: absorb: the account is not liquidatable")

// Seized is one collateral asset absorb takes.
type Seized struct {
	Asset   string
	Amount  uint256.Int // base units of the asset (collateralAbsorbed)
	ValueE8 uint256.Int // mulPrice(amount, price, scale): the AbsorbCollateral event's usdValue
}

// AbsorbResult is what Comet.absorbInternal does to one account. Balances are
// base units of the base asset.
type AbsorbResult struct {
	Seized        []Seized
	DeltaValueE8  uint256.Int // Σ mulFactor(value, liquidationFactor)
	DeltaBalance  uint256.Int // divPrice(deltaValue, basePrice, baseScale)
	OldBalance    uint256.Int // |old principal|; the account is a borrower
	NewBalance    uint256.Int // max(old + delta, 0) ≥ 0
	BasePaidOut   uint256.Int // newBalance − oldBalance (the AbsorbDebt event)
	ValuePaidE8   uint256.Int // mulPrice(basePaidOut, basePrice, baseScale)
	ReservesLoss  uint256.Int // max(−(old + delta), 0): the shortfall the reserves absorb
	LiquidationE8 uint256.Int // Σ value − Σ mulFactor(value, liquidationFactor): the penalty
}

// Absorb computes Comet.absorbInternal for the venue's account at the
// market's prices. It returns ErrNotLiquidatable when Comet would revert,
// and the input errors of Margin.
func Absorb(v *portfolio.Venue, m *market.Snapshot) (*AbsorbResult, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return nil, err
	}
	acct, err := buildAccount(v, m, res.set)
	if err != nil {
		return nil, err
	}
	liq, err := acct.liquidity()
	if err != nil {
		return nil, input.Errorf(v.Path, "%s", err.Error())
	}
	if !liq.Liquidatable() {
		return nil, ErrNotLiquidatable
	}
	out := &AbsorbResult{OldBalance: acct.principal}
	var t uint256.Int
	for _, l := range acct.lines {
		if l.balance.IsZero() {
			continue // not in assetsIn
		}
		out.Seized = append(out.Seized, Seized{Asset: l.asset.Symbol, Amount: l.balance, ValueE8: l.valueE8})
		t.Mul(&l.valueE8, uint256.NewInt(l.asset.LiquidationFactor)) // value < 2^200, factor < 2^63
		t.Div(&t, uint256.NewInt(factorScale))
		out.DeltaValueE8.Add(&out.DeltaValueE8, &t)
	}
	out.LiquidationE8.Sub(&liq.CollateralE8, &out.DeltaValueE8)
	// divPrice(n, price, toScale) = n·toScale / price.
	out.DeltaBalance.Mul(&out.DeltaValueE8, &acct.baseScale)
	if acct.basePriceE8.IsZero() {
		return nil, input.Errorf(v.Path, "the base asset %s has a zero oracle price: Comet's divPrice would revert", res.set.Base)
	}
	out.DeltaBalance.Div(&out.DeltaBalance, &acct.basePriceE8)
	if out.DeltaBalance.Lt(&acct.principal) {
		out.ReservesLoss.Sub(&acct.principal, &out.DeltaBalance)
	} else {
		out.NewBalance.Sub(&out.DeltaBalance, &acct.principal)
	}
	out.BasePaidOut.Add(&out.NewBalance, &acct.principal)
	out.ValuePaidE8.Mul(&out.BasePaidOut, &acct.basePriceE8)
	out.ValuePaidE8.Div(&out.ValuePaidE8, &acct.baseScale)
	return out, nil
}

// discountFactor is quoteCollateral's storeFrontPriceFactor·(1 − liquidationFactor).
func discountFactor(storeFront, liquidationFactor uint64) uint64 {
	var t uint256.Int
	t.Mul(uint256.NewInt(storeFront), uint256.NewInt(factorScale-liquidationFactor))
	t.Div(&t, uint256.NewInt(factorScale))
	return t.Uint64()
}

// QuoteCollateral is Comet.quoteCollateral: how many base units of asset
// buyCollateral gives for baseAmount base units of the base asset, at the
// venue's oracle prices:
//
//	discount   = mulFactor(storeFrontPriceFactor, 1e18 − liquidationFactor)
//	discounted = mulFactor(assetPrice, 1e18 − discount)
//	quote      = basePrice·baseAmount·assetScale / discounted / baseScale
//
// Errors: an unknown asset or parameter problem (*input.Error), or a zero
// discounted price (Comet would revert dividing by it).
func QuoteCollateral(v *portfolio.Venue, m *market.Snapshot, asset string, baseAmount *uint256.Int) (uint256.Int, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return uint256.Int{}, err
	}
	s := res.set
	a := s.Assets[asset]
	if a == nil {
		return uint256.Int{}, input.Invalid(input.Join(v.Path, "asset"), asset, "is not a collateral asset of Comet %s", s.Name)
	}
	assetPrice, ok := oraclePriceE8Floor(m, v.ID, asset)
	basePrice, okBase := oraclePriceE8Floor(m, v.ID, s.Base)
	if !ok || !okBase {
		return uint256.Int{}, input.Errorf(v.Path, "%s or %s is missing from the market", asset, s.Base)
	}
	var discounted, q, scale, baseScale uint256.Int
	discounted.Mul(&assetPrice, uint256.NewInt(factorScale-discountFactor(s.StoreFrontPriceFactor, a.LiquidationFactor)))
	discounted.Div(&discounted, uint256.NewInt(factorScale))
	if discounted.IsZero() {
		return uint256.Int{}, input.Errorf(v.Path, "the discounted %s price is 0: Comet's quoteCollateral would revert", asset)
	}
	scale.Exp(uint256.NewInt(10), uint256.NewInt(uint64(a.Decimals)))
	baseScale.Exp(uint256.NewInt(10), uint256.NewInt(uint64(s.BaseDecimals)))
	if _, overflow := q.MulOverflow(&basePrice, baseAmount); overflow {
		return uint256.Int{}, errRevert
	}
	if _, overflow := q.MulOverflow(&q, &scale); overflow {
		return uint256.Int{}, errRevert
	}
	q.Div(&q, &discounted)
	q.Div(&q, &baseScale)
	return q, nil
}
