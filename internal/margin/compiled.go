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
	"slices"
	"strings"
	"sync"

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

	mu      sync.RWMutex
	options map[optionInstrument]*compiledOption
	masks   map[string]*scenario.Mask // by the book's sorted asset list
}

// assetMoves is one asset's moves, structure of arrays.
type assetMoves struct {
	scenario []int32        // ascending
	ret      []float64      // the asset's return in that scenario
	vol      []scenario.Vol // the vol column options on it are revalued in
	reqLen   int            // the first reqLen moves are requirement scenarios
	// distinct (return, vol) states of the moves and each move's state: an
	// option is priced once per state, not once per scenario.
	states  []optionState
	stateOf []int32
}

// optionInstrument is an option as the market prices it: what fixes its
// forward, vol, shocked vols and price.
type optionInstrument struct {
	asset      int // set index of the underlying
	right      pricing.Right
	strike     float64
	expiryUnix int64
}

// compiledOption is one option instrument's per-unit profit and loss in
// each of its underlying's moves: price in the move's state − price now.
type compiledOption struct {
	pnl []float64
}

// Compile builds the scenario set over every asset of m with rp's scenario
// parameters. Errors: the set's size limit (*input.Error).
func Compile(m *market.Snapshot, rp *RiskParams) (*Compiled, error) {
	set, err := scenario.Build(m, m.Symbols(), rp.scenarioParams(m))
	if err != nil {
		return nil, err
	}
	c := &Compiled{m: m, rp: rp, set: set, rate: m.RateUSD(), moves: make([]assetMoves, len(set.Assets)),
		options: map[optionInstrument]*compiledOption{}, masks: map[string]*scenario.Mask{}}
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
		am.states, am.stateOf = distinctStates(all, nil, make([]int32, 0, len(all)))
	}
	return c, nil
}

// Market returns the snapshot c was compiled for.
func (c *Compiled) Market() *market.Snapshot { return c.m }

// RiskParams returns the parameters c was compiled with.
func (c *Compiled) RiskParams() *RiskParams { return c.rp }

// mask returns the scenarios of the book whose held assets (and
// underlyings) are assets, cached: books over the same assets share it.
func (c *Compiled) mask(assets []string) *scenario.Mask {
	sorted := slices.Clone(assets)
	slices.Sort(sorted)
	key := strings.Join(sorted, "\x00")
	c.mu.RLock()
	k, ok := c.masks[key]
	c.mu.RUnlock()
	if ok {
		return k
	}
	built := c.set.Within(c.m, sorted)
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.masks[key]; ok {
		return k
	}
	if len(c.masks) >= maxCachedMasks {
		clear(c.masks) // bound memory; masks are cheap to rebuild
	}
	c.masks[key] = &built
	return &built
}

// maxCachedMasks bounds the mask cache (distinct asset lists seen).
const maxCachedMasks = 1 << 14

// option returns it's compiled instrument, pricing it on first use. it
// must be an option item of an account on c.
func (c *Compiled) option(it *item) *compiledOption {
	key := optionInstrument{asset: it.asset, right: it.right, strike: it.strike, expiryUnix: it.expiryUnix}
	c.mu.RLock()
	o, ok := c.options[key]
	c.mu.RUnlock()
	if ok {
		return o
	}
	am := &c.moves[it.asset]
	prices := make([]float64, len(am.states))
	for k, st := range am.states {
		prices[k] = it.priceAt(st.ret, st.vol, c.rate)
	}
	o = &compiledOption{pnl: make([]float64, len(am.scenario))}
	for k, s := range am.stateOf {
		o.pnl[k] = prices[s] - it.price
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.options[key]; ok {
		return prev
	}
	if len(c.options) >= maxCachedOptions {
		clear(c.options)
	}
	c.options[key] = o
	return o
}

// maxCachedOptions bounds the option cache (distinct instruments seen).
const maxCachedOptions = 1 << 20
