-- Alerts you can list, and webhook secrets sealed at rest (issue 17).
--
-- alerts: every alert the server raises (a limit becoming breached, or
-- clearing), with the limit's kind and threshold, the measured value (NULL
-- when the figure does not exist), the market's as_of and when it was
-- raised; seq orders them (newest first is seq descending) and pages
-- GET /v1/accounts/{id}/alerts. The server keeps a bounded number per
-- account.
--
-- webhooks.secret_key: the id of the server key (internal/alert.Keyring)
-- the secret column is sealed under, AES-256-GCM; '' marks a row written
-- before this migration, whose secret is still plaintext. SQL cannot
-- encrypt, so the server seals those rows the first time it starts with a
-- key, and refuses to start without one while any row exists.

-- +goose Up
CREATE TABLE alerts (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id        TEXT COLLATE "C" NOT NULL UNIQUE,
    account   TEXT COLLATE "C" NOT NULL,
    kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('health', 'excess', 'liquidation_distance', 'concentration')),
    threshold DOUBLE PRECISION NOT NULL,
    value     DOUBLE PRECISION,
    state     TEXT NOT NULL CHECK (state IN ('breached', 'cleared')),
    as_of     TEXT NOT NULL,
    raised_at TEXT NOT NULL
);
CREATE INDEX alerts_account ON alerts (account, seq);
ALTER TABLE webhooks ADD COLUMN secret_key TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE webhooks DROP COLUMN secret_key;
DROP TABLE alerts;
