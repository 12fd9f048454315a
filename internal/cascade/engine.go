// The step loop's state: margin domains, threshold heaps, and the
// bookkeeping every liquidation goes through (record, closeAsset, settle).
package cascade

import (
	"math"
)

// AssetMetrics is one market's outcome.
type AssetMetrics struct {
	MinPrice          float64  `json:"min_price"`
	ExogenousMinPrice float64  `json:"exogenous_min_price"`
	Amplification     *float64 `json:"amplification"`
	SoldUnits         float64  `json:"sold_units"`
	SoldUSD           float64  `json:"sold_usd"`
}

// Metrics is one architecture's outcome on one path.
type Metrics struct {
	LiquidatedUSD      float64 `json:"liquidated_usd"`
	Liquidations       int     `json:"liquidations"`
	AccountsLiquidated int     `json:"accounts_liquidated"`
	BadDebtUSD         float64 `json:"bad_debt_usd"`
	// BadDebtBy splits bad_debt_usd by who bears it under each venue's
	// rules (Aave's lenders, Comet's reserves, Hyperliquid's
	// auto-deleveraging, dYdX's and Deribit's insurance funds, GMX's LP
	// pool, the unified layer's insurance fund then socialisation).
	BadDebtBy     map[string]float64 `json:"bad_debt_by"`
	Amplification *float64           `json:"amplification"`
	// VolumeAmplification is liquidated_usd over what the exogenous path
	// alone liquidates (the same run with no price impact); null when that
	// is 0.
	VolumeAmplification  *float64                `json:"volume_amplification"`
	MinPrice             float64                 `json:"min_price"`
	ByAsset              map[string]AssetMetrics `json:"by_asset"`
	CollateralLockedUSD  float64                 `json:"collateral_locked_usd"`
	CapitalEfficiency    float64                 `json:"capital_efficiency"`
	TrustExposureUSD     float64                 `json:"trust_exposure_usd"`
	TrustFailureProb     float64                 `json:"trust_failure_probability"`
	ExpectedTrustLossUSD float64                 `json:"expected_trust_loss_usd"`
	// StartEquityUSD is Σ equity of every margin domain at the first
	// prices, before anything acts: the same under every architecture
	// (equal books).
	StartEquityUSD float64 `json:"start_equity_usd"`
	// AccountsBelowInitial counts the books whose equity is below the
	// unified initial requirement at the start (the unified model would
	// not have let them open; hub and uct). They start as they are, like
	// the isolated ones, unless Config.ResizeAtStart: then AccountsResized
	// of them are cut to what their equity allows in the first step, sold
	// into the markets with their impact (ResizedUSD of notional), a cost
	// the run carries.
	AccountsBelowInitial int     `json:"accounts_below_initial"`
	AccountsResized      int     `json:"accounts_resized"`
	ResizedUSD           float64 `json:"resized_usd"`
	// SettlementDelayHours is the UCT assumption the run used (null for
	// the other architectures), so every figure names what made it.
	SettlementDelayHours *float64  `json:"settlement_delay_hours"`
	Runs                 *RunStats `json:"runs,omitempty"`
}

// Series is one architecture's path through time (index = step).
type Series struct {
	Price            [][NumAssets]float64
	CumLiquidatedUSD []float64
	CumBadDebtUSD    []float64
}

// Result is one architecture's simulation.
type Result struct {
	Arch    Arch
	Metrics Metrics
	Series  Series
	// unitsRemoved (from the domains' states) and unitsRecorded (by every
	// liquidation's record calls) back the bookkeeping check.
	unitsRemoved, unitsRecorded [NumAssets]float64
	unitsGross                  float64 // Σ |units| at the start: the tolerance's scale
	custodians                  []float64
	parks                       int // unified accounts parked idle below maintenance (budget.go)
}

