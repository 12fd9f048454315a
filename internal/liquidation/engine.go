// Run: every venue's own liquidation (its registry rule, executed by
// mechanism), then the unified engine's.
package liquidation

import (
	"context"
	"fmt"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/catalog" // every registered model
)

// Options of the unified engine (governed; defaults in DefaultOptions).
type Options struct {
	// PenaltyRate is the share of the notional sold that goes to the
	// insurance fund (default 0.01).
	PenaltyRate float64
	// InsuranceFundUSD is the fund's balance before this liquidation
	// (default 0: bad debt beyond the penalties collected is socialised).
	InsuranceFundUSD float64
	// ClipFraction is the size of one clip as a share of the original
	// holding (default 0.1).
	ClipFraction float64
	// MaxSteps bounds the number of clips (default 1,000); past it the
	// engine stops where it is.
	MaxSteps int
}

// DefaultOptions are the unified engine's defaults.
func DefaultOptions() Options {
	return Options{PenaltyRate: 0.01, ClipFraction: 0.1, MaxSteps: 1000}
}

// executors run a venue's liquidation rule by its mechanism; every figure
// they use is the rule's (venue.LiquidationOf: the model's registry entry,
// resolved with the venue's params). A mechanism without an executor is an
// error naming the model, never a default.
var executors = map[venue.Mechanism]func(*portfolio.Venue, *market.Snapshot, venue.Liquidation, *Venue) error{
	venue.MechNone:    nil,
	venue.MechCall:    liquidateAave,
	venue.MechAbsorb:  liquidateCompound,
	venue.MechClose:   liquidateClose,
	venue.MechReduce:  liquidateReduce,
	venue.MechAuction: liquidateAuction,
}

// Run computes the report. The book must have passed portfolio.Check
// against m. Errors are the venue models' and margin's input errors
// (*input.Error; also a holding worth more than MaxNotionalUSD), and v3.3's ErrMustNotLeaveDust.
func Run(book *portfolio.Portfolio, m *market.Snapshot, rp *margin.RiskParams, opt Options) (*Report, error) {
	return RunContext(context.Background(), book, m, rp, opt)
}

// RunContext is Run that stops when ctx ends (a request's deadline),
// returning ctx's error: ctx is checked before each venue's liquidation,
// before each clip of the unified engine and before each candidate clip
// it scores (one what-if or re-margin each).
func RunContext(ctx context.Context, book *portfolio.Portfolio, m *market.Snapshot, rp *margin.RiskParams, opt Options) (*Report, error) {
	if err := checkMagnitudes(book, m); err != nil {
		return nil, err
	}
	rep := &Report{Venues: make([]Venue, 0, len(book.Venues))}
	for vi := range book.Venues {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v := &book.Venues[vi]
		out := Venue{ID: v.ID, Model: v.Model, Actions: []Action{}, Notes: []string{}}
		r, err := modelMargin(v, m)
		if err != nil {
			return nil, err
		}
		out.HealthBefore = r.Health // the model's, as margin reports it (venue.EquityHealth)
		rule, err := venue.LiquidationOf(v, m)
		if err != nil {
			return nil, err
		}
		exec, known := executors[rule.Mechanism]
		switch {
		case !known:
			return nil, fmt.Errorf("venue %s: model %s liquidates by %q, which the engine cannot run",
				v.ID, v.Model, rule.Mechanism)
		case exec == nil:
			out.Notes = append(out.Notes, rule.Note)
		default:
			if err := exec(v, m, rule, &out); err != nil {
				return nil, err
			}
		}
		if !out.Liquidatable {
			out.HealthAfter = out.HealthBefore
		}
		rep.Venues = append(rep.Venues, out)
	}
	var budget float64
	for _, v := range rep.Venues {
		budget += v.SoldUSD
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	u, err := liquidateUnified(ctx, book, m, rp, opt, budget)
	if err != nil {
		return nil, err
	}
	rep.Unified = u
	return rep, nil
}
