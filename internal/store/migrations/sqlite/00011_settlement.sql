-- Cross-chain settlement (internal/settle): moves (the record as JSON, with
-- the columns their filters and the bridges' limits read), relay messages
-- by id (idempotency and replay protection) and bridge states. Initiation
-- and deadline times are RFC 3339 UTC with nanoseconds, so they sort.

-- +goose Up
CREATE TABLE settle_moves (
    id           TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL UNIQUE,
    account      TEXT NOT NULL,
    status       TEXT NOT NULL,
    bridge       TEXT NOT NULL,
    initiated_at TEXT NOT NULL,
    deadline     TEXT NOT NULL,
    value_usd    TEXT NOT NULL,
    record       TEXT NOT NULL
);
CREATE INDEX settle_moves_account ON settle_moves (account, seq);
CREATE INDEX settle_moves_status ON settle_moves (status, deadline);
CREATE INDEX settle_moves_bridge ON settle_moves (bridge, initiated_at);
CREATE TABLE settle_messages (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE settle_bridges (name TEXT PRIMARY KEY, record TEXT NOT NULL);

-- +goose Down
DROP TABLE settle_bridges;
DROP TABLE settle_messages;
DROP TABLE settle_moves;
