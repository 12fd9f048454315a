// Implied volatility: the vol at which Black-76 or Black-Scholes reproduces a
// given price, to 1e-12 relative, or an ErrNoImpliedVol error saying why none
// can be determined.

package pricing

import (
	"errors"
	"fmt"
	"math"
)

// ErrNoImpliedVol is wrapped by every implied-vol error: a price outside the
// no-arbitrage bounds, a price numerically at a bound, or unusable inputs.
var ErrNoImpliedVol = errors.New("no implied volatility fits the price")

// ImpliedVolBlack76 returns the vol at which Black76Price(right, forward,
// strike, vol, expiryYears, rate) equals price, to 1e-13 relative in σ√T:
// Halley's method with a bracket, on the out-of-the-money option at the same
// strike (the time value of either right, by parity).
//
// A price carries vol information only strictly between the discounted
// intrinsic e^{−rT}·max(ω(F−K), 0) and the upper bound e^{−rT}·F (call) or
// e^{−rT}·K (put); outside, at, or within rounding of those bounds the error
// wraps ErrNoImpliedVol and says which bound. NaN, infinite or negative
// prices, and non-positive or non-finite forward, strike or expiry, are
// rejected the same way.
func ImpliedVolBlack76(right Right, price, forward, strike, expiryYears, rate float64) (float64, error) {
	df := discountFactor(rate, expiryYears)
	if err := checkMarket(right, "forward", forward, strike, expiryYears, df); err != nil {
		return 0, err
	}
	return impliedVol(right, price, df, forward, strike, logRatio(forward, strike), expiryYears)
}

// ImpliedVolBlackScholes is the Black-Scholes counterpart of ImpliedVolBlack76:
// the bounds are max(ω(S − K·e^{−rT}), 0) below and S (call) or K·e^{−rT}
// (put) above, and errors wrap ErrNoImpliedVol in the same way.
func ImpliedVolBlackScholes(right Right, price, spot, strike, expiryYears, rate float64) (float64, error) {
	df := discountFactor(rate, expiryYears)
	if err := checkMarket(right, "spot", spot, strike, expiryYears, df); err != nil {
		return 0, err
	}
	// Black-Scholes is the Black formula on the spot and the strike's present
	// value, undiscounted. Forming K·e^{−rT} and ln(S/K) + rT exactly as the
	// pricer does keeps intrinsic and moneyness identical to those inside the
	// price, so that near the money a round trip loses no digits to them.
	logAB := logRatio(spot, strike) + rate*expiryYears
	return impliedVol(right, price, 1, spot, strike*df, logAB, expiryYears)
}

// ImpliedVol dispatches on model; underlying is the forward for Black76 and
// the spot for BlackScholes. An unknown model returns an ErrUnknownModel error.
func ImpliedVol(model Model, right Right, price, underlying, strike, expiryYears, rate float64) (float64, error) {
	switch model {
	case Black76:
		return ImpliedVolBlack76(right, price, underlying, strike, expiryYears, rate)
	case BlackScholes:
		return ImpliedVolBlackScholes(right, price, underlying, strike, expiryYears, rate)
	}
	return 0, fmt.Errorf("implied vol: %w %v", ErrUnknownModel, model)
}

// minNormalisedTimeValue is the smallest time value, as a fraction of √(FK),
// that is solved. Below it the normal tails the price is built from are
// subnormal and carry only a few digits, so the vol is undetermined.
const minNormalisedTimeValue = 1e-300

