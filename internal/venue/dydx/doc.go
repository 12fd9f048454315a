// Package dydx is the isolated margin model of a dYdX v4 (dYdX Chain)
// subaccount: model dydx-v4.
//
// Rule (dydxprotocol/v4-chain protocol/x/perpetuals: lib.GetMarginRequirementsInQuoteQuantums,
// types.LiquidityTier; docs.dydx.exchange "Margining", read 2026-11). Every
// perpetual market belongs to a liquidity tier with an initial margin fraction
// (initial_margin_ppm), a maintenance fraction of it (maintenance_fraction_ppm)
// and open-interest caps (open_interest_lower_cap, open_interest_upper_cap, in
// quote quantums: 1e6 = 1 USDC). Per position of size S at oracle price P:
//
//	IMR = |S|·P·IMF_eff      IMF_eff = min(IMF + max(scale, 0)·(1 − IMF), 1)
//	MMR = |S|·P·IMF·fraction scale   = (OI·P − lower) / (upper − lower)
//
// The open-interest margin fraction (OIMF) raises only the initial fraction;
// upper = 0 switches it off. A user's configured leverage (custom_imf_ppm,
// since protocol v9.4) can only raise IMF_eff further. The subaccount (cross
// margin: one USDC pool for every market) is collateralised when its total
// net collateral TNC = USDC + Σ S·P ≥ Σ IMR to trade or withdraw, and is
// liquidatable when TNC < Σ MMR.
//
// Equity terms (DESIGN.md). Equity = USDC collateral + Σ unrealised P&L from
// entry_price + Σ funding. With collateral = USDC balance + Σ S·entry (what the
// importer writes), Equity is TNC exactly, so Initial = Σ IMR and Maintenance =
// Σ MMR are already in equity terms: excess = free collateral, and
// liquidatable ⇔ Equity < Maintenance agrees with the protocol. Health =
// Equity / Maintenance.
//
// Isolated markets (market_type isolated, protocol v5.0.0) live in a
// subaccount that holds no other perpetual: a venue of its own here, with the
// same arithmetic. A venue holding an isolated market and any other market is
// an input error.
//
// Inputs the protocol has and portfolio.json lacks are parameters: a market's
// open interest (open_interest, units of the underlying, default 0: no OIMF
// increase) and its tier assignment. Collateral other than USDC is valued 0
// here with a warning (the protocol has no multi-collateral). Positions in one
// market are netted first (one position per market per subaccount); P&L is
// still taken per position from its own entry_price.
//
// Units: USD float64. The protocol rounds each position's IMR and MMR up to a
// quote quantum (1e-6 USDC); the model does not (a difference below 1e-6 USD
// per position), because oracle prices arrive here as float64 anyway.
package dydx
