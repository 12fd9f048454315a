// Unified margin in the cascade (hub and uct): margin.Compute's scenario
// model on the whole account, calibrated once per account at the start
// prices and carried as a maintenance linear in prices; and the unified
// engine's liquidation (internal/liquidation: clips of 10% until back at
// target health, penalty only out of equity above the target).
package cascade

import (
	"math"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/scenario"
)

// unifiedCal is one account's unified requirement at the start prices:
// initial, and maintenance as Σ k[a]·p[a] (each asset's share of the
// requirement, at its own price, so a move of every price by x moves the
// requirement by x — exact for delta-one books, whose scenario losses are
// homogeneous in prices).
type unifiedCal struct {
	initial float64
	k       [NumAssets]float64
	// m0 and quad are an option book's curvature: maintenance = m0 +
	// Σ k·p + Σ quad·(p − p0)², fitted through the requirement at the start
	// and at the underlying ±optionBump (the scenario losses of options
	// change with moneyness; delta-one books keep m0 = quad = 0).
	m0   float64
	quad [NumAssets]float64
}

// optionBump is the relative move the option books' requirement is
// re-evaluated at for the quadratic fit.
const optionBump = 0.1

// unifiedBook is an account's net exposures for the scenario model:
// delta-one units per asset, options repriced in full, and gamma carried
// without an option list (population files) at second order.
type unifiedBook struct {
	lin, gam [NumAssets]float64
	// tokens are the wrapped tokens held (WETH and WBTC in lending legs,
	// all stETH; negative: borrowed), stable the USDC: the depeg scenarios
	// move these alone.
	tokens   [NumAssets]float64
	stable   float64
	opts     []Option
	long     [NumAssets]float64 // perp units long / short, per asset, for the basis add-on
	short    [NumAssets]float64
	perpLegs [NumAssets]int
}

// unifiedParams are the risk parameters' values the calibration uses
// (margin.DefaultRiskParams' unless Config.RiskParams sets others).
type unifiedParams struct {
	rng                                [NumAssets]float64
	steps                              int
	tails                              []float64
	tailFraction, wrapperDepeg         float64
	stableDepeg                        float64
	shortOption, basisMin, maintenance float64
	volShock                           scenario.VolShock
}

func defaultUnifiedParams() unifiedParams { return unifiedParamsOf(margin.DefaultRiskParams()) }

// unifiedParamsOf reads the calibration's values from rp: each modelled
// asset's range is its override, else its symbol's, else the major class's
// (RiskParams.Range's order; every modelled asset is a major).
func unifiedParamsOf(rp *margin.RiskParams) unifiedParams {
	var p unifiedParams
	for a, sym := range Assets {
		r, ok := rp.RangesBySymbol[sym]
		if !ok {
			r = rp.RangesByClass[market.ClassMajor]
		}
		if o, ok := rp.Scenarios.Assets[sym]; ok {
			r = o.PriceRange
		}
		p.rng[a] = r
	}
	p.steps, p.tails, p.tailFraction = rp.StepsPerSide, rp.TailMoves, rp.TailFraction
	p.wrapperDepeg, p.shortOption, p.basisMin = rp.WrapperDepeg, rp.ShortOptionContingency, rp.BasisMinMove
	p.maintenance, p.volShock, p.stableDepeg = rp.MaintenanceFraction, rp.VolShock, rp.StableDepeg
	return p
}

// calibration returns (computing once per parameter set) every account's
// unified requirement under rp (nil: the defaults).
func (p *Population) calibration(rp *margin.RiskParams) []unifiedCal {
	if len(p.cal) == len(p.Accounts) && p.calParams == rp {
		return p.cal
	}
	prm := defaultUnifiedParams()
	if rp != nil {
		prm = unifiedParamsOf(rp)
	}
	p.calParams = rp
	p.cal = make([]unifiedCal, len(p.Accounts))
	for i := range p.Accounts {
		p.cal[i] = calibrateAccount(&p.Accounts[i], p.Start, &prm)
	}
	return p.cal
}

// calibrateAccount is calibrate at the start prices, with the quadratic
// fit in the underlying for a book of options on one asset.
func calibrateAccount(acc *Account, p0 [NumAssets]float64, prm *unifiedParams) unifiedCal {
	cal := calibrate(acc, p0, prm)
	a := -1
	for li := range acc.Legs {
		for _, o := range acc.Legs[li].Options {
			if a >= 0 && o.Asset != a {
				return cal // several underlyings: linear carry
			}
			a = o.Asset
		}
	}
	if a < 0 {
		return cal
	}
	m := func(x float64) float64 {
		p := p0
		for b := range NumAssets {
			if b == a || backing[b] == a {
				p[b] *= x
			}
		}
		return prm.maintenance * calibrate(acc, p, prm).initial
	}
	lo, mid, hi := m(1-optionBump), m(1), m(1+optionBump)
	h := optionBump * p0[a]
	slope := (hi - lo) / (2 * h)
	cal.quad[a] = (hi - 2*mid + lo) / (2 * h * h)
	cal.k = [NumAssets]float64{}
	cal.k[a], cal.m0 = slope, mid-slope*p0[a]
	return cal
}

