// Deribit's liquidation rule (both margin models): incremental reduction in
// clips of 10% of a position's original size, the clip that lowers
// maintenance most first, until equity ≥ maintenance; the insurance fund
// takes a shortfall (support.deribit.com 'Liquidations').
package deribit

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const (
	reductionClip     = 0.1 // share of the original size per clip
	maxReductionSteps = 200 // bound on clips in one preview
	liquidationSource = "Deribit incremental liquidation (support.deribit.com 'Liquidations', read 2026-11)"
)

// Liquidation is the incremental reduction, after Margin's input checks.
func (p pm) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, err := p.Margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	return venue.Reduction(reductionClip, maxReductionSteps, liquidationSource), nil
}

// Liquidation is the incremental reduction, after Margin's input checks.
func (s standard) Liquidation(v *portfolio.Venue, m *market.Snapshot) (venue.Liquidation, error) {
	if _, err := s.Margin(v, m); err != nil {
		return venue.Liquidation{}, err
	}
	return venue.Reduction(reductionClip, maxReductionSteps, liquidationSource), nil
}
