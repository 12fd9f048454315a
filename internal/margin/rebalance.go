// Rebalancing: collateral moves from venues with excess to venues that are
// liquidatable or within the buffer — the seed's "liquidated on one platform
// while holding collateral on another", solved.
package margin

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Rebalancing limits.
const (
	maxRebalanceMoves = 32
	bisectSteps       = 60
	// bisectTolerance is relative to the bracket: far below the 6
	// significant digits a move is written with.
	bisectTolerance = 1e-9
	// moveSignificantDigits bounds how precisely a move amount is written
	// (never more precisely than the asset's decimals).
	moveSignificantDigits = 6
	// minMoveUSD is the smallest move worth making.
	minMoveUSD = 1.0
)

// rebalancer plans moves on a working copy of the book.
type rebalancer struct {
	book   *portfolio.Portfolio // working copy: collateral slices are owned
	m      *market.Snapshot
	rp     *RiskParams
	target float64 // 1 + buffer
	moves  []Move
	warn   []string
	// exhaustive bisects to bisectTolerance even when the rounded move is
	// already decided (the tests' reference for the early stop).
	exhaustive bool
}

// Rebalance plans collateral moves for book (checked against m): every venue
// whose health is below 1 + rebalance_buffer (liquidatable ones included)
// receives collateral, least healthy first, until its health reaches
// 1 + buffer or no source is left. Sources are the other venues with excess
// (equity > initial), the most excess first; a source gives only what keeps
// it at excess ≥ 0 and health ≥ 1 + buffer (custody: everything). Only
// assets the target's own model values raise its health, so each candidate
// is tried on the target with venue.Margin. A move across chains arrives
// over the target chain's canonical bridge (its haircut then applies in the
// unified model) and a warning states the finality time.
//
// Amounts are money: what the target needs rounds up, what a source can
// spare rounds down (money.FromFloatCeil / FromFloatFloor, the one
// conversion point), at most 6 significant digits and never more precisely
// than the asset's decimals; a move is the smaller of the two. Apply the
// result with ApplyMoves. Errors come from the venue models.
func Rebalance(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams) ([]Move, []string, error) {
	return (&rebalancer{book: cloneCollateral(book), m: m, rp: rp, target: 1 + rp.RebalanceBuffer}).plan()
}

// plan is Rebalance on r's working book.
func (r *rebalancer) plan() ([]Move, []string, error) {
	m := r.m
	type need struct {
		vi     int
		health float64
	}
	var needs []need
	for vi := range r.book.Venues {
		res, err := venue.Margin(&r.book.Venues[vi], m)
		if err != nil {
			return nil, nil, err
		}
		if h, short := r.short(&res); short {
			needs = append(needs, need{vi, h})
		}
	}
	sort.SliceStable(needs, func(i, j int) bool { return needs[i].health < needs[j].health })
	for _, n := range needs {
		if err := r.fill(n.vi); err != nil {
			return nil, nil, err
		}
	}
	return r.moves, r.warn, nil
}

// short reports whether a venue result is below the target health, and its health.
func (r *rebalancer) short(res *venue.Result) (float64, bool) {
	if res.Health == nil {
		return math.Inf(1), res.Liquidatable()
	}
	return *res.Health, *res.Health < r.target || res.Liquidatable()
}

// fill moves collateral to venue ti until it is healthy or no source helps.
func (r *rebalancer) fill(ti int) error {
	for range maxRebalanceMoves {
		res, err := venue.Margin(&r.book.Venues[ti], r.m)
		if err != nil {
			return err
		}
		h, short := r.short(&res)
		if !short {
			return nil
		}
		moved, err := r.moveOne(ti, h)
		if err != nil {
			return err
		}
		if !moved {
			r.warn = append(r.warn, fmt.Sprintf("rebalance: %s stays below health %g: no collateral "+
				"the venue accepts is spare elsewhere", r.book.Venues[ti].ID, r.target))
			return nil
		}
	}
	return nil
}

// source is one collateral entry that could move, with its venue's excess
// and health as they stand.
type source struct {
	vi, ci         int
	excess, health float64
}

