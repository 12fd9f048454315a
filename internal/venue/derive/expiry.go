// Per-expiry figures of PMRM_2: marks, shocked marks, the vol-shock
// multipliers, the static discount, the skew multipliers, the basis
// contingency and the naked shorts.
package derive

import (
	"math"

	"github.com/unimargin/unimargin/internal/pricing"
)

// Skew scenario slots of expiry.skewMult and expiry.skewMTM.
const (
	skewLinear = 0
	skewAbs    = 1
)

// precompute fills x's marks, shocks and discounts (PMRM_2's addPrecomputes
// per expiry). effectiveConfidence is set by the caller.
func (x *expiry) precompute(p *Params) {
	x.years = x.secToExpiry / secondsPerYear
	x.discount = math.Exp(-x.rate * x.years)
	x.mtm = x.mark(1, 1, 0)
	x.basisUpMTM = x.mark(p.ScenarioSpotUp, 1, 0)
	x.basisDownMTM = x.mark(p.ScenarioSpotDown, 1, 0)
	x.volShocks(p)
	x.staticDiscounts(p)
	x.netOptions, x.nakedShorts = 0, nakedShorts(x.options)
	for _, o := range x.options {
		x.netOptions += math.Abs(o.amount)
	}
	x.skews(p)
}

// mark is Σ amount × Black-76 value with the forward's variable portion
// shocked by spotShock and every vol multiplied by volMult, floored at minVol.
func (x *expiry) mark(spotShock, volMult, minVol float64) float64 {
	forward := x.forwardVariable*spotShock + x.forwardFixed
	var total float64
	for _, o := range x.options {
		vol := math.Max(minVol, o.vol*volMult)
		total += o.amount * pricing.Black76Price(o.right, forward, o.strike, vol, x.years, x.rate)
	}
	return total
}

// shockedMTM is the expiry's undiscounted MTM in scenario s.
func (x *expiry) shockedMTM(s Scenario, p *Params) float64 {
	switch s.Vol {
	case VolUp:
		return x.mark(s.SpotShock, x.volShockUp, p.MinVolUpShock)
	case VolDown:
		return x.mark(s.SpotShock, x.volShockDown, 0)
	case VolLinear:
		return x.skewMTM[skewLinear]
	case VolAbs:
		return x.skewMTM[skewAbs]
	}
	switch s.SpotShock {
	case 1:
		return x.mtm
	case p.ScenarioSpotUp:
		return x.basisUpMTM
	case p.ScenarioSpotDown:
		return x.basisDownMTM
	}
	return x.mark(s.SpotShock, 1, 0)
}

// volShocks sets the Up and Down vol multipliers:
//
//	τ    = 30 days / max(T, dte_floor)
//	mult = τ^(short_term_power if T ≤ 30 days else long_term_power)
//	up   = 1 + vol_range_up × mult
//	down = max(0, 1 − vol_range_down × mult)
//
// A zero denominator (expired, no floor) makes Solidity revert; here τ is
// taken at one second instead, so the figure stays finite.
func (x *expiry) volShocks(p *Params) {
	denominator := math.Max(x.secToExpiry, p.DTEFloorDays*secondsPerDay)
	if denominator <= 0 {
		denominator = 1
	}
	tau := volShockPivotSeconds / denominator
	power := p.LongTermPower
	if x.secToExpiry <= volShockPivotSeconds {
		power = p.ShortTermPower
	}
	mult := math.Pow(tau, power)
	x.volShockUp = 1 + p.VolRangeUp*mult
	x.volShockDown = math.Max(0, 1-p.VolRangeDown*mult)
}

// staticDiscounts sets the factors applied to a shocked expiry MTM:
//
//	pos = long_base_static_discount × e^{−T·(rate·long_rate_mult_scale + long_rate_add_scale)}
//	neg = min(1/discount, short_base_static_discount / e^{−T·(rate·short_rate_mult_scale + short_rate_add_scale)})
func (x *expiry) staticDiscounts(p *Params) {
	shockPos := x.rate*p.LongRateMultScale + p.LongRateAddScale
	x.staticDiscountPos = p.LongBaseStaticDiscount * math.Exp(-x.years*shockPos)
	shockNeg := x.rate*p.ShortRateMultScale + p.ShortRateAddScale
	x.staticDiscountNeg = math.Min(1/x.discount, p.ShortBaseStaticDiscount/math.Exp(-x.years*shockNeg))
}

// basisContingency is min(MTM(up) − MTM, MTM(down) − MTM, 0) × (add + mult·T).
func (x *expiry) basisContingency(p *Params) float64 {
	loss := math.Min(math.Min(x.basisUpMTM-x.mtm, x.basisDownMTM-x.mtm), 0)
	return loss * (p.BasisContAddFactor + p.BasisContMultFactor*x.years)
}

// skews sets the per-option vol multipliers of the LINEAR and ABS skew
// scenarios and the expiry's MTM in each. With k = ln(K/F) (|k| for ABS) at
// the unshocked forward:
//
//	cap  = c_base·√T + base_cap
//	k*   = max(min_k_star, √T·width_scale·(vol_param_static + √T·vol_param_scale))
//	mult = 1 + (k ≥ 0 ? min(cap, k·cap/k*) : max(−cap, k·cap/k*)), vol × max(mult, 0)
func (x *expiry) skews(p *Params) {
	forward := x.forwardVariable + x.forwardFixed
	sqrtT := math.Sqrt(x.years)
	kStar := math.Max(p.MinKStar, sqrtT*p.WidthScale*(p.VolParamStatic+sqrtT*p.VolParamScale))
	caps := [2]float64{p.LinearCBase*sqrtT + p.LinearBaseCap, p.AbsCBase*sqrtT + p.AbsBaseCap}
	for slot := range caps {
		mults := make([]float64, len(x.options))
		var total float64
		for i, o := range x.options {
			k := math.Log(o.strike / forward)
			if slot == skewAbs {
				k = math.Abs(k)
			}
			mults[i] = skewMultiplier(k, kStar, caps[slot])
			vol := o.vol * math.Max(mults[i], 0)
			total += o.amount * pricing.Black76Price(o.right, forward, o.strike, vol, x.years, x.rate)
		}
		x.skewMult[slot], x.skewMTM[slot] = mults, total
	}
}

// skewMultiplier is 1 + k·cap/k*, clamped to ±cap. A zero k* (min_k_star 0
// with no width, where Solidity's division reverts) is read as the limit:
// any k ≠ 0 takes the cap.
func skewMultiplier(k, kStar, multCap float64) float64 {
	var step float64
	switch {
	case kStar > 0:
		step = k * multCap / kStar
	case k != 0 && multCap != 0:
		step = math.Copysign(math.Inf(1), k*multCap)
	}
	if k >= 0 {
		return 1 + math.Min(multCap, step)
	}
	return 1 + math.Max(-multCap, step)
}

// nakedShorts is Σ over strikes of the short quantity not offset by longs at
// that strike, calls and puts together: max(0, −Σ amounts at the strike).
// PMRM_2 pairs holdings of equal strike; with at most a call and a put per
// strike (one holding per instrument, as in a real sub-account) that pairing
// is exactly this net.
func nakedShorts(options []option) float64 {
	var total float64
	for i, o := range options {
		seen := false
		for _, prev := range options[:i] {
			if prev.strike == o.strike {
				seen = true
				break
			}
		}
		if seen {
			continue
		}
		net := o.amount
		for _, later := range options[i+1:] {
			if later.strike == o.strike {
				net += later.amount
			}
		}
		total += math.Max(0, -net)
	}
	return total
}
