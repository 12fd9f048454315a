// Package span is the CME SPAN margin model (`span`): the standard
// portfolio method of futures clearing houses, applied to a venue of futures,
// perpetuals and options (margin-methods.md §2).
//
// Method, per combined commodity (all the venue's products on one
// underlying):
//
//  1. Risk arrays. Each position loses (or gains) under 16 scenarios: the
//     underlying moves 0, ±1/3, ±2/3, ±3/3 of the price scan range, each with
//     implied vol up and down by the volatility scan range; two extreme moves
//     of ± extreme_move_multiple × the range (vol unchanged) count
//     extreme_move_coverage of their loss. Futures and perpetuals lose minus
//     the move per unit; options are revalued with Black-76 at the moved
//     forward (every expiry's forward moves by the same USD amount) and the
//     shocked vol (floored at 0). Losses are positive (SPAN's sign).
//  2. Scan risk = the largest loss of the summed array, floored at 0.
//  3. Intra-commodity (calendar) spread charge: composite deltas net per
//     expiry tier; min(Σ long tier deltas, Σ short tier deltas) spreads, each
//     charged intra_spread_charge (the scan treats all expiries as perfectly
//     correlated; the charge puts the basis risk back).
//  4. Inter-commodity spread credit: for commodities with a credit rate,
//     opposite net deltas form spreads (matched by USD notional, inferred);
//     each leg is credited rate × weighted futures price risk × its spread
//     delta, where price risk = scan − time risk (scenarios 1–2) − volatility
//     risk (half the vol-pair difference at the scan scenario).
//  5. Short option minimum: short_option_minimum × max(short calls, short
//     puts), in units of the underlying.
//  6. Risk = max(scan + intra − inter, SOM): the maintenance requirement;
//     initial = risk × initial_to_maintenance.
//
// Composite delta is the current Black-76 delta (CME weights scenario
// deltas; inferred simplification, documented in README.md).
//
// Equity terms. CME compares risk − net option value (long option value
// credits, short debits) with the account's cash. Equity here is the cash
// (stablecoin collateral; other collateral is valued 0 with a warning) plus
// option values plus futures and perpetual P&L from entry, so
// maintenance = Σ risk, initial = Σ risk × initial_to_maintenance, and
// equity − maintenance = cash − (risk − NOV) exactly. Health = equity /
// maintenance. Figures are USD.
//
// Units: money figures of the parameters are USD per unit of underlying
// (divide a CME per-contract figure by the contract size); fractions are of
// the underlying's price or of the price scan range as each parameter says.
package span
