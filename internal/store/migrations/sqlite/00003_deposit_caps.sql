-- The governed deposit caps (caps.json, internal/vault/caps.go): one
-- document per store, beside the risk parameters.

-- +goose Up
CREATE TABLE deposit_caps (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);

-- +goose Down
DROP TABLE deposit_caps;
