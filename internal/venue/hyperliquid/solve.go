// Hyperliquid's liquidation-price solver. The venue liquidates when equity
// < maintenance; with one coin's price moved by f, equity moves by the P&L
// of its positions with an entry (EntryQuantity × price) and its
// maintenance is the margin table's notional × mmr − deduction at the tier
// the moved notional falls in (marginOf): piecewise linear in f and
// continuous. The solver solves the tier's line, re-reads the tier at the
// root with marginOf and repeats until the tier holds. It solves only where
// the cushion is monotone in f whatever the tier (then its root is the only
// one, so the nearest) and declines otherwise (the generic search runs).
// Every figure is margin's: the same netting, parameters and margin table.
package hyperliquid

import (
	"math"
	"slices"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// solverPasses bounds the tier iteration (a table has a few tiers; each
// pass moves to the tier the last root fell in).
const solverPasses = 16

// PriceSolver returns v's solver from one run of the model at m's prices.
func (model) PriceSolver(v *portfolio.Venue, m *market.Snapshot) (venue.PriceSolver, error) {
	r, coins, err := margin(v, m)
	if err != nil {
		return nil, err
	}
	s := &solver{collateral: r.CollateralValue, coins: coins, spot: make([]float64, len(coins))}
	for i := range coins {
		s.spot[i] = m.VenueSpot(v.ID, coins[i].Underlying)
	}
	return s, nil
}

type solver struct {
	collateral float64 // USDC collateral value
	coins      []coin
	spot       []float64 // each coin's price today
}

// Factor solves equity(f) = maintenance(f) for the moved coin (at most one:
// a coin moves alone) or the moved collateral.
func (s *solver) Factor(moved []string) (*float64, bool) {
	// cushion(f) = fixed + f·linear − Σ_moved maintenance(notional·f)
	var fixed, linear float64
	if slices.Contains(moved, collateralAsset) {
		linear += s.collateral
	} else {
		fixed += s.collateral
	}
	var movedCoins []int
	for i := range s.coins {
		c := &s.coins[i]
		entryPart := c.EntryQuantity * s.spot[i]
		fixed += c.PnL + c.Funding - entryPart
		if !slices.Contains(moved, c.Underlying) {
			fixed += entryPart - c.figures.maintenance
			continue
		}
		linear += entryPart
		movedCoins = append(movedCoins, i)
	}
	if len(movedCoins) == 0 {
		return venue.LinearRoot(fixed, linear), true
	}
	if len(movedCoins) > 1 {
		return nil, false
	}
	c := &s.coins[movedCoins[0]]
	tiers := c.params.MarginTiers
	// Monotone: the slope linear − notional·mmr has one sign over every
	// tier's rate (mmr rises with the tier: the first and last bound it).
	first := marginOf(tiers, c.params.Leverage, 0).mmr
	last := marginOf(tiers, c.params.Leverage, math.Inf(1)).mmr
	lo, hi := linear-c.figures.notional*first, linear-c.figures.notional*last
	if lo == 0 || hi == 0 || (lo > 0) != (hi > 0) {
		return nil, false
	}
	cushion := func(f float64) float64 {
		return fixed + f*linear - marginOf(tiers, c.params.Leverage, c.figures.notional*f).maintenance
	}
	if healthy := cushion(1) >= 0; (cushion(1e-6) >= 0) == healthy && (cushion(1e6) >= 0) == healthy {
		return nil, true // monotone and on today's side at both ends of the range: no root
	}
	fig := c.figures
	for range solverPasses {
		f := venue.LinearRoot(fixed+fig.deduction, linear-c.figures.notional*fig.mmr)
		if f == nil {
			return nil, false // the root may lie on another tier's line: search
		}
		at := marginOf(tiers, c.params.Leverage, c.figures.notional**f)
		if at.tier == fig.tier {
			return f, true
		}
		fig = at
	}
	return nil, false
}
