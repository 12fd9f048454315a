// dYdX's liquidation-price solver. The venue liquidates when equity <
// maintenance; with one underlying's price moved by f, equity moves by the
// P&L of its positions with an entry (EntryQuantity × price) and its
// maintenance, notional × the tier's fraction, is proportional to the
// price: the cushion is linear in f, a closed form. The terms are the
// figures Margin computes (margin's per-position maintenance and netted
// P&L): no second copy of the rule.
package dydx

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// PriceSolver returns the cushion as a venue.Linear form: the USDC
// collateral (moving with USDC's price), and per underlying a fixed part
// (funding, P&L less its price-proportional part) and the part
// proportional to its price (EntryQuantity × price − maintenance).
func (model) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (venue.PriceSolver, error) {
	r, figures, err := margin(v, m)
	if err != nil {
		return nil, err
	}
	form := &venue.Linear{}
	form.Add(collateralAsset, r.CollateralValue, r.CollateralValue)
	for _, f := range figures {
		moving := f.EntryQuantity*m.VenueSpot(v.ID, f.Underlying) - f.maintenance
		fixed := f.PnL + f.Funding - f.EntryQuantity*m.VenueSpot(v.ID, f.Underlying)
		form.Add("", fixed, fixed)
		form.Add(f.Underlying, moving, moving)
	}
	return form, nil
}
