// Unified margin in the cascade (hub and uct): every account's book (book.go)
// is compiled once per population and architecture into a margin.Population;
// a simulation margins a copy of it through the engine's kernel on the
// market at the step's prices (margin.Compile of the embedded snapshot moved
// there: the one unified model, with no scenario, contingency or haircut
// code of its own here). Under uct, collateral at venues off the home chain
// is marked as bridged and the bridge carries Config.BridgeHaircut in the
// risk parameters, so the kernel applies it. Contract: the figures a step
// acts on are exactly (==) margin.Compute's unified figures on the book the
// account holds then (its start book with the quantities the liquidations
// left and its cash) on that market (TestStepMarginIsCompute).
//
// Screening: the kernel margins an account when it is placed and again when
// some price has moved by a relative w from that check, w = gap / Σ rate[a]
// × price[a] with gap = equity − maintenance there and rate the bound of
// screenRates on |Δgap| per USD of each price's move (so no account crosses
// maintenance unchecked; TestHeapsMatchBruteForce checks it against
// margining every account every round).
//
// Liquidation: the unified engine's clips (Config.ClipFraction of the book,
// every position in proportion, closed at the mark with its value credited
// to cash) until the kernel's equity ≥ TargetHealth × maintenance, then the
// penalty (PenaltyRate of the notional, only out of equity above that
// target); equity ≤ 0 closes the account and its deficit is bad debt.
package cascade

