// Package compound is the isolated margin model of a Compound III (Comet)
// market (`compound-v3`): it reproduces the contract's integer arithmetic and
// translates it into equity terms (DESIGN.md).
//
// A Comet market lends one base asset (USDC for the built-in default set
// `compound-v3-ethereum-usdc`, WETH for `compound-v3-ethereum-weth`, which a
// venue names; params/README.md) against a fixed list of collateral assets. An account holds collateral balances and one signed base
// principal: positive is a supply, negative a borrow.
//
// Book. `collateral` entries of collateral assets are supplied collateral
// (Comet counts every supplied collateral asset); a `collateral` entry or a
// `supply` position of the base asset is a base supply; a `borrow` of the
// base asset is debt. A book that both supplies and borrows the base asset
// is an input error: Comet's base balance is one signed principal (a supply
// repays a borrow first), so no account is in that state. Amounts are present
// values (interest accrued: the indices are not modelled). Other collateral
// is valued 0 here with a warning (it still counts in unified margin);
// borrowing anything but the base asset, or listing a collateral asset as a
// `supply` position, is an input error.
//
// Units. Balances are integer base units (10^decimals per whole unit);
// oracle prices are 8-decimal USD integers (PRICE_FEED_DECIMALS); values
// ("price quantities") are USD × 1e8; factors are 1e18 fixed point with 4
// decimals kept, as Comet packs them. Result figures are USD float64
// converted from the integer sums.
//
// Equity terms (DESIGN.md's lending rule, venue.Lending). With C = Σc_i the
// collateral values (mulPrice), B the base balance's value (signedMulPrice,
// toward zero), BC = Σ mulFactor(c_i, borrowCF_i), LC = Σ mulFactor(c_i,
// liquidateCF_i) and D = −B for a borrower (0 for a lender), all integers:
//
//	equity      = C + B                  (B < 0 for a borrow)
//	initial     = D·(C − BC)/BC          ⇒ excess ≥ 0 ⇔ isBorrowCollateralized
//	maintenance = D·(C − LC)/LC          ⇒ equity < maintenance ⇔ isLiquidatable
//	health      = LC / D                 (null without a borrow)
//
// each rounded up; without a borrow nothing is required (collateral that
// backs nothing requires nothing, and a base supply backs no borrow).
//
// Liquidation (absorb.go): absorb takes every collateral asset and credits
// Σ mulFactor(c_i, liquidationFactor_i) in base; a shortfall falls on the
// reserves (the new balance is floored at 0). buyCollateral sells absorbed
// collateral at a discount of storeFrontPriceFactor·(1 − liquidationFactor).
// Both factors are recorded in ParamsUsed.
//
// Invariants: the model is stateless and safe for concurrent use; parameter
// sets are parsed once at init and never mutated (overrides work on a copy).
package compound
