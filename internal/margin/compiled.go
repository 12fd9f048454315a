// The compiled market: one market snapshot and one risk-parameter version
// made ready for the unified model of any number of books. The scenario set
// is built once over every market asset (each book takes its own scenarios
// as a mask, scenario.Set.Within); each asset's moves are laid out as arrays
// (structure of arrays); each option instrument is priced once, in every
// distinct state of its underlying, into its per-unit profit and loss over
// the underlying's moves, and kept. A book's scenario P&L is then the sum of
// quantity × vector over its positions (account.pnl), which is the only way
// the unified model computes it: Compute, Prepare (what-if, hedges,
// liquidation) and bulk re-margin all run through a Compiled.
package margin

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/scenario"
)

// Compiled is a market and a risk-parameter version compiled for the
// unified model. It is safe for concurrent use; neither the market nor the
// parameters may change after Compile.
type Compiled struct {
	m    *market.Snapshot
	rp   *RiskParams
	set  *scenario.Set // over every asset of m
	rate float64
	// moves is, per set asset, every scenario that moves it (requirement
	// scenarios first) as parallel arrays.
	moves []assetMoves
	// per set asset: spot, Betas to its roots (look-through), liquidity
	// coefficients (roots) and collateral tiers
	spot      []float64
	roots     [][]scenario.Beta
	liquidity []liquidityCoef
	tiers     [][]Tier
	names     []string // per scenario (set.Name), so naming a result allocates nothing

	tick   tickOf       // the market c was ticked from (Tick), if any
	valued atomic.Int64 // instruments valued by c (not reused from tick.base)

	// riskParamsJSON is rp's JSON, written once (paramsVersion hashes it
	// into every report).
	riskParamsJSON func() ([]byte, error)

	mu          sync.RWMutex
	instruments map[instrumentKey]*instrument
	masks       map[string]*bookMask // by the book's sorted asset list
}

// bookMask is a book's scenarios in the set (the mask) with its
// requirement scenarios' fractions laid out for the kernel's worst-loss
// scan (maxLoss): per scenario of the set, its fraction when it is one of
// the book's requirement scenarios, else 0 (a loss of −0 or NaN, which
// never counts), for all of them and for each vol column's (down 0, none
// 1, up 2).
type bookMask struct {
	*scenario.Mask
	fraction []float64
	byVol    [3][]float64
}

// newBookMask lays out mask's requirement scenarios in set.
func newBookMask(set *scenario.Set, mask *scenario.Mask) *bookMask {
	n := len(set.Scenarios)
	bm := &bookMask{Mask: mask, fraction: make([]float64, n),
		byVol: [3][]float64{make([]float64, n), make([]float64, n), make([]float64, n)}}
	for _, id := range mask.IDs() {
		sc := &set.Scenarios[id]
		if !sc.InRequirement {
			continue
		}
		bm.fraction[id] = sc.Fraction
		bm.byVol[int(sc.Vol)+1][id] = sc.Fraction
	}
	return bm
}

// assetMoves is one asset's moves, structure of arrays.
type assetMoves struct {
	scenario []int32        // ascending
	ret      []float64      // the asset's return in that scenario
	vol      []scenario.Vol // the vol column options on it are revalued in
	reqLen   int            // the first reqLen moves are requirement scenarios
	// distinct (return, vol) states of the moves and each move's state: an
	// option is priced once per state, not once per scenario, and its P&L
	// vector is per state. The requirement moves' states come first (the
	// first reqStates), so the kernel sums vectors over reqStates lanes and
	// spreads each sum to the moves in that state (the sum is the same for
	// every move of a state: the same return, the same vector entries).
	states    []optionState
	stateOf   []int32
	reqStates int
	stateRet  []float64 // per state, its return (the kernel's delta-1 lane)
	// reqRuns is the requirement moves as runs of consecutive scenarios
	// in consecutive states (the alone grid, the joint grid and the tails
	// each number their scenarios in the order of their states): the
	// kernel spreads state sums to scenarios a run at a time, with no
	// index per move (about 4 runs for 64 moves by default).
	reqRuns []moveRun
}

// moveRun is n moves of one asset: scenarios scenario … scenario+n−1 in
// states state … state+n−1.
type moveRun struct {
	scenario, state, n int32
}

