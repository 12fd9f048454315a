// Package aave imports Aave v3 data into unimargin documents:
//
//   - aave-reserves: a reserve-configuration report in the shape of
//     bgd-labs/aave-proposals-v3 reports/*.json (the file behind the aave-v3
//     model's built-in set, shared/data/aave-v3-reserves) → a market
//     document: each reserve's price is its oracleLatestAnswer scaled by its
//     oracleDecimals (8 when absent), with the reserve's decimals
//     (reserves.go);
//   - aave-user-reserves: the Aave v3 subgraph's userReserves query result
//     (aave/protocol-subgraphs schemas/v3.schema.graphql, entity UserReserve:
//     currentATokenBalance, currentVariableDebt, currentStableDebt,
//     usageAsCollateralEnabledOnUser, reserve { symbol decimals }, user {
//     eModeCategoryId { id } }) → a portfolio with one aave-v3 venue
//     (userreserves.go). The subgraph is chosen over UiPoolDataProvider's
//     getUserReservesData because its rows carry current balances, symbols
//     and decimals, where the contract call returns scaled balances and
//     token addresses that need the reserve indices and a second call.
//   - aave-ui-pool-data: that contract route, for an account read at a block
//     rather than from an indexer: UiPoolDataProviderV3 getReservesData and
//     getUserReservesData as aave-utilities' getReservesHumanized and
//     getUserReservesHumanized return them, merged into one object
//     ({reservesData, baseCurrencyData, userReserves, userEmodeCategoryId})
//     → one aave-v3 venue (uipool.go). Balances are the pool's own:
//     rayMul(scaled, normalized index), half up (WadRayMath, v3.0–v3.3),
//     with the indices accrued to --as-of by MathUtils' linear (supply) and
//     three-term compounded (debt) interest, every floor as the contract's.
//     The held reserves' own LTV, liquidation threshold and bonus,
//     usageAsCollateralEnabled and e-mode category (with the category's
//     values when a v3.0–v3.1 entry repeats them) become the venue's aave-v3
//     overrides (params), so a document from another market margins with its
//     own parameters (venueParams). A v3.2+ document may add "eModes",
//     UiPoolDataProviderV3.getEModes ({id, eMode: {ltv,
//     liquidationThreshold, liquidationBonus, collateralBitmap,
//     borrowableBitmap, label}}): bit i of a bitmap is the reserve of id i
//     (originalId, else its index in reservesData), and the user's category
//     becomes params.emodes.<id> with the held reserves of its collateral
//     and borrowable sets (uipool_emodes.go). Both user importers share one
//     mapping of balances onto the venue (addBalances).
//
// Amounts are integers of base units converted to whole units exactly
// (money.Amount.Units); prices are integers over 10^decimals, exact. Every
// input problem is an *input.Error naming the JSON path; unknown fields are
// errors.
package aave
