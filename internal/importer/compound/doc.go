// Package compound imports Compound III (Comet) accounts into a portfolio
// document: compound-v3-positions reads a positions query result of the
// Compound v3 community subgraph (papercliplabs/compound-v3-subgraph
// schema.graphql at commit d835e0f8288bb8c5a705b66fc9ad54086f0195ae:
// entities Position, Market, BaseToken, PositionCollateralBalance,
// CollateralToken, Token), as The Graph returns it — {"data": {"positions":
// […]}} or {"data": {"account": {"positions": […]}}} — BigInt fields as
// decimal strings of base units, and produces one compound-v3 venue per
// position (one Comet market: cUSDCv3, cWETHv3, …).
//
// Base balance. Comet stores one signed principal per account; its present
// value is principal × index / BASE_INDEX_SCALE (1e15), with the supply
// index for a positive principal and the borrow index for a negative one,
// floor (CometCore.presentValueSupply / presentValueBorrow, as balanceOf and
// borrowBalanceOf return it). When the position gives basePrincipal and its
// market gives baseSupplyIndex and baseBorrowIndex, the importer computes
// the present value so, at the market's last accrual (the market entity is
// updated by every account's interaction, the position only by its own);
// otherwise it takes the position's baseBalance (the present value at the
// position's last update). Each may sit directly on Position (Market) or in
// its accounting object, PositionAccounting (MarketAccounting), as later
// versions of the schema keep them. A positive base balance
// is a `supply` of the base asset, a negative one a `borrow`.
//
// Collateral. collateralBalances[].balance in the collateral token's base
// units, the token's symbol and decimals from collateralToken.token; zero
// balances are skipped.
//
// Parameters. A position whose market.cometProxy is a Comet the
// compound-v3 model has a set for, on the chain imported (ethereum unless
// --chain says otherwise), names that set, so it margins on its own
// collateral factors: cWETHv3 on Ethereum (0xA17581A9…)
// `compound-v3-ethereum-weth`, cWETHv3 on Base (0x46e6b214…)
// `compound-v3-base-weth`, cUSDCv3 on Polygon (0xF25212E6…)
// `compound-v3-polygon-usdc`.
// cUSDCv3 names no set: it is the model's default market, whose set the
// market's as_of chooses. A venue of another market (or one whose query did
// not select cometProxy) imports, but margins only with parameters for it.
//
// The subgraph reports no margin figures, so no `reported` object.
// Fields the importer does not use are ignored (a query selects what it
// wants); every field it reads is checked and named by its JSON path.
package compound
