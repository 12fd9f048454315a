// Hedge suggestions: candidate trades (perps, futures, listed options) that
// lower unified initial margin most per unit of cost, scored with WhatIf.
package margin

import (
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

// Hedge search limits and sizes.
const (
	// hedgeRoots is how many root assets (largest |delta_usd|, then |vega_usd|) get candidates.
	hedgeRoots = 3
	// hedgeMinCostUSD floors the cost a score divides by, so a trade on an
	// asset without spread or depth ranks by its reduction.
	hedgeMinCostUSD = 1.0
	// hedgeMoneyness bounds the listed strikes tried: K/S within [1/x, x].
	hedgeMoneyness = 1.5
)

// hedgeMinExpiry is the shortest time to expiry of an option hedge: the
// unified vol shocks grow as (30/DTE)^0.30 below 30 days (DESIGN.md), so a
// few-day option is priced in scenarios far from where it will trade, and
// the relief it gives expires with it within days.
const hedgeMinExpiry = 14 * 24 * time.Hour

// hedgeMinReduction is the smallest reduction kept, as a fraction of the
// requirement before (and at least 1 USD): below it a suggestion is a no-op.
const hedgeMinReduction = 1e-4

// hedgeFractions are the sizes tried, as fractions of the offsetting size.
var hedgeFractions = []float64{0.25, 0.5, 0.75, 1}

// Suggestion is one hedge trade and what it does to the account.
type Suggestion struct {
	Venue    string       `json:"venue"`
	Position PositionJSON `json:"position"`
	// UnifiedInitialAfter is the unified initial requirement with the trade (USD).
	UnifiedInitialAfter float64 `json:"unified_initial_after"`
	// Cost is the trade's cost in USD: half-spread + square-root impact on
	// the delta-equivalent notional, plus any option premium paid.
	Cost float64 `json:"cost"`
	// Reduction is unified initial before − after (USD, > 0).
	Reduction float64 `json:"reduction"`
	// Score is Reduction / max(Cost, 1 USD): margin freed per dollar spent.
	Score float64 `json:"score"`
	// VenueInitialChange is the venue's own initial requirement after − before
	// the trade (USD; the venue takes it within its initial margin).
	VenueInitialChange float64 `json:"venue_initial_change"`

	position portfolio.Position
}

// Trade returns the suggestion as a trade (to apply or what-if it).
func (s *Suggestion) Trade() Trade { return Trade{Venue: s.Venue, Position: s.position} }

// PositionJSON is a position as portfolio.json writes it.
type PositionJSON struct {
	Kind       string `json:"kind"`
	Asset      string `json:"asset,omitempty"`
	Amount     string `json:"amount,omitempty"`
	Underlying string `json:"underlying,omitempty"`
	Right      string `json:"right,omitempty"`
	Strike     string `json:"strike,omitempty"`
	Expiry     string `json:"expiry,omitempty"`
	Quantity   string `json:"quantity,omitempty"`
}

func positionJSON(p *portfolio.Position) PositionJSON {
	out := PositionJSON{Kind: string(p.Kind)}
	if !p.Kind.IsDerivative() {
		out.Asset, out.Amount = p.Asset, p.Amount.String()
		return out
	}
	out.Underlying, out.Quantity = p.Underlying, p.Quantity.String()
	if p.Kind != portfolio.KindPerp {
		out.Expiry = p.Expiry.UTC().Format(time.RFC3339)
	}
	if p.Kind == portfolio.KindOption {
		out.Right, out.Strike = p.Right.String(), p.Strike.String()
	}
	return out
}

// Hedges returns up to top suggestions, best score first (ties: larger
// reduction, then venue in book order), one per instrument (its best size
// at its best venue). Each hedges: it lowers unified initial margin by at
// least 0.01% of it (and 1 USD), raises the worst loss in no vol column
// (up, none, down), and its venue takes it within its own initial margin
// with the trade's cash leg (Session.Trade). Candidates, for the root assets with the largest exposures:
//
//   - a perp on the root at every venue whose model accepts one, sized to
//     offset 25%, 50%, 75% and 100% of the account's delta;
//   - futures at every listed expiry (the root's vol-surface expiries), same sizes;
//   - listed options (vol-surface strikes within 1/1.5–1.5× spot and expiries
//     at least 14 days away), calls and puts, sized to offset the same
//     fractions of the account's vega and, separately, of its delta.
//
// A venue accepts a kind on an underlying when its own model margins a book
// with one such position (venue.Margin, tried once per venue, kind and
// underlying). Quantities keep 3 significant digits. Errors: none beyond
// those of venue models that are not input errors.
func (s *Session) Hedges(top int) ([]Suggestion, error) {
	before := s.base.Initial
	cands := s.hedgeCandidates()
	type scored struct {
		cand                   int
		after, cost, reduction float64
		score                  float64
	}
	var found []scored
	colsBefore := s.a.c.worstByVol(s.pnl, s.a.mask)
	for i := range cands {
		c := &cands[i]
		u, err := s.WhatIf(s.a.book.Venues[c.venue].ID, &c.p)
		if err != nil {
			return nil, err
		}
		red := before - u.Initial
		if red < math.Max(hedgeMinReduction*before, 1) {
			continue // a no-op
		}
		// A hedge lowers the worst loss without raising it in any vol
		// column: a trade that only wins in one column (long short-dated
		// options under the vol-up shock, whose scaling by days to expiry
		// makes them cheap to hold) moves the worst, it does not hedge.
		if !s.pnlReady || !noColumnWorse(colsBefore, s.a.c.worstByVol(s.scratch, s.a.mask)) {
			continue
		}
		cost := s.tradeCost(c.venue, &c.p)
		found = append(found, scored{i, u.Initial, cost, red, red / math.Max(cost, hedgeMinCostUSD)})
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := &found[i], &found[j]
		if a.score != b.score {
			return a.score > b.score
		}
		return a.reduction > b.reduction
	})
	// One suggestion per instrument: its best size at its best venue.
	type instrument struct {
		kind, underlying string
		right            int8
		strike           float64
		expiry           int64
	}
	seen := map[instrument]bool{}
	out := []Suggestion{}
	for _, f := range found {
		if top >= 0 && len(out) >= top {
			break
		}
		c := &cands[f.cand]
		key := instrument{string(c.p.Kind), c.p.Underlying, int8(c.p.Right), c.p.StrikeF, c.p.Expiry.UnixNano()}
		if seen[key] {
			continue
		}
		// The venue must take the trade as it would really open (cash leg
		// included) within its own initial margin.
		w, err := s.Trade(&Trade{Venue: s.a.book.Venues[c.venue].ID, Position: c.p})
		if err != nil {
			return nil, err
		}
		if !w.Venue.Allowed {
			continue
		}
		seen[key] = true
		out = append(out, Suggestion{Venue: s.a.book.Venues[c.venue].ID, Position: positionJSON(&c.p),
			UnifiedInitialAfter: f.after, Cost: f.cost, Reduction: f.reduction, Score: f.score,
			VenueInitialChange: w.Venue.After.Initial - w.Venue.Before.Initial, position: c.p})
	}
	return out, nil
}

