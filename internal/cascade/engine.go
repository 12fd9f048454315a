// The step loop: thresholds in heaps, rounds until no new liquidation.
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
	LiquidatedUSD      float64  `json:"liquidated_usd"`
	Liquidations       int      `json:"liquidations"`
	AccountsLiquidated int      `json:"accounts_liquidated"`
	BadDebtUSD         float64  `json:"bad_debt_usd"`
	Amplification      *float64 `json:"amplification"`
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
	Runs                 *RunStats               `json:"runs,omitempty"`
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
	// unitsRemoved and unitsSold back the conservation check.
	unitsRemoved, unitsSold [NumAssets]float64
	unitsGross              float64 // Σ |units| at the start: the tolerance's scale
}

// Check verifies the conservation invariant: the units every liquidation
// sold into the markets equal the units removed from the domains.
func (r *Result) Check() bool {
	for a := range NumAssets {
		tol := 1e-12 * (1 + r.unitsGross)
		if math.Abs(r.unitsRemoved[a]-r.unitsSold[a]) > tol {
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
	res     *Result
	hit     []bool // account liquidated at least once
	pending []pendingLiq
	batch   []int32
	delay   int
	// roundSold is this round's net units sold; byAsset the running totals.
	roundSold [NumAssets]float64
	byAsset   [NumAssets]AssetMetrics
}

type pendingLiq struct {
	idx  int32
	step int
}

// place files domain i by its threshold (or in the dense list).
func (s *sim) place(i int32) {
	d := &s.ds[i]
	s.ver[i]++
	s.inDense[i] = false
	if d.dead || d.pending {
		return
	}
	exposed, asset := 0, 0
	for a := range NumAssets {
		if d.slope(a) != 0 {
			exposed++
			asset = a
		}
	}
	if exposed == 1 && !s.cfg.bruteForce {
		sl := d.slope(asset)
		thr := -(d.cash - d.m0) / sl
		e := heapEntry{thr: thr, idx: i, ver: s.ver[i]}
		switch {
		case sl > 0 && thr <= 0:
			return // solvent at every positive price
		case sl > 0:
			s.long[asset].push(e)
			return
		case thr > 0:
			s.short[asset].push(e)
			return
		}
	}
	if exposed == 0 && d.cash-d.m0 >= 0 && !s.cfg.bruteForce {
		return
	}
	s.inDense[i] = true
	if !s.listed[i] {
		s.listed[i] = true
		s.dense = append(s.dense, i)
	}
}

// crossed collects the live domains whose gap is negative at s.price.
func (s *sim) crossed() []int32 {
	s.batch = s.batch[:0]
	for a := range NumAssets {
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
		if d.gap(&s.price) < 0 {
			s.batch = append(s.batch, i)
		}
	}
	s.dense = live
	return s.batch
}

// liquidate applies the domain's liquidation at the current prices and
// returns the units it sold per asset.
func (s *sim) liquidate(i int32, step int) {
	d := &s.ds[i]
	if d.delayed && !d.pending && s.delay > 0 {
		d.pending = true
		s.pending = append(s.pending, pendingLiq{idx: i, step: step + s.delay})
		return
	}
	d.pending = false
	f := 1.0
	if d.kind == KindLending && !d.unified {
		s.liquidateLending(d)
	} else {
		if d.unified {
			f = s.unifiedFraction(d)
		}
		s.sell(d, f)
	}
	s.res.Metrics.Liquidations++
	if !s.hit[d.acct] {
		s.hit[d.acct] = true
		s.res.Metrics.AccountsLiquidated++
	}
	s.place(i)
}

// unifiedFraction is the least fraction of every position whose sale, at
// the penalty, restores equity ≥ TargetHealth × maintenance (1 when no
// fraction does).
func (s *sim) unifiedFraction(d *domain) float64 {
	e, m := d.equity(&s.price), d.maintenance(&s.price)
	g := 0.0
	for a := range NumAssets {
		g += math.Abs(d.units[a]) * s.price[a]
	}
	num := s.cfg.TargetHealth*m - e
	den := s.cfg.TargetHealth*m - d.bonus*g
	if e <= 0 || den <= 0 || num >= den {
		return 1
	}
	return math.Max(num/den, 1e-6)
}

// sell closes fraction f of every position at the penalty rate.
func (s *sim) sell(d *domain, f float64) {
	for a := range NumAssets {
		x := f * d.units[a]
		if f == 1 {
			x = d.units[a]
		}
		s.record(a, x)
		d.cash += x*s.price[a] - d.bonus*math.Abs(x)*s.price[a]
		d.units[a] -= x
		d.extra[a] *= 1 - f
	}
	d.m0 *= 1 - f
	if f == 1 {
		s.close(d)
	}
}

// liquidateLending applies Aave v3: close factor 50% while health > 0.95,
// else 100%; seized collateral = repaid × (1 + bonus), capped at the
// collateral; debt left without collateral is bad debt.
func (s *sim) liquidateLending(d *domain) {
	debt := -d.cash
	if debt <= 0 {
		s.sell(d, 1)
		return
	}
	weighted, value := 0.0, 0.0
	for a := range NumAssets {
		if d.units[a] > 0 {
			weighted += (1 - d.mRate[a]) * d.units[a] * s.price[a]
			value += d.units[a] * s.price[a]
		}
	}
	cf := 0.5
	if weighted/debt <= 0.95 {
		cf = 1
	}
	repay := cf * debt
	frac := 1.0
	if value > 0 && repay*(1+d.bonus) < value {
		frac = repay * (1 + d.bonus) / value
	} else {
		repay = value / (1 + d.bonus)
	}
	for a := range NumAssets {
		if d.units[a] > 0 {
			x := frac * d.units[a]
			if frac == 1 {
				x = d.units[a]
			}
			s.record(a, x)
			d.units[a] -= x
		}
	}
	d.cash += repay
	if frac == 1 {
		s.close(d)
	}
}

// close ends a domain with nothing left to sell; negative cash is bad debt.
func (s *sim) close(d *domain) {
	for a := range NumAssets {
		if d.units[a] != 0 { // a short the lending leg cannot seize: bought back
			s.record(a, d.units[a])
			d.cash += d.units[a] * s.price[a]
			d.units[a] = 0
		}
	}
	if d.cash < 0 {
		s.res.Metrics.BadDebtUSD -= d.cash
		d.cash = 0
	}
	d.dead = true
}

func (s *sim) record(a int, x float64) {
	s.res.unitsSold[a] += x
	s.roundSold[a] += x
	s.res.Metrics.LiquidatedUSD += math.Abs(x) * s.price[a]
	am := s.byAsset[a]
	am.SoldUnits += x
	am.SoldUSD += x * s.price[a]
	s.byAsset[a] = am
}