// Check verifies the bookkeeping invariant: the units every liquidation
// recorded as taken equal the units that left the domains.
func (r *Result) Check() bool {
	for a := range NumAssets {
		tol := 1e-9 * (1 + r.unitsGross)
		if math.Abs(r.unitsRemoved[a]-r.unitsRecorded[a]) > tol {
			return false
		}
	}
	return true
}

type heapEntry struct {
	thr float64
	idx int32
	ver uint32
}

// thrHeap is a binary heap; max orders by the largest threshold first.
type thrHeap struct {
	e   []heapEntry
	max bool
}

func (h *thrHeap) less(i, j int) bool {
	if h.max {
		return h.e[i].thr > h.e[j].thr
	}
	return h.e[i].thr < h.e[j].thr
}

func (h *thrHeap) push(x heapEntry) {
	h.e = append(h.e, x)
	i := len(h.e) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.e[i], h.e[p] = h.e[p], h.e[i]
		i = p
	}
}

func (h *thrHeap) pop() heapEntry {
	top := h.e[0]
	n := len(h.e) - 1
	h.e[0] = h.e[n]
	h.e = h.e[:n]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && h.less(l, m) {
			m = l
		}
		if r < n && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h.e[i], h.e[m] = h.e[m], h.e[i]
		i = m
	}
	return top
}

// sim is one architecture's state machine.
type sim struct {
	cfg     *Config
	path    *Path
	ds      []domain
	ver     []uint32
	inDense []bool
	listed  []bool // in s.dense (inDense says whether it still belongs)
	dense   []int32
	long    [NumAssets]thrHeap // liquidated when the price falls below thr
	short   [NumAssets]thrHeap // liquidated when the price rises above thr
	sold    [NumAssets]float64 // cumulative net units sold (impact state)
	factor  [NumAssets]float64
	price   [NumAssets]float64
	// oracle is price with stETH at WETH × the start wrapping ratio: what
	// a venue with an exchange-rate oracle sees.
	oracle  [NumAssets]float64
	ref     [NumAssets]float64 // the population's start prices (gamma's origin)
	res     *Result
	hit     []bool // account liquidated at least once
	pending []pendingLiq
	batch   []int32
	delay   int
	// deferred are domains whose rule's cooldown (Hyperliquid: one order
	// per 30 s) deferred their next order to the next step, touched those
	// whose order count must reset; view is the leg liquidation reads.
	deferred, touched []int32
	view              legView
	// roundSold is this round's net units sold; byAsset the running totals.
	roundSold [NumAssets]float64
	byAsset   [NumAssets]AssetMetrics
	badBy     map[string]float64
	// k is hub's and uct's margin state (nil under isolated); err the
	// first error margining met (the run stops with it).
	k   *unifiedKernel
	err error
	// shadow holds hub's and uct's accounts' legs as their isolated venues
	// hold them (account i's from legLo[i] to legLo[i+1]): the unified
	// engine's sale budget (budget.go).
	shadow *sim
	legLo  []int32
	// budget is each mechanism's liquidation capacity left this step (USD),
	// budgetUnified hub's and uct's (liquidators.go); resizeF the share of
	// each account's book hub and uct resize at the start (Config.ResizeAtStart).
	budget        [len(kindNamesArr)]float64
	budgetUnified float64
	resizeF       []float64
	custodians    []float64 // what each trusted party holds at the start (USD)
}

// fail records the run's first error.
func (s *sim) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

type pendingLiq struct {
	idx  int32
	step int
}

// px is the price vector domain d's venue values it at.
func (s *sim) px(d *domain) *[NumAssets]float64 {
	if d.rateOracle {
		return &s.oracle
	}
	return &s.price
}

// delta is the domain's exposure to asset a at price pa.
func (s *sim) delta(d *domain, a int, pa float64) float64 {
	return d.units[a] + d.gam[a]*(pa-s.ref[a])
}

func (s *sim) equity(d *domain, p *[NumAssets]float64) float64 {
	e := d.cash
	for a := range NumAssets {
		x := p[a] - s.ref[a]
		e += d.units[a]*p[a] + 0.5*d.gam[a]*x*x
	}
	return e
}