// sources lists the spare collateral entries, most excess first.
func (r *rebalancer) sources(ti int) ([]source, error) {
	var out []source
	for vi := range r.book.Venues {
		if vi == ti {
			continue
		}
		v := &r.book.Venues[vi]
		res, err := venue.Margin(v, r.m)
		if err != nil {
			return nil, err
		}
		h, short := r.short(&res)
		if short || res.Equity-res.Initial <= 0 {
			continue
		}
		for ci := range v.Collateral {
			if v.Collateral[ci].AmountF > 0 {
				out = append(out, source{vi, ci, res.Equity - res.Initial, h})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].excess > out[j].excess })
	return out, nil
}

// moveOne makes the best single move to venue ti (health h now); false when
// no source raises its health.
func (r *rebalancer) moveOne(ti int, h float64) (bool, error) {
	srcs, err := r.sources(ti)
	if err != nil {
		return false, err
	}
	for _, s := range srcs {
		spare, err := r.spare(s)
		if err != nil || spare <= 0 {
			if err != nil {
				return false, err
			}
			continue
		}
		c := r.book.Venues[s.vi].Collateral[s.ci]
		if spare*r.m.Spot(c.Asset) < minMoveUSD {
			continue // dust: not worth a transfer
		}
		decimals := r.decimals(c.Asset)
		places := movePlaces(spare, decimals)
		spareAmt, err := money.FromFloatFloor(spare, places)
		if err != nil || spareAmt.IsZero() {
			continue
		}
		// The float may round above the exact holding (9.999999999999999999
		// is 10.0 as a float64): never spare more than the entry holds, at
		// the move's precision.
		if held, err := heldAt(c.Amount, places); err != nil {
			return false, err
		} else if spareAmt.Cmp(held) > 0 {
			if spareAmt = held; spareAmt.IsZero() {
				continue
			}
		}
		spareF := spareAmt.Float64(places)
		healthWith := func(x float64) (float64, error) { return r.healthWith(ti, s.vi, s.ci, x) }
		hAll, err := healthWith(spareF)
		if err != nil {
			return false, err
		}
		if !(hAll > h+math.Abs(h)*1e-12) {
			continue // the target's model does not value this asset (h may be negative)
		}
		x := spareF
		if hAll >= r.target {
			// the smallest x that reaches the target; the slack is the
			// health still missing
			enough := func(x float64) (bool, slack, error) {
				hx, err := healthWith(x)
				return hx >= r.target, slack{r.target - hx, math.NaN()}, err
			}
			// x is rounded up to places below: the bisection may stop as
			// soon as every point of its bracket rounds up alike.
			var settled func(lo, hi float64) bool
			if !r.exhaustive {
				settled = func(lo, hi float64) bool { return sameCell(lo, hi, places) }
			}
			if _, x, err = bisectGuided(0, spareF, slack{r.target - h, math.NaN()},
				slack{r.target - hAll, math.NaN()}, enough, settled); err != nil {
				return false, err
			}
		}
		amt, err := money.FromFloatCeil(x, places)
		if err != nil {
			return false, err
		}
		if amt.Cmp(spareAmt) > 0 {
			amt = spareAmt
		}
		if amt.IsZero() {
			continue
		}
		mv := Move{From: r.book.Venues[s.vi].ID, To: r.book.Venues[ti].ID, Asset: c.Asset, Amount: amt.Units(places)}
		if err := r.apply(mv, s.ci); err != nil {
			return false, err
		}
		r.record(mv, decimals)
		return true, nil
	}
	return false, nil
}

// record appends a move, merged into the previous one when it moves the
// same asset between the same venues (amounts add exactly).
func (r *rebalancer) record(mv Move, decimals uint8) {
	if n := len(r.moves); n > 0 {
		last := &r.moves[n-1]
		if last.From == mv.From && last.To == mv.To && last.Asset == mv.Asset {
			a, errA := money.AmountExact(money.MustDecimal(last.Amount), decimals)
			b, errB := money.AmountExact(money.MustDecimal(mv.Amount), decimals)
			if sum, err := a.Add(b); errA == nil && errB == nil && err == nil {
				last.Amount = sum.Units(decimals)
				return
			}
		}
	}
	r.moves = append(r.moves, mv)
}