import (
	"fmt"
	"maps"
	"math"
	"sync"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// screenRates are, per modelled asset, how fast an account's unified gap
// (equity − maintenance) can move per USD its price moves, at the book's
// full size, from the engine's parameters on compiled market c:
//
//   - delta-one net units (perps, holdings, borrows of the asset's family):
//     equity moves by 1 per unit, each counted scenario loss by at most
//     c.MaxCountedMove() per unit, maintenance by MaintenanceFraction of
//     that (the worst of scenarios moves no faster than the fastest one);
//   - gross delta-one units: the wrapper depeg (a holding's value ×
//     WrapperDepeg), the basis floor on matched perps (BasisMinMove);
//   - option contracts: equity by at most 1.1 per contract (a vanilla's
//     delta N(d₁) ≤ 1, with carry), each counted scenario loss by at most
//     2 + MaxCountedMove (two prices each moving ≤ 1 per unit), plus the
//     short-option contingency;
//
// the embedded market has no depth, so no liquidity add-on. A sum of
// bounds bounds the sum; TestHeapsMatchBruteForce checks the screen
// against margining every account every round.
func screenRates(acc *Account, c *margin.Compiled) [NumAssets]float64 {
	rp := c.RiskParams()
	mf, mv := rp.MaintenanceFraction, c.MaxCountedMove()
	lNet := 1 + mf*mv
	lGross := mf * (rp.WrapperDepeg + rp.BasisMinMove)
	lOpt := 1.1 + mf*(2+mv+rp.ShortOptionContingency)
	var net, gross, opt [NumAssets]float64
	for li := range acc.Legs {
		l := &acc.Legs[li]
		for a := range NumAssets {
			if len(l.Options) > 0 || l.Contracts[a] != 0 || l.Gamma[a] != 0 {
				opt[a] += math.Max(math.Abs(l.Contracts[a]), math.Abs(l.Units[a]))
				continue
			}
			net[a] += l.Units[a]
			gross[a] += math.Abs(l.Units[a])
		}
	}
	var r [NumAssets]float64
	for a := range NumAssets {
		r[a] = lNet*math.Abs(net[a]) + lGross*gross[a] + lOpt*opt[a]
	}
	return r
}

// uctBridge is the bridge the uct books' off-home collateral is marked with.
const uctBridge = "uct-bridge"

// kernelKey names a compiled population: the architecture's books under
// risk parameters rp (nil: the defaults) and, for uct, the bridge haircut
// and home chain.
type kernelKey struct {
	uct     bool
	home    string
	haircut float64
	rp      *margin.RiskParams
}

// kernelBooks is a population's books compiled for one kernelKey.
type kernelBooks struct {
	rp    *margin.RiskParams
	start *margin.Compiled
	pop   *margin.Population
}

// riskParams are the parameters arch margins under: cfg's (or the
// defaults), with the uct bridge's haircut added.
func riskParams(arch Arch, cfg *Config) *margin.RiskParams {
	rp := cfg.RiskParams
	if rp == nil {
		rp = margin.DefaultRiskParams()
	}
	if arch != UCT {
		return rp
	}
	cp := *rp
	cp.Bridges = maps.Clone(rp.Bridges)
	if cp.Bridges == nil {
		cp.Bridges = map[string]margin.HaircutParams{}
	}
	cp.Bridges[uctBridge] = margin.HaircutParams{Haircut: cfg.BridgeHaircut}
	return &cp
}

// kernel returns (compiling once per key) the population's books for arch
// under cfg. Errors: a book the market refuses (*input.Error, naming the
// account), the scenario set's limits.
func (p *Population) kernel(arch Arch, cfg *Config) (*kernelBooks, error) {
	key := kernelKey{uct: arch == UCT, rp: cfg.RiskParams}
	if key.uct {
		key.home, key.haircut = cfg.HomeChain, cfg.BridgeHaircut
	}
	p.mu.Lock()
	if p.kernels == nil {
		p.kernels = map[kernelKey]*kernelOnce{}
	}
	e := p.kernels[key]
	if e == nil {
		e = &kernelOnce{}
		p.kernels[key] = e
	}
	p.mu.Unlock()
	e.once.Do(func() { e.kb, e.err = p.compileBooks(arch, cfg, key) })
	return e.kb, e.err
}

// kernelOnce is one key's compiled books, built once.
type kernelOnce struct {
	once sync.Once
	kb   *kernelBooks
	err  error
}

// compileBooks compiles every account's book for key.
func (p *Population) compileBooks(arch Arch, cfg *Config, key kernelKey) (*kernelBooks, error) {
	m, err := Market(p.Start)
	if err != nil {
		return nil, err
	}
	rp := riskParams(arch, cfg)
	c, err := margin.Compile(m, rp)
	if err != nil {
		return nil, err
	}
	b := c.NewPopulationBuilder(len(p.Accounts))
	for i := range p.Accounts {
		book := p.bookAt(i, m)
		if key.uct {
			book = withBridge(book, key.home, uctBridge)
		}
		if err := b.Add(book); err != nil {
			return nil, fmt.Errorf("account %d (%s): %w", i, p.Accounts[i].ID, err)
		}
	}
	return &kernelBooks{rp: rp, start: c, pop: b.Population()}, nil
}

// bookAt is account i's book on the start market m.
func (p *Population) bookAt(i int, m *market.Snapshot) *portfolio.Portfolio {
	return bookOf(&p.Accounts[i], p.Start, m.AsOf)
}

// unifiedKernel is one simulation's margin state: its own copy of the
// books, the market compiled at the prices of the last check, and the
// kernel's scratch.
type unifiedKernel struct {
	rp      *margin.RiskParams
	pop     *margin.Population
	at      [NumAssets]float64 // the prices compiled
	current *margin.Compiled
	scratch margin.Scratch
	usdc    float64 // USDC's price (the cash's)
	// gen numbers the compiled markets (from 1); figures[b] are book b's
	// at market genOf[b] (0: none since its book last changed)
	gen     uint64
	genOf   []uint64
	figures []margin.Unified
}

func newUnifiedKernel(kb *kernelBooks, p0 [NumAssets]float64) (*unifiedKernel, error) {
	n := kb.pop.Len()
	k := &unifiedKernel{rp: kb.rp, pop: kb.pop.Clone(), at: p0, current: kb.start,
		usdc: kb.start.Market().Spot("USDC"), gen: 1, genOf: make([]uint64, n), figures: make([]margin.Unified, n)}
	if err := k.pop.Retarget(kb.start); err != nil {
		return nil, err
	}
	return k, nil
}

// marketAt compiles the market at prices p when it is not the current one.
func (k *unifiedKernel) marketAt(p *[NumAssets]float64) error {
	if *p == k.at {
		return nil
	}
	m, err := Market(*p)
	if err != nil {
		return err
	}
	c, err := margin.Compile(m, k.rp)
	if err != nil {
		return err
	}
	if err := k.pop.Retarget(c); err != nil {
		return err
	}
	k.current, k.at = c, *p
	k.gen++
	return nil
}

// book is book b's figures on the current market, margined once per
// market and book state.
func (k *unifiedKernel) book(b int) margin.Unified {
	if k.genOf[b] != k.gen {
		k.figures[b] = k.pop.MarginBook(b, &k.scratch)
		k.genOf[b] = k.gen
	}
	return k.figures[b]
}

// margin is the unified figures of domain d's account at the current
// prices (the kernel on its book now).
func (s *sim) margin(d *domain) margin.Unified {
	if err := s.k.marketAt(&s.price); err != nil {
		s.fail(err)
		return margin.Unified{}
	}
	return s.k.book(int(d.acct))
}

// closeBook closes share f of every item of account b's book at the values
// of its last margin (at the current prices), crediting them to its cash.
func (s *sim) closeBook(b int, f float64) {
	pop := s.k.pop
	cash := cashItem(pop.Items(b))
	s.k.genOf[b] = 0
	proceeds := 0.0
	for i := range cash {
		proceeds += pop.Close(b, i, f)
	}
	s.addCash(b, proceeds)
}

// addCash credits usd to account b's cash.
func (s *sim) addCash(b int, usd float64) {
	pop := s.k.pop
	cash := cashItem(pop.Items(b))
	s.k.genOf[b] = 0
	pop.SetQuantity(b, cash, pop.Quantity(b, cash)+usd/s.k.usdc)
}

// placeUnified files a unified domain: margined now; below maintenance it
// is re-checked every round (it liquidates this round), else it waits in
// every exposed asset's heaps for a relative move of w either way.
func (s *sim) placeUnified(i int32, d *domain) bool {
	u := s.margin(d)
	gap := u.Equity - u.Maintenance
	if gap < 0 {
		return false
	}
	g := 0.0
	for a := range NumAssets {
		g += d.size * d.screen[a] * s.price[a]
	}
	if g == 0 {
		return true // no price moves it
	}
	w := gap / g
	for a := range NumAssets {
		if d.screen[a] == 0 {
			continue
		}
		if lo := s.price[a] * (1 - w); lo > 0 {
			s.long[a].push(heapEntry{thr: lo, idx: i, ver: s.ver[i]})
		}
		s.short[a].push(heapEntry{thr: s.price[a] * (1 + w), idx: i, ver: s.ver[i]})
	}
	return true
}

// unifiedDomain is an account margined as one: the legs' cash, units, gamma
// and gross summed (the flow of what a liquidation sells and the cash it
// leaves; the margin is the kernel's).
func unifiedDomain(ai int, acc *Account) domain {
	d := domain{acct: int32(ai), unified: true, size: 1}
	for li := range acc.Legs {
		l := &acc.Legs[li]
		d.cash += l.Cash
		for a := range NumAssets {
			d.units[a] += l.Units[a]
			d.gam[a] += l.Gamma[a]
			d.gross[a] += math.Max(math.Abs(l.Units[a]), math.Abs(l.Contracts[a]))
		}
	}
	return d
}

// liquidateUnified applies the unified engine to domain i when the kernel
// finds its account below maintenance (false otherwise: the screen's
// trigger was not a liquidation).
func (s *sim) liquidateUnified(d *domain) (float64, bool) {
	u := s.margin(d)
	if !u.Liquidatable {
		return 0, false
	}
	b := int(d.acct)
	if u.Equity <= 0 || u.Maintenance <= 0 {
		s.closeBook(b, 1)
		return s.settle(d), true
	}
	n := 0.0
	for d.size > dustUSD && u.Equity < s.cfg.TargetHealth*u.Maintenance {
		f := math.Min(1, s.cfg.ClipFraction/d.size)
		s.closeBook(b, f)
		n += s.closeAll(d, f)
		u = s.margin(d)
	}
	if d.size <= dustUSD || !anyOpen(d) {
		s.closeBook(b, 1)
		return n + s.settle(d), true
	}
	above := u.Equity - s.cfg.TargetHealth*u.Maintenance
	pen := math.Min(s.cfg.PenaltyRate*n, math.Max(0, above))
	d.cash -= pen
	s.addCash(b, -pen)
	return n, true
}
