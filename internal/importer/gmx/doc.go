// Package gmx imports GMX v2 (gmx-synthetics) positions into a portfolio
// document: gmx-v2-positions reads the output of the Reader contract's
// getAccountPositionInfoList (ReaderPositionUtils.PositionInfo[]: position,
// fees, executionPriceResult, basePnlUsd, …) or getAccountPositions
// (Position.Props[]: addresses, numbers, flags), decoded to JSON with the
// ABI's field names, integers as decimal strings (as viem or ethers render
// uint256), and produces one gmx-v2 venue per position (DESIGN.md: GMX
// margins each position alone against its pool).
//
// Units (gmx-synthetics): USD figures (sizeInUsd, borrowingFeeUsd,
// basePnlUsd) carry 30 decimals; sizeInTokens is in the index token's base
// units, collateralAmount and fundingFeeAmount in the collateral token's;
// a token price is USD per base unit × 10^30 (10^(30 − decimals) per whole
// token). Markets and tokens are addresses: the importer knows the markets
// of the gmx-v2 model's built-in set, on Arbitrum (markets.go); any other is
// an input error naming the field.
//
// Mapping: quantity ±sizeInTokens (negative when short), entry_price
// sizeInUsd / |quantity| (the model's sizeInUsd = |quantity|·entry_price),
// rounded to 18 places against the holder (up for a long, down for a short);
// collateral collateralAmount of the collateral token. From PositionInfo the
// pending fees become the perp's `funding` (signed USD, negative = owed):
// −(borrowing.borrowingFeeUsd + funding.fundingFeeAmount ×
// collateralTokenPrice.min), rounded up in size; claimable funding is the
// account's to claim separately and is not counted. The venue's own figures
// become `reported`: equity = collateralAmount × collateralTokenPrice.min +
// basePnlUsd − the pending fees, the remaining collateral of GMX's
// liquidation test before price impact and close fees (which the model puts
// in the requirement). GMX reports no requirement.
//
// Fields the importer does not use are ignored rather than refused: the
// structs grow with gmx-synthetics releases (v2.2 added positionKey,
// pendingImpactAmount, liquidation fees, …). Every field it reads is checked
// and named by its JSON path in errors.
package gmx
