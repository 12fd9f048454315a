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
// a price has moved past one of its bands: the gap = equity − maintenance
// found there, shared out over the assets, divided by screenRates' bound
// on how fast a fall or a rise of each price can spend it (so no account
// crosses maintenance unchecked; TestHeapsMatchBruteForce checks it
// against margining every account every round).
//
// Liquidation: liquidation.FastUnified, the unified engine's policy in
// internal/liquidation (its target, stop, choice of clip, budget,
// liquidity-cost, penalty and close-out rules are the exact engine's), on
// unifiedBook, which only keeps the books: clips of Config.ClipFraction of
// one holding — the book's exposure to one modelled asset, every item on
// it — the one with the most margin relief (the kernel's figures were the
// clip closed: unifiedKernel.marginAfter), closed at the mark with its
// value credited to cash, until the kernel's equity ≥ min(initial,
// maintenance × (1 + rebalance_buffer)); the clip that reaches it pays the
// penalty (PenaltyRate of that clip's notional, only out of equity above
// the target); equity ≤ 0, or no clip that helps, closes the account and
// its deficit is bad debt. The sale budget (Budget) is what the account's
// isolated venues would sell now (budget.go); an account below maintenance
// with a budget of 0 and equity > 0 is parked there. On the embedded
// market, no liquidity cost.
package cascade

import (
	"fmt"
	"maps"
	"math"
	"sync"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// screenRates bound, per modelled asset and direction, how fast an
// account's unified gap (equity − maintenance) can fall per USD its price
// moves (down: a fall, up: a rise), at the book's full size, read off the
// book's own items (its document) and the engine's parameters on the
// compiled market c, whose MaxCountedMove is mv (units of the modelled
// asset: a wrapper's amount at its price over the asset's):
//
//   - equity: a long delta-one unit (spot, supply, perp, collateral) loses
//     at most 1 per unit on a fall; a short one (perp, borrow) exactly 1 on
//     a rise; a collateral unit gains between 0 and 1 on a rise (haircuts
//     and tiers count less than its value), the others exactly 1;
//   - maintenance (MaintenanceFraction × the worst counted loss, which moves
//     no faster than the fastest scenario): at most c.MaxCountedMove() per
//     net delta-one unit, WrapperDepeg + BasisMinMove per gross unit;
//   - an option or future contract: 1.1 per contract on equity (a vanilla's
//     delta N(d₁) ≤ 1, with carry), 2 + MaxCountedMove on each scenario loss
//     (two prices each moving ≤ 1), the short-option contingency, and a
//     future's basis at its expiry (BasisAnnualMove × years);
//
// the embedded market has no depth, so no liquidity add-on. A sum of
// bounds bounds the sum; TestHeapsMatchBruteForce checks the screen
// against margining every account every round.
func screenRates(book *portfolio.Portfolio, c *margin.Compiled, mv float64) (down, up [NumAssets]float64) {
	rp, m := c.RiskParams(), c.Market()
	mf := rp.MaintenanceFraction
	var long, short, coll, gross, contracts [NumAssets]float64
	add := func(sym string, units float64, collateral bool) {
		a := familyOf(sym)
		if a < 0 {
			return
		}
		u := units * m.Spot(sym) / m.Spot(Assets[a])
		switch {
		case collateral:
			coll[a] += u
		case u > 0:
			long[a] += u
		default:
			short[a] -= u
		}
		gross[a] += math.Abs(u)
	}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for _, cl := range v.Collateral {
			add(cl.Asset, cl.AmountF, true)
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			switch p.Kind {
			case portfolio.KindSpot, portfolio.KindSupply:
				add(p.Asset, p.AmountF, false)
			case portfolio.KindBorrow:
				add(p.Asset, -p.AmountF, false)
			case portfolio.KindPerp:
				add(p.Underlying, p.QuantityF, false)
			default: // option, future
				if a := familyOf(p.Underlying); a >= 0 {
					basis := 0.0
					if p.Kind == portfolio.KindFuture {
						basis = rp.BasisAnnualMove * m.YearsTo(p.Expiry)
					}
					u := math.Abs(p.QuantityF) * m.Spot(p.Underlying) / m.Spot(Assets[a])
					contracts[a] += u * (1.1 + mf*(2+mv+rp.ShortOptionContingency+basis))
				}
			}
		}
	}
	for a := range NumAssets {
		req := mf * (mv*math.Abs(long[a]+coll[a]-short[a]) + (rp.WrapperDepeg+rp.BasisMinMove)*gross[a])
		down[a] = math.Max(0, long[a]+coll[a]-short[a]+req) + contracts[a]
		up[a] = math.Max(0, short[a]-long[a]+req) + contracts[a]
	}
	return down, up
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
	rp       *margin.RiskParams
	start    *margin.Compiled
	pop      *margin.Population
	down, up [][NumAssets]float64 // per account: screenRates
	// itemAsset is the modelled asset of each item of every book (-1: none,
	// e.g. USDC), book b's from itemLo[b] in the population's item order
	itemAsset []int8
	itemLo    []int32
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
	b, mv := c.NewPopulationBuilder(len(p.Accounts)), c.MaxCountedMove()
	kb := &kernelBooks{rp: rp, start: c, down: make([][NumAssets]float64, len(p.Accounts)),
		up: make([][NumAssets]float64, len(p.Accounts))}
	for i := range p.Accounts {
		book := p.bookAt(i, m)
		if key.uct {
			book = withBridge(book, key.home, uctBridge)
		}
		if err := b.Add(book); err != nil {
			return nil, fmt.Errorf("account %d (%s): %w", i, p.Accounts[i].ID, err)
		}
		kb.down[i], kb.up[i] = screenRates(book, c, mv)
		kb.itemLo = append(kb.itemLo, int32(len(kb.itemAsset)))
		kb.itemAsset = appendItemAssets(kb.itemAsset, book)
	}
	kb.pop = b.Population()
	return kb, nil
}

