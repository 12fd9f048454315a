// Package derive holds Derive's (Lyra v2) portfolio-margin model, PMRM_2
// (derive-pm), and the reader of Derive's published PMRM_2 portfolio cases.
//
// Method (derivexyz/v2-core src/risk-managers/PMRM_2.sol and PMRMLib_2.sol;
// written here from the method, no code copied). Per sub-account of one
// underlying:
//
//   - marks: options by Black-76 on the expiry's forward at the vol feed's
//     vol, discounted at the expiry's rate (floored at 0); perps by their
//     unrealised P&L and funding; collateral at amount × price / stable price.
//   - scenarios: a list of (spot shock, vol move, dampening). Spot moves the
//     forward's variable part and the perp; Up and Down multiply every vol of
//     an expiry by 1 + vol_range_up·τ^p and max(0, 1 − vol_range_down·τ^p),
//     τ = 30 days / max(T, dte_floor), p the short-term power up to 30 days,
//     the long-term one beyond; shocked-up vols are floored at
//     min_vol_up_shock. LINEAR and ABS rotate or raise the smile's wings by a
//     capped multiple of log-moneyness and count each expiry's P&L as −|P&L|.
//     Each expiry's shocked MTM is multiplied by a static discount (one for
//     non-negative, one for negative values) before its difference to the
//     MTM; risk-cancelling collateral moves with the spot.
//   - worst loss: the minimum of every scenario's P&L and the basis
//     (forward) contingency, Σ per expiry of min(MTM(F·up) − MTM,
//     MTM(F·down) − MTM, 0) × (add + mult·T).
//   - contingencies (≥ 0): perp notional × percent, naked shorts per strike
//     × spot × percent, collateral value × haircut (MM and IM each), and for
//     IM only the oracle-confidence charge (1 − conf) × conf_margin ×
//     notional when a confidence is below conf_threshold.
//   - MM = MTM + cash + mm_factor × worst − MM contingencies;
//     IM = MTM + cash + (im_factor + peg loss) × worst − IM − MM
//     contingencies, the peg loss (threshold − stable price) × factor when
//     USDC trades below the threshold. Both are headroom: ≥ 0 passes,
//     MM < 0 starts the liquidation auction.
//
// Units. The engine works in the sub-account's cash unit (USDC), as PMRM_2
// does; the venue model reports USD at the venue's USDC price. Quantities are
// units of the underlying, signed; times are seconds (ACT/365 years).
//
// Equity terms, the case files, their licence and the rules inferred where
// the contracts leave a choice are in README.md.
package derive