// spare is how much of source s's entry its venue can give and stay at
// excess ≥ 0 and health ≥ target (all of it when the venue requires
// nothing); the search starts from s's figures, the venue as it stands.
func (r *rebalancer) spare(s source) (float64, error) {
	v, ci := &r.book.Venues[s.vi], s.ci
	amount := v.Collateral[ci].AmountF
	// ok says whether withdrawing x keeps the venue whole, with its slack
	// on each condition (excess, health − target; NaN where unknown).
	ok := func(x float64) (bool, slack, error) {
		trial := *v
		trial.Collateral = withAmount(v.Collateral, ci, amount-x, r.decimals(v.Collateral[ci].Asset))
		keepSettlement(&trial, v, r.m)
		res, err := venue.Margin(&trial, r.m)
		var ie *input.Error
		if errors.As(err, &ie) {
			return false, unknownSlack, nil // the model refuses the withdrawal: nothing to spare
		}
		if err != nil {
			return false, unknownSlack, err
		}
		h, short := r.short(&res)
		return !short && res.Equity-res.Initial >= 0, slack{res.Equity - res.Initial, h - r.target}, nil
	}
	all, sAll, err := ok(amount)
	if err != nil || all {
		return amount, err
	}
	// the largest x with ok(x): the last point below where "not ok" starts
	notOK := func(x float64) (bool, slack, error) {
		good, sl, err := ok(x)
		return !good, sl, err
	}
	var settled func(lo, hi float64) bool
	if !r.exhaustive {
		spot := r.m.Spot(v.Collateral[ci].Asset)
		decimals := r.decimals(v.Collateral[ci].Asset)
		settled = func(lo, hi float64) bool { return sameSpare(lo, hi, spot, decimals) }
	}
	x, _, err := bisectGuided(0, amount, slack{s.excess, s.health - r.target}, sAll, notOK, settled)
	return x, err
}

// sameSpare reports whether every spare amount in [lo, hi] becomes the same
// move in moveOne: positive, on the same side of the dust limit (spot×x
// against minMoveUSD; a float product is monotone in x), in one decade well
// inside its ends (so math.Log10 gives every point the same movePlaces)
// and in one cell of that precision (sameCell).
func sameSpare(lo, hi, spot float64, decimals uint8) bool {
	if !(lo > 0) || (lo*spot < minMoveUSD) != (hi*spot < minMoveUSD) {
		return false
	}
	e := math.Floor(math.Log10(hi))
	if !(lo >= math.Pow10(int(e))*(1+cellMargin)) || !(hi <= math.Pow10(int(e)+1)*(1-cellMargin)) {
		return false
	}
	return sameCell(lo, hi, movePlaces(hi, decimals))
}

// cellMargin is how far inside a rounding cell (relative) both ends of a
// bracket must be for sameCell: ten thousand times a float product's
// rounding error, so the float test decides what the exact one would.
const cellMargin = 1e-12

// sameCell reports whether every x in [lo, hi] (0 ≤ lo ≤ hi) rounds to the
// same multiple of 10^-places, down (FromFloatFloor) and up (FromFloatCeil)
// alike: lo·10^places and hi·10^places lie strictly inside one interval
// (n, n+1), each farther than cellMargin from its ends. 10^places is exact
// as a float64 up to 22 places; a product is within 2^-53 relative of the
// exact one, far inside the margin, so the exact products (which the money
// conversions round) lie in the same open interval.
func sameCell(lo, hi float64, places uint8) bool {
	if places > 22 || lo < 0 || hi < lo {
		return false
	}
	scale := math.Pow10(int(places))
	klo, khi := lo*scale, hi*scale
	if khi >= 1<<52 {
		return false // integers no longer spaced wider than the float grid
	}
	n := math.Floor(klo)
	eps := cellMargin * math.Max(1, khi)
	return math.Floor(khi) == n && klo-n > eps && n+1-khi > eps
}

// healthWith is venue ti's health after receiving x of entry ci of venue si
// (0 when the target's model refuses that asset).
func (r *rebalancer) healthWith(ti, si, ci int, x float64) (float64, error) {
	t := r.book.Venues[ti]
	c := r.book.Venues[si].Collateral[ci]
	c.Bridge = r.arrivalBridge(&r.book.Venues[si], &t, c.Bridge)
	t.Collateral = addCollateral(t.Collateral, c.Asset, c.Bridge, x, r.decimals(c.Asset))
	keepSettlement(&t, &r.book.Venues[ti], r.m)
	res, err := venue.Margin(&t, r.m)
	var ie *input.Error
	if errors.As(err, &ie) {
		// The target's model refuses the asset (not a reserve, not
		// accepted): no health is gained, even on a venue whose own
		// health is negative.
		return math.Inf(-1), nil
	}
	if err != nil {
		return 0, err
	}
	if res.Health == nil {
		if res.Liquidatable() {
			return 0, nil
		}
		return math.Inf(1), nil
	}
	return *res.Health, nil
}

