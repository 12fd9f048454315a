// Package hyperliquid imports a Hyperliquid perps account from the info
// endpoint's clearinghouseState response (source hyperliquid-clearinghouse)
// into a portfolio document.
//
// The response is the one documented at
// hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
// ("Retrieve user's perpetuals account summary"). Every field is checked and
// an unknown field is an input error naming its JSON path.
//
// Venues. A venue is one margin domain (DESIGN.md): the cross account is the
// venue (id from the options, default "hyperliquid"; leverage_type cross),
// and each isolated position is a venue of its own ("<id>-<coin>",
// leverage_type isolated). An account without isolated positions, the usual
// case, is one venue.
//
// Conversion, exact in decimal (never through float64):
//   - assetPositions[].position: coin → underlying as named (kPEPE is
//     thousands of PEPE: the market must price kPEPE); szi → quantity (signed);
//     entryPx → entry_price; leverage.value → the asset's leverage parameter;
//     maxLeverage → max_leverage when it differs from the model's built-in set
//     (or the asset is not in it).
//   - Cross collateral = crossMarginSummary.totalRawUsd + Σ szi × entryPx over
//     cross positions; isolated collateral = leverage.rawUsd + szi × entryPx.
//     Hyperliquid's raw USD already holds realised P&L and settled funding, so
//     the model's equity collateral + Σ szi × (mark − entry) is the account
//     value (or the isolated margin) at the same mark. Amounts are floored to
//     USDC's 6 decimals; a negative one becomes 0 with the remainder as the
//     first position's funding (a signed USD claim counted in equity alike).
//   - Positions with szi 0 are skipped; cumFunding, marginUsed, positionValue,
//     unrealizedPnl, returnOnEquity, liquidationPx and the summaries are checked
//     but not needed (they are the venue's results).
package hyperliquid
