// The scenario set: scenarios in a fixed order and, per asset, the scenarios
// that move it.
package scenario

import (
	"math"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

// MaxScenarios bounds a set; a market with more risk assets than this allows
// is refused rather than slowing every margin call down.
const MaxScenarios = 1 << 20

// Kind is a scenario family.
type Kind uint8

// Scenario families, in set order.
const (
	KindGrid       Kind = iota // one risk asset alone, one grid step, one vol column
	KindJoint                  // all risk assets together, one grid step, one vol column
	KindDepeg                  // one stablecoin or wrapper down alone
	KindTail                   // one risk asset alone, a tail move, vol up
	KindTailJoint              // all risk assets together, a tail move, vol up
	KindCorrelated             // one risk asset by its range, the others by correlation, vol up
	KindHistorical             // a measured crash episode, vol up
)

var kindNames = [...]string{"grid", "joint", "depeg", "tail", "tail_joint", "correlated", "historical"}

// String returns the family's name: grid, joint, depeg, tail, tail_joint,
// correlated or historical.
func (k Kind) String() string { return kindNames[k] }

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
	// Historical says whether the stress families (correlated moves and
	// historical episodes, last in the set) enter the requirement.
	Historical bool
}

// Scenario describes one joint move (compactly: a set holds many). Its
// returns per asset are in Set.Moves; its name is Set.Name.
type Scenario struct {
	// Move is the defining relative move: of the asset moved alone (grid,
	// tail, depeg) or of every risk asset (tail_joint). For joint it is
	// Step/Steps (a fraction of each asset's own range).
	Move     float64
	Fraction float64 // share of the scenario's profit and loss counted
	// Asset is the index (Set.Assets) of the asset moved alone (grid, tail,
	// depeg); −1 otherwise.
	Asset         int32
	Step, Steps   int16 // grid and joint: step k of n per side
	Episode       int16 // historical: index into Episodes(); −1 otherwise
	Kind          Kind
	Vol           Vol
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
	// partners lists, per asset index, the risk assets with a market
	// correlation to it (the correlated family; Within needs them).
	partners [][]int32
	// firstOut is the first scenario outside the requirement: only the
	// stress families (last in the set) can be, all or none.
	firstOut int32
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

// RequirementMoves returns asset i's moves in the scenarios that enter the
// requirement (a prefix of Moves[i]: only the trailing stress families can
// be outside it).
func (s *Set) RequirementMoves(i int) []Move {
	moves := s.Moves[i]
	k := sort.Search(len(moves), func(k int) bool { return moves[k].Scenario >= s.firstOut })
	return moves[:k]
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
	set                 *Set
	stressInRequirement bool
	dependants          [][]Beta // per asset b: (a, Beta of a to b) for every a that moves with b
	ret                 []float64
	touched             []bool
	list                []int
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
	b := &builder{set: s, ret: make([]float64, len(symbols)), touched: make([]bool, len(symbols)),
		stressInRequirement: p.Historical}
	b.dependants = make([][]Beta, len(symbols))
	for a, betas := range s.Sensitivity {
		for _, beta := range betas {
			b.dependants[beta.Asset] = append(b.dependants[beta.Asset], Beta{Asset: a, Beta: beta.Beta})
		}
	}
	f := factorsOf(m, s, p)
	f.correlate(m, s)
	s.partners = make([][]int32, len(symbols))
	for x, i := range f.risk {
		for _, pt := range f.partners[x] {
			s.partners[i] = append(s.partners[i], int32(f.risk[pt.risk]))
		}
	}
	n := f.count(p)
	if n > MaxScenarios {
		return nil, input.Errorf("", "the book's %d risk assets need %d scenarios, more than the limit of %d",
			len(f.risk), n, MaxScenarios)
	}
	s.Scenarios = make([]Scenario, 0, n)
	s.Moves = f.moveBuffers(p, s.Sensitivity)
	b.grids(f, p)
	b.depegs(f, p)
	b.tails(f, p)
	s.firstOut = int32(len(s.Scenarios))
	if p.Historical {
		s.firstOut = int32(n)
	}
	b.correlated(f)
	b.historical(f, p)
	return s, nil
}

// factors are the assets a set moves, by role, each list sorted by asset.
type factors struct {
	role      []role // per asset index
	depegs    []bool // per asset index: has its own depeg scenario
	risk      []int  // roots with a range > 0
	ranges    []float64
	depeg     []int // stable roots and wrappers
	depegBy   []float64
	nonStable []int // non-stable roots (historical episodes move them)
	// partners lists, per index into risk, the other risk assets with a
	// market correlation to it (index into risk) and that correlation.
	partners [][]partner
}

// role is what a root asset does in the scenarios.
type role uint8

const (
	roleNone      role = iota // a wrapper, or a stable root
	roleNonStable             // a non-stable root without a range (historical moves only)
	roleRisk                  // a root with a range: grid, joint and tails
)

func factorsOf(m *market.Snapshot, s *Set, p *Params) factors {
	f := factors{role: make([]role, len(s.Assets)), depegs: make([]bool, len(s.Assets))}
	for i, sym := range s.Assets {
		a := m.Asset(sym)
		stable := a != nil && a.Class == market.ClassStable
		switch {
		case !s.roots[i]:
			if p.WrapperDepeg > 0 {
				f.depeg, f.depegBy = append(f.depeg, i), append(f.depegBy, p.WrapperDepeg)
				f.depegs[i] = true
			}
			continue
		case stable && p.StableDepeg > 0:
			f.depeg, f.depegBy = append(f.depeg, i), append(f.depegBy, p.StableDepeg)
			f.depegs[i] = true
		}
		if !stable {
			f.nonStable = append(f.nonStable, i)
			f.role[i] = roleNonStable
		}
		if r := p.Range(sym); r > 0 {
			f.risk, f.ranges = append(f.risk, i), append(f.ranges, r)
			f.role[i] = roleRisk
		}
	}
	return f
}

// partner is a correlated risk asset.
type partner struct {
	risk int // index into factors.risk
	rho  float64
}

// correlate fills f.partners from the market's correlations (only the pairs
// the market gives, so a large market costs nothing here).
func (f *factors) correlate(m *market.Snapshot, s *Set) {
	f.partners = make([][]partner, len(f.risk))
	riskOf := make(map[int]int, len(f.risk)) // asset index → index into risk
	for x, i := range f.risk {
		riskOf[i] = x
	}
	for pair, rho := range m.Correlations {
		a, b, _ := strings.Cut(pair, "/")
		ia, okA := s.Index(a)
		ib, okB := s.Index(b)
		if !okA || !okB {
			continue
		}
		x, okX := riskOf[ia]
		y, okY := riskOf[ib]
		if okX && okY {
			f.partners[x] = append(f.partners[x], partner{y, rho})
			f.partners[y] = append(f.partners[y], partner{x, rho})
		}
	}
	for _, ps := range f.partners {
		sort.Slice(ps, func(i, j int) bool { return ps[i].risk < ps[j].risk })
	}
}

// anchors counts the risk assets with at least one correlated partner.
func (f *factors) anchors() int {
	n := 0
	for _, ps := range f.partners {
		if len(ps) > 0 {
			n++
		}
	}
	return n
}

// count is the number of scenarios the set will hold.
func (f *factors) count(p *Params) int {
	perAsset := 3*(2*p.StepsPerSide+1) + len(p.TailMoves)
	n := len(f.risk)*perAsset + len(f.depeg) + len(episodes) + 2*f.anchors()
	if len(f.risk) >= 2 {
		n += perAsset
	}
	return n
}

// moveBuffers returns each asset's empty move list with room for every
// scenario that can move it, carved from one allocation: the scenarios of
// each risk root and depeg source in its backing closure, the joint ones
// when it depends on a risk asset, and the historical ones when it depends
// on a non-stable root.
func (f *factors) moveBuffers(p *Params, sens [][]Beta) [][]Move {
	perAsset := 3*(2*p.StepsPerSide+1) + len(p.TailMoves)
	anchors := f.anchors()
	caps := make([]int, len(sens))
	total := 0
	for a, betas := range sens {
		risky, volatile := false, false
		for _, b := range betas {
			switch f.role[b.Asset] {
			case roleRisk:
				caps[a] += perAsset
				risky, volatile = true, true
			case roleNonStable:
				volatile = true
			}
			if f.depegs[b.Asset] {
				caps[a]++
			}
		}
		if risky && len(f.risk) >= 2 {
			caps[a] += perAsset + 2*anchors
		}
		if volatile {
			caps[a] += len(episodes)
		}
		total += caps[a]
	}
	backing := make([]Move, total)
	out := make([][]Move, len(sens))
	at := 0
	for a, c := range caps {
		out[a] = backing[at : at : at+c]
		at += c
	}
	return out
}

var volColumns = [3]Vol{VolUp, VolNone, VolDown}

func (b *builder) grids(f factors, p *Params) {
	n := p.StepsPerSide
	for j, i := range f.risk {
		for k := -n; k <= n; k++ {
			move := f.ranges[j] * float64(k) / float64(n)
			for _, vol := range volColumns {
				b.add(Scenario{Kind: KindGrid, Asset: int32(i), Move: move, Step: int16(k), Steps: int16(n),
					Episode: -1, Vol: vol, Fraction: 1, InRequirement: true}, []shock{{i, move}})
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
			b.add(Scenario{Kind: KindJoint, Asset: -1, Move: float64(k) / float64(n), Step: int16(k),
				Steps: int16(n), Episode: -1, Vol: vol, Fraction: 1, InRequirement: true}, shocks)
		}
	}
}

func (b *builder) depegs(f factors, p *Params) {
	for j, i := range f.depeg {
		b.add(Scenario{Kind: KindDepeg, Asset: int32(i), Move: -f.depegBy[j], Episode: -1, Vol: VolNone,
			Fraction: 1, InRequirement: true}, []shock{{i, -f.depegBy[j]}})
	}
}

// tailFraction is the share of a tail move's profit and loss counted.
func tailFraction(p *Params, move float64) float64 {
	if move == 0 {
		return 1
	}
	f := p.TailFraction / math.Abs(move)
	if f > 1 {
		return 1
	}
	return f
}

func (b *builder) tails(f factors, p *Params) {
	for _, i := range f.risk {
		for _, move := range p.TailMoves {
			b.add(Scenario{Kind: KindTail, Asset: int32(i), Move: move, Episode: -1, Vol: VolUp,
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
		b.add(Scenario{Kind: KindTailJoint, Asset: -1, Move: move, Episode: -1, Vol: VolUp,
			Fraction: tailFraction(p, move), InRequirement: true}, shocks)
	}
}

// add appends a scenario and the returns its primary shocks cause: each
// shocked asset and everything that moves with it, by Beta. Scenarios come
// in order, so each asset's moves stay sorted by scenario.
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
	for _, a := range b.list {
		b.set.Moves[a] = append(b.set.Moves[a], Move{Scenario: id, Vol: sc.Vol, Return: b.ret[a]})
		b.ret[a], b.touched[a] = 0, false
	}
	b.list = b.list[:0]
}
