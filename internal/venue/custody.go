// custody is the neutral model: assets held on a chain outside any venue. It
// requires nothing; its holdings count as collateral in unified margin.
package venue

import (
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

type custody struct{}

func init() { Register(custody{}) }

func (custody) Name() string    { return "custody" }
func (custody) Source() string  { return "unimargin" }
func (custody) Params() []Param { return nil }

// Liquidation: custody holds assets outright; nothing is ever liquidated.
func (c custody) Liquidation(v *portfolio.Venue, m *market.Snapshot) (Liquidation, error) {
	if _, err := c.Margin(v, m); err != nil {
		return Liquidation{}, err
	}
	return NeverLiquidated("unimargin: custody holds no debt"), nil
}

func (c custody) Margin(v *portfolio.Venue, m *market.Snapshot) (Result, error) {
	return c.holdings(v, m, nil)
}

// PriceSolver: custody's cushion is its equity (nothing is required), the
// sum of its holdings' values, linear in every price: a Linear form of the
// values holdings computes.
func (c custody) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (PriceSolver, error) {
	form := &Linear{}
	if _, err := c.holdings(v, m, form); err != nil {
		return nil, err
	}
	return form, nil
}

// holdings is Margin, also writing its equity into form when not nil as a
// Linear form (one term a holding, its value).
func (custody) holdings(v *portfolio.Venue, m *market.Snapshot, form *Linear) (Result, error) {
	if name, overrides, err := ParamSource(v); err != nil {
		return Result{}, err
	} else if name != "" || len(overrides) > 0 {
		return Result{}, input.Errorf(v.Params.Path, "custody takes no parameters")
	}
	var value float64
	for _, c := range v.Collateral {
		x := c.AmountF * m.VenueSpot(v.ID, c.Asset)
		value += x
		if form != nil {
			form.Add(c.Asset, x, x)
		}
	}
	equity := value
	for i, p := range v.Positions {
		if p.Kind != portfolio.KindSpot {
			return Result{}, input.Invalid(input.Join(input.Index(input.Join(v.Path, "positions"), i), "kind"),
				string(p.Kind), "is not held in custody (only spot holdings are)")
		}
		x := p.AmountF * m.VenueSpot(v.ID, p.Asset)
		equity += x
		if form != nil {
			form.Add(p.Asset, x, x)
		}
	}
	return Result{CollateralValue: value, Equity: equity, ParamsUsed: map[string]any{}}, nil
}