type hedgeCandidate struct {
	venue int
	p     portfolio.Position
}

// hedgeCandidates lists the candidate trades in a fixed order.
func (s *Session) hedgeCandidates() []hedgeCandidate {
	a := s.a
	greeks := s.r.greeks
	roots := make([]string, 0, len(greeks))
	for sym, g := range greeks {
		if g.DeltaUSD != 0 || g.VegaUSD != 0 {
			roots = append(roots, sym)
		}
	}
	sort.Slice(roots, func(i, j int) bool {
		gi, gj := greeks[roots[i]], greeks[roots[j]]
		if x, y := math.Abs(gi.DeltaUSD), math.Abs(gj.DeltaUSD); x != y {
			return x > y
		}
		if x, y := math.Abs(gi.VegaUSD), math.Abs(gj.VegaUSD); x != y {
			return x > y
		}
		return roots[i] < roots[j]
	})
	if len(roots) > hedgeRoots {
		roots = roots[:hedgeRoots]
	}
	var out []hedgeCandidate
	accepts := map[[3]string]bool{}
	for _, sym := range roots {
		g := greeks[sym]
		spot := a.m.Spot(sym)
		expiries := s.listedExpiries(sym)
		for vi := range a.book.Venues {
			ok := func(kind portfolio.Kind, probe portfolio.Position) bool {
				key := [3]string{a.book.Venues[vi].ID, string(kind), sym}
				v, seen := accepts[key]
				if !seen {
					v = checkTradeAt(a.book, a.m, vi, &probe) == nil
					accepts[key] = v
				}
				return v
			}
			if ok(portfolio.KindPerp, hedgePosition(portfolio.KindPerp, sym, 1)) {
				for _, f := range hedgeFractions {
					out = appendSized(out, vi, hedgePosition(portfolio.KindPerp, sym, -f*g.Delta))
				}
			}
			for _, exp := range expiries {
				fut := hedgePosition(portfolio.KindFuture, sym, 1)
				fut.Expiry = exp
				if !ok(portfolio.KindFuture, fut) {
					break
				}
				fwd := a.m.ForwardAt(sym, a.m.YearsTo(exp))
				for _, f := range hedgeFractions {
					fut.Quantity, fut.QuantityF = decimalOf(-f * g.Delta * spot / fwd)
					out = appendSized(out, vi, fut)
				}
			}
			out = s.optionCandidates(out, vi, sym, g, ok)
		}
	}
	return out
}

