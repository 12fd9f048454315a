// Package vault is the universal collateral layer: the UCT master vault
// with one ERC-4626 vault per accepted asset (uctWETH, uctUSDC, … in the
// manner of ERC-7575: many assets, one account view), and liens from an
// account's vault collateral to the venues it trades on.
//
// Units: assets and shares are integer base units (money.Amount); shares
// have the asset's decimals plus Vault.Offset. Lien amounts are USD in base
// units of 18 decimals (LienDecimals). Computed figures (collateral value,
// margins) are float64 USD from margin.Compute; a float becomes money only
// through money.FromFloatFloor (collateral value rounds down).
//
// Invariants (Verify): the ledger's own (ledger.Verify); per vault, the
// vault's asset account holds exactly TotalAssets, the share supply account
// holds exactly TotalShares, the holders' shares sum to TotalShares, and the
// holders' claims (convertToAssets, rounded down) sum to at most
// TotalAssets; per account, Σ liens ≤ haircut collateral value is enforced
// when a lien is granted or collateral leaves. A lien shrinks only by a
// release of its venue (or of an admin acting for it, with a reason) or by
// the venue's draw; never by the account or its stored book (DESIGN.md,
// Lien states); what comes in (deposit, mint, accrual) stays within the
// governed deposit caps (caps.go). A vault holding in an asset the stored
// market does not price counts 0 (unpriced.go); a stored book it cannot
// value makes the account's margin not computable.
//
// Every operation runs inside one Tx (one database transaction) and is
// idempotent by its request id: the same id with the same body returns the
// first result and changes nothing; the same id with another body is
// ErrRequestConflict. An operation that returns an error may have written
// part of its work; the caller rolls the transaction back.
package vault