// maintenance is an isolated leg's maintenance at prices p.
func (s *sim) maintenance(d *domain, p *[NumAssets]float64) float64 {
	m := d.m0
	for a := range NumAssets {
		m += s.assetMaintenance(d, a, p)
	}
	return m
}

// assetMaintenance is the term of an isolated leg's maintenance its
// position in asset a carries at prices p (the fixed part m0 aside).
func (s *sim) assetMaintenance(d *domain, a int, p *[NumAssets]float64) float64 {
	return (d.mRate[a]*math.Abs(s.delta(d, a, p[a])) + d.extra[a]) * p[a]
}

// gap is an isolated leg's equity − maintenance at its venue's prices.
func (s *sim) gap(d *domain) float64 {
	p := s.px(d)
	return s.equity(d, p) - s.maintenance(d, p)
}

// below says whether domain d is below maintenance now: the kernel's
// verdict on a unified account, the venue's on a leg.
func (s *sim) below(d *domain) bool {
	if d.unified {
		return s.liquidatable(d)
	}
	return s.gap(d) < 0
}

// slopes are ∂gap/∂p for a domain without gamma, with an exchange-rate
// oracle's stETH exposure folded into WETH.
func (s *sim) slopes(d *domain) [NumAssets]float64 {
	var g [NumAssets]float64
	for a := range NumAssets {
		g[a] = d.units[a] - d.mRate[a]*math.Abs(d.units[a]) - d.extra[a]
	}
	if d.rateOracle {
		g[aWETH] += g[aStETH] * s.ref[aStETH] / s.ref[aWETH]
		g[aStETH] = 0
	}
	return g
}

// place files domain i by its threshold (or in the dense list: domains
// with gamma or exposed to several assets are re-checked every round).
func (s *sim) place(i int32) {
	d := &s.ds[i]
	s.ver[i]++
	s.inDense[i] = false
	if d.dead || d.pending {
		return
	}
	switch {
	case s.cfg.bruteForce:
	case d.unified:
		if s.placeUnified(i, d) {
			return
		}
	case s.placeLeg(i, d):
		return
	}
	s.inDense[i] = true
	if !s.listed[i] {
		s.listed[i] = true
		s.dense = append(s.dense, i)
	}
}

// placeLeg files leg d under index i (its own, or a unified domain's that
// waits for the leg's venue: park) at the prices where its gap crosses 0;
// false when it must be re-checked every round.
func (s *sim) placeLeg(i int32, d *domain) bool {
	if d.curved {
		return s.placeQuadratic(i, d)
	}
	return s.placeLinear(i, d)
}

// placeLinear files a domain exposed to at most one asset in that asset's
// heap (or nowhere when no price can liquidate it); false when it is not
// that simple.
func (s *sim) placeLinear(i int32, d *domain) bool {
	g := s.slopes(d)
	exposed, asset := 0, 0
	for a := range NumAssets {
		if g[a] != 0 {
			exposed++
			asset = a
		}
	}
	if exposed == 0 {
		return d.cash-d.m0 >= 0
	}
	if exposed > 1 {
		return false
	}
	sl := g[asset]
	thr := -(d.cash - d.m0) / sl
	e := heapEntry{thr: thr, idx: i, ver: s.ver[i]}
	switch {
	case sl > 0 && thr <= 0: // solvent at every positive price
	case sl > 0:
		s.long[asset].push(e)
	case thr > 0:
		s.short[asset].push(e)
	default:
		return false // short below zero: already under water
	}
	return true
}

