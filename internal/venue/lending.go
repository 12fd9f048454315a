// A lending venue's requirement in equity terms, from the venue's own integer
// sums (DESIGN.md "Every requirement is in equity terms"). Aave v3 and
// Compound v3 both call it, so the rule is stated once.
package venue

import (
	"math"

	"github.com/holiman/uint256"
)

// Lending is one lending account as the venue computes it, every figure an
// integer in the venue's base currency (USD × UnitsPerUSD): C the collateral
// the venue counts, S supplied balances it does not count as collateral
// (Aave's supply not enabled, an asset with LT 0, isolation mode's other
// assets; Comet's positive base balance), D the debt, and the venue's two
// collateral sums: BorrowPower = Σc·LTV (C·LTV_w) and Threshold = Σc·LT
// (C·LT_w), each as the venue's code rounds it.
type Lending struct {
	Collateral, Supply, Debt uint256.Int
	BorrowPower, Threshold   uint256.Int
	// Liquidatable is the venue's own test (Aave: health factor < 1;
	// Comet: isLiquidatable). It decides `liquidatable` where float64
	// conversion, or the venue's own rounding of its health factor, would
	// make the equity comparison disagree.
	Liquidatable bool
	UnitsPerUSD  float64
}

// Result translates the account into equity terms:
//
//	collateral_value = C,  equity = C + S − D,  unbacked = S
//	initial     = D·(C − BorrowPower)/BorrowPower = D·(1 − LTV_w)/LTV_w
//	maintenance = D·(C − Threshold)/Threshold     = D·(1 − LT_w)/LT_w
//
// each rounded up to a base unit (requirements round up). Without debt
// nothing is required: collateral that backs nothing requires nothing, so
// idle collateral moves neither side of the comparison. The maintenance is
// exact: C − D < ⌈D·(C − T)/T⌉ ⇔ C − D < D·C/T − D ⇔ T < D, the venue's
// liquidation rule (health factor T/D < 1), and `liquidatable` compares
// equity − S (the equity the venue counts) with it. With debt and
// Threshold 0 (or no collateral) the account cannot be made safe:
// maintenance = initial = C + S (all it holds), liquidatable. With debt and
// BorrowPower 0 (only LTV-0 collateral) no borrow is allowed: initial =
// max(equity, maintenance). The caller sets Health.
func (l *Lending) Result() Result {
	var holdings uint256.Int
	holdings.Add(&l.Collateral, &l.Supply) // callers bound both far below 2^255
	r := Result{
		CollateralValue: l.usd(&l.Collateral),
		Equity:          l.signedUSD(&holdings, &l.Debt),
		Unbacked:        l.usd(&l.Supply),
	}
	if l.Debt.IsZero() {
		return r
	}
	if l.Threshold.IsZero() {
		r.Maintenance = l.usd(&holdings)
	} else {
		r.Maintenance = l.debtNeed(&l.Threshold)
	}
	if l.BorrowPower.IsZero() {
		r.Initial = math.Max(r.Equity, r.Maintenance)
	} else {
		r.Initial = math.Max(l.debtNeed(&l.BorrowPower), r.Maintenance)
	}
	// The integer rule agrees with the venue's below $20 billion of debt;
	// float64 conversion can tie two different integers, and Aave's
	// half-up health factor can differ from T < D above that. The venue
	// wins: maintenance moves by the least that makes them agree.
	if r.Liquidatable() != l.Liquidatable {
		counted := r.Equity - r.Unbacked
		if l.Liquidatable {
			r.Maintenance = math.Nextafter(counted, math.Inf(1))
		} else {
			r.Maintenance = math.Max(counted, 0)
		}
		r.Initial = math.Max(r.Initial, r.Maintenance)
	}
	return r
}

// debtNeed is ⌈D·(C − w)/w⌉ in USD for a collateral sum 0 < w ≤ C: the
// equity that keeps Σc·factor ≥ D when the debt is D. The product is taken
// in 512 bits; a quotient beyond 256 bits (only for w of a few base units
// against an enormous debt) is computed in float64.
func (l *Lending) debtNeed(w *uint256.Int) float64 {
	var spare, q, rem uint256.Int
	if w.Lt(&l.Collateral) {
		spare.Sub(&l.Collateral, w)
	}
	if _, overflow := q.MulDivOverflow(&l.Debt, &spare, w); overflow {
		return l.Debt.Float64() * spare.Float64() / w.Float64() / l.UnitsPerUSD
	}
	if !rem.MulMod(&l.Debt, &spare, w).IsZero() {
		q.AddUint64(&q, 1) // q < 2^256 − 1: the quotient fit and D·spare/w is not an integer
	}
	return l.usd(&q)
}

// usd converts base-currency units to USD. Exact integers below 2^53 give
// the correctly rounded quotient; the conversion is monotone everywhere, so
// the order of two figures survives it (ties aside).
func (l *Lending) usd(x *uint256.Int) float64 { return x.Float64() / l.UnitsPerUSD }

// signedUSD returns (pos − neg) in USD.
func (l *Lending) signedUSD(pos, neg *uint256.Int) float64 {
	var z uint256.Int
	if pos.Lt(neg) {
		z.Sub(neg, pos)
		return -l.usd(&z)
	}
	z.Sub(pos, neg)
	return l.usd(&z)
}
