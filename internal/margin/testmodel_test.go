// A stand-in isolated model for tests: the real venue models live in their
// own packages, and these tests exercise the unified side and the report.
package margin

import (
	"math"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

// flatModel requires 10% of each derivative's notional (|q|·spot) and of each
// debt as initial margin, maintenance half of it; equity is collateral at
// the venue's prices plus positions at market (options by Black-76).
type flatModel struct{}

func init() { venue.Register(flatModel{}) }

func (flatModel) Name() string          { return "test-flat" }
func (flatModel) Source() string        { return "margin tests" }
func (flatModel) Params() []venue.Param { return nil }
func (flatModel) Liquidation(*portfolio.Venue, *market.Snapshot) (venue.Liquidation, error) {
	return venue.Reduction(0.1, 200, "margin tests"), nil
}

func (flatModel) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	var r venue.Result
	for _, c := range v.Collateral {
		r.CollateralValue += c.AmountF * m.VenueSpot(v.ID, c.Asset)
	}
	r.Equity = r.CollateralValue
	var notional float64
	for i := range v.Positions {
		p := &v.Positions[i]
		s := m.VenueSpot(v.ID, p.HoldingAsset())
		switch p.Kind {
		case portfolio.KindSpot, portfolio.KindSupply:
			r.Equity += p.AmountF * s
		case portfolio.KindBorrow:
			r.Equity -= p.AmountF * s
			notional += p.AmountF * s
		case portfolio.KindPerp, portfolio.KindFuture:
			mark := s
			if p.Kind == portfolio.KindFuture {
				mark = m.ForwardAt(p.Underlying, m.YearsTo(p.Expiry))
			}
			if p.HasEntry {
				r.Equity += p.QuantityF * (mark - p.EntryF)
			}
			r.Equity += p.FundingF
			notional += math.Abs(p.QuantityF) * s
		case portfolio.KindOption:
			t := m.YearsTo(p.Expiry)
			price := pricing.Black76Price(p.Right, m.ForwardAt(p.Underlying, t), p.StrikeF,
				m.VolAt(p.Underlying, p.StrikeF, t), t, m.RateUSD())
			r.Equity += p.QuantityF * price
			notional += math.Abs(p.QuantityF) * s
		}
	}
	r.Initial = 0.1 * notional
	r.Maintenance = 0.05 * notional
	if r.Maintenance > 0 {
		h := r.Equity / r.Maintenance
		r.Health = &h
	}
	r.ParamsUsed = map[string]any{"initial": 0.1, "maintenance": 0.05}
	if len(v.Collateral) == 0 {
		r.Warnings = []string{"no collateral posted"}
	}
	return r, nil
}
