// What the liquidation engine reads of a Comet venue besides Absorb: the
// resolved parameter set (base asset and decimals, collateral decimals).
package compound

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// ResolvedSet returns the venue's Comet parameter set after overrides, on
// market m (whose as_of dates the set). Callers must not mutate it. Errors
// are those of Margin's parameter check.
func ResolvedSet(v *portfolio.Venue, m *market.Snapshot) (*Set, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return nil, err
	}
	return res.set, nil
}
