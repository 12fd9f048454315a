// SPAN's liquidation rule: a clearing member reduces a deficient account in
// clips of 10% of a position's original size, the clip that lowers the
// requirement most first, until equity ≥ maintenance; the clearing house's
// guarantee fund (insurance) takes a shortfall.
package span

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const (
	reductionClip     = 0.1
	maxReductionSteps = 200
)

// Liquidation is the incremental reduction, after Margin's input checks.
func (md Model) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, err := md.Margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	return venue.Reduction(reductionClip, maxReductionSteps,
		"unimargin: a clearing member's incremental reduction of a SPAN account (margin-methods.md §2)"), nil
}