// optionCandidates adds listed options sized against vega and against delta.
func (s *Session) optionCandidates(out []hedgeCandidate, vi int, sym string, g Greeks,
	ok func(portfolio.Kind, portfolio.Position) bool) []hedgeCandidate {
	a := s.a
	surface := a.m.Surfaces[sym]
	if surface == nil {
		return out
	}
	spot := a.m.Spot(sym)
	for _, smile := range surface.Smiles {
		if smile.Expiry.Sub(a.m.AsOf) < hedgeMinExpiry {
			continue
		}
		years := a.m.YearsTo(smile.Expiry)
		fwd := a.m.ForwardAt(sym, years)
		for _, k := range smile.Strikes {
			if k < spot/hedgeMoneyness || k > spot*hedgeMoneyness {
				continue
			}
			for _, right := range []pricing.Right{pricing.Call, pricing.Put} {
				p := hedgePosition(portfolio.KindOption, sym, 1)
				p.Right, p.Expiry = right, smile.Expiry
				p.Strike, p.StrikeF = decimalOf(k)
				if !ok(portfolio.KindOption, p) {
					return out
				}
				og := pricing.Black76Greeks(right, fwd, k, a.m.VolAt(sym, k, years), years, a.rate)
				for _, f := range hedgeFractions {
					if og.Vega > 0 && g.Vega != 0 {
						p.Quantity, p.QuantityF = decimalOf(-f * g.Vega / og.Vega)
						out = appendSized(out, vi, p)
					}
					if unitDelta := og.Delta * fwd / spot; math.Abs(unitDelta) > 0.05 && g.Delta != 0 {
						p.Quantity, p.QuantityF = decimalOf(-f * g.Delta / unitDelta)
						out = appendSized(out, vi, p)
					}
				}
			}
		}
	}
	return out
}

// listedExpiries are the root's vol-surface expiries after as_of.
func (s *Session) listedExpiries(sym string) []time.Time {
	var out []time.Time
	if surface := s.a.m.Surfaces[sym]; surface != nil {
		for _, smile := range surface.Smiles {
			if smile.Expiry.After(s.a.m.AsOf) {
				out = append(out, smile.Expiry)
			}
		}
	}
	return out
}

func hedgePosition(kind portfolio.Kind, underlying string, q float64) portfolio.Position {
	p := portfolio.Position{Kind: kind, Underlying: underlying}
	p.Quantity, p.QuantityF = decimalOf(q)
	return p
}

// appendSized adds a candidate unless its quantity rounded to 0.
func appendSized(out []hedgeCandidate, vi int, p portfolio.Position) []hedgeCandidate {
	if p.QuantityF == 0 || math.Abs(p.QuantityF) > portfolio.MaxQuantity {
		return out
	}
	return append(out, hedgeCandidate{vi, p})
}

// decimalOf rounds x to 3 significant digits (at most 8 decimals) and
// returns it as a decimal and the float it denotes.
func decimalOf(x float64) (money.Decimal, float64) {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return money.MustDecimal("0"), 0
	}
	places := 2 - int(math.Floor(math.Log10(math.Abs(x))))
	places = max(0, min(places, 8))
	text := strconv.FormatFloat(x, 'f', places, 64)
	d, err := money.ParseDecimal(text)
	if err != nil {
		panic("margin: formatting a quantity: " + err.Error())
	}
	return d, d.Float64()
}

// tradeCost is a candidate's cost in USD: on the delta-equivalent notional N
// (|q|·spot for perps and futures, |q·Δ_F·F| for options) the root's
// half-spread N·spread_bps/20000 plus square-root impact
// (vol/√365)·N·√(N/depth) — the liquidity add-on's law — plus the premium
// paid for a bought option, as capital used (a sold option's premium is not
// counted as a gain).
func (s *Session) tradeCost(vi int, p *portfolio.Position) float64 {
	a := s.a
	it := a.position(vi, 0, p)
	notional := math.Abs(it.delta)
	var cost float64
	for _, b := range a.roots[it.asset] {
		l := a.c.liquidity[b.Asset]
		cost += liquidityCost(notional*b.Beta, l.spread, l.impact)
	}
	if it.kind == kindOption && it.quantity > 0 {
		cost += it.value
	}
	return cost
}
