// Package margin is the meta-risk engine: it runs every venue's isolated model
// (summed: fragmented), computes one unified portfolio margin over the whole
// account's net risk, and reports the difference (savings, capital efficiency,
// deadweight loss), with net Greeks, per-item attribution and stress losses.
//
// Compute is the one path every caller uses (CLI, API, bulk re-margin,
// liquidation, cascades). Figures are USD float64; the report's JSON shape is
// the public contract of DESIGN.md, and the same inputs give byte-identical
// JSON (every map-derived list is sorted or built in book order; no clock).
//
// # The unified model (DESIGN.md "Methods")
//
// Every collateral entry and position on every venue (custody included) is
// one item, valued in USD at market prices (`assets`, never venue_prices):
// collateral, spot and supply amount × price, borrow −amount × price, perp
// q·(S − entry) + accrued funding, future q·(F − entry) with F the forward at
// its expiry, option q × Black-76 (F, K, vol at (K, T), T, USD rate); without
// an entry price a perp or future is worth 0. Inverse (coin-settled)
// instruments have the same USD value as linear ones (see item).
//
// initial = scenario + liquidity + contingency, where
//
//   - scenario = max(0, max_s −Σ_i ΔV_i(s) × fraction_s) over the scenario
//     set of package scenario (risk factors are root assets; wrappers move
//     with their backing by value share plus their own depeg). Delta-1 items
//     move by exposure × return; options are repriced at F·(1 + return) and
//     the vol column's shocked vol (sticky strike), once per distinct state of
//     their underlying. Haircuts do not enter: the whole amount is at risk.
//   - liquidity = Σ over root assets of N·spread_bps/20000 +
//     (vol/√365)·N·√(N/depth), N = |USD delta| after look-through, collateral
//     included; vol is the asset's 30-day at-the-money vol (surface, else flat
//     vol); without depth only the spread part, with one warning per asset.
//   - contingency = short-option (0.5% of spot per net short option per
//     underlying, expiry and strike, account-wide) + basis/roll (delta-1 size
//     matched across venues, shortest expiry first, each matched unit ×
//     spot × max(7.5%·T, 1%) with T the longer expiry of its pair: perp
//     against perp pays 1%).
//
// maintenance = maintenance_fraction × initial; collateral_value = collateral
// after tiered, chain, bridge and venue haircuts; equity = collateral_value +
// the value of every position; excess = equity − initial; liquidatable ⇔
// equity < maintenance.
//
// Attribution is Euler allocation: each item's share of a component is its
// quantity × the component's partial derivative, divided by the component's
// degree of homogeneity (1; 1.5 for the square-root impact part), so shares
// sum to initial and each is the item's marginal contribution. Scenario: the
// item's loss in the worst scenario. Liquidity: its USD delta × the root's
// marginal rate. Contingencies: −rate × quantity for options of a net-short
// series; for the basis, each expiry's matched size is paid by its smaller
// side (half each on a tie).
//
// Greeks are per root asset, collateral included: delta = ∂V/∂P_root in units
// (a wrapper holding's delta is its value over the root's price), gamma per
// unit move (options: Γ_F·(F·β/P)²), vega per 1.00 vol and theta per year
// with the forward fixed (options on a wrapper split these by value share).
//
// Actionable analytics. Prepare caches an account's unified computation in a
// Session: WhatIf(venue, position) prices only the new position's risk array
// — for an option only the states that can still hold the worst scenario,
// by exact price bounds — and updates the worst scenario, the liquidity of
// its roots, its option series and basis leg incrementally (equal to Compute
// on the applied book up to float64 summation order). Hedges scores candidate perps, futures and
// listed options with WhatIf by unified initial freed per USD of cost.
// Rebalance plans collateral moves to venues below health 1 + buffer, tried
// on each target's own model; ApplyMoves applies them. Concentration
// warnings and the longest backing chain come with every report.
//
// Capital efficiency is gross notional (Σ |quantity|·spot over derivatives +
// Σ debt value) per unit of initial requirement; 0 when the requirement is 0.
package margin