// bookOf nets the account's legs; options are priced at spot p.
func bookOf(acc *Account, p [NumAssets]float64) unifiedBook {
	var b unifiedBook
	for li := range acc.Legs {
		l := &acc.Legs[li]
		var optDelta, optGamma [NumAssets]float64
		for _, o := range l.Options {
			g := o.greeks(0, 0)
			optDelta[o.Asset] += o.Quantity * g.Delta
			optGamma[o.Asset] += o.Quantity * g.Gamma
			o.Spot = p[o.Asset]
			o.base = o.greeks(0, 0).Price
			b.opts = append(b.opts, o)
		}
		b.stable += l.Stable
		for a := range NumAssets {
			b.lin[a] += l.Units[a] - optDelta[a]
			b.gam[a] += l.Gamma[a] - optGamma[a]
			if l.Kind.lending() || a == aStETH {
				b.tokens[a] += l.Units[a]
			}
			if l.Kind.lending() || len(l.Options) > 0 {
				continue
			}
			if l.Units[a] > 0 {
				b.long[a] += l.Units[a]
			} else {
				b.short[a] -= l.Units[a]
			}
			if l.Units[a] != 0 {
				b.perpLegs[a]++
			}
		}
	}
	return b
}

// greeks prices the option at its start spot moved by move, with its vol
// moved by volRel (relative).
func (o *Option) greeks(move float64, volRel float64) pricing.Greeks {
	return pricing.Black76Greeks(o.right(), o.Spot*(1+move), o.Strike, o.Vol*(1+volRel), o.ExpiryYears, 0)
}

func (o *Option) right() pricing.Right {
	if o.Put {
		return pricing.Put
	}
	return pricing.Call
}

// calibrate evaluates the default scenario set on the account's book at
// p0: each root alone through its grid and all roots together (× vol
// unchanged, up, down), each wrapper's depeg alone, and the tail moves at
// their fraction; the requirement is the worst loss plus the short-option
// and basis contingencies (the embedded market has no depth, so no
// liquidity add-on), maintenance the governed fraction of it.
func calibrate(acc *Account, p0 [NumAssets]float64, prm *unifiedParams) unifiedCal {
	b := bookOf(acc, p0)
	worst, contrib := 0.0, lossVec{}
	try := func(mv [NumAssets]float64, vol scenario.Vol, frac float64) {
		c := b.loss(&mv, p0, vol, prm)
		l := 0.0
		for a := range c {
			c[a] *= frac
			l += c[a]
		}
		if l > worst {
			worst, contrib = l, c
		}
	}
	prm.scenarios(try, len(b.opts) > 0)
	var cal unifiedCal
	cont := b.contingencies(p0, prm)
	total := 0.0
	for a := range contrib {
		total += math.Abs(contrib[a])
	}
	for a := range contrib {
		share := 0.0
		if total > 0 {
			share = math.Abs(contrib[a]) / total
		}
		req := share * worst
		if a == usdPart {
			cal.initial += req
			cal.m0 += prm.maintenance * req
			continue
		}
		req += cont[a]
		cal.initial += req
		cal.k[a] = prm.maintenance * req / p0[a]
	}
	return cal
}

// lossVec is a scenario loss split by asset, with the part fixed in USD
// (a stablecoin's depeg) last.
type lossVec [NumAssets + 1]float64

const usdPart = NumAssets

// scenarios calls try with every scenario of the default set: the moves
// of each asset, the vol column, and the fraction the loss counts at.
// Without options the vol columns repeat the same losses, so only the
// unchanged-vol column is evaluated.
func (prm *unifiedParams) scenarios(try func([NumAssets]float64, scenario.Vol, float64), options bool) {
	vols := []scenario.Vol{0}
	if options {
		vols = []scenario.Vol{0, scenario.VolUp, scenario.VolDown}
	}
	prm.spotScenarios(try, vols)
}

// depeg scenarios are passed as a zero move with a vol column out of range:
// depegUSDC, or depegToken+a for wrapped token a.
const (
	depegUSDC  scenario.Vol = 10
	depegToken scenario.Vol = 20
)

var depegs = []scenario.Vol{depegUSDC, depegToken + aWETH, depegToken + aWBTC, depegToken + aStETH}

func (prm *unifiedParams) spotScenarios(try func([NumAssets]float64, scenario.Vol, float64), vols []scenario.Vol) {
	roots := []int{aWETH, aWBTC}
	for k := -prm.steps; k <= prm.steps; k++ {
		for _, v := range vols {
			var joint [NumAssets]float64
			for _, r := range roots {
				var mv [NumAssets]float64
				mv[r] = prm.rng[r] * float64(k) / float64(prm.steps)
				joint[r] = mv[r]
				try(withWrappers(mv), v, 1)
			}
			try(withWrappers(joint), v, 1)
		}
	}
	for _, w := range depegs {
		try([NumAssets]float64{}, w, 1)
	}
	for _, t := range prm.tails {
		var all [NumAssets]float64
		for _, r := range roots {
			var mv [NumAssets]float64
			mv[r], all[r] = t, t
			try(withWrappers(mv), scenario.VolUp, prm.tailFraction/math.Abs(t))
		}
		try(withWrappers(all), scenario.VolUp, prm.tailFraction/math.Abs(t))
	}
}

