// Package cascade simulates liquidation cascades across three margin
// architectures on one population and one price path:
//
//   - isolated: every venue margins and liquidates its own leg of an account
//     (Aave close factor and bonus for lending legs, full close with a
//     penalty for perps); collateral cannot move between venues in time;
//   - hub: one operator margins every venue of an account together (net
//     exposure per asset) and liquidates the least fraction that restores
//     health; the hub itself can fail (a modelled event with a probability
//     and a loss fraction of the collateral it holds);
//   - uct: the same unified margin through liens on a master vault, with
//     bridge haircuts on collateral held off the home chain and a
//     cross-chain settlement delay before a liquidation's sales reach the
//     market.
//
// All venues sell into shared markets, one per asset: every liquidation
// round's net sales move the price through an impact model (linear,
// square-root, constant-product AMM, order-book sweep) applied on top of
// the exogenous path; rounds repeat until no new liquidation, then time
// advances and part of the impact decays.
//
// Model and units. The cascade model is float64 (DESIGN.md, Numerics):
// prices in USD per unit, quantities in units of WETH or WBTC, cash and
// metrics in USD. Every margin domain (a venue leg, or a whole account
// under hub and uct) has equity and maintenance that are linear in the
// prices for the positions modelled (spot and lending collateral, debt,
// perps; option writers are carried at their delta, see population.go),
// so equity − maintenance = cash + Σ g_a·p_a is exact between
// liquidations. A domain exposed to one asset has a liquidation price
// −cash/g; those sit in per-asset heaps, and a step pops only the domains
// whose threshold the price crosses. Domains exposed to both assets are
// re-checked every round.
//
// Invariants: units sold into a market equal the units removed from the
// domains (checked by Result.Check); with zero impact the endogenous price
// equals the exogenous path; the same seed gives identical results.
// Randomness comes only from math/rand/v2 PCG sources seeded by the caller.
package cascade