// appendItemAssets appends the modelled asset of each of book's items, in
// the population's order (each venue's collateral, then its positions): a
// collateral's or holding's asset, a derivative's underlying.
func appendItemAssets(dst []int8, book *portfolio.Portfolio) []int8 {
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for _, c := range v.Collateral {
			dst = append(dst, int8(familyOf(c.Asset)))
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			if p.Kind.IsDerivative() {
				dst = append(dst, int8(familyOf(p.Underlying)))
			} else {
				dst = append(dst, int8(familyOf(p.Asset)))
			}
		}
	}
	return dst
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
	kb      *kernelBooks // the compiled books (itemAsset)
	pop     *margin.Population
	saved   []float64          // item quantities a what-if puts back
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
	k := &unifiedKernel{rp: kb.rp, kb: kb, pop: kb.pop.Clone(), at: p0, current: kb.start,
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
// market and book state (valid until either changes).
func (k *unifiedKernel) book(b int) *margin.Unified {
	if k.genOf[b] != k.gen {
		k.figures[b] = k.pop.MarginBook(b, &k.scratch)
		k.genOf[b] = k.gen
	}
	return &k.figures[b]
}

// margin is the unified figures of domain d's account at the current
// prices (the kernel on its book now).
func (s *sim) margin(d *domain) margin.Unified {
	if err := s.k.marketAt(s.unifiedPx()); err != nil {
		s.fail(err)
		return margin.Unified{}
	}
	return *s.k.book(int(d.acct))
}

// unifiedPx is the prices the unified model values at: the market, or
// under OracleRate stETH at WETH × the start ratio.
func (s *sim) unifiedPx() *[NumAssets]float64 {
	if s.cfg.OraclePolicy == OracleRate {
		return &s.oracle
	}
	return &s.price
}

// liquidatable is the kernel's verdict on domain d's account now.
func (s *sim) liquidatable(d *domain) bool {
	if err := s.k.marketAt(s.unifiedPx()); err != nil {
		s.fail(err)
		return false
	}
	return s.k.book(int(d.acct)).Liquidatable
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

// closeAsset closes share f of every item of account b's book on asset a
// (the kernel's items; closeAsset is the domain's flows) at the values of
// its last margin, and returns the USD they realise (not yet credited).
func (k *unifiedKernel) closeAsset(b, a int, f float64) float64 {
	lo := int(k.kb.itemLo[b])
	realised := 0.0
	for i := range k.pop.Items(b) {
		if int(k.kb.itemAsset[lo+i]) == a {
			realised += k.pop.Close(b, i, f)
		}
	}
	k.genOf[b] = 0
	return realised
}

// marginAfter is account b's figures were share f of its items on asset a
// closed at their values now, their value and usd credited to its cash;
// the book and its figures are put back.
func (k *unifiedKernel) marginAfter(b, a int, f, usd float64) margin.Unified {
	k.saved = k.saved[:0]
	for i := range k.pop.Items(b) {
		k.saved = append(k.saved, k.pop.Quantity(b, i))
	}
	gen, fig := k.genOf[b], k.figures[b]
	cash := cashItem(k.pop.Items(b))
	realised := k.closeAsset(b, a, f)
	k.pop.SetQuantity(b, cash, k.pop.Quantity(b, cash)+(realised+usd)/k.usdc)
	u := k.pop.MarginBook(b, &k.scratch)
	for i, q := range k.saved {
		k.pop.SetQuantity(b, i, q)
	}
	k.genOf[b], k.figures[b] = gen, fig
	return u
}

// addCash credits usd to account b's cash.
func (s *sim) addCash(b int, usd float64) {
	pop := s.k.pop
	cash := cashItem(pop.Items(b))
	s.k.genOf[b] = 0
	pop.SetQuantity(b, cash, pop.Quantity(b, cash)+usd/s.k.usdc)
}

// placeUnified files a unified domain: margined now; at or above
// maintenance it waits in every exposed asset's heaps until its gap could
// be spent (band); below it, idle (no leg its venues would liquidate,
// equity > 0), it is parked (budget.go); otherwise it is re-checked every
// round (it liquidates this round).
func (s *sim) placeUnified(i int32, d *domain) bool {
	if err := s.k.marketAt(s.unifiedPx()); err != nil {
		s.fail(err)
		return true
	}
	u := s.k.book(int(d.acct))
	if gap := u.Equity - u.Maintenance; gap >= 0 {
		s.band(i, d, gap)
		return true
	}
	return s.idle(d, u.Equity) && s.park(i, d, u.Equity)
}

// band files unified domain i in every exposed asset's heaps at the prices
// where, by screenRates' bound on how fast each price spends it, room USD
// of its gap (or of its equity: screenRates bounds the equity's part of
// the gap, max(0, net delta) per USD plus the contracts', and the
// maintenance's part only adds to it) could first be spent.
func (s *sim) band(i int32, d *domain, room float64) {
	down, up := d.down, d.up
	if s.cfg.OraclePolicy == OracleRate {
		// stETH is valued at WETH × the start ratio: a WETH move of Δ moves
		// it by ratio·Δ, so its rates fold into WETH's and its own market
		// price moves nothing
		ratio := s.ref[aStETH] / s.ref[aWETH]
		down[aWETH] += ratio * down[aStETH]
		up[aWETH] += ratio * up[aStETH]
		down[aStETH], up[aStETH] = 0, 0
	}
	// the room is shared out over the assets in proportion to their faster
	// direction; each asset may then move until its share is spent, each
	// way at its own rate: no mix of moves within every band spends more
	// than the room
	var fast [NumAssets]float64
	total := 0.0
	for a := range NumAssets {
		fast[a] = math.Max(down[a], up[a]) * s.price[a]
		total += fast[a]
	}
	if total == 0 {
		return // no price moves it
	}
	for a := range NumAssets {
		if fast[a] == 0 {
			continue
		}
		share := room * fast[a] / total / d.size // USD of room per unit of the full-size rate
		if down[a] > 0 {
			if lo := s.price[a] - share/down[a]; lo > 0 {
				s.long[a].push(heapEntry{thr: lo, idx: i, ver: s.ver[i]})
			}
		}
		if up[a] > 0 {
			s.short[a].push(heapEntry{thr: s.price[a] + share/up[a], idx: i, ver: s.ver[i]})
		}
	}
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
	for a := range NumAssets {
		if d.gross[a] != 0 || d.gam[a] != 0 {
			d.share[a] = 1
		}
	}
	return d
}

// unifiedBook is domain d's account as liquidation.FastUnified sees it:
// the kernel's figures on its book, and the bookkeeping of each effect on
// both the kernel's book and the domain's flows (what is sold, who bears
// bad debt). It decides nothing.
type unifiedBook struct {
	s *sim
	d *domain
}

func (v unifiedBook) Margin() margin.Unified { return v.s.margin(v.d) }
func (v unifiedBook) Open() bool             { return anyOpen(v.d) }

// Market is the market the kernel margins at now (the embedded snapshot
// at the step's prices: no spread or depth, so the liquidity law costs
// nothing and the impact model stands for it).
func (v unifiedBook) Market() *market.Snapshot {
	if err := v.s.k.marketAt(v.s.unifiedPx()); err != nil {
		v.s.fail(err)
	}
	return v.s.k.current.Market()
}

// Holdings are the book's exposures by modelled asset: a holding is every
// item on the asset (collateral, derivatives, a borrow of it), closed
// together, so that the kernel's book and the domain's flows (closeAsset,
// on the net units of the asset) move alike.
func (v unifiedBook) Holdings() int { return NumAssets }
func (v unifiedBook) Holding(a int) (string, float64) {
	return Assets[a], v.s.notional(v.d, a)
}
func (v unifiedBook) Share(a int) float64 { return v.d.share[a] }

func (v unifiedBook) MarginAfter(a int, f, usd float64) margin.Unified {
	v.s.margin(v.d) // the market at the step's prices, the figures now
	return v.s.k.marginAfter(int(v.d.acct), a, f, usd)
}

// Close closes share f of the holding on asset a at the mark: the
// kernel's items (their value to cash) and the domain's flows; the
// domain's size is the largest share still open (the screen's bound).
func (v unifiedBook) Close(a int, f float64) float64 {
	v.s.margin(v.d)
	b := int(v.d.acct)
	v.s.addCash(b, v.s.k.closeAsset(b, a, f))
	v.s.closeLegs(v.d, a, f)
	n := v.s.closeAsset(v.d, a, f)
	v.d.size = 0
	for x := range NumAssets {
		v.d.size = math.Max(v.d.size, v.d.share[x])
	}
	return n
}

// Budget is what the account's isolated venues would sell now, each by
// its own rule, on their legs as the unified clips have left them
// (venueSales, budget.go).
func (v unifiedBook) Budget() float64 { return v.s.venueSales(v.d) }

func (v unifiedBook) Credit(usd float64) {
	v.d.cash += usd
	v.s.addCash(int(v.d.acct), usd)
}

func (v unifiedBook) Settle() float64 {
	v.s.closeBook(int(v.d.acct), 1)
	v.s.closeLegs(v.d, -1, 1)
	return v.s.settle(v.d)
}

// liquidateUnified applies the unified engine (liquidation.FastUnified,
// with the cascade's clip and penalty and the kernel's rebalance buffer) to
// domain d when the kernel finds its account below maintenance (false
// otherwise: the screen's trigger was not a liquidation).
func (s *sim) liquidateUnified(d *domain) (float64, bool) {
	opt := liquidation.DefaultOptions() // the engine's step bound
	opt.PenaltyRate, opt.ClipFraction = s.cfg.PenaltyRate, s.cfg.ClipFraction
	n, acted, _ := liquidation.FastUnified(unifiedBook{s, d}, opt, s.k.rp.RebalanceBuffer)
	return n, acted
}