// withWrappers moves every wrapper with its backing.
func withWrappers(mv [NumAssets]float64) [NumAssets]float64 {
	for a := range NumAssets {
		if b := backing[a]; b >= 0 {
			mv[a] = mv[b]
		}
	}
	return mv
}

// loss is the book's loss per asset in scenario mv (relative moves).
func (b *unifiedBook) loss(mv *[NumAssets]float64, p0 [NumAssets]float64, vol scenario.Vol,
	prm *unifiedParams) lossVec {
	var c lossVec
	switch {
	case vol == depegUSDC:
		c[usdPart] = prm.stableDepeg * b.stable
		return c
	case vol >= depegToken:
		a := int(vol - depegToken)
		c[a] = prm.wrapperDepeg * b.tokens[a] * p0[a]
		if a == aWETH { // stETH is backed by WETH: a WETH depeg moves it too
			c[aStETH] = prm.wrapperDepeg * b.tokens[aStETH] * p0[aStETH]
		}
		return c
	}
	for a := range NumAssets {
		dp := mv[a] * p0[a]
		c[a] = -b.lin[a]*dp - 0.5*b.gam[a]*dp*dp
	}
	for i := range b.opts {
		o := &b.opts[i]
		rel := 0.0
		if vol != 0 {
			rel = prm.volShock.Shocked(o.Vol, o.ExpiryYears, vol)/o.Vol - 1
		}
		c[o.Asset] -= o.Quantity * (o.greeks(mv[o.Asset], rel).Price - o.base)
	}
	return c
}

// contingencies are the short-option minimum (per option, netted within
// the account by asset, strike and expiry) and the basis add-on on perps
// matched across venues (T = 0: the minimum move).
func (b *unifiedBook) contingencies(p0 [NumAssets]float64, prm *unifiedParams) [NumAssets]float64 {
	var c [NumAssets]float64
	type key struct {
		a    int
		k, t float64
		put  bool
	}
	net := map[key]float64{}
	var order []key
	for _, o := range b.opts {
		k := key{o.Asset, o.Strike, o.ExpiryYears, o.Put}
		if _, ok := net[k]; !ok {
			order = append(order, k)
		}
		net[k] += o.Quantity
	}
	for _, k := range order {
		if q := net[k]; q < 0 {
			c[k.a] += prm.shortOption * p0[k.a] * -q
		}
	}
	for a := range NumAssets {
		if b.perpLegs[a] > 1 {
			c[a] += math.Min(b.long[a], b.short[a]) * p0[a] * prm.basisMin
		}
	}
	return c
}

// unifiedDomain is an account margined as one: the legs' cash, exposures
// and gamma summed, maintenance the calibrated Σ k·p, at market prices.
func unifiedDomain(ai int, acc *Account, c *unifiedCal) domain {
	d := domain{acct: int32(ai), unified: true, size: 1, extra: c.k, quad: c.quad, m0: c.m0}
	for li := range acc.Legs {
		l := &acc.Legs[li]
		d.cash += l.Cash
		for a := range NumAssets {
			d.units[a] += l.Units[a]
			d.gam[a] += l.Gamma[a]
			d.gross[a] += math.Abs(l.Units[a])
		}
	}
	for a := range NumAssets {
		d.curved = d.curved || d.gam[a] != 0 || d.quad[a] != 0
	}
	return d
}

// liquidateUnified closes the least number of clips (ClipFraction of the
// original book each, every position in proportion: net exposure first,
// as margin relief per cost ranks it for a linear book) that brings equity
// back to TargetHealth × maintenance; the penalty (PenaltyRate of the
// notional) comes only out of equity above that target. An account with
// no equity left is closed whole and its deficit is bad debt.
func (s *sim) liquidateUnified(d *domain) float64 {
	e, m := s.equity(d, &s.price), s.maintenance(d, &s.price)
	if e <= 0 || m <= 0 {
		return s.settle(d)
	}
	need := 1 - e/(s.cfg.TargetHealth*m) // closing f leaves maintenance (1 − f)·m, equity e
	clips := math.Ceil(need*d.size/s.cfg.ClipFraction - 1e-12)
	f := math.Min(1, clips*s.cfg.ClipFraction/d.size)
	n := s.closeAll(d, f)
	if f >= 1 || !anyOpen(d) {
		return n + s.settle(d)
	}
	above := s.equity(d, &s.price) - s.cfg.TargetHealth*s.maintenance(d, &s.price)
	d.cash -= math.Min(s.cfg.PenaltyRate*n, math.Max(0, above))
	return n
}
