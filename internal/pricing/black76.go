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
	// One division for 1/(σ√T) serves d1, gamma and theta: this is the hot
	// path of every risk array, and a division costs as much as a polynomial.
	invStdDev := 1 / stdDev
	d1 := logRatio(forward, strike)*invStdDev + 0.5*stdDev
	undiscounted, p1, _ := blackTerms(omega, forward, strike, forward-strike, d1, stdDev)
	price := df * undiscounted
	densityPV := df * normPDF(d1) // e^{−rT}·n(d1)
	vega := densityPV * forward * sqrtT
	return Greeks{
		Price: price,
		Delta: df * p1,
		Gamma: densityPV * invStdDev / forward,
		Vega:  vega,
		// −∂V/∂T = rV − e^{−rT}·F·n(d1)·σ/(2√T), and σ/√T = σ²/(σ√T).
		Theta: rate*price - 0.5*densityPV*forward*vol*vol*invStdDev,
		Rho:   -expiryYears * price,
	}
}

// Black76Price is Black76Greeks(...).Price without the Greeks' extra work.
func Black76Price(right Right, forward, strike, vol, expiryYears, rate float64) float64 {
	if !right.valid() || vol < 0 || expiryYears < 0 {
		return math.NaN()
	}
	omega := float64(right)
	df := discountFactor(rate, expiryYears)
	stdDev := vol * math.Sqrt(expiryYears)
	if stdDev == 0 {
		return df * max(omega*(forward-strike), 0)
	}
	d1 := logRatio(forward, strike)/stdDev + 0.5*stdDev
	undiscounted, _, _ := blackTerms(omega, forward, strike, forward-strike, d1, stdDev)
	return df * undiscounted
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
