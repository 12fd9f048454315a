// Check validates a parsed book against a market: every asset priced, options
// alive and with a vol, expiries within MaxExpiryYears of as_of, amounts
// within their asset's decimals.
package portfolio

import (
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

// Check validates p against m. Model-specific rules belong to the venue models.
func Check(p *Portfolio, m *market.Snapshot) error {
	for vi := range p.Venues {
		v := &p.Venues[vi]
		if v.Settlement != "" && m.Asset(v.Settlement) == nil {
			return input.Invalid(input.Join(v.Path, "settlement"), v.Settlement, "is an asset missing from the market")
		}
		for ci, c := range v.Collateral {
			path := input.Index(input.Join(v.Path, "collateral"), ci)
			if err := checkHeld(m, path, c.Asset, c.Amount.Scale()); err != nil {
				return err
			}
		}
		for pi := range v.Positions {
			path := input.Index(input.Join(v.Path, "positions"), pi)
			if err := checkPosition(m, path, &v.Positions[pi]); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkHeld(m *market.Snapshot, path, asset string, scale int) error {
	a := m.Asset(asset)
	if a == nil {
		return input.Invalid(input.Join(path, "asset"), asset, "is an asset missing from the market")
	}
	if scale > int(a.Decimals) {
		return input.Errorf(input.Join(path, "amount"), "has %d decimal places, more than %s's %d",
			scale, asset, a.Decimals)
	}
	return nil
}

func checkPosition(m *market.Snapshot, path string, p *Position) error {
	if !p.Kind.IsDerivative() {
		return checkHeld(m, path, p.Asset, p.Amount.Scale())
	}
	if m.Asset(p.Underlying) == nil {
		return input.Invalid(input.Join(path, "underlying"), p.Underlying, "is an asset missing from the market")
	}
	if p.Kind == KindPerp {
		return nil
	}
	if !p.Expiry.After(m.AsOf) {
		return input.Invalid(input.Join(path, "expiry"), p.Expiry.Format(time.RFC3339),
			"is expired: not after as_of %s", m.AsOf.Format(time.RFC3339))
	}
	if p.Expiry.After(m.AsOf.AddDate(MaxExpiryYears, 0, 0)) {
		return input.Invalid(input.Join(path, "expiry"), p.Expiry.Format(time.RFC3339),
			"is more than %d years after as_of %s", MaxExpiryYears, m.AsOf.Format(time.RFC3339))
	}
	if p.Kind == KindOption && !m.HasVol(p.Underlying) {
		return input.Errorf(input.Join(path, "underlying"),
			"%s has no vol in the market (give assets.%s.vol or a vol surface)", strconv.Quote(p.Underlying), p.Underlying)
	}
	return nil
}
