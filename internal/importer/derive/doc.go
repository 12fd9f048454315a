// Package derive imports a Derive (formerly Lyra v2) sub-account into a
// portfolio document: derive-subaccount reads the result of the JSON-RPC
// method private/get_subaccount (docs.derive.xyz, API reference,
// Subaccounts › private/get_subaccount; the same object is each element of
// private/get_all_portfolios) and produces one derive-pm venue.
//
// Mapping: collaterals[] → collateral (asset_name, amount; a negative USDC
// amount is Derive's borrowed cash, a `borrow` of USDC); positions[] →
// perps ("ETH-PERP", entry_price average_price) and european options
// ("ETH-20240628-3000-C", expiry 08:00 UTC, Derive's settlement time). The
// venue's own figures become `reported`: equity subaccount_value; Derive
// reports margins as headroom (value − requirement; below zero the account
// is short), so the requirements in equity terms are subaccount_value −
// initial_margin and subaccount_value − maintenance_margin, floored at 0,
// the derive-pm model's own translation. A standard-margin ("SM") account
// is imported only without positions (its collateral into a derive-pm
// venue); standard margin haircuts idle collateral, which portfolio margin
// does not, so margin's reconciliation shows the difference as drift. An SM
// account with positions is refused: unimargin models Derive's portfolio
// manager (derive-pm) only.
//
// Unlike the other importers, fields this one does not use are ignored
// rather than refused: Derive adds fields to these objects release by
// release (mm_credits, vault_deposit_holds, …). Every field it reads is
// validated and named in errors by its JSON path.
package derive
