// Model-owned liquidation-price solvers: a model whose liquidation test is
// linear in prices (a lending health factor, a perp venue's equity against
// a maintenance proportional to notional) states it as a Linear form built
// by the same code its Margin runs, and LiquidationPrices solves that form
// in closed form instead of searching; any other model, or a form a model
// declines, gets the generic search (liquidation_price.go).
package venue

import (
	"context"
	"math"
	"slices"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// LiquidationSolver is implemented by a model that solves its own
// liquidation prices. PriceSolver returns v's solver on m, built from the
// figures Margin computes (one place per model: the solver is a by-product
// of the model's margin code, never a second statement of its rule), or
// nil for a venue it cannot solve (the generic search then runs). Input
// problems are Margin's.
type LiquidationSolver interface {
	PriceSolver(v *portfolio.Venue, m *market.Snapshot) (PriceSolver, error)
}

// PriceSolver finds one venue's liquidation prices. Factor returns the
// factor f > 0 nearest 1 (in log distance), within the generic search's
// range (1e-6 … 1e6), at which the venue's cushion changes sign when every
// asset in moved moves by f together (other prices fixed), or nil when none
// does; solved false declines (the generic search runs for that asset).
type PriceSolver interface {
	Factor(moved []string) (factor *float64, solved bool)
}

// ContextPriceSolver is a PriceSolver that runs the model's own cushion
// (typically SearchCushion on a venue prepared once): LiquidationPrices
// calls FactorContext instead of Factor, and it stops when ctx ends,
// returning ctx's error.
type ContextPriceSolver interface {
	PriceSolver
	FactorContext(ctx context.Context, moved []string) (factor *float64, solved bool, err error)
}

// Linear is a PriceSolver for a liquidation test of the form
//
//	liquidatable ⇔ Σ_i term_i(f(Terms[i].Asset)) < 0
//
// where f(a) is the factor by which asset a's price moves (1 now) with every
// other price fixed, a term is USD while its asset stays and f·Slope when
// it moves (a term with Asset "" never moves). Its sign is the sign of
// Result.Cushion at every price (a sum of exactly 0 is healthy, as a
// cushion of 0 is), so the liquidation price of a set of assets moved
// together by one factor f is the root of fixed + f·moving.
type Linear struct {
	Terms []LinearTerm
}

// LinearTerm is one summand of a Linear form: USD is its value today as the
// model rounds it (integer contracts floor prices and values to base
// units), Slope its unrounded value per unit of the factor, so that a
// moved term is not the rounding error of today's figure scaled up.
type LinearTerm struct {
	Asset      string
	USD, Slope float64
}

// Add appends a term (zero terms are dropped).
func (l *Linear) Add(asset string, usd, slope float64) {
	if usd != 0 || slope != 0 {
		l.Terms = append(l.Terms, LinearTerm{Asset: asset, USD: usd, Slope: slope})
	}
}

// Factor is PriceSolver's: the form is linear in f, so it has one root at
// most and that root is the nearest; it always solves.
func (l *Linear) Factor(moved []string) (*float64, bool) {
	var fixed, moving float64
	for _, t := range l.Terms {
		if t.Asset != "" && slices.Contains(moved, t.Asset) {
			moving += t.Slope
		} else {
			fixed += t.USD
		}
	}
	return LinearRoot(fixed, moving), true
}

// LinearRoot is the root f of fixed + f·moving when it is > 0 and within
// the generic search's range (1e-6 … 1e6), else nil.
func LinearRoot(fixed, moving float64) *float64 {
	if moving == 0 {
		return nil
	}
	f := -fixed / moving
	if !(f > 0) || math.IsInf(f, 0) || math.Abs(math.Log(f)) > liqLogRange {
		return nil
	}
	return &f
}
