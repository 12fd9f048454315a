// Package ledger is the collateral layer's double-entry journal. Every
// movement of money is a Transfer between two ledger accounts of the same
// asset, in integer base units (money.Amount, 256-bit); a transfer debits
// one account and credits the other by the same amount, so for every asset
// the sum of debits equals the sum of credits at all times.
//
// The model is TigerBeetle's: an account keeps four running totals
// (debits/credits, posted/pending) and may carry one balance constraint
// (DebitsMustNotExceedCredits for credit-normal accounts such as a user's
// shares or a lien; CreditsMustNotExceedDebits for debit-normal accounts such
// as the vault's holdings). Transfers carry a client-chosen id and are
// idempotent: posting the same id with the same body returns the first
// result and changes nothing; the same id with a different body is
// ErrIDConflict. Two-phase transfers reserve an amount as pending and are
// later posted (in full or in part) or voided.
//
// Invariants (Verify): debits equal credits per asset, posted and pending;
// no constrained balance is negative; replaying the journal in order
// reproduces every stored account.
//
// The ledger keeps no state of its own: it reads and writes through State,
// which a store implements inside one database transaction (or Memory, in
// tests and models). A failed Post may have written part of a batch; the
// caller rolls the transaction back.
package ledger
