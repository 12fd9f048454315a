// Package market is the immutable market snapshot every computation reads:
// spot prices (USD per whole unit), flat vols and vol surfaces, rates,
// forwards, correlations, liquidity depth, oracle times, backing (look-through)
// of wrapped assets, and per-venue oracle prices.
//
// Load validates the whole document before anything uses it: prices > 0,
// vols ≥ 0, finite numbers everywhere, no oracle time after as_of, stale
// oracles refused (or downgraded to warnings), backing graph without cycles.
// After Load a Snapshot is read-only and safe for concurrent use.
//
// Units: prices in USD per whole unit; vols annualised (0.55 = 55%); rates
// continuously compounded per year; time ACT/365 from AsOf, fractional.
package market
