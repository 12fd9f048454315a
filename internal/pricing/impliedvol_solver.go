// The implied-vol root finder: Halley's method in ln(σ√T) on the normalised
// out-of-the-money Black price, safeguarded by a bracket that always holds the
// root, so every step either follows Halley or shrinks the bracket.

package pricing

import "math"

const (
	// solverStepTolRel stops the iteration once a step moves σ√T by less than
	// this fraction. Halley converges cubically, so the returned value is far
	// closer than the last step, well inside the promised 1e-12.
	solverStepTolRel = 1e-13
	// solverMaxIterations bounds the work on inputs where rounding noise in
	// the price exceeds the tolerance; a typical solve takes 3 or 4 steps.
	solverMaxIterations = 64
)

// normalisedOTM is the problem b(s) = target, where, for y = −|ln(a/b)| ≤ 0
// (a, b the forward and strike, or the spot and the strike's present value),
//
//	b(s) = e^{y/2}·N(y/s + s/2) − e^{−y/2}·N(y/s − s/2)
//
// is the undiscounted price of the out-of-the-money option divided by √(ab),
// as a function of the total standard deviation s = σ√T. b rises from 0 to
// e^{y/2}, is convex below s_c = √(2|y|) and concave above it.
//
// Two objectives, both increasing in s: ln b(s) − ln β when the price β is
// nearer zero than the upper bound, and ln(room target) − ln(e^{y/2} − b(s))
// otherwise, where the room e^{y/2} − b(s) = e^{y/2}·N(−d1) + e^{−y/2}·N(d2) is a
// sum of tails with no cancellation. Each is close to linear in u = ln s over
// its region (ln b ≈ ln s near the money, ln b ≈ −y²/2s² far below it and
// ln(room) ≈ −s²/8 far above), which is why the steps are taken in u.
type normalisedOTM struct {
	y, halfExp, halfExpInv, spread float64 // y, e^{y/2}, e^{−y/2}, e^{y/2} − e^{−y/2}
	useRoom                        bool
	lnTarget                       float64
}

// solveStdDev returns s with b(s) = beta, given y ≤ 0, spread = e^{y/2} −
// e^{−y/2} formed exactly by the caller, 0 < beta and room = e^{y/2} − beta > 0.
// ok is false when no step below the tolerance was reached.
func solveStdDev(y, spread, beta, room float64) (stdDev float64, ok bool) {
	p := normalisedOTM{y: y, halfExp: math.Exp(0.5 * y), spread: spread, useRoom: room < beta}
	p.halfExpInv = 1 / p.halfExp
	p.lnTarget = math.Log(beta)
	if p.useRoom {
		p.lnTarget = math.Log(room)
	}
	lo, hi, s := p.start(beta, room)
	if !(s > 0 && s >= lo && s < hi) { // a guess spoilt by rounding at the edge of its region
		s = bisectLog(lo, hi)
	}
	for range solverMaxIterations {
		f, fu, fuu := p.objective(s)
		switch {
		case f == 0:
			return s, true
		case math.IsNaN(f):
			return s, false
		case f < 0:
			lo = s
		default:
			hi = s
		}
		if hi-lo <= solverStepTolRel*lo {
			// The bracket has closed: this also ends the search when the
			// root sits on a seam between two pricing forms (seriesMaxStdDev),
			// where rounding-level jumps can keep Halley stepping across it.
			return s, true
		}
		du := halleyStep(f, fu, fuu)
		if math.Abs(du) <= solverStepTolRel {
			// Tested before the bracket: at the root, rounding can put a tiny
			// step just outside a bracket that has shrunk to a few ulp.
			return s * (1 + du), true
		}
		next := s * expFast(du)
		if !(next > lo && next < hi) {
			next = bisectLog(lo, hi)
		}
		s = next
	}
	return s, false
}

// start returns a bracket [lo, hi] around the root and a first guess inside
// it. At the inflection s_c, d1 = 0, so b(s_c) costs one tail. Below it the
// guess solves ln b ≈ ln b(s_c) − (y²/2)(1/s² − 1/s_c²), the leading term as
// s → 0; above it, ln(room) ≈ ln room(s_c) − (s² − s_c²)/8, the leading term as
// s → ∞. Both are exact at s_c, and Halley absorbs the rest in a few steps.
func (p *normalisedOTM) start(beta, room float64) (lo, hi, s float64) {
	sc := math.Sqrt(-2 * p.y)
	tail := p.halfExpInv * normCDF(-sc)
	bc := 0.5*p.halfExp - tail
	if beta < bc {
		return 0, sc, 1 / math.Sqrt(1/(sc*sc)+2*math.Log(bc/beta)/(p.y*p.y))
	}
	roomC := 0.5*p.halfExp + tail
	return sc, math.Inf(1), math.Sqrt(sc*sc + 8*math.Log(roomC/room))
}

// objective returns the objective and its first two derivatives in u = ln s.
// ∂b/∂s = e^{y/2}·n(d1) = exp(−y²/2s² − s²/8)/√(2π), written so the y terms
// cancel algebraically rather than in floating point, and
// (∂²b/∂s²)/(∂b/∂s) = y²/s³ − s/4.
func (p *normalisedOTM) objective(s float64) (f, fu, fuu float64) {
	z := p.y / s
	d1 := z + 0.5*s
	d2 := d1 - s
	vega := invSqrt2Pi * expFast(-0.5*z*z-0.125*s*s)
	curvature := z*z/s - 0.25*s
	var level, fs, fss float64
	if p.useRoom {
		level = p.halfExp*normCDF(-d1) + p.halfExpInv*normCDF(d2)
		f = p.lnTarget - math.Log(level)
		fs = vega / level
		fss = fs*curvature + fs*fs
	} else {
		level, _, _ = blackTerms(1, p.halfExp, p.halfExpInv, p.spread, d1, s)
		f = math.Log(level) - p.lnTarget
		fs = vega / level
		fss = fs*curvature - fs*fs
	}
	fu = s * fs
	fuu = fu + s*s*fss
	return f, fu, fuu
}

// halleyStep returns Halley's step −(f/f′)/(1 − f·f″/2f′²) in u. The
// correction factor is clamped to [1/2, 2] so that far from the root, where the
// quadratic model is poor, the step stays within a factor two of Newton's.
func halleyStep(f, fu, fuu float64) float64 {
	newton := -f / fu
	factor := 1 + 0.5*newton*fuu/fu
	return newton / min(max(factor, 0.5), 2)
}

// bisectLog splits the bracket geometrically, since s may be anywhere from
// 1e-8 to 1e2; an open end moves by a factor 16.
func bisectLog(lo, hi float64) float64 {
	switch {
	case lo == 0 && math.IsInf(hi, 1):
		return 1
	case lo == 0:
		return hi / 16
	case math.IsInf(hi, 1):
		return lo * 16
	}
	return math.Sqrt(lo) * math.Sqrt(hi)
}
