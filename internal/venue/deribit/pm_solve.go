// The liquidation-price solvers of both Deribit models.
//
// deribit-pm's: The risk matrix is not linear in
// the underlying's price (every option is repriced in 35 scenarios, the
// worst one switches, gains are offset and capped), so there is no closed
// form: the solver runs the generic search (venue.SearchCushion: the same
// grid of log steps, the same regula falsi) on the model's own cushion,
// with the venue validated, netted and its parameters resolved once and
// only the price-dependent marks recomputed per factor (book.reprice), the
// risk matrix by computePM as Margin runs it. Its cushion is Margin's on
// the shifted market to the bit, so its prices are the search's exactly,
// at a fraction of the cost of a whole Margin run per evaluation; options'
// per-unit risk vectors and marks come from a memo shared by every book
// (pm_units.go: a ladder per option, one rung per grid point), as the
// search's grid factors are the same for all.
//
// deribit-standard's is the same search on its own prepared book: its
// per-option formulas (a floor, an OTM discount, a mark) switch branch with
// the price, so it is not solved in closed form either.
package deribit

import (
	"context"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// PriceSolver returns v's solver on m: the book built and its parameters
// resolved once (input errors are Margin's).
func (pm) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (venue.PriceSolver, error) {
	b, params, _, err := newPMBook(v, m)
	if err != nil {
		return nil, err
	}
	b.units = pmUnits
	var r pmResult // reused from one factor to the next
	s := &bookSolver{b: b, m: m, cushion: func(at *market.Snapshot) float64 {
		b.computePMInto(&r, params, at.RateUSD())
		return b.cushion(r.maintenance) // pmResult's Cushion, without building the Result
	}}
	s.hasCoin = b.inverse && s.coin.pm(b, params, m.RateUSD()) // from the book as built: factor 1
	return s, nil
}

// PriceSolver returns v's solver on m: the book built and its parameters
// resolved once (input errors are Margin's).
func (standard) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (venue.PriceSolver, error) {
	b, err := newBook(v, m, standardName)
	if err != nil {
		return nil, err
	}
	params, _, err := resolveStandard(v, b)
	if err != nil {
		return nil, err
	}
	b.units = pmUnits // marks only: standard margin has no risk vectors
	s := &bookSolver{b: b, m: m, cushion: func(*market.Snapshot) float64 {
		// standardResult's Cushion, without building the Result
		return b.cushion(standardTotals(b, params).maintenance)
	}}
	s.hasCoin = b.inverse && s.coin.standard(b, params, m.RateUSD()) // from the book as built: factor 1
	return s, nil
}

// bookSolver searches on a prepared book: cushion is the model's
// Result.Cushion of b as it is marked now, on the market it is marked on
// (both models compute it without building the Result: book.cushion);
// coin is the book's coin bound when hasCoin (cushion_bound.go), which
// its searches moving the coin step by.
type bookSolver struct {
	b       *book
	m       *market.Snapshot
	cushion func(at *market.Snapshot) float64
	coin    coinBound
	hasCoin bool
}

// cushionAt is Margin's Result.Cushion on the market at (m with some prices
// shifted): the book marked again there, then the model's cushion.
func (s *bookSolver) cushionAt(at *market.Snapshot) float64 {
	s.b.reprice(at)
	return s.cushion(at)
}

// FactorContext is the generic search on the prepared book; it always
// solves.
func (s *bookSolver) FactorContext(ctx context.Context, moved []string) (*float64, bool, error) {
	shift := s.m.PriceShift(moved...)
	s.b.startSearch(moved)
	bound := s.bound(moved)
	f, err := venue.SearchCushion(ctx, func(factor float64, point int) (float64, error) {
		s.b.search.point = point // the search's grid is the same sequence for every venue
		return s.cushionAt(shift.At(factor)), nil
	}, bound)
	s.b.search.point = 0
	return f, err == nil, err
}

// Factor is FactorContext without a deadline.
func (s *bookSolver) Factor(moved []string) (*float64, bool) {
	f, solved, _ := s.FactorContext(context.Background(), moved)
	return f, solved
}
