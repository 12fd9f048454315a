// Reverse stress: the smallest move that makes a venue or the unified
// account liquidatable. A direction is a ray of joint moves (one asset's
// spot down or up, all risk assets' spots together, vols up, or one
// stablecoin's or wrapper's own depeg), each point
// of it a named scenario applied to the market; the book is margined at a
// point by figuresAt, the one path named scenarios use (each venue's own
// model, the unified kernel). Nothing is revalued here.
//
// Method. Along a direction the move t grows from 0 over a fixed scan
// (ReverseScanDown / ReverseScanUp, about 20 points); the first scan point
// where a target (a venue, or the unified account) is liquidatable brackets
// that target's boundary with the previous point, and bisection narrows the
// bracket to the tolerance, assuming the target's state is monotone inside
// it (one crossing between two scan points). The reported move is the
// bracket's liquidatable end, within Tolerance of the boundary. A breach
// band narrower than a scan step can be stepped over; margin rules are
// monotone in one price for the books this serves (no position gains from
// both a fall and a rise within one step), which the tests check on
// hand-derived books. Joint spot-and-vol moves are a grid: each spot
// direction is searched at every vol column (ReverseOptions.VolMoves).
package margin

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
)

// The scan of a direction: spot falls up to −99% (a price stays > 0), rises
// and vol rises up to +1000%.
var (
	ReverseScanDown = []float64{0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3,
		0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99}
	ReverseScanUp = []float64{0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3,
		0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10}
)

// MaxReverseAssets bounds the risk assets a reverse stress searches (each
// adds six spot directions and a vol one, each some 20 to 60 margin runs),
// and, separately, the assets it depegs (one direction each).
const MaxReverseAssets = 16

// ReverseOptions tune the search.
type ReverseOptions struct {
	// Tolerance is the width (in move) a bracket is narrowed to (1e-6).
	Tolerance float64
	// VolMoves are the vol columns of the joint grid: relative vol moves
	// at which every spot direction is searched ({0, 0.5, 1}; none: {0}).
	VolMoves []float64
}

// DefaultReverseOptions returns the defaults.
func DefaultReverseOptions() ReverseOptions {
	return ReverseOptions{Tolerance: 1e-6, VolMoves: []float64{0, 0.5, 1}}
}

// ReverseMove is one direction's result.
type ReverseMove struct {
	Name string `json:"name"`
	// Kind is "spot" (one asset's spot), "joint" (every risk asset's spot by
	// the same move), "vol" (vols up, spots fixed) or "depeg" (a stablecoin's
	// or wrapper's own discount, scenario.DepegShock: its backing stays).
	Kind   string   `json:"kind"`
	Assets []string `json:"assets"`
	// Vol is the direction's relative vol move (its grid column); for a
	// vol direction the searched move itself is the vol move.
	Vol float64 `json:"vol"`
	// Move is the smallest move found that makes a target liquidatable
	// (a signed spot return, the vol move, or for a depeg the asset's
	// return −discount); null when none within the scan.
	Move *float64 `json:"move"`
	// Breaks lists what became liquidatable at Move (venue ids in book
	// order, then "unified"): what breaks first.
	Breaks []string `json:"breaks"`
	// ByTarget is the smallest breaking move of each target in this
	// direction (venues by id, and "unified"); null when it does not break.
	ByTarget map[string]*float64 `json:"by_target"`
	// At is the book's margin at Move (null without one).
	At *FiguresAt `json:"at"`
}

// ReverseResult is the reverse stress of one book.
type ReverseResult struct {
	Account   string  `json:"account"`
	AsOf      string  `json:"as_of"`
	Method    string  `json:"method"`
	Tolerance float64 `json:"tolerance"`
	// AlreadyLiquidatable lists the targets liquidatable before any move.
	AlreadyLiquidatable []string `json:"already_liquidatable"`
	// Smallest is the direction with the smallest |move| over spot and
	// joint directions at vol column 0, then any other (null: nothing breaks).
	Smallest *ReverseMove  `json:"smallest"`
	Moves    []ReverseMove `json:"moves"`
}

// ReverseMethod states the method in the result.
const ReverseMethod = "scan of each direction (spot moves to -99% and +1000%, vol moves to +1000%, " +
	"depegs of held stablecoins and wrappers to -99%), then bisection of the first bracket per target to the tolerance, assuming one crossing per scan " +
	"step; joint spot and vol by a grid of vol columns"

// direction is one ray: spot signs per asset and a vol move per asset
// (fixed, or growing with t when volRay).
type direction struct {
	name, kind string
	assets     []string
	sign       float64 // spot: −1 down, +1 up
	vol        float64 // fixed vol column
	volRay     bool    // t is the vol move, spots fixed
	depeg      bool    // t is the asset's own depeg discount
}

