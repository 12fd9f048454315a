-- Limits and alerts (issue 17): per-account thresholds on health, excess,
-- liquidation distance and concentration (internal/alert), with whether
-- each was breached at its last evaluation (alerts are edge-triggered, and
-- the state survives a restart); webhook subscriptions per account with
-- their signing secret; and the delivery log of each subscription (every
-- attempt: HTTP status or error), bounded per subscription by the server.
-- Times are RFC 3339 UTC with nanoseconds, so they sort.

-- +goose Up
CREATE TABLE account_limits (
    account   TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('health', 'excess', 'liquidation_distance', 'concentration')),
    threshold REAL NOT NULL,
    set_by    TEXT NOT NULL,
    breached  INTEGER NOT NULL CHECK (breached IN (0, 1)),
    PRIMARY KEY (account, kind)
);
CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    account    TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX webhooks_account ON webhooks (account);
CREATE TABLE webhook_deliveries (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id  TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, seq);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE account_limits;
