-- Webhook ids are the account's own (issue 17): the client chooses {hook}
-- in PUT /v1/accounts/{id}/webhooks/{hook}, so a global primary key on id
-- refused an id another account had, and the 409 told the caller so. The
-- key becomes (account, id), and the delivery log names the account too:
-- its rows are found, bounded and deleted by (account, webhook_id).
--
-- Sealed secrets were bound to the webhook id alone (the additional data
-- of alert.Keyring.Seal); they are now bound to the account and the id.
-- SQL cannot re-seal, so a row sealed before this migration keeps its
-- value and gets the key id 'id:' || secret_key (':' is outside key ids):
-- the keyring opens it as bound to the id alone, and the server re-seals
-- it under the current key the first time it starts. Log rows whose
-- webhook no longer exists (a delivery logged after a delete) are dropped.
--
-- Down restores the global key (it fails while two accounts share an id)
-- and the key ids of rows not re-sealed since; a secret re-sealed since is
-- bound to its account and does not open under the older server.

-- +goose Up
CREATE TABLE webhooks_by_account (
    account    TEXT NOT NULL,
    id         TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    secret_key TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account, id)
);
INSERT INTO webhooks_by_account (account, id, url, secret, created_at, secret_key)
    SELECT account, id, url, secret, created_at, CASE WHEN secret_key = '' THEN '' ELSE 'id:' || secret_key END
    FROM webhooks;
DROP TABLE webhooks;
ALTER TABLE webhooks_by_account RENAME TO webhooks;
DELETE FROM webhook_deliveries WHERE webhook_id NOT IN (SELECT id FROM webhooks);
ALTER TABLE webhook_deliveries ADD COLUMN account TEXT NOT NULL DEFAULT '';
UPDATE webhook_deliveries SET account = (SELECT w.account FROM webhooks w WHERE w.id = webhook_deliveries.webhook_id);
DROP INDEX webhook_deliveries_hook;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (account, webhook_id, seq);

-- +goose Down
DROP INDEX webhook_deliveries_hook;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, seq);
ALTER TABLE webhook_deliveries DROP COLUMN account;
CREATE TABLE webhooks_by_id (
    id         TEXT PRIMARY KEY,
    account    TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    secret_key TEXT NOT NULL DEFAULT ''
);
INSERT INTO webhooks_by_id (id, account, url, secret, created_at, secret_key)
    SELECT id, account, url, secret, created_at, secret_key FROM webhooks;
DROP TABLE webhooks;
ALTER TABLE webhooks_by_id RENAME TO webhooks;
CREATE INDEX webhooks_account ON webhooks (account);
UPDATE webhooks SET secret_key = substr(secret_key, 4) WHERE secret_key LIKE 'id:%';
