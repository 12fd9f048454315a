// Package aave is the isolated margin model of an Aave v3 pool (`aave-v3`):
// it reproduces the protocol's own integer arithmetic for the deployed code of
// each parameter set and translates the result into equity terms (DESIGN.md).
//
// The built-in set `aave-v3-ethereum-2023-10-31` is the Aave v3 Ethereum pool
// on 31 October 2023 (params/README.md), which ran Aave v3.0.2 (aave-v3-core
// 1.19); its health factor is GenericLogic.calculateUserAccountData of that
// release, with the rounding of that release (see arithmetic.go).
//
// Units. Balances are integer base units of each reserve (10^decimals per
// whole unit); oracle prices are 8-decimal USD integers ("base currency");
// values in the base currency are therefore USD × 1e8; LTVs, thresholds and
// bonuses are basis points (8250 = 82.5%); the health factor is a WAD (1e18 =
// 1.0). Result figures are USD float64 converted from the integer sums.
//
// Equity terms (DESIGN.md's lending rule, venue.Lending). With C = Σ
// collateral value, D = Σ debt value, S = Σ value of supply that is not
// collateral, BP = percentMul(C, avgLTV) (the borrowing power) and TB =
// percentMul(C, avgLT) (the health factor's numerator), all integers in the
// base currency:
//
//	equity      = C + S − D
//	initial     = D·(C − BP)/BP   (= D·(1 − LTV_w)/LTV_w; excess ≥ 0 ⇔ D ≤ BP when S = 0)
//	maintenance = D·(C − TB)/TB   (= D·(1 − LT_w)/LT_w; equity − S < maintenance ⇔ HF < 1)
//
// rounded up; without debt nothing is required. The equivalence is exact up
// to the half-up rounding of wadDiv, which matters only for debts above 2e18
// base units ($20 billion); there the health factor decides `liquidatable`
// (venue.Lending.Result).
//
// What the pool lets a user hold (build.go, after ValidationLogic v1.19.0):
// `collateral` entries are supplied and enabled as collateral, `supply`
// positions are supplied only, `borrow` positions are variable debt; amounts
// are current balances (interest already accrued: the aToken/debt-token index
// is not modelled). A reserve with liquidation threshold 0 cannot be
// collateral (it stays supplied: S, with a warning); an isolated asset (debt
// ceiling > 0) is collateral only alone (others beside it are S); in
// isolation mode only assets borrowable in isolation may be borrowed, and a
// siloed asset only alone (input errors, as the pool would refuse them); in
// e-mode a debt outside the category's borrowable set is margined with a
// warning (a new borrow of it reverts, but an account keeps one when the
// set changes after the borrow).
//
// E-mode (account.go, paramset.go) is Aave v3.2's liquid eModes: a category
// has a collateral set and a borrowable set and a reserve may be in several
// categories; a collateral in the user's category's collateral set counts at
// the category's LTV, threshold and bonus, any other at its own. A v3.0–v3.1
// reserve's single eModeCategory k is read as both sets of k
// (Reserve.setLegacyEMode), which is exactly v3.0.2's rule.
// Prices: price.go. Parameter sets and overrides: paramset.go, override.go.
//
// Invariants: the model is stateless and safe for concurrent use; parameter
// sets are parsed once at init and never mutated (overrides work on a copy).
package aave
