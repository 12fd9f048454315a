// Black-76 prices and Greeks of a European option on a forward, discounted at a
// continuously compounded rate; every sensitivity holds the forward fixed.

package pricing

import "math"

// Greeks of one option on one unit of underlying. Vega and Rho are per 1.00 of
// vol and rate; Theta is dV/dt per year as time passes. Delta and Gamma are
// with respect to the forward (Black-76) or the spot (Black-Scholes).
type Greeks struct {
	Price, Delta, Gamma, Vega, Theta, Rho float64
}

// nanGreeks is returned for inputs no formula is defined on (an unknown right
// or model, negative vol or expiry), so that misuse shows up instead of
// silently pricing to zero.
var nanGreeks = Greeks{
	Price: math.NaN(), Delta: math.NaN(), Gamma: math.NaN(),
	Vega: math.NaN(), Theta: math.NaN(), Rho: math.NaN(),
}

// Black76Greeks prices a European option on the forward:
// price = e^{−rT}·ω(F·N(ωd1) − K·N(ωd2)), d1,2 = (ln(F/K) ± σ²T/2)/(σ√T).
// Delta and Gamma are with respect to the forward; Vega is per 1.00 of vol;
// Theta = −∂V/∂T per year and Rho = ∂V/∂r = −T·price, both with the forward
// held fixed. At zero vol or expiry the option is its discounted intrinsic
// value (Delta is the payoff step, half at the money; Gamma and Vega are 0).
// An unknown right, negative vol or negative expiry gives NaN figures.
//
// This is the hot path of every risk array, and its cost is the latency of
// one chain: √T, 1/(σ√T) and ln(F/K) in parallel, then d1, then erf(d1/√2)
// and the density in parallel, then the Greeks. Everything off that chain
// (the discount factor, each Greek's factor that does not depend on d1) is
// formed while the logarithm runs. Near the money, where blackTerms would
// take its erf form and each erf is a polynomial ratio (erfRational), that
// form is evaluated inline with blackTerms' expressions, so bit for bit: the
// test is blackTerms' own (σ√T above the series seam and dOwn ≥ −0.5, which
// whichever right is out of the money reads d1 ≥ −0.5 and d2 ≤ 0.5) and
// |d1|, |d2| < √2·erfRationalMax; NaN fails it and goes to blackTerms.
func Black76Greeks(right Right, forward, strike, vol, expiryYears, rate float64) Greeks {
	if !right.valid() || vol < 0 || expiryYears < 0 {
		return nanGreeks
	}
	omega := float64(right)
	df := discountFactor(rate, expiryYears)
	sqrtT := math.Sqrt(expiryYears)
	stdDev := vol * sqrtT
	if stdDev == 0 {
		return black76Intrinsic(omega, forward, strike, df, expiryYears, rate)
	}
	// One division for 1/(σ√T) serves d1, gamma and theta: a division costs
	// as much as a polynomial.
	invStdDev := 1 / stdDev
	densityScale := df * invSqrt2Pi                     // e^{−rT}/√(2π)
	gammaScale := invStdDev / forward                   // 1/(F·σ√T)
	vegaScale := forward * sqrtT                        // F·√T
	thetaScale := 0.5 * forward * vol * vol * invStdDev // F·σ/(2√T) = F·σ²/(2σ√T)
	spread := forward - strike
	d1 := logRatio(forward, strike)*invStdDev + 0.5*stdDev
	d2 := d1 - stdDev
	x1, x2 := d1*invSqrt2, d2*invSqrt2
	var undiscounted, p1 float64
	if stdDev > seriesMaxStdDev && d1 >= -0.5 && d2 <= 0.5 &&
		x1 < erfRationalMax && -x2 < erfRationalMax {
		// blackTerms' erf form, inlined.
		e1, e2 := erfRational(x1), erfRational(x2)
		undiscounted = 0.5 * (omega*spread + forward*e1 - strike*e2)
		if undiscounted < 0 { // rounding of a vanishing time value
			undiscounted = 0
		}
		p1 = 0.5 * (omega + e1)
	} else {
		undiscounted, p1, _ = blackTerms(omega, forward, strike, spread, d1, stdDev)
	}
	price := df * undiscounted
	densityPV := densityScale * expFast(-0.5*d1*d1) // e^{−rT}·n(d1)
	return Greeks{
		Price: price,
		Delta: df * p1,
		Gamma: densityPV * gammaScale,
		Vega:  densityPV * vegaScale,
		// −∂V/∂T = rV − e^{−rT}·F·n(d1)·σ/(2√T).
		Theta: rate*price - densityPV*thetaScale,
		Rho:   -expiryYears * price,
	}
}

// Black76Price is Black76Greeks(...).Price without the Greeks' extra work:
// Black76Fixed used once.
func Black76Price(right Right, forward, strike, vol, expiryYears, rate float64) float64 {
	b := NewBlack76Fixed(right, strike, expiryYears, rate)
	return b.Price(forward, b.LogMoneyness(forward), vol)
}

// Black76Fixed is Black76Price with the right, strike, expiry and rate
// fixed, for one instrument revalued in many scenarios: the discount factor
// and √T are formed once, and the log-moneyness once per forward for every
// vol it is priced at. Its prices are Black76Price's bit for bit.
type Black76Fixed struct {
	right     Right
	strike    float64
	df, sqrtT float64
	invalid   bool // an unknown right or a negative expiry: NaN prices
}

// NewBlack76Fixed fixes the right, strike, expiry (years) and USD rate.
func NewBlack76Fixed(right Right, strike, expiryYears, rate float64) Black76Fixed {
	if !right.valid() || expiryYears < 0 {
		return Black76Fixed{invalid: true}
	}
	return Black76Fixed{right: right, strike: strike, df: discountFactor(rate, expiryYears), sqrtT: math.Sqrt(expiryYears)}
}

// LogMoneyness is ln(forward/strike), the x that Price takes.
func (b *Black76Fixed) LogMoneyness(forward float64) float64 { return logRatio(forward, b.strike) }

// Price is the Black-76 price at forward, whose LogMoneyness is x, and vol.
func (b *Black76Fixed) Price(forward, x, vol float64) float64 {
	if b.invalid || vol < 0 {
		return math.NaN()
	}
	omega := float64(b.right)
	stdDev := vol * b.sqrtT
	if stdDev == 0 {
		return b.df * max(omega*(forward-b.strike), 0)
	}
	d1 := x/stdDev + 0.5*stdDev
	undiscounted, _, _ := blackTerms(omega, forward, b.strike, forward-b.strike, d1, stdDev)
	return b.df * undiscounted
}

// black76Intrinsic is the σ√T = 0 limit: the discounted payoff, still
// discounting (theta = r·price, rho = −T·price) because the forward is fixed.
func black76Intrinsic(omega, forward, strike, df, expiryYears, rate float64) Greeks {
	moneyness := omega * (forward - strike)
	price := df * max(moneyness, 0)
	return Greeks{
		Price: price,
		Delta: df * omega * payoffStep(moneyness),
		Theta: rate * price,
		Rho:   -expiryYears * price,
	}
}
