// Package hyperliquid is the isolated margin model of a Hyperliquid perps
// account: model hyperliquid.
//
// Rule (hyperliquid.gitbook.io/hyperliquid-docs: trading/margining,
// trading/margin-tiers, trading/liquidations; read 2026-11). Each asset has a
// margin table: tiers of position notional, each with a max leverage. For a
// position of notional N = |size|·mark in tier n:
//
//	maintenance = N·mmr(n) − deduction(n)      mmr(n) = 1 / (2·maxLeverage(n))
//	deduction(0) = 0, deduction(n) = deduction(n−1) + lowerBound(n)·(mmr(n) − mmr(n−1))
//	initial     = N / leverage                  leverage ≤ maxLeverage(n)
//
// so maintenance is half the initial margin at max leverage, continuous in
// N. The user's leverage (1…max) sets the initial margin only; above a tier
// boundary it is capped at that tier's max leverage (inferred: the docs say
// a position's leverage cannot exceed its tier's, not how an existing
// position is margined once it grows past a boundary). A cross
// account shares one USDC balance among its cross positions and is
// liquidated when its account value falls below Σ maintenance; an isolated
// position has its own margin and the same test alone. Margin may be
// transferred out (withdrawn, or removed from an isolated position) only while
// what remains is at least transfer_margin_required = max(Σ initial,
// transfer_margin_ratio · Σ notional), transfer_margin_ratio = 10%.
//
// Venues. One venue is one margin domain (DESIGN.md glossary): the cross
// account (leverage_type cross, the default), or one isolated position
// (leverage_type isolated: exactly one asset). The hyperliquid-clearinghouse
// importer writes one venue per domain.
//
// Equity terms (DESIGN.md). Equity = USDC collateral + Σ unrealised P&L from
// entry_price + Σ funding: the account value (or isolated margin + P&L).
// Maintenance = Σ maintenance, so liquidatable ⇔ Equity < Maintenance agrees
// with Hyperliquid. Initial = Σ N/leverage: what the positions need (issue
// 14: the transfer margin is a withdrawal rule, not an initial requirement,
// and charging it inflated the fragmented side). Excess = equity − initial
// is what the API reports as withdrawable (cross) or removable (isolated)
// while Σ initial ≥ 10% of notional; when the transfer rule binds a warning
// gives the withdrawable amount, equity − transfer_margin_required.
// Health = Equity / Maintenance.
//
// Liquidation mechanics are recorded, not simulated (a later liquidation
// issue): when the venue is liquidatable, a warning names each position above
// partial_liquidation_threshold_usd ($100,000: only 20% is sent to the book,
// then a 30 s cooldown), and another warns when equity is below
// backstop_liquidation_ratio (2/3) of maintenance (backstop liquidation by the
// liquidator vault; the maintenance margin is not returned). The values are in
// ParamsUsed.
//
// Collateral other than USDC is valued 0 here with a warning. Positions in one
// asset are netted (one position per asset). Units: USD float64.
package hyperliquid
