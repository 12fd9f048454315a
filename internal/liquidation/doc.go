// Package liquidation says what each venue would do to a liquidatable
// account now, by the venue's own rules, and what the unified engine would
// do instead (DESIGN.md, Methods: Liquidation).
//
// Isolated mechanics: each venue's rule is its model's registry entry
// (venue.LiquidationOf: mechanism and figures, resolved with the venue's
// params, so overrides reach liquidation as they reach margin); this
// package executes it by mechanism (engine.go's executors) and keeps no
// venue constant. An unknown model or mechanism is an error naming it.
//
//   - aave.go, liquidation-call: one LiquidationLogic.executeLiquidationCall
//     of the deployed release (aave.Call: v3.0.2 for the built-in set, close
//     factor 50% of the chosen debt reserve, 100% below health 0.95; v3.3 as
//     a second, tested variant). The liquidator's pair (aave.Pair) is the
//     reserve with the largest debt (base value) and the collateral reserve
//     a rational liquidator seizes first by aave.SeizesBefore, the one rule
//     of the exact and the fast call: the highest bonus, then the larger
//     collateral value (exact ties: symbol), covering the most the close
//     factor allows. Integer arithmetic and rounding of the contract.
//   - compound.go, absorb: Comet absorb (all collateral, credited at
//     liquidationFactor; the shortfall goes to the reserves).
//   - perp.go, close: market orders at the mark in the rule's order, a
//     position above the partial threshold closing the partial fraction per
//     order, a fee of the rule's penalty of the notional never taking equity
//     below zero, a backstop below its share of maintenance (Hyperliquid:
//     $100k, 20%, backstop below 2/3, ADL; dYdX v4: whole, largest first,
//     0.5% fee, until collateralised; GMX v2: whole, liquidation_fee_factor,
//     shortfall to the LP pool); reduce: clips of the rule's share (10%) of
//     the position that lowers maintenance most, until equity ≥ maintenance
//     (Deribit, SPAN).
//   - derive.go, auction: the Dutch auction at its start ("now" = the moment
//     the auction opens): the fraction of the portfolio a bidder may take,
//     its price, and the security-module fee (venue.Auction.Start).
//   - none: custody and option vaults never liquidate.
//
// Each venue keeps its own mechanics even where they lower its health (Aave
// when health < LT × (1 + bonus)).
//
// Fast forms (fast.go; each beside its exact executor: fastCall in aave.go,
// fastAbsorb in compound.go, fastClose and fastReduce in perp.go,
// fastAuction in derive.go): the same rule run in float64 on a FastLeg, the
// compact book a simulator keeps, for the cascade's hundreds of thousands of
// events a path (Fast dispatches by mechanism; OrdersWithin is the
// cooldown's orders per interval). They share the exact executors'
// decisions (backstopTakes, partialApplies, feeCapped, reduceChoice,
// venue.Auction.Start) and differ in state only; TestFastMatchesExact
// (rapid, every mechanism) holds sold notional, bad debt, seized and fee
// units, closed units and fees together within a derived tolerance. The
// fast call picks the pair as the exact one does (aave.SeizesBefore on
// FastLeg.Bonus: the seized asset is compared by name on books of two
// collaterals); the fast reduction takes the exact one's clips in the
// exact one's order (reduceChoice on FastLeg.MaintenanceAfter: the clip
// that leaves the lowest maintenance; drawn on Deribit books of two perps).
// Known difference, stated there: the fast close nets a shortfall against
// the other positions' gains where the exact one books it at once (the
// insurance fund's net is the same). The
// fast call takes the protocol fee of the rule (the reserve Pair picked
// when the rule was resolved); Aave's fee is per reserve (10% for WETH,
// wstETH and WBTC in the built-in set, 20% for DAI and USDC).
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
// Fast unified (FastUnified, in unified.go): the same policy in float64 on
// a FastBook (margin now, its market, its holdings — notional, share still
// held, the figures were a share of one closed, close it — the sale
// budget, move cash, settle), the compact book the cascade keeps over the
// engine's margin kernel. The loop lives here and shares every decision
// with the exact engine: UnifiedTarget (min(initial, maintenance × (1 +
// buffer)), the stop), unifiedClosesOut (equity ≤ 0), the choice of clip
// (clipScore: relief per USD of liquidity cost among clips of ClipFraction
// of a holding's original size that keep health, the best first; none:
// the account is closed, every holding sold), the sale budget
// (budgetRatio shrinks the clip to what is left, budgetSpent stops it:
// bound), the liquidity cost (liquidityCost on the clip, paid from cash)
// and the penalty (clipPenalty, per clip: rate of the clip's notional, only
// out of equity above max(target, the health before × maintenance), waived
// below minPenaltyUSD; so of a run of clips only the one that reaches the
// target pays). What differs is the state (float64, no base-unit rounding)
// and what a holding is: the exact engine's are its collateral entries and
// derivative positions, the cascade's its exposure per modelled asset
// (every item on the asset, closed together). TestFastUnifiedMatchesExact
// holds sold notional, after-figures, cost plus penalty and budget_bound
// to the exact engine on books of one or two perps (BTC, ETH: the order of
// the clips matters), with and without spread and depth, penalty and Run's
// sale budget, within the clips' rounding; TestFastUnifiedPenaltyAboveTarget
// is the hand-derived penalty and budget rule. The cascade's budget is what
// the account's isolated venues would sell now, their legs as the clips
// left them (internal/cascade/budget.go; TestBudgetStepMatchesRun there
// holds a step to Run), and its market has no spread or depth (no cost).
//
// The exact engine never takes a clip more than it needs: the penalty is a
// whole number of the cash asset's base units (the slack rounded to a unit,
// one unit less if settle's rounding down of the net took the account below
// the target, else waived), so a clip that reaches the target stays there
// after its penalty. "At or above a level" (the target, the stop; a clip's
// penalty level) is reaches in both engines: up to float noise of the
// level (healthTol), which is a product of floats (1.1 × 115,200 =
// 126,720.00000000001) while the exact engine's equity is whole base
// units — an account left exactly at its target by its penalty is there
// (TestFastUnifiedPenaltyAtTargetHand). TestUnifiedTakesNoClipTooMany holds it on random books:
// the same run one clip shorter is below its target.
//
// Units: amounts in actions are exact decimal strings in whole units of the
// asset (money at rest); what leaves the account rounds as the venue's
// contract does, or down for a simulated sale. Figures (health, USD) are
// float64. Deterministic: no clock, no randomness, sorted iteration.
package liquidation
