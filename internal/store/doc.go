// Package store persists the collateral layer: one SQL schema (numbered goose
// migrations, embedded) behind database/sql, for the embedded SQLite store
// (store/sqlite, the default) and PostgreSQL (store/postgres). Both pass the
// same contract suite (store/storetest).
//
// Every command runs in one transaction (DB.Update or DB.View); a crash at
// any point leaves either the whole operation or none of it. Writers are
// serialized: SQLite takes its write lock at BEGIN (BEGIN IMMEDIATE, with a
// busy timeout), PostgreSQL a transaction-scoped advisory lock. Amounts are
// uint256 base units stored as decimal text (SQLite TEXT, PostgreSQL
// NUMERIC(78,0)); a value read back is checked to parse, so a corrupt row is
// an error, never a silent zero.
//
// Fault injection (fault.go): a store.Fault armed on a DB makes its next
// write transaction fail at a chosen call, tear after a write, fail its
// commit, lose its reply after committing, or find the disk full; tests
// and the simulator (internal/sim) use it to check that every transaction
// is kept whole or not at all, and that no caller carries on past a failure.
package store
