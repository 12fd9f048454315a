// Comet's liquidation form: Comet.isLiquidatable is Σ value·liquidateCF <
// borrowed base value, each collateral value and the base debt linear in
// its asset's oracle price, so the liquidation price of an asset is a
// closed form. The form is read off the account and liquidity Margin
// computes (each line's balance, liquidateCF and liquidateE8 term, the
// base principal and value): no second copy of the rule.
package compound

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// PriceSolver returns the linear form Σ_lines liquidateE8 − (base debt), in USD: its
// sign is the sign of the cushion (venue.Lending: liquidatable ⇔
// Σc·liquidateCF < D). A supplier of base owes nothing: its form has no
// negative term and no root.
func (Model) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (venue.PriceSolver, error) {
	_, liq, acct, err := run(v, m)
	if err != nil {
		return nil, err
	}
	form := &venue.Linear{}
	for _, l := range acct.lines {
		value := m.VenueSpot(v.ID, l.asset.Symbol) * l.balance.Float64() / l.scale.Float64()
		form.Add(l.asset.Symbol, l.liquidateE8.Float64()/priceScale, value*factorFloat(l.asset.LiquidateCF))
	}
	if liq.Borrower {
		debt := m.VenueSpot(v.ID, acct.set.Base) * acct.principal.Float64() / acct.baseScale.Float64()
		form.Add(acct.set.Base, -liq.BaseE8.Float64()/priceScale, -debt)
	}
	return form, nil
}

// priceScale is 10^priceDecimals: Comet's "price quantity" is USD × 1e8.
const priceScale = 1e8
