// Package dydx imports a dYdX v4 subaccount from the indexer's
// GET /v4/addresses/{address}/subaccountNumber/{n} response (source
// dydx-subaccount) into a portfolio document with one dydx-v4 venue.
//
// The response (indexer/services/comlink SubaccountResponseObject, as in the
// indexer API documentation) is accepted bare or wrapped as {"subaccount":
// …}, the form the endpoint returns. Every field is checked and an unknown
// field is an input error naming its JSON path.
//
// Conversion, exact in decimal (never through float64):
//   - openPerpetualPositions["BTC-USD"] → a perp on BTC (the ticker without
//     "-USD"); quantity = size signed by side (the indexer already signs
//     shorts' size; a positive size with side SHORT is negated, a negative one
//     with side LONG is an error); entry_price = entryPrice.
//   - The USDC asset position (signed by side; the indexer has already added
//     unsettled funding to it, and netFunding is already in it) and the
//     positions give the collateral: USDC + Σ size × entryPrice. Then the
//     model's equity USDC_collateral + Σ size × (oracle − entry) is the
//     indexer's equity Q + Σ size × oracle. The amount is floored to USDC's 6
//     decimals (conservative by less than 1e-6 USD). Should it be negative
//     (realised losses above deposits, carried by unrealised profit), the
//     collateral is 0 and the negative remainder is written as the first
//     position's funding, a signed USD claim counted in equity alike.
//   - Other long asset positions become collateral entries of their own
//     (dydx-v4 values them 0 with a warning); a short one is an input error.
//   - Positions of size 0 are skipped; status must be OPEN.
package dydx