// placeQuadratic files a short-gamma leg exposed to one asset a (an option
// writer's venue leg): with mRate = 0 its gap is A + B·p + C·(p − p0)², C < 0, which is negative outside the two
// roots, so it goes in a's long heap at the lower root and its short heap
// at the upper one. False when the domain is not of that form.
func (s *sim) placeQuadratic(i int32, d *domain) bool {
	if d.rateOracle {
		return false
	}
	a, exposed := -1, 0
	for b := range NumAssets {
		if d.units[b] != 0 || d.gam[b] != 0 || d.extra[b] != 0 {
			a, exposed = b, exposed+1
		}
	}
	if exposed != 1 || d.mRate[a] != 0 {
		return false
	}
	r := s.ref[a]
	bq, cq := d.units[a]-d.extra[a], 0.5*d.gam[a]
	c0 := d.cash - d.m0 + bq*r // gap = c0 + bq·x + cq·x², x = p − r
	disc := bq*bq - 4*cq*c0
	if !(cq < 0) || disc < 0 {
		return false
	}
	q := math.Sqrt(disc)
	lo, hi := r+(-bq+q)/(2*cq), r+(-bq-q)/(2*cq) // cq < 0: this order is lo ≤ hi
	if lo > 0 {
		s.long[a].push(heapEntry{thr: lo, idx: i, ver: s.ver[i]})
	}
	s.short[a].push(heapEntry{thr: hi, idx: i, ver: s.ver[i]})
	return true
}

// crossed collects the live domains whose gap is negative now.
func (s *sim) crossed() []int32 {
	s.batch = s.batch[:0]
	for a := range NumAssets {
		// a heap's threshold is in the venue's own price of a (for an
		// exchange-rate oracle, stETH exposure sits in the WETH heap)
		for h := &s.long[a]; len(h.e) > 0 && h.e[0].thr > s.price[a]; {
			e := h.pop()
			if e.ver == s.ver[e.idx] {
				s.batch = append(s.batch, e.idx)
			}
		}
		for h := &s.short[a]; len(h.e) > 0 && h.e[0].thr < s.price[a]; {
			e := h.pop()
			if e.ver == s.ver[e.idx] {
				s.batch = append(s.batch, e.idx)
			}
		}
	}
	live := s.dense[:0]
	for _, i := range s.dense {
		d := &s.ds[i]
		if d.dead || d.pending || !s.inDense[i] {
			s.listed[i] = false
			continue
		}
		live = append(live, i)
		if s.below(d) {
			s.batch = append(s.batch, i)
		}
	}
	s.dense = live
	return s.batch
}

// record books units taken from a domain's asset a: removed from the
// domain, and market of them sold into the shared market (negative: bought;
// impact false: the flow does not reach the USD market, e.g. repaying WETH
// debt with the ETH a stETH sale returned).
func (s *sim) record(a int, removed, market float64, impact bool) {
	s.res.unitsRecorded[a] += removed
	if !impact || market == 0 {
		return
	}
	s.roundSold[a] += market
	am := s.byAsset[a]
	am.SoldUnits += market
	am.SoldUSD += market * s.price[a]
	s.byAsset[a] = am
}

// closeAsset closes fraction f of the domain's position in asset a at the
// market: its value is settled in cash (equity unchanged), its delta is
// sold, its gamma, maintenance add-on and gross shrink by f. It returns the
// USD notional closed.
func (s *sim) closeAsset(d *domain, a int, f float64) float64 {
	if d.units[a] == 0 && d.gam[a] == 0 && d.extra[a] == 0 && d.gross[a] == 0 {
		return 0
	}
	p := s.price[a]
	x := p - s.ref[a]
	value := d.units[a]*p + 0.5*d.gam[a]*x*x
	removed, sold := f*d.units[a], f*s.delta(d, a, p)
	n := f * s.notional(d, a)
	d.cash += f * value
	if f >= 1 {
		removed, d.units[a], d.gam[a], d.extra[a], d.gross[a] = d.units[a], 0, 0, 0, 0
		d.m0 -= d.m0a[a]
		d.m0a[a], d.share[a] = 0, 0
	} else {
		d.units[a] -= removed
		d.gam[a] *= 1 - f
		d.extra[a] *= 1 - f
		d.gross[a] *= 1 - f
		d.m0 -= f * d.m0a[a]
		d.m0a[a] *= 1 - f
		d.share[a] *= 1 - f
	}
	s.record(a, removed, sold, true)
	return n
}