// ReverseStress searches every direction of the book's risk assets (its
// non-stable root assets after look-through) for the smallest move that
// makes a venue or the unified account liquidatable. The book must have
// passed portfolio.Check against m. Errors: a model error on the unmoved
// market; an *input.Error when the book has more than MaxReverseAssets risk
// assets; ctx's error when it ends first. An error on a moved market ends
// that direction's scan there.
func ReverseStress(ctx context.Context, book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams,
	opt ReverseOptions) (*ReverseResult, error) {
	if !(opt.Tolerance > 0) || opt.Tolerance > 0.01 {
		return nil, fmt.Errorf("reverse stress: tolerance %v must be in (0, 0.01]", opt.Tolerance)
	}
	if n := len(riskAssets(book, m)); n > MaxReverseAssets {
		return nil, input.Errorf("venues", "reverse stress searches at most %d risk assets; the book has %d",
			MaxReverseAssets, n)
	}
	if n := len(depegAssets(book, m)); n > MaxReverseAssets {
		return nil, input.Errorf("venues", "reverse stress depegs at most %d stablecoins and wrappers; the book holds %d",
			MaxReverseAssets, n)
	}
	res := &ReverseResult{Account: book.Account, AsOf: m.AsOf.Format(time.RFC3339), Method: ReverseMethod,
		Tolerance: opt.Tolerance, Moves: []ReverseMove{}}
	base, err := figuresAt(book, stateAt{m: m, rp: rp})
	if err != nil {
		return nil, err
	}
	res.AlreadyLiquidatable = base.Liquidatable
	already := map[string]bool{}
	for _, t := range base.Liquidatable {
		already[t] = true
	}
	targets := make([]string, 0, len(book.Venues)+1)
	for vi := range book.Venues {
		targets = append(targets, book.Venues[vi].ID)
	}
	targets = append(targets, UnifiedLabel)
	for _, d := range directions(book, m, opt.VolMoves) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mv := searchDirection(ctx, book, m, rp, d, targets, already, opt.Tolerance)
		res.Moves = append(res.Moves, mv)
	}
	if err := ctx.Err(); err != nil {
		return nil, err // a direction cut short is not a result
	}
	res.Smallest = smallest(res.Moves)
	return res, nil
}