// arrivalBridge is the bridge collateral arrives over: the same entry's on
// the same chain; the target chain's canonical bridge (if any) across chains.
func (r *rebalancer) arrivalBridge(from, to *portfolio.Venue, bridge string) string {
	if from.Chain == to.Chain {
		return bridge
	}
	if b := r.rp.CanonicalBridge(to.Chain); b != "" {
		return b
	}
	return bridge
}

// apply performs a move on the working book and notes a chain crossing.
func (r *rebalancer) apply(mv Move, ci int) error {
	from, to := r.venueByID(mv.From), r.venueByID(mv.To)
	if from.Chain != to.Chain {
		bridge := r.arrivalBridge(from, to, from.Collateral[ci].Bridge)
		r.warn = append(r.warn, r.crossingWarning(mv, from, to, bridge))
	}
	return applyMove(r.book, r.m, r.rp, mv)
}

func (r *rebalancer) crossingWarning(mv Move, from, to *portfolio.Venue, bridge string) string {
	over := "without a canonical bridge"
	if bridge != "" {
		over = fmt.Sprintf("over %s (bridge haircut %g%%)", bridge, 100*r.rp.Bridges[bridge].Haircut)
	}
	final := "finality not set in the risk params"
	if f := math.Max(r.rp.Chains[from.Chain].FinalitySeconds, r.rp.Chains[to.Chain].FinalitySeconds); f > 0 {
		final = fmt.Sprintf("final after %s", duration(f))
	}
	return fmt.Sprintf("rebalance: %s %s from %s (%s) to %s (%s) crosses chains %s; %s",
		mv.Amount, mv.Asset, from.ID, from.Chain, to.ID, to.Chain, over, final)
}

// duration writes seconds as days, hours or seconds.
func duration(sec float64) string {
	switch {
	case sec >= 86400 && math.Mod(sec, 86400) == 0:
		return fmt.Sprintf("%g days", sec/86400)
	case sec >= 3600 && math.Mod(sec, 3600) == 0:
		return fmt.Sprintf("%g hours", sec/3600)
	}
	return fmt.Sprintf("%g seconds", sec)
}

func (r *rebalancer) venueByID(id string) *portfolio.Venue {
	for i := range r.book.Venues {
		if r.book.Venues[i].ID == id {
			return &r.book.Venues[i]
		}
	}
	panic("margin: rebalance names an unknown venue " + id)
}

func (r *rebalancer) decimals(asset string) uint8 {
	if a := r.m.Asset(asset); a != nil {
		return a.Decimals
	}
	return money.DefaultDecimals
}

// heldAt is an exact holding rounded down to places decimals, in base
// units of that precision (as FromFloatFloor(x, places) counts them).
func heldAt(amount money.Decimal, places uint8) (money.Amount, error) {
	d, err := money.DecimalFromRatFloor(amount.Rat(), int(places))
	if err != nil {
		return money.Amount{}, err
	}
	return money.AmountExact(d, places)
}

// movePlaces is the number of decimals a move of about x units is written
// with: moveSignificantDigits significant digits, at most the asset's decimals.
func movePlaces(x float64, decimals uint8) uint8 {
	if x <= 0 {
		return decimals
	}
	p := moveSignificantDigits - 1 - int(math.Floor(math.Log10(x)))
	return uint8(max(0, min(p, int(decimals))))
}

// slack is how far a trial is from the boundary a bisection looks for, on
// each of (up to) two conditions: ≥ 0 on the side where pred is false, < 0
// past it on a condition that fails there; NaN where the model gives no
// figure.
type slack [2]float64

var unknownSlack = slack{math.NaN(), math.NaN()}

// guessRounds and guessWidth shape bisectGuided's guesses: a few straight
// lines, each probed guessWidth (relative) on either side of its crossing.
const (
	guessRounds = 3
	guessWidth  = 1e-7
)

// dropSlack is pred without its slack, for bisect.
func dropSlack(pred func(float64) (bool, slack, error)) func(float64) (bool, error) {
	return func(x float64) (bool, error) {
		p, _, err := pred(x)
		return p, err
	}
}

