// Package cascade simulates liquidation cascades across three margin
// architectures on one population and one price path:
//
//   - isolated: every venue margins and liquidates its own leg of an account
//     by the venue's own rule (the leg's venue.Liquidation from the
//     registry, with a population file's params). The mechanics are not
//     here: each event is liquidation.Fast, internal/liquidation's float64
//     form of the rule's mechanism (Aave v3's call, Comet's absorb, the
//     close orders of Hyperliquid, dYdX and GMX, Deribit's reduction,
//     Derive's auction), beside its contract-exact executor and held to it
//     by TestFastMatchesExact; venues.go is only the leg's bookkeeping
//     (legView: where sold units go, who bears bad debt, orders per step
//     against the rule's cooldown), and internal/lint refuses a rule's
//     mechanism figure in this package; collateral cannot move between
//     venues in time;
//   - hub: one operator margins every venue of an account together under
//     the unified model — the engine's own kernel on the account's book
//     (unified.go: margin.Population, the market compiled at the step's
//     prices; no scenario, contingency or haircut code here) — and
//     liquidates by liquidation.FastUnified, the unified engine's policy
//     (clips of the asset exposure with the most margin relief until
//     equity ≥ min(initial, maintenance × (1 + rebalance_buffer)), the
//     penalty per clip only out of equity above that target, never
//     selling more than the account's venues would sell now on their legs
//     (budget.go), equity ≤ 0 closes), on unifiedBook, which only keeps
//     the books
//     (internal/lint refuses a clip loop here); every architecture starts from
//     the same books (a resize to the unified initial requirement is an
//     option, sold in the first step through the impact model);
//   - uct: the same unified margin through liens on a master vault, with
//     the engine's bridge haircut on collateral held off the home chain
//     and a cross-chain settlement delay before a liquidation off the home
//     chain acts (the positions stay open meanwhile).
//
// All venues sell into shared markets, one per asset (WETH, WBTC, stETH):
// every liquidation round's net sales move the price through an impact
// model (linear, square-root, constant-product AMM, order-book sweep)
// applied on top of the exogenous path; stETH also carries WETH's impact
// (it is backed by WETH), its own sales move only its peg. Rounds repeat
// until no new liquidation, then time advances and part of the impact
// decays.
//
// Model and units. The cascade model is float64 (DESIGN.md, Numerics):
// prices in USD per unit, quantities in units of the asset, cash and
// metrics in USD. An isolated venue leg has equity = cash + Σ units·p +
// ½·gamma·(p − p0)² and a maintenance linear in prices — a linearisation of
// its venue's model, which crosses maintenance at the model's own
// liquidation price within 1e-4 of the start price for perps, lending legs
// and option writers, generated or loaded from a population file (whose
// maintenance is tilted to cross at the venue model's own liquidation
// price, read from the model once per asset: crossAt, optionCrossings) and
// 5e-3 for the Aave whales (TestLegCrossingsMatchModels); one without gamma
// exposed to one asset (at its venue's own oracle: Aave v3 and Comet price
// stETH by the exchange rate, so its exposure sits on WETH) has a
// liquidation price; those sit in per-asset heaps and a step pops only the
// legs whose threshold the price crosses. A unified account sits in the
// same heaps at the prices where a bound on its gap's speed says it could
// first reach maintenance (unified.go, Screening), and is margined by the
// kernel when one is crossed; one below maintenance that none of its
// venues would liquidate (a sale budget of 0) waits at its legs' own
// thresholds and where its equity could reach 0 (budget.go, parking).
// Other domains are re-checked every round.
//
// Fairness (issue 14): one failure assumption for every trusted party
// (each venue's contract, the hub, the UCT vault and bridge; none by
// default); liquidations in a step capped per mechanism by what
// liquidators could execute (data/liquidators.json, liquidators.go); the
// random parts repeated with a 95% interval of the mean; the stETH oracle
// policy an explicit setting for every venue and the unified model.
//
// Invariants: the units every liquidation records equal the units that
// left the domains (Result.Check); with zero impact the endogenous price
// equals the exogenous path; the same seed gives identical results.
// Randomness comes only from math/rand/v2 PCG sources seeded by the caller.
package cascade