// riskAssets are the non-stable roots the book is exposed to, sorted.
func riskAssets(book *portfolio.Portfolio, m *market.Snapshot) []string {
	set := map[string]bool{}
	for _, sym := range bookAssets(book) {
		for root := range m.RootWeights(sym) {
			if a := m.Asset(root); a != nil && a.Class != market.ClassStable {
				set[root] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// depegAssets are the stablecoins (class stable) and wrappers (with
// backed_by) the book holds or has a derivative on, sorted: the assets a
// depeg scenario can move on their own.
func depegAssets(book *portfolio.Portfolio, m *market.Snapshot) []string {
	var out []string
	for _, sym := range bookAssets(book) {
		if a := m.Asset(sym); a != nil && (a.Class == market.ClassStable || !a.IsRoot()) {
			out = append(out, sym)
		}
	}
	sort.Strings(out)
	return out
}

// directions lists the rays, in a fixed order: for each vol column, each
// asset down and up, then all together down and up (two assets or more);
// then each asset's vol up, and all vols together; then each held
// stablecoin's or wrapper's depeg.
func directions(book *portfolio.Portfolio, m *market.Snapshot, volMoves []float64) []direction {
	assets := riskAssets(book, m)
	if len(volMoves) == 0 {
		volMoves = []float64{0}
	}
	var out []direction
	for _, v := range volMoves {
		suffix := ""
		if v != 0 {
			suffix = fmt.Sprintf(", vol %+g%%", v*100)
		}
		for _, a := range assets {
			out = append(out, direction{name: a + " down" + suffix, kind: "spot", assets: []string{a}, sign: -1, vol: v},
				direction{name: a + " up" + suffix, kind: "spot", assets: []string{a}, sign: 1, vol: v})
		}
		if len(assets) > 1 {
			out = append(out, direction{name: "all down" + suffix, kind: "joint", assets: assets, sign: -1, vol: v},
				direction{name: "all up" + suffix, kind: "joint", assets: assets, sign: 1, vol: v})
		}
	}
	var withVol []string
	for _, a := range assets {
		if m.HasVol(a) {
			withVol = append(withVol, a)
			out = append(out, direction{name: a + " vol up", kind: "vol", assets: []string{a}, volRay: true})
		}
	}
	if len(withVol) > 1 {
		out = append(out, direction{name: "all vols up", kind: "vol", assets: withVol, volRay: true})
	}
	for _, a := range depegAssets(book, m) {
		out = append(out, direction{name: a + " depeg", kind: "depeg", assets: []string{a}, sign: -1, depeg: true})
	}
	return out
}

// at is the named scenario of d at move t.
func (d *direction) at(m *market.Snapshot, t float64) scenario.Named {
	sc := scenario.Named{Name: d.name}
	if d.depeg {
		for _, a := range d.assets {
			sc.Shocks = append(sc.Shocks, scenario.DepegShock(a, t, ""))
		}
		return sc
	}
	for _, a := range d.assets {
		vol := d.vol
		if d.volRay {
			vol = t
		} else {
			sc.Shocks = append(sc.Shocks, scenario.SpotShock(a, d.sign*t, ""))
		}
		if vol != 0 && m.HasVol(a) {
			sc.Shocks = append(sc.Shocks, scenario.VolMoveShock(a, vol, ""))
		}
	}
	return sc
}

// searchDirection scans d and bisects each target's first bracket. When
// ctx ends, evaluations fail at once and the scan stops (the caller
// reports ctx's error).
func searchDirection(ctx context.Context, book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams, d direction,
	targets []string, already map[string]bool, tol float64) ReverseMove {
	out := ReverseMove{Name: d.name, Kind: d.kind, Assets: d.assets, Vol: d.vol, Breaks: []string{},
		ByTarget: make(map[string]*float64, len(targets))}
	eval := func(t float64) (FiguresAt, error) {
		if err := ctx.Err(); err != nil {
			return FiguresAt{}, err
		}
		sc := d.at(m, t)
		return figuresAt(book, scenarioState(book, m, rp, &sc))
	}
	scan := ReverseScanUp
	if !d.volRay && d.sign < 0 {
		scan = ReverseScanDown
	}
	pending := map[string]bool{}
	for _, t := range targets {
		out.ByTarget[t] = nil
		if !already[t] {
			pending[t] = true
		}
	}
	// at t = 0, a vol column alone may already break a target
	prev := 0.0
	points := scan
	if d.vol != 0 {
		points = append([]float64{0}, scan...)
	}
	for _, t := range points {
		if len(pending) == 0 {
			break
		}
		f, err := eval(t)
		if err != nil {
			break
		}
		for _, target := range f.Liquidatable {
			if !pending[target] {
				continue
			}
			delete(pending, target)
			x := t
			if t > 0 {
				x = bisectBreak(ctx, eval, target, prev, t, tol)
			}
			signed := x
			if !d.volRay && x != 0 {
				signed = d.sign * x // never −0 in JSON
			}
			out.ByTarget[target] = &signed
		}
		prev = t
	}
	first := math.Inf(1)
	for _, t := range targets {
		if x := out.ByTarget[t]; x != nil && math.Abs(*x) < first {
			first = math.Abs(*x)
		}
	}
	if math.IsInf(first, 1) {
		return out
	}
	f, err := eval(first)
	if err != nil {
		return out
	}
	signed := first
	if !d.volRay && first != 0 {
		signed = d.sign * first
	}
	out.Move, out.At = &signed, &f
	for _, target := range f.Liquidatable {
		if !already[target] {
			out.Breaks = append(out.Breaks, target)
		}
	}
	return out
}

// bisectBreak narrows [lo, hi] (target not liquidatable at lo, liquidatable
// at hi) to width tol, or to adjacent floats when tol is finer than float64
// resolves there, and returns hi. An evaluation error inside counts as not
// liquidatable (the far end stays a breaking point). It stops when ctx
// ends.
func bisectBreak(ctx context.Context, eval func(float64) (FiguresAt, error), target string, lo, hi, tol float64) float64 {
	for hi-lo > tol && ctx.Err() == nil {
		mid := (lo + hi) / 2
		if mid <= lo || mid >= hi {
			break // lo and hi are neighbours: nothing lies between them
		}
		f, err := eval(mid)
		if err == nil && slices.Contains(f.Liquidatable, target) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// smallest picks the direction with the smallest |move|: spot and joint
// directions at vol column 0 first (a pure price move), else any; ties
// keep the first in order.
func smallest(moves []ReverseMove) *ReverseMove {
	pick := func(ok func(*ReverseMove) bool) *ReverseMove {
		var best *ReverseMove
		for i := range moves {
			mv := &moves[i]
			if mv.Move == nil || !ok(mv) {
				continue
			}
			if best == nil || math.Abs(*mv.Move) < math.Abs(*best.Move) {
				best = mv
			}
		}
		return best
	}
	if b := pick(func(mv *ReverseMove) bool { return (mv.Kind == "spot" || mv.Kind == "joint") && mv.Vol == 0 }); b != nil {
		cp := *b
		return &cp
	}
	if b := pick(func(*ReverseMove) bool { return true }); b != nil {
		cp := *b
		return &cp
	}
	return nil
}
