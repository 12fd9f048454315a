// Package deribit holds Deribit's two isolated margin models: standard margin
// (deribit-standard) and the risk-matrix portfolio margin (deribit-pm).
//
// Books. A Deribit sub-account margins one settlement currency (venue.Settlement):
// BTC or ETH books hold inverse (coin-settled) options, futures and perpetuals on
// that coin; USDC books hold linear options, futures and perpetuals on BTC and
// ETH. Collateral is the settlement currency; any other asset is valued 0 at
// this venue with a warning (it still counts in unified margin). Positions in
// the same instrument are netted first: Deribit holds one position per
// instrument.
//
// Units. Internally every figure is in settlement units: coins for an inverse
// book (the venue's own currency, reported as Native), USDC for a linear book.
// USD figures are settlement units × the venue's price of the settlement asset
// (m.VenueSpot). Quantities are in units of the underlying, signed.
//
// Marks. An option is priced with Black-76 on the forward m.ForwardAt(T) at
// m.VolAt(strike, T), discounted at m.RateUSD(), T = m.YearsTo(expiry); its
// inverse mark is that USD price divided by the index (with the default
// forward F = S·e^{rT} this is Deribit's undiscounted Black price over the
// forward, which is how Deribit quotes coin marks). Futures are marked at the
// forward, perpetuals at the venue's index price.
//
// Equity terms (DESIGN.md). Equity = collateral + option values (short
// negative) + unrealised P&L of futures and perpetuals from entry_price (none
// without one). Initial and Maintenance are the equity the venue requires, so
// Liquidatable ⇔ Equity < Maintenance agrees with Deribit. The relation to
// Deribit's own figures (Native) is documented on each model and in README.md.
//
// Rules Deribit does not publish are marked "(inferred)" in the code and listed
// in README.md with the evidence each one rests on.
package deribit
