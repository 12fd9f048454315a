// Aave v3 (MechCall): one liquidation call by a rational liquidator on the
// venue's account; the contract arithmetic, the pair and the close factor are
// the model's (internal/venue/aave, call.go), this file turns the outcome
// into actions and the health after.
package liquidation

import (
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/aave"
)

// liquidateAave is the venue's liquidation: one call by a rational liquidator.
func liquidateAave(v *portfolio.Venue, m *market.Snapshot, _ venue.Liquidation, out *Venue) error {
	st, err := aave.ReserveParams(v, m)
	if err != nil {
		return err
	}
	if !st.Data.Liquidatable() {
		return nil
	}
	out.Liquidatable = true
	debt, coll, ok := aave.Pair(st)
	if !ok {
		out.Notes = append(out.Notes, "no debt or no collateral reserve: nothing a liquidation call can take")
		return nil
	}
	version := aave.CallV302
	if st.Arithmetic != aave.ArithmeticV302 {
		version = aave.CallV33
	}
	call := aave.Call{Version: version, HealthFactor: st.Data.HealthFactor, TotalDebtBase: st.Data.DebtBase,
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

func versionName(v aave.CallVersion) string {
	if v == aave.CallV33 {
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

// fastCall is one liquidationCall on a FastLeg at the venue's prices: the
// liquidator repays the largest debt (the cash debt counts as one) up to
// the rule's close factor — all of it at health ≤ FullCloseBelowHealth —
// and seizes repaid × (1 + bonus) of the collateral aave.Pair picks (by
// aave.SeizesBefore: the highest bonus, then the largest value; ties by
// index), capped at what there is; the protocol fee (its share of the
// bonus) stays with the treasury. Collateral gone with debt left: the leg
// settles (the debt is bad debt). The one difference from the exact call
// (liquidateAave), held by TestFastMatchesExact: float64 for the
// contract's integer rounding.
func fastCall(l FastLeg, rule *venue.Liquidation) float64 {
	debtAsset, debtUSD := -1, math.Max(0, -l.Cash())
	totalDebt := debtUSD
	coll, collUSD, weighted := -1, 0.0, 0.0
	for a := range l.Assets() {
		v := l.Units(a) * l.Price(a)
		switch {
		case v < 0:
			totalDebt -= v
			if -v > debtUSD {
				debtAsset, debtUSD = a, -v
			}
		case v > 0:
			weighted += l.Threshold(a) * v
			if coll < 0 || aave.SeizesBefore(l.Bonus(a), l.Bonus(coll), cmpFloat(v, collUSD)) {
				coll, collUSD = a, v
			}
		}
	}
	if coll < 0 || totalDebt <= 0 {
		return l.Settle()
	}
	cf := rule.CloseFactor
	if weighted/totalDebt <= rule.FullCloseBelowHealth {
		cf = 1
	}
	bonus := l.Bonus(coll)
	repay := cf * debtUSD
	seize := repay * (1 + bonus)
	if seize >= collUSD {
		seize, repay = collUSD, collUSD/(1+bonus)
	}
	units := seize / l.Price(coll)
	if seize == collUSD {
		units = l.Units(coll)
	}
	fee := (seize - seize/(1+bonus)) * rule.ProtocolFee / l.Price(coll)
	n := l.Seize(coll, units, fee)
	l.Repay(debtAsset, coll, repay)
	if !anyCollateral(l) {
		n += l.Settle()
	}
	return n
}

// cmpFloat is the sign of x − y.
func cmpFloat(x, y float64) int {
	switch {
	case x > y:
		return 1
	case x < y:
		return -1
	}
	return 0
}
