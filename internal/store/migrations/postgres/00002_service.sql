-- The service: API token grants (only the SHA-256 of a token is kept) and
-- the governed risk-parameter document (one per store, like the market).

-- +goose Up
CREATE TABLE api_tokens (
    hash    TEXT COLLATE "C" PRIMARY KEY,
    subject TEXT NOT NULL,
    label   TEXT NOT NULL
);
CREATE TABLE risk_params (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);

-- +goose Down
DROP TABLE risk_params;
DROP TABLE api_tokens;
