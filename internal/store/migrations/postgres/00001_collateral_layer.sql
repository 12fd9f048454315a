-- The collateral layer: ledger accounts and journal, vaults, accounts,
-- idempotent requests, stored portfolios and market. Amounts are uint256
-- base units as NUMERIC(78,0) (STYLE.md); ids sort bytewise (COLLATE "C"),
-- as in SQLite.

-- +goose Up
CREATE TABLE ledger_accounts (
    id              TEXT COLLATE "C" PRIMARY KEY,
    asset           TEXT NOT NULL,
    flags           INTEGER NOT NULL,
    debits_posted   NUMERIC(78,0) NOT NULL,
    credits_posted  NUMERIC(78,0) NOT NULL,
    debits_pending  NUMERIC(78,0) NOT NULL,
    credits_pending NUMERIC(78,0) NOT NULL
);
CREATE TABLE transfers (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         TEXT COLLATE "C" NOT NULL UNIQUE,
    debit      TEXT NOT NULL,
    credit     TEXT NOT NULL,
    asset      TEXT NOT NULL,
    amount     NUMERIC(78,0) NOT NULL,
    flags      INTEGER NOT NULL,
    pending_id TEXT NOT NULL,
    code       TEXT NOT NULL,
    status     INTEGER NOT NULL
);
CREATE TABLE vaults (
    asset           TEXT COLLATE "C" PRIMARY KEY,
    decimals        INTEGER NOT NULL,
    offset_decimals INTEGER NOT NULL,
    total_assets    NUMERIC(78,0) NOT NULL,
    total_shares    NUMERIC(78,0) NOT NULL
);
CREATE TABLE accounts (id TEXT COLLATE "C" PRIMARY KEY);
CREATE TABLE requests (id TEXT COLLATE "C" PRIMARY KEY, body TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE portfolios (account TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE markets (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);

-- +goose Down
DROP TABLE markets;
DROP TABLE portfolios;
DROP TABLE requests;
DROP TABLE accounts;
DROP TABLE vaults;
DROP TABLE transfers;
DROP TABLE ledger_accounts;
