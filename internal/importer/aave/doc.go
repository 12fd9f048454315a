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
//
// Amounts are integers of base units converted to whole units exactly
// (money.Amount.Units); prices are integers over 10^decimals, exact. Every
// input problem is an *input.Error naming the JSON path; unknown fields are
// errors.
package aave
