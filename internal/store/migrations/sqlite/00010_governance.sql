-- Governed risk parameters (internal/govern): the rules document, numbered
-- parameter versions, proposals, accepted signed messages (replay
-- protection), the hash-chained audit log, and configuration keys (the
-- version an account's existing positions keep). Records are JSON documents.
-- Numbered 00010: numbers 00004-00009 are left to other branches (goose
-- allows gaps).

-- +goose Up
CREATE TABLE gov_rules (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);
CREATE TABLE gov_versions (number INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE gov_proposals (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, record TEXT NOT NULL);
CREATE TABLE gov_messages (hash TEXT PRIMARY KEY);
CREATE TABLE gov_log (seq INTEGER PRIMARY KEY, prev TEXT NOT NULL, hash TEXT NOT NULL, entry TEXT NOT NULL);
CREATE TABLE account_params (account TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE INDEX account_params_version ON account_params (version);

-- +goose Down
DROP TABLE account_params;
DROP TABLE gov_log;
DROP TABLE gov_messages;
DROP TABLE gov_proposals;
DROP TABLE gov_versions;
DROP TABLE gov_rules;
