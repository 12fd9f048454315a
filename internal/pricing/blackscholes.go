// Black-Scholes prices and Greeks of a European option on a spot with no
// dividend (Black-76 on the forward S·e^{rT}, with sensitivities holding the
// spot fixed), and Price, which dispatches on the Model.

package pricing

import "math"

// BlackScholesGreeks prices a European option on a non-dividend spot:
// price = ω(S·N(ωd1) − K·e^{−rT}·N(ωd2)), d1,2 = (ln(S/K) + rT ± σ²T/2)/(σ√T).
// Delta and Gamma are with respect to the spot; Vega is per 1.00 of vol;
// Theta = −∂V/∂T per year and Rho = ∂V/∂r (call: K·T·e^{−rT}·N(d2)) per 1.00
// of rate, both with the spot held fixed. At zero vol or expiry the option is
// max(ω(S − K·e^{−rT}), 0). An unknown right, negative vol or negative expiry
// gives NaN figures.
func BlackScholesGreeks(right Right, spot, strike, vol, expiryYears, rate float64) Greeks {
	if !right.valid() || vol < 0 || expiryYears < 0 {
		return nanGreeks
	}
	omega := float64(right)
	strikePV := strike * discountFactor(rate, expiryYears)
	sqrtT := math.Sqrt(expiryYears)
	stdDev := vol * sqrtT
	if stdDev == 0 {
		return blackScholesIntrinsic(omega, spot, strikePV, expiryYears, rate)
	}
	invStdDev := 1 / stdDev
	d1 := (logRatio(spot, strike)+rate*expiryYears)*invStdDev + 0.5*stdDev
	price, p1, p2 := blackTerms(omega, spot, strikePV, spot-strikePV, d1, stdDev)
	density := normPDF(d1)
	strikeLeg := strikePV * p2 // ωK·e^{−rT}·N(ωd2), the part of the price that depends on r
	return Greeks{
		Price: price,
		Delta: p1,
		Gamma: density * invStdDev / spot,
		Vega:  spot * density * sqrtT,
		// −∂V/∂T = −S·n(d1)·σ/(2√T) − r·ωK·e^{−rT}·N(ωd2), and σ/√T = σ²/(σ√T).
		Theta: -0.5*spot*density*vol*vol*invStdDev - rate*strikeLeg,
		Rho:   expiryYears * strikeLeg,
	}
}

// BlackScholesPrice is BlackScholesGreeks(...).Price without the Greeks.
func BlackScholesPrice(right Right, spot, strike, vol, expiryYears, rate float64) float64 {
	if !right.valid() || vol < 0 || expiryYears < 0 {
		return math.NaN()
	}
	omega := float64(right)
	strikePV := strike * discountFactor(rate, expiryYears)
	stdDev := vol * math.Sqrt(expiryYears)
	if stdDev == 0 {
		return max(omega*(spot-strikePV), 0)
	}
	d1 := (logRatio(spot, strike)+rate*expiryYears)/stdDev + 0.5*stdDev
	price, _, _ := blackTerms(omega, spot, strikePV, spot-strikePV, d1, stdDev)
	return price
}

// blackScholesIntrinsic is the σ√T = 0 limit max(ω(S − K·e^{−rT}), 0): with
// the spot fixed only the strike's present value moves with T and r.
func blackScholesIntrinsic(omega, spot, strikePV, expiryYears, rate float64) Greeks {
	moneyness := omega * (spot - strikePV)
	step := payoffStep(moneyness)
	strikeLeg := omega * strikePV * step
	return Greeks{
		Price: max(moneyness, 0),
		Delta: omega * step,
		Theta: -rate * strikeLeg,
		Rho:   expiryYears * strikeLeg,
	}
}

// Price returns the Greeks of model on underlying, which is the forward for
// Black76 and the spot for BlackScholes. An unknown model gives NaN figures.
func Price(model Model, right Right, underlying, strike, vol, expiryYears, rate float64) Greeks {
	switch model {
	case Black76:
		return Black76Greeks(right, underlying, strike, vol, expiryYears, rate)
	case BlackScholes:
		return BlackScholesGreeks(right, underlying, strike, vol, expiryYears, rate)
	}
	return nanGreeks
}