// impliedVol solves price = pv·ω(a·N(ωd1) − b·N(ωd2)) for σ, where a and b
// are the forward and strike (pv = e^{−rT}) or the spot and the strike's
// present value (pv = 1), and logAB is ln(a/b) as the pricer forms it.
// By put-call parity the undiscounted time value of either right is the price
// of the out-of-the-money option at the same strike, so only that one is
// solved: it has no intrinsic part to cancel against, and its normalised price
// depends on the moneyness only through −|ln(a/b)|.
func impliedVol(right Right, price, pv, a, b, logAB, expiryYears float64) (float64, error) {
	if err := checkPriceBounds(right, price, pv, a, b); err != nil {
		return 0, err
	}
	timeValue := price/pv - max(float64(right)*(a-b), 0)
	// Distance to the upper bound, formed in price units where it is exact
	// enough; 1 − β in normalised units would lose it near the bound.
	room := min(a, b) - timeValue
	if !(timeValue > 0 && room > 0) {
		return 0, errVegaTooSmall(price)
	}
	sqrtAB := math.Sqrt(a) * math.Sqrt(b) // not √(a·b): that can overflow
	beta := timeValue / sqrtAB
	if beta < minNormalisedTimeValue {
		return 0, errVegaTooSmall(price)
	}
	y := -math.Abs(logAB)
	spread := -math.Abs(a-b) / sqrtAB // e^{y/2} − e^{−y/2}, without cancellation
	stdDev, ok := solveStdDev(y, spread, beta, room/sqrtAB)
	if !ok {
		return 0, errVegaTooSmall(price)
	}
	return stdDev / math.Sqrt(expiryYears), nil
}

// checkMarket rejects inputs outside the domain of the formula; the pricers
// themselves assume validated input, but a solver must not iterate on NaN.
func checkMarket(right Right, underlyingName string, underlying, strike, expiryYears, df float64) error {
	switch {
	case !right.valid():
		return fmt.Errorf("%w: %v is not call or put", ErrNoImpliedVol, right)
	case !positiveFinite(underlying):
		return fmt.Errorf("%w: %s %g must be positive and finite", ErrNoImpliedVol, underlyingName, underlying)
	case !positiveFinite(strike):
		return fmt.Errorf("%w: strike %g must be positive and finite", ErrNoImpliedVol, strike)
	case !positiveFinite(expiryYears):
		return fmt.Errorf("%w: expiry %g years must be positive and finite", ErrNoImpliedVol, expiryYears)
	case !positiveFinite(df) || !positiveFinite(strike*df):
		return fmt.Errorf("%w: discount factor %g from rate and expiry is out of range",
			ErrNoImpliedVol, df)
	}
	return nil
}

// checkPriceBounds applies the no-arbitrage bounds in price units, so that the
// message quotes figures the caller recognises.
func checkPriceBounds(right Right, price, pv, a, b float64) error {
	intrinsic := pv * max(float64(right)*(a-b), 0)
	upper := pv * a
	if right == Put {
		upper = pv * b
	}
	switch {
	case math.IsNaN(price) || math.IsInf(price, 0):
		return fmt.Errorf("%w: price %g is not a finite number", ErrNoImpliedVol, price)
	case price < 0:
		return fmt.Errorf("%w: price %g is negative", ErrNoImpliedVol, price)
	case price < intrinsic:
		return fmt.Errorf("%w: price %g below intrinsic %g", ErrNoImpliedVol, price, intrinsic)
	case price >= upper:
		return fmt.Errorf("%w: price %g at or above upper bound %g", ErrNoImpliedVol, price, upper)
	case price-intrinsic <= boundUlps*epsilon*price || upper-price <= boundUlps*epsilon*upper:
		return fmt.Errorf("%w: price %g is within rounding of a bound (intrinsic %g, upper %g): "+
			"vega too small to determine vol", ErrNoImpliedVol, price, intrinsic, upper)
	}
	return nil
}

const (
	epsilon = 0x1p-52 // float64 machine epsilon
	// boundUlps: a price this many ulps or fewer from a bound has a time
	// value (or room to the upper bound) known to two bits at best.
	boundUlps = 4
)

// errVegaTooSmall reports a price inside the bounds by less than rounding, or
// one whose vol the solver cannot pin down: there vega is too small for the
// price to carry vol information.
func errVegaTooSmall(price float64) error {
	return fmt.Errorf("%w: price %g is numerically at a bound: vega too small to determine vol",
		ErrNoImpliedVol, price)
}

func positiveFinite(x float64) bool { return x > 0 && !math.IsInf(x, 1) }
