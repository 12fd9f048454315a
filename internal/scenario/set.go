// The scenario set: scenarios in a fixed order and, per asset, the scenarios
// that move it.
package scenario

import (
	"sort"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

// MaxScenarios bounds a set; a market with more risk assets than this allows
// is refused rather than slowing every margin call down.
const MaxScenarios = 1 << 20

// Kind is a scenario family.
type Kind string

// Scenario families, in set order.
const (
	KindGrid       Kind = "grid"       // one risk asset alone, one grid step, one vol column
	KindJoint      Kind = "joint"      // all risk assets together, one grid step, one vol column
	KindDepeg      Kind = "depeg"      // one stablecoin or wrapper down alone
	KindTail       Kind = "tail"       // one risk asset alone, a tail move, vol up
	KindTailJoint  Kind = "tail_joint" // all risk assets together, a tail move, vol up
	KindHistorical Kind = "historical" // a measured crash episode, vol up
)

// Params are the scenario-set parameters; the margin package resolves them
// from its governed risk parameters.
type Params struct {
	// Range returns the ± spot range of a root asset (0: no grid, e.g. stables).
	Range        func(symbol string) float64
	StepsPerSide int       // grid steps on each side of 0 (4: nine steps)
	StableDepeg  float64   // depeg of each stablecoin alone (0.05)
	WrapperDepeg float64   // depeg of each wrapper alone (0.05)
	TailMoves    []float64 // tail moves (−0.66, −0.33, 0.5, 1, 2)
	TailFraction float64   // a tail move counts at min(1, TailFraction/|move|)
	Historical   bool      // historical episodes enter the requirement
}

// Scenario describes one joint move. Its returns per asset are in Set.Moves.
type Scenario struct {
	Kind  Kind
	Asset string // grid, tail, depeg: the asset moved alone; "" otherwise
	// Move is the defining relative move: of Asset (grid, tail, depeg) or of
	// every risk asset (tail_joint). For joint it is Step/Steps (a fraction of
	// each asset's own range).
	Move          float64
	Step, Steps   int    // grid and joint: step k of n per side
	Episode       string // historical: the episode's name
	Vol           Vol
	Fraction      float64 // share of the scenario's profit and loss counted
	InRequirement bool
}

// Move is an asset's return in one scenario and the vol column its options
// are revalued in.
type Move struct {
	Scenario int32
	Vol      Vol
	Return   float64
}

// Set is a scenario set over a closed set of assets (every backing asset of
// an asset in the set is in the set).
type Set struct {
	Scenarios []Scenario
	Assets    []string // sorted symbols
	// Moves lists, per asset index, every scenario that moves the asset (or
	// revalues its options at a shocked vol), sorted by scenario.
	Moves [][]Move
	// Sensitivity lists, per asset index, the asset's Betas to every asset
	// of its backing closure (itself included).
	Sensitivity [][]Beta
	roots       []bool
	index       map[string]int
}

// Index returns the index of symbol in Assets.
func (s *Set) Index(symbol string) (int, bool) {
	i, ok := s.index[symbol]
	return i, ok
}

// IsRoot reports whether Assets[i] is a root asset (its own risk factor).
func (s *Set) IsRoot(i int) bool { return s.roots[i] }

// Roots returns Assets[i]'s Betas to root assets only.
func (s *Set) Roots(i int) []Beta {
	out := make([]Beta, 0, 1)
	for _, b := range s.Sensitivity[i] {
		if s.roots[b.Asset] {
			out = append(out, b)
		}
	}
	return out
}

// MoveOf returns asset i's move in scenario sc and whether sc moves it.
func (s *Set) MoveOf(i, sc int) (Move, bool) {
	moves := s.Moves[i]
	k := sort.Search(len(moves), func(k int) bool { return int(moves[k].Scenario) >= sc })
	if k < len(moves) && int(moves[k].Scenario) == sc {
		return moves[k], true
	}
	return Move{}, false
}

// Spots returns, per scenario, the relative spot move of every asset it
// moves (for listing; the hot path reads Moves).
func (s *Set) Spots() []map[string]float64 {
	out := make([]map[string]float64, len(s.Scenarios))
	for i := range out {
		out[i] = map[string]float64{}
	}
	for a, moves := range s.Moves {
		for _, mv := range moves {
			out[mv.Scenario][s.Assets[a]] = mv.Return
		}
	}
	return out
}

// shock is a primary move of one asset; dependants follow by their Betas.
type shock struct {
	asset int
	move  float64
}

// builder accumulates scenarios and their per-asset moves.
type builder struct {
	set        *Set
	dependants [][]Beta // per asset b: (a, Beta of a to b) for every a that moves with b
	ret        []float64
	touched    []bool
	list       []int
	entries    []entry
}

type entry struct {
	asset int32
	move  Move
}

// Build returns the scenario set over assets and everything behind them.
// Every symbol must be in m. It fails only when the set would exceed
// MaxScenarios (an *input.Error).
func Build(m *market.Snapshot, assets []string, p *Params) (*Set, error) {
	symbols := closure(m, assets)
	s := &Set{Assets: symbols, index: make(map[string]int, len(symbols)), roots: make([]bool, len(symbols))}
	for i, sym := range symbols {
		s.index[sym] = i
		a := m.Asset(sym)
		s.roots[i] = a == nil || a.IsRoot()
	}
	s.Sensitivity = sensitivities(m, symbols, s.index)
	b := &builder{set: s, ret: make([]float64, len(symbols)), touched: make([]bool, len(symbols))}
	b.dependants = make([][]Beta, len(symbols))
	for a, betas := range s.Sensitivity {
		for _, beta := range betas {
			b.dependants[beta.Asset] = append(b.dependants[beta.Asset], Beta{Asset: a, Beta: beta.Beta})
		}
	}
	f := factorsOf(m, s, p)
	if n := f.count(p); n > MaxScenarios {
		return nil, input.Errorf("", "the book's %d risk assets need %d scenarios, more than the limit of %d",
			len(f.risk), n, MaxScenarios)
	}
	b.grids(f, p)
	b.depegs(f, p)
	b.tails(f, p)
	b.historical(f, p)
	b.finish()
	return s, nil
}

// factors are the assets a set moves, by role, each list sorted.
type factors struct {
	risk      []int // roots with a range > 0
	ranges    []float64
	depeg     []int // stable roots and wrappers
	depegBy   []float64
	nonStable []int // non-stable roots (historical episodes move them)
}

func factorsOf(m *market.Snapshot, s *Set, p *Params) factors {
	var f factors
	for i, sym := range s.Assets {
		a := m.Asset(sym)
		stable := a != nil && a.Class == market.ClassStable
		switch {
		case !s.roots[i]:
			if p.WrapperDepeg > 0 {
				f.depeg, f.depegBy = append(f.depeg, i), append(f.depegBy, p.WrapperDepeg)
			}
			continue
		case stable && p.StableDepeg > 0:
			f.depeg, f.depegBy = append(f.depeg, i), append(f.depegBy, p.StableDepeg)
		}
		if !stable {
			f.nonStable = append(f.nonStable, i)
		}
		if r := p.Range(sym); r > 0 {
			f.risk, f.ranges = append(f.risk, i), append(f.ranges, r)
		}
	}
	return f
}

// count is the number of scenarios the set will hold.
func (f *factors) count(p *Params) int {
	perAsset := 3*(2*p.StepsPerSide+1) + len(p.TailMoves)
	n := len(f.risk)*perAsset + len(f.depeg) + len(episodes)
	if len(f.risk) >= 2 {
		n += perAsset
	}
	return n
}

var volColumns = [3]Vol{VolUp, VolNone, VolDown}

func (b *builder) grids(f factors, p *Params) {
	n := p.StepsPerSide
	for j, i := range f.risk {
		for k := -n; k <= n; k++ {
			move := f.ranges[j] * float64(k) / float64(n)
			for _, vol := range volColumns {
				b.add(Scenario{Kind: KindGrid, Asset: b.set.Assets[i], Move: move, Step: k, Steps: n,
					Vol: vol, Fraction: 1, InRequirement: true}, []shock{{i, move}})
			}
		}
	}
	if len(f.risk) < 2 {
		return
	}
	shocks := make([]shock, len(f.risk))
	for k := -n; k <= n; k++ {
		for j, i := range f.risk {
			shocks[j] = shock{i, f.ranges[j] * float64(k) / float64(n)}
		}
		for _, vol := range volColumns {
			b.add(Scenario{Kind: KindJoint, Move: float64(k) / float64(n), Step: k, Steps: n,
				Vol: vol, Fraction: 1, InRequirement: true}, shocks)
		}
	}
}

func (b *builder) depegs(f factors, p *Params) {
	for j, i := range f.depeg {
		b.add(Scenario{Kind: KindDepeg, Asset: b.set.Assets[i], Move: -f.depegBy[j], Vol: VolNone,
			Fraction: 1, InRequirement: true}, []shock{{i, -f.depegBy[j]}})
	}
}

// tailFraction is the share of a tail move's profit and loss counted.
func tailFraction(p *Params, move float64) float64 {
	if move == 0 {
		return 1
	}
	f := p.TailFraction / abs(move)
	if f > 1 {
		return 1
	}
	return f
}

func (b *builder) tails(f factors, p *Params) {
	for _, i := range f.risk {
		for _, move := range p.TailMoves {
			b.add(Scenario{Kind: KindTail, Asset: b.set.Assets[i], Move: move, Vol: VolUp,
				Fraction: tailFraction(p, move), InRequirement: true}, []shock{{i, move}})
		}
	}
	if len(f.risk) < 2 {
		return
	}
	shocks := make([]shock, len(f.risk))
	for _, move := range p.TailMoves {
		for j, i := range f.risk {
			shocks[j] = shock{i, move}
		}
		b.add(Scenario{Kind: KindTailJoint, Move: move, Vol: VolUp,
			Fraction: tailFraction(p, move), InRequirement: true}, shocks)
	}
}

// add appends a scenario and the returns its primary shocks cause: each
// shocked asset and everything that moves with it, by Beta.
func (b *builder) add(sc Scenario, shocks []shock) {
	id := int32(len(b.set.Scenarios))
	b.set.Scenarios = append(b.set.Scenarios, sc)
	for _, sh := range shocks {
		for _, d := range b.dependants[sh.asset] {
			if !b.touched[d.Asset] {
				b.touched[d.Asset] = true
				b.list = append(b.list, d.Asset)
			}
			b.ret[d.Asset] += d.Beta * sh.move
		}
	}
	sort.Ints(b.list)
	for _, a := range b.list {
		b.entries = append(b.entries, entry{asset: int32(a), move: Move{Scenario: id, Vol: sc.Vol, Return: b.ret[a]}})
		b.ret[a], b.touched[a] = 0, false
	}
	b.list = b.list[:0]
}

// finish buckets the entries by asset; entries were added in scenario order,
// so each bucket is sorted by scenario.
func (b *builder) finish() {
	counts := make([]int, len(b.set.Assets))
	for _, e := range b.entries {
		counts[e.asset]++
	}
	backing := make([]Move, len(b.entries))
	b.set.Moves = make([][]Move, len(b.set.Assets))
	at := 0
	for a, c := range counts {
		b.set.Moves[a] = backing[at : at : at+c]
		at += c
	}
	for _, e := range b.entries {
		b.set.Moves[e.asset] = append(b.set.Moves[e.asset], e.move)
	}
	b.entries = nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
