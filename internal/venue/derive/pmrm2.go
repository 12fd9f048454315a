// The PMRM_2 engine: one sub-account of one underlying, arranged as Derive's
// PMRM_2 arranges it (spot, stable price, cash, one perp position, options
// grouped by expiry, collateral holdings), evaluated under a parameter set.
//
// Every figure is in the sub-account's cash unit (USDC): option and perp
// values come from USD feeds unchanged, collateral is converted at the stable
// price (value = amount × price / stable price), exactly as PMRM_2 does. The
// venue model converts the results to USD (model.go).
package derive

import (
	"math"

	"github.com/unimargin/unimargin/internal/pricing"
)

// Time constants of PMRM_2 (Black76.annualise: seconds / 365 days).
const (
	secondsPerDay  = 24 * 3600
	secondsPerYear = 365 * secondsPerDay
	// volShockPivotSeconds is the 30 days around which the vol shock scales:
	// τ = 30 days / max(T, dte floor), short-term power at T ≤ 30 days.
	volShockPivotSeconds = 30 * secondsPerDay
)

// option is one option holding of an expiry.
type option struct {
	strike float64
	vol    float64 // the vol feed's vol at (strike, expiry)
	amount float64 // signed, units of the underlying; negative = short
	right  pricing.Right
}

// expiry is the options of one expiry with the feeds PMRM_2 reads for it.
type expiry struct {
	secToExpiry float64 // seconds from now, 0 once expired
	// The forward is fixed + variable; only the variable portion moves with a
	// spot shock (inside the 30-minute settlement window part of the
	// settlement price is already fixed).
	forwardFixed, forwardVariable float64
	rate                          float64 // floored at 0, as PMRM_2 does
	confidence                    float64 // min over forward, rate and vol feeds
	options                       []option

	// precomputed by precompute (expiry.go)
	years               float64 // secToExpiry in years (ACT/365)
	discount            float64 // e^{−rate·T}
	mtm                 float64 // Σ amount × Black-76 value, unshocked
	basisUpMTM          float64 // mtm with the spot shocked to scenario_spot_up, vol unchanged
	basisDownMTM        float64
	volShockUp          float64 // multiplier of every vol in Up scenarios
	volShockDown        float64
	staticDiscountPos   float64      // multiplies a non-negative shocked expiry MTM
	staticDiscountNeg   float64      // multiplies a negative one
	netOptions          float64      // Σ |amount|
	nakedShorts         float64      // shorts not offset by longs at the same strike
	effectiveConfidence float64      // confidence folded with the portfolio's
	skewMult            [2][]float64 // per option: vol multiplier of the LINEAR and ABS scenarios
	skewMTM             [2]float64   // the expiry's MTM in the LINEAR and ABS scenarios
}

// collateral is one collateral holding (a wrapped asset other than cash).
type collateral struct {
	name           string
	value          float64 // amount × price / stable price, cash units
	confidence     float64
	riskCancelling bool // moves with the spot shock in scenarios
	mmHaircut      float64
	imHaircut      float64
}

// account is one PMRM_2 portfolio before precomputation.
type account struct {
	spot           float64
	spotConfidence float64
	stablePrice    float64 // USD per unit of cash (USDC)
	cash           float64 // signed; negative = borrowed

	perpPosition   float64 // signed
	perpPrice      float64
	perpConfidence float64
	perpValue      float64 // unrealised P&L + unsettled funding, cash units

	expiries    []expiry
	collaterals []collateral
}

// scenarioPnL is one scenario's P&L against the current MTM.
type scenarioPnL struct {
	scenario Scenario
	pnl      float64
}

// evaluation is everything PMRM_2 computes for an account.
type evaluation struct {
	mtm            float64 // options + perp value + collateral, without cash
	optionMTM      float64
	collateralMTM  float64
	basisCont      float64 // ≤ 0: the forward (basis) contingency
	mmContingency  float64 // ≥ 0
	imContingency  float64 // ≥ 0, on top of mmContingency for IM
	perpMM, perpIM float64 // contingency parts, ≥ 0
	baseMM, baseIM float64
	optionMM       float64
	optionIM       float64
	oracle         float64 // confidence contingencies (IM only)
	scenarios      []scenarioPnL
	minSPAN        float64 // min(basis contingency, every scenario P&L) ≤ 0
	mmFactor       float64
	imFactor       float64 // im_factor plus the peg-loss add-on
	mm, im         float64 // margin headroom: ≥ 0 passes
}

