// Package compound is the isolated margin model of a Compound III (Comet)
// market (`compound-v3`): it reproduces the contract's integer arithmetic and
// translates it into equity terms (DESIGN.md).
//
// A Comet market lends one base asset (USDC for the built-in set
// `compound-v3-ethereum-usdc`, params/README.md) against a fixed list of
// collateral assets. An account holds collateral balances and one signed base
// principal: positive is a supply, negative a borrow.
//
// Book. `collateral` entries of collateral assets are supplied collateral
// (Comet counts every supplied collateral asset); a `collateral` entry or a
// `supply` position of the base asset is a base supply; a `borrow` of the
// base asset is debt. Supply and borrow of the base asset net into the one
// principal, as Comet does (supplying base repays a borrow first). Amounts
// are present values (interest accrued: the indices are not modelled). Other
// collateral is valued 0 here with a warning (it still counts in unified
// margin); borrowing anything but the base asset, or listing a collateral
// asset as a `supply` position, is an input error.
//
// Units. Balances are integer base units (10^decimals per whole unit);
// oracle prices are 8-decimal USD integers (PRICE_FEED_DECIMALS); values
// ("price quantities") are USD × 1e8; factors are 1e18 fixed point with 4
// decimals kept, as Comet packs them. Result figures are USD float64
// converted from the integer sums.
//
// Equity terms. With c_i the collateral values (mulPrice) and B the base
// balance's value (signedMulPrice, toward zero), all integers:
//
//	equity      = Σc_i + B                                   (B < 0 for a borrow)
//	initial     = Σc_i − Σ mulFactor(c_i, borrowCF_i)       ⇒ excess = isBorrowCollateralized's liquidity
//	maintenance = Σc_i − Σ mulFactor(c_i, liquidateCF_i)    ⇒ equity < maintenance ⇔ isLiquidatable
//	health      = Σ mulFactor(c_i, liquidateCF_i) / |B|     (null without a borrow)
//
// so excess ≥ 0 exactly when Comet lets the account borrow more and
// `liquidatable` exactly when Comet lets anyone absorb it. A base supply needs
// nothing (it backs no borrow: the principal is one signed number).
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