// runsOf splits moves with the given scenarios and states into maximal
// runs (moveRun): a move continues the run before it when both its
// scenario and its state are the next ones.
func runsOf(scenarios, stateOf []int32) []moveRun {
	var runs []moveRun
	for k, s := range scenarios {
		if r := len(runs) - 1; r >= 0 && runs[r].scenario+runs[r].n == s && runs[r].state+runs[r].n == stateOf[k] {
			runs[r].n++
			continue
		}
		runs = append(runs, moveRun{scenario: s, state: stateOf[k], n: 1})
	}
	return runs
}

// instrumentKey is what fixes an instrument's figures per unit on one
// market: collateral, spot, supply and borrow of an asset share its
// holding instrument; a future is keyed by its expiry and by whether its
// venue settles it in the coin (inverse); an option by right, strike and
// expiry (an inverse option is worth the same in USD).
type instrumentKey struct {
	kind       itemKind // kindHolding, kindPerp, kindFuture or kindOption
	inverse    bool
	right      pricing.Right
	asset      int32 // set index of the asset or the underlying
	strike     float64
	expiryUnix int64
}

// instrument is one unit of an instrument on the compiled market: its
// spot, forward and time to expiry, and for options the vols, Black-76
// price and Greeks (forward held fixed) and the profit and loss in each
// distinct state of the underlying's moves (assetMoves.states: the price
// in that state − the price now; move k's is pnl[stateOf[k]]).
//
// The fields the kernel reads for every item (kernel.go, population.go:
// key, price, delta and the P&L vector) come first and fill 64 bytes, and
// the whole is padded to a multiple of 64 bytes, so that in an array
// starting on a line (a population's compact table, Population.compact)
// valuing an item touches one cache line of its instrument besides the
// vector itself (a bulk re-margin's items are scattered over thousands of
// instruments: the lines they touch, not the arithmetic, set its speed;
// unpadded, 136 bytes, seven in eight of them straddled two lines).
type instrument struct {
	key                 instrumentKey
	price               float64
	delta               float64 // ∂price/∂ln S = Δ_F·F (the forward moves with spot)
	pnl                 []float64
	spot, forward       float64
	years               float64
	vol, volUp, volDown float64
	gamma, vega, theta  float64 // ∂²/∂F², ∂/∂σ, per year
	_                   [56]byte
}

// The layout instrument's comment states, checked when compiling: the
// size a whole number of 64-byte lines (an array length must be 0), the
// hot fields within the first (a negative constant does not fit a uintptr).
var _ [unsafe.Sizeof(instrument{}) % 64]struct{} = [0]struct{}{}
var _ = [64 - unsafe.Offsetof(instrument{}.pnl) - unsafe.Sizeof([]float64(nil))]struct{}{}

// Compile builds the scenario set over every asset of m with rp's scenario
// parameters. Errors: the set's size limit (*input.Error).
func Compile(m *market.Snapshot, rp *RiskParams) (*Compiled, error) {
	set, err := scenario.Build(m, m.Symbols(), rp.scenarioParams(m))
	if err != nil {
		return nil, err
	}
	c := &Compiled{m: m, rp: rp, set: set, rate: m.RateUSD(), moves: make([]assetMoves, len(set.Assets)),
		instruments: map[instrumentKey]*instrument{}, masks: map[string]*bookMask{},
		riskParamsJSON: sync.OnceValues(func() ([]byte, error) { return json.Marshal(rp) })}
	for i := range set.Assets {
		all := set.Moves[i]
		am := &c.moves[i]
		am.reqLen = len(set.RequirementMoves(i))
		am.scenario = make([]int32, len(all))
		am.ret = make([]float64, len(all))
		am.vol = make([]scenario.Vol, len(all))
		for k, mv := range all {
			am.scenario[k], am.ret[k], am.vol[k] = mv.Scenario, mv.Return, mv.Vol
		}
		am.states, am.stateOf = distinctStates(all[:am.reqLen], nil, make([]int32, 0, len(all)))
		am.reqStates = len(am.states)
		am.reqRuns = runsOf(am.scenario[:am.reqLen], am.stateOf)
		am.states, am.stateOf = distinctStates(all[am.reqLen:], am.states, am.stateOf)
		am.stateRet = make([]float64, len(am.states))
		for k, st := range am.states {
			am.stateRet[k] = st.ret
		}
	}
	c.names = make([]string, len(set.Scenarios))
	for i := range c.names {
		c.names[i] = set.Name(i)
	}
	n := len(set.Assets)
	c.spot, c.roots = make([]float64, n), make([][]scenario.Beta, n)
	c.liquidity, c.tiers = make([]liquidityCoef, n), make([][]Tier, n)
	for i, sym := range set.Assets {
		c.spot[i] = m.Spot(sym)
		c.roots[i] = set.Roots(i)
		if set.IsRoot(i) {
			c.liquidity[i] = liquidityCoefficients(m, sym)
		}
		c.tiers[i] = rp.Collateral[sym].Tiers
	}
	return c, nil
}