// evaluate runs PMRM_2 on a (getMarginAndMarkToMarket for MM and IM). It
// writes the precomputed fields of a's expiries, so a caller that keeps an
// account passes a copy of its expiries (Case.Evaluate does).
func evaluate(a *account, p *Params) evaluation {
	var e evaluation
	a.precompute(p, &e)
	e.minSPAN = e.basisCont
	e.scenarios = make([]scenarioPnL, len(p.Scenarios))
	for i, s := range p.Scenarios {
		pnl := a.scenarioPnL(s, p)
		e.scenarios[i] = scenarioPnL{scenario: s, pnl: pnl}
		e.minSPAN = math.Min(e.minSPAN, pnl)
	}
	e.mmFactor = p.MMFactor
	e.imFactor = p.IMFactor
	if a.stablePrice < p.PegLossThreshold {
		e.imFactor += (p.PegLossThreshold - a.stablePrice) * p.PegLossFactor
	}
	equity := e.mtm + a.cash
	e.mm = equity + e.mmFactor*e.minSPAN - e.mmContingency
	e.im = equity + e.imFactor*e.minSPAN - e.imContingency - e.mmContingency
	return e
}

// precompute fills the per-expiry figures, the MTM and the contingencies
// (PMRM_2's addPrecomputes).
func (a *account) precompute(p *Params, e *evaluation) {
	e.mtm = a.perpValue
	minConfidence := a.spotConfidence
	if a.perpPosition != 0 {
		minConfidence = math.Min(minConfidence, a.perpConfidence)
	}
	perpNotional := math.Abs(a.perpPosition) * a.spot
	e.perpMM = perpNotional * p.MMPerpPercent
	e.perpIM = perpNotional * p.IMPerpPercent
	e.oracle += confidenceContingency(minConfidence, perpNotional, p)
	for i := range a.expiries {
		x := &a.expiries[i]
		x.effectiveConfidence = math.Min(minConfidence, x.confidence)
		x.precompute(p)
		e.mtm += x.mtm
		e.optionMTM += x.mtm
		e.basisCont += x.basisContingency(p)
		e.optionMM += x.nakedShorts * a.spot * p.MMOptionPercent
		e.optionIM += x.nakedShorts * a.spot * p.IMOptionPercent
		e.oracle += confidenceContingency(x.effectiveConfidence, x.netOptions*a.spot, p)
	}
	for i := range a.collaterals {
		c := &a.collaterals[i]
		e.mtm += c.value
		e.collateralMTM += c.value
		e.baseMM += c.value * c.mmHaircut
		e.baseIM += c.value * c.imHaircut
		// A collateral's confidence is folded with the spot's only: PMRM_2
		// arranges collateral before it reads the perp's confidence.
		e.oracle += confidenceContingency(math.Min(c.confidence, a.spotConfidence), c.value, p)
	}
	e.mmContingency = e.perpMM + e.optionMM + e.baseMM
	e.imContingency = e.perpIM + e.optionIM + e.baseIM + e.oracle
}

// confidenceContingency charges (1 − confidence) × conf_margin × notional
// when an oracle's confidence is below conf_threshold.
func confidenceContingency(confidence, notional float64, p *Params) float64 {
	if confidence < p.ConfThreshold {
		return (1 - confidence) * p.ConfMargin * notional
	}
	return 0
}

// scenarioPnL is the account's P&L in one scenario against the current MTM
// (PMRM_2's getScenarioPnL): perp, every expiry (statically discounted, and
// for skew scenarios counted as −|P&L| per expiry), risk-cancelling collateral.
func (a *account) scenarioPnL(s Scenario, p *Params) float64 {
	pnl := a.perpPosition * ((s.SpotShock - 1) * a.perpPrice) * s.Dampening
	for i := range a.expiries {
		x := &a.expiries[i]
		shocked := x.shockedMTM(s, p)
		if shocked >= 0 {
			shocked *= x.staticDiscountPos
		} else {
			shocked *= x.staticDiscountNeg
		}
		expiryPnL := (shocked - x.mtm) * s.Dampening
		if s.Vol.isSkew() {
			expiryPnL = -math.Abs(expiryPnL)
		}
		pnl += expiryPnL
	}
	for i := range a.collaterals {
		c := &a.collaterals[i]
		if c.riskCancelling {
			pnl += c.value * (s.SpotShock - 1) * s.Dampening
		}
	}
	return pnl
}