// notional is the USD notional of domain d's position in asset a at the
// market: its gross units (both legs of a hedge, an option's contracts) or
// its delta, whichever is larger, at the price.
func (s *sim) notional(d *domain, a int) float64 {
	p := s.price[a]
	return math.Max(d.gross[a], math.Abs(s.delta(d, a, p))) * p
}

// closeAll closes fraction f of every position and of the fixed
// maintenance, and returns the notional closed.
func (s *sim) closeAll(d *domain, f float64) float64 {
	free := d.m0 // the part of the fixed maintenance no position carries
	n := 0.0
	for a := range NumAssets {
		free -= d.m0a[a]
		n += s.closeAsset(d, a, f) // closes f of the part a carries
	}
	if f >= 1 {
		d.m0 = 0
	} else {
		d.m0 -= f * free
	}
	d.size *= 1 - f
	return n
}

// maintenanceAfter is leg d's maintenance at its venue's prices were share
// f of its position in a closed (closeAsset), d unchanged: the position's
// terms and its part of the fixed maintenance shrink by f.
func (s *sim) maintenanceAfter(d *domain, a int, f float64) float64 {
	p := s.px(d)
	f = math.Min(f, 1)
	return s.maintenance(d, p) - f*(s.assetMaintenance(d, a, p)+d.m0a[a])
}

// settle ends a domain: what is still open closes at the market; negative
// equity left is bad debt.
func (s *sim) settle(d *domain) float64 {
	n := s.closeAll(d, 1)
	if d.cash < 0 {
		s.res.Metrics.BadDebtUSD -= d.cash
		if s.badBy == nil {
			s.badBy = map[string]float64{}
		}
		s.badBy[bearer(d)] -= d.cash
		d.cash = 0
	}
	d.m0, d.dead = 0, true
	return n
}

// bearers name who absorbs a domain's bad debt, by LegKind.
var bearers = []string{"aave lenders", "comet reserves", "hyperliquid auto-deleveraging",
	"dydx insurance fund", "deribit insurance fund", "gmx lp pool", "custody"}

func bearer(d *domain) string {
	if d.unified {
		return "unified insurance fund, then socialised"
	}
	return bearers[d.kind]
}

// anyOpen says whether a domain still holds a position.
func anyOpen(d *domain) bool {
	for a := range NumAssets {
		if d.units[a] != 0 || d.gam[a] != 0 {
			return true
		}
	}
	return false
}

// liquidate applies domain i's liquidation at the current prices: under
// UCT a liquidation off the home chain first waits for the settlement
// delay; isolated domains follow their venue, unified ones the unified
// engine.
func (s *sim) liquidate(i int32, step int) {
	d := &s.ds[i]
	if d.unified && !d.pending && (!s.below(d) || s.idle(d, s.margin(d).Equity)) {
		s.place(i) // the screen's trigger: margined, not liquidatable or idle (budget.go)
		return
	}
	if d.delayed && !d.pending && s.delay > 0 {
		d.pending = true
		s.pending = append(s.pending, pendingLiq{idx: i, step: step + s.delay})
		return
	}
	if s.capacity(d) <= 0 {
		// the step's liquidators are spent: it waits for the next step
		d.pending = true
		s.deferred = append(s.deferred, i)
		return
	}
	d.pending = false
	var n float64
	var acted bool
	if d.unified {
		n, acted = s.liquidateUnified(d)
	} else {
		n, acted = s.liquidateIsolated(i, d)
	}
	if !acted {
		if d.unified {
			s.place(i)
		}
		return
	}
	s.spend(d, n)
	s.res.Metrics.LiquidatedUSD += n
	s.res.Metrics.Liquidations++
	if !s.hit[d.acct] {
		s.hit[d.acct] = true
		s.res.Metrics.AccountsLiquidated++
	}
	s.place(i)
}
