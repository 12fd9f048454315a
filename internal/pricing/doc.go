// Package pricing values European options and delta-one contracts with pure
// float64 functions: Black-76 on a forward and Black-Scholes on a spot (no
// dividend), their Greeks, implied volatility, inverse (coin-settled) unit
// conversions and a CSV batch pricer.
//
// Units and conventions, shared by every function here:
//   - Prices and Greeks are per one unit of underlying, in the currency of the
//     forward, spot and strike. Inverse (coin-settled) figures go through ToCoin.
//   - vol is annualised, as a fraction (0.2 is 20%); expiryYears is ACT/365-style
//     year fractions chosen by the caller; rate is continuously compounded.
//   - Vega and rho are per 1.00 (not per 1%) of vol and rate.
//   - Theta is dV/dt per year as time passes (−∂V/∂T), holding the forward
//     fixed for Black-76 and the spot fixed for Black-Scholes.
//
// Invariants: callers validate inputs (positive forward, spot, strike and
// expiry, non-negative vol); on odd input the pricers return NaN figures and
// never panic or loop. At zero vol or zero expiry an option is worth its
// discounted intrinsic value. Put-call parity holds to rounding. ImpliedVol*
// converge to 1e-13 relative in σ√T, so vol → price → vol comes back within
// 1e-12 wherever vega·vol is at least 1% of the price (and within the price's
// own rounding, ~1e-16·(F+K)/(vega·vol), elsewhere); a price that carries no
// vol information gets an ErrNoImpliedVol error saying why.
//
// Numerics: N(x) is 0.5·erfc(−x/√2), exact to an ulp deep in the tails. Each
// price keeps its time value to full relative precision: in the money it is
// the intrinsic plus the out-of-the-money option (parity), and that option is
// summed from a Taylor series in σ√T when σ√T ≤ 0.05, from erf near the money,
// or from scaled erfc tails (see blackTerms). That is what lets a one-day,
// 1%-vol option round-trip through its implied vol to 1e-12. The normal
// density and discount factor use expFast, a few ulp at half math.Exp's latency;
// near the money erf and ln(F/K) are the rational forms math.Erf and
// math.Log1p evaluate there (erfRational, log1pKernel), inlined, to within an
// ulp of them.
package pricing