// bisectGuided is bisect that first guesses where pred turns: for each
// condition whose slack is ≥ 0 at lo and < 0 at hi, the crossing of the
// straight line through them; the nearest crossing is probed guessWidth
// (relative) below and above, each probe moving one end of the bracket as
// a bisection step does, so the bracket still holds the boundary, and this
// repeats (guessRounds) until settled (nil: never, the tests' exhaustive
// reference). Then bisect finishes. For a monotone pred the final bracket
// holds the same boundary bisect alone finds, so a caller whose answer is
// the same for every point of a settled bracket gets the same answer
// (TestBisectGuidedFindsTheBisectBoundary). A venue's health is not always
// monotone in a deposit (Aave's average liquidation threshold is whole
// basis points: a lower-LT deposit steps it down), and then the guesses may
// find an earlier crossing than halving would — as valid, pred holds there
// (TestGuidedRebalanceReachesTargetOnSteppedHealth). A model linear in the
// amount (a lending venue's collateral, a portfolio's cash) settles after
// the first two probes instead of ~17 halvings: on 512 of the service's
// distinct demo books the rebalance's trial margins fell from 3,475 to 839
// (Deribit PM's, ~30 µs each, from 375 to 101), and to 729 (88) once a
// spare's search started from its source's figures instead of margining
// the venue as it stands again.
func bisectGuided(lo, hi float64, slo, shi slack, pred func(float64) (bool, slack, error), settled func(lo, hi float64) bool) (float64, float64, error) {
	for range guessRounds {
		if settled != nil && settled(lo, hi) {
			return lo, hi, nil
		}
		x := math.Inf(1)
		for k := range slo {
			if slo[k] >= 0 && shi[k] < 0 { // false for NaN
				x = math.Min(x, lo+(hi-lo)*(slo[k]/(slo[k]-shi[k])))
			}
		}
		if !(x > lo && x < hi) {
			break // no straight line crosses inside the bracket
		}
		moved := false
		for _, p := range [2]float64{x * (1 - guessWidth), x * (1 + guessWidth)} {
			if !(p > lo && p < hi) {
				continue
			}
			turned, s, err := pred(p)
			if err != nil {
				return 0, 0, err
			}
			if turned {
				hi, shi = p, s
			} else {
				lo, slo = p, s
			}
			moved = true
		}
		if !moved {
			break
		}
	}
	return bisect(lo, hi, dropSlack(pred), settled)
}

