// Package optionvault is the margin model of fully collateralised option
// vaults (`option-vault`): the most isolated design in DeFi options. A writer
// vault locks, for each option it sells, the most the option can ever pay:
//
//	covered call        one unit of the underlying per call (× call_collateral_ratio)
//	cash-secured put    the strike in the strike asset (a stablecoin) per put
//	                    (× put_collateral_ratio)
//
// This is the fully collateralised vault of Opyn's Gamma protocol
// (opynfinance/GammaProtocol contracts/core/MarginCalculator.sol, vault type
// 0: a short call is covered by the underlying amount, a short put by strike ×
// amount of the strike asset) and the rule of the covered-call and put-selling
// vaults built on it (Ribbon Theta Vaults and their successors).
//
// Book. Positions are options only, netted per series (underlying, right,
// strike, expiry). A writer vault holds no long options: a series that nets
// long is an input error (a buyer's options are held elsewhere — a custody
// venue does not margin options; unimargin models no buyer vault). Calls lock
// their own underlying: write a WETH vault's calls on underlying WETH. Puts
// lock the strike asset: the venue's `settlement` when given (it must be a
// stablecoin), else USDC. Collateral entries are what the vault holds, at the
// venue's prices.
//
// Under-collateralised books are refused (input error naming the
// collateral): per asset the vault must hold at least what its options lock,
// because the protocol cannot mint an option beyond its collateral.
//
// Equity terms. Equity = collateral + option values (short negative,
// Black-76 on the market's forward and vol). The vault requires its locked
// collateral L = Σ_a locked_a · price_a before any option value, so in equity
// terms
//
//	initial = maintenance = max(L − V, 0),   V = Σ |q| · option value
//
// and, whenever L ≥ V (always with the default forward: a call is worth at
// most its underlying, a put at most its discounted strike),
//
//	equity − maintenance = Σ_a (posted_a − locked_a) · price_a ≥ 0
//
// at every price: a fully collateralised vault is never liquidatable, and its
// excess is exactly the collateral it holds beyond what it locks. Health =
// equity / maintenance (null when nothing is locked). Figures are USD.
package optionvault
