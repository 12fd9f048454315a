// Package liquidation says what each venue would do to a liquidatable
// account now, by the venue's own rules, and what the unified engine would
// do instead (DESIGN.md, Methods: Liquidation).
//
// Isolated mechanics, one file per venue kind:
//
//   - aave.go: one LiquidationLogic.executeLiquidationCall of the deployed
//     release (v3.0.2 for the built-in set: close factor 50% of the chosen
//     debt reserve, 100% below health 0.95; v3.3 semantics as a second,
//     tested variant). The liquidator's pair is the reserve with the largest
//     debt (base value) and the collateral reserve with the highest bonus
//     (ties: larger collateral value, then symbol), covering the most the
//     close factor allows. Integer arithmetic and rounding of the contract.
//   - compound.go: Comet absorb (all collateral, credited at
//     liquidationFactor; the shortfall goes to the reserves).
//   - perp.go: Hyperliquid (market close at mark; a position above $100k of
//     notional closes 20%; backstop below 2/3 of maintenance; ADL for a
//     negative account), dYdX v4 (positions closed whole, largest first,
//     fee ≤ max_liquidation_fee_ppm of notional to the insurance fund, never
//     below zero equity), GMX v2 (the position closes; a shortfall falls on
//     the LP pool), Deribit and SPAN (incremental reduction in 10% clips of
//     the position that lowers maintenance most, until equity ≥ maintenance).
//   - derive.go: the Dutch auction at its start ("now" = the moment the
//     auction opens, discount 0.95): the fraction of the portfolio a bidder
//     may take, its price, and the security-module fee.
//   - custody and option vaults never liquidate.
//
// Each venue keeps its own mechanics even where they lower its health (Aave
// when health < LT × (1 + bonus)).
//
// Unified (unified.go): only when the unified account is liquidatable
// (equity < maintenance). Greedy risk-reducing partial liquidation in clips
// of 10% of a holding: each step prepares a margin.Session on the current
// book and scores every collateral asset that is not a stablecoin (sold for
// the market's stablecoin, which repays the venue's borrows first) and every
// derivative position (closed at the mark: its value stays as cash; scored
// with Session.WhatIf of the opposite position), as margin relief (the gain
// in equity − target) per USD of cost (the spread and square-root impact of
// the liquidity law on the clip's notional), among clips that do not lower
// the account's health (equity / maintenance). The best clip is then applied
// exactly (full re-margin with its penalty) and checked again. It stops as soon as equity ≥ target, target =
// min(initial, maintenance × (1 + rebalance_buffer)): back above maintenance
// with the governed rebalance buffer, and no further than initial. A penalty
// of up to PenaltyRate of the notional sold goes to the insurance fund, paid
// only out of equity above the target (so it never lowers health or delays
// the target). The sales are capped at what the isolated venues together
// would sell now on the same book (budget_bound says the cap stopped it):
// the unified layer never liquidates more than fragmentation would. If
// equity ≤ 0 or no clip raises health, the account is closed: everything is
// sold (no cap), the penalty only from positive equity, bad debt covered by
// the insurance fund (its balance plus the penalties), then socialised; each
// step is an action.
//
// Units: amounts in actions are exact decimal strings in whole units of the
// asset (money at rest); what leaves the account rounds as the venue's
// contract does, or down for a simulated sale. Figures (health, USD) are
// float64. Deterministic: no clock, no randomness, sorted iteration.
package liquidation