// bisect narrows [lo, hi] around where a monotone pred turns true (pred(hi)
// is assumed true, pred(lo) false unless lo is the answer) to within
// bisectTolerance of hi, and returns the bracket: pred is false at the first
// value (or it is the initial lo) and true at the second. It stops earlier
// when settled (if not nil) says the bracket is narrow enough for the
// caller: every later bracket lies inside this one, so a caller whose
// answer is the same for every point of it loses nothing.
func bisect(lo, hi float64, pred func(float64) (bool, error), settled func(lo, hi float64) bool) (float64, float64, error) {
	for range bisectSteps {
		if hi-lo <= bisectTolerance*hi || settled != nil && settled(lo, hi) {
			break
		}
		mid := lo + (hi-lo)/2
		ok, err := pred(mid)
		if err != nil {
			return 0, 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo, hi, nil
}

// ApplyMoves returns a copy of book with moves applied to the collateral
// lists, as Rebalance plans them: each move takes its amount from the source
// venue's entries of the asset (in order) and adds it to the target's entry
// of that asset and arrival bridge (the source entry's bridge on the same
// chain, the target chain's canonical bridge across chains), or a new entry.
// Errors: an unknown venue, an amount that does not parse or exceeds what
// the source holds (*input.Error-free plain errors: a move list is output).
func ApplyMoves(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams, moves []Move) (*portfolio.Portfolio, error) {
	out := cloneCollateral(book)
	for _, mv := range moves {
		if err := applyMove(out, m, rp, mv); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func applyMove(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams, mv Move) error {
	var from, to *portfolio.Venue
	for i := range book.Venues {
		switch book.Venues[i].ID {
		case mv.From:
			from = &book.Venues[i]
		case mv.To:
			to = &book.Venues[i]
		}
	}
	if from == nil || to == nil {
		return fmt.Errorf("move %+v: unknown venue", mv)
	}
	fromBefore, toBefore := *from, *to
	defer keepSettlement(from, &fromBefore, m)
	defer keepSettlement(to, &toBefore, m)
	asset := m.Asset(mv.Asset)
	if asset == nil {
		return fmt.Errorf("move %+v: unknown asset", mv)
	}
	d, err := money.ParseDecimal(mv.Amount)
	if err != nil {
		return fmt.Errorf("move %+v: %w", mv, err)
	}
	left, err := money.AmountExact(d, asset.Decimals)
	if err != nil {
		return fmt.Errorf("move %+v: %w", mv, err)
	}
	for ci := range from.Collateral {
		c := &from.Collateral[ci]
		if c.Asset != mv.Asset || left.IsZero() {
			continue
		}
		have, err := money.AmountExact(c.Amount, asset.Decimals)
		if err != nil {
			return err
		}
		take := left
		if take.Cmp(have) > 0 {
			take = have
		}
		rest, _ := have.Sub(take)
		c.Amount, c.AmountF = rest.Decimal(asset.Decimals), rest.Float64(asset.Decimals)
		left, _ = left.Sub(take)
		bridge := c.Bridge
		if from.Chain != to.Chain {
			if b := rp.CanonicalBridge(to.Chain); b != "" {
				bridge = b
			}
		}
		if err := depositAmount(to, mv.Asset, bridge, take, asset.Decimals); err != nil {
			return err
		}
	}
	if !left.IsZero() {
		return fmt.Errorf("move %+v: more than %s holds", mv, mv.From)
	}
	return nil
}

func depositAmount(v *portfolio.Venue, asset, bridge string, amt money.Amount, decimals uint8) error {
	for ci := range v.Collateral {
		c := &v.Collateral[ci]
		if c.Asset == asset && c.Bridge == bridge {
			have, err := money.AmountExact(c.Amount, decimals)
			if err != nil {
				return err
			}
			sum, err := have.Add(amt)
			if err != nil {
				return err
			}
			c.Amount, c.AmountF = sum.Decimal(decimals), sum.Float64(decimals)
			return nil
		}
	}
	v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: asset, Bridge: bridge,
		Amount: amt.Decimal(decimals), AmountF: amt.Float64(decimals)})
	return nil
}

// cloneCollateral copies book with its own collateral slices.
func cloneCollateral(book *portfolio.Portfolio) *portfolio.Portfolio {
	out := &portfolio.Portfolio{Account: book.Account, Venues: append([]portfolio.Venue(nil), book.Venues...)}
	for i := range out.Venues {
		out.Venues[i].Collateral = append([]portfolio.Collateral(nil), out.Venues[i].Collateral...)
	}
	return out
}

// keepSettlement pins v's settlement to before's when v's collateral, changed
// by a move, would make DESIGN.md's default infer another one (a USDC
// Deribit book that receives BTC is still a USDC book, where the BTC is
// collateral it does not accept): a derived step never changes a venue's
// settlement, so it never turns a valid book into an input error.
func keepSettlement(v, before *portfolio.Venue, m *market.Snapshot) {
	if was := venue.Settlement(before, m); v.Settlement == "" && venue.Settlement(v, m) != was {
		v.Settlement = was
	}
}

// withAmount is entries with entry ci's amount set to x (a trial that never
// leaves the rebalancer).
func withAmount(entries []portfolio.Collateral, ci int, x float64, decimals uint8) []portfolio.Collateral {
	out := append([]portfolio.Collateral(nil), entries...)
	out[ci].Amount, out[ci].AmountF = trialAmount(x, decimals)
	return out
}

// addCollateral is entries plus x of asset over bridge (a trial).
func addCollateral(entries []portfolio.Collateral, asset, bridge string, x float64, decimals uint8) []portfolio.Collateral {
	out := append([]portfolio.Collateral(nil), entries...)
	for i := range out {
		if out[i].Asset == asset && out[i].Bridge == bridge {
			out[i].Amount, out[i].AmountF = trialAmount(out[i].AmountF+x, decimals)
			return out
		}
	}
	c := portfolio.Collateral{Asset: asset, Bridge: bridge}
	c.Amount, c.AmountF = trialAmount(x, decimals)
	return append(out, c)
}

// trialAmount is a trial amount rounded down to the asset's decimals, as a
// decimal and the float it denotes (models may read either).
func trialAmount(x float64, decimals uint8) (money.Decimal, float64) {
	a, err := money.FromFloatFloor(math.Max(0, x), decimals)
	if err != nil {
		return money.MustDecimal("0"), 0
	}
	return a.Decimal(decimals), a.Float64(decimals)
}
