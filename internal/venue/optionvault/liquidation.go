// The option vault's liquidation rule: a fully collateralised vault locks
// the whole payoff, so nothing is ever liquidated.
package optionvault

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Liquidation: never liquidated (Margin refuses an under-collateralised vault).
func (md Model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, err := md.Margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	return venue.NeverLiquidated("Opyn Gamma-style fully collateralised vault: the written payoff is locked"), nil
}