// Market returns the snapshot c was compiled for.
func (c *Compiled) Market() *market.Snapshot { return c.m }

// RiskParams returns the parameters c was compiled with.
func (c *Compiled) RiskParams() *RiskParams { return c.rp }

// mask returns the scenarios of the book whose held assets (and
// underlyings) are assets, cached: books over the same assets share it.
func (c *Compiled) mask(assets []string) *bookMask {
	sorted := slices.Clone(assets)
	slices.Sort(sorted)
	key := strings.Join(sorted, "\x00")
	c.mu.RLock()
	k, ok := c.masks[key]
	c.mu.RUnlock()
	if ok {
		return k
	}
	within := c.set.Within(c.m, sorted)
	built := newBookMask(c.set, &within)
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.masks[key]; ok {
		return k
	}
	if len(c.masks) >= maxCachedMasks {
		clear(c.masks) // bound memory; masks are cheap to rebuild
	}
	c.masks[key] = built
	return built
}

// maxCachedMasks bounds the mask cache (distinct asset lists seen).
const maxCachedMasks = 1 << 14

// instrument returns the instrument of key, valuing it on first use (an
// option is priced in every distinct state of its underlying's moves).
func (c *Compiled) instrument(key instrumentKey) *instrument {
	c.mu.RLock()
	in, ok := c.instruments[key]
	c.mu.RUnlock()
	if ok {
		return in
	}
	in = c.value(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.instruments[key]; ok {
		return prev
	}
	if len(c.instruments) >= maxCachedInstruments {
		clear(c.instruments) // bound memory; items keep their pointers
	}
	c.instruments[key] = in
	return in
}

// maxCachedInstruments bounds the instrument cache (distinct instruments seen).
const maxCachedInstruments = 1 << 20

// value computes an instrument's figures.
func (c *Compiled) value(key instrumentKey) *instrument {
	c.valued.Add(1)
	sym := c.set.Assets[key.asset]
	in := &instrument{key: key, spot: c.m.Spot(sym)}
	switch key.kind {
	case kindFuture:
		in.years = c.m.YearsTo(time.Unix(0, key.expiryUnix))
		in.forward = c.m.ForwardAt(sym, in.years)
	case kindOption:
		in.years = c.m.YearsTo(time.Unix(0, key.expiryUnix))
		in.forward = c.m.ForwardAt(sym, in.years)
		in.vol = c.m.VolAt(sym, key.strike, in.years)
		vs := &c.rp.VolShock
		in.volUp = vs.Shocked(in.vol, in.years, scenario.VolUp)
		in.volDown = vs.Shocked(in.vol, in.years, scenario.VolDown)
		g := pricing.Black76Greeks(key.right, in.forward, key.strike, in.vol, in.years, c.rate)
		in.price, in.delta = g.Price, g.Delta*in.forward
		in.gamma, in.vega, in.theta = g.Gamma, g.Vega, g.Theta
		am := &c.moves[key.asset]
		in.pnl = make([]float64, len(am.states))
		for k, st := range am.states {
			in.pnl[k] = in.priceAt(st.ret, st.vol, c.rate) - in.price
		}
	}
	return in
}

// volFor returns the option's vol in a vol column.
func (in *instrument) volFor(v scenario.Vol) float64 {
	switch v {
	case scenario.VolUp:
		return in.volUp
	case scenario.VolDown:
		return in.volDown
	}
	return in.vol
}

// priceAt is one unit's Black-76 price after the underlying returns ret in
// vol column v (the forward moves with spot; strike, expiry and rate stay).
func (in *instrument) priceAt(ret float64, v scenario.Vol, rate float64) float64 {
	if ret == 0 && v == scenario.VolNone {
		return in.price
	}
	return pricing.Black76Price(in.key.right, in.forward*(1+ret), in.key.strike, in.volFor(v), in.years, rate)
}
