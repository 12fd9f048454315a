-- The collateral layer: ledger accounts and journal, vaults, accounts,
-- idempotent requests, stored portfolios and market. Amounts are uint256
-- base units as decimal TEXT (STYLE.md).

-- +goose Up
CREATE TABLE ledger_accounts (
    id              TEXT PRIMARY KEY,
    asset           TEXT NOT NULL,
    flags           INTEGER NOT NULL,
    debits_posted   TEXT NOT NULL,
    credits_posted  TEXT NOT NULL,
    debits_pending  TEXT NOT NULL,
    credits_pending TEXT NOT NULL
);
CREATE TABLE transfers (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    debit      TEXT NOT NULL,
    credit     TEXT NOT NULL,
    asset      TEXT NOT NULL,
    amount     TEXT NOT NULL,
    flags      INTEGER NOT NULL,
    pending_id TEXT NOT NULL,
    code       TEXT NOT NULL,
    status     INTEGER NOT NULL
);
CREATE TABLE vaults (
    asset           TEXT PRIMARY KEY,
    decimals        INTEGER NOT NULL,
    offset_decimals INTEGER NOT NULL,
    total_assets    TEXT NOT NULL,
    total_shares    TEXT NOT NULL
);
CREATE TABLE accounts (id TEXT PRIMARY KEY);
CREATE TABLE requests (id TEXT PRIMARY KEY, body TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE portfolios (account TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE markets (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);

-- +goose Down
DROP TABLE markets;
DROP TABLE portfolios;
DROP TABLE requests;
DROP TABLE accounts;
DROP TABLE vaults;
DROP TABLE transfers;
DROP TABLE ledger_accounts;
