-- Background jobs of the service (cascade simulations): one row per job,
-- kept across restarts. seq is the creation order; status is queued,
-- running, done, failed or cancelled (queued and running are "active", the
-- ones a subject's quota counts); record is the job's public view (JSON,
-- owned by the server); result is a done job's result (JSON), NULL before.
-- created_at is RFC 3339 UTC with nanoseconds, so it sorts.

-- +goose Up
CREATE TABLE jobs (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    owner      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    created_at TEXT NOT NULL,
    record     TEXT NOT NULL,
    result     TEXT
);
CREATE INDEX jobs_owner ON jobs (owner, status);
CREATE INDEX jobs_status ON jobs (status, seq);

-- +goose Down
DROP TABLE jobs;
