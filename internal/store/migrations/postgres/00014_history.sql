-- Margin history (issue 17): one row per margin of an account by the
-- service (every re-margin after a market change, every account change),
-- compact: the headline unified figures (USD), the market time (as_of),
-- the parameter version, and references to the exact inputs — the unified
-- book, the market and the risk parameters — kept once each in
-- history_docs by their sha256, so a market shared by every account of a
-- run is stored once, and an explanation (margin.Explain) recomputes both
-- ends. recorded_at is RFC 3339 UTC with nanoseconds, so it sorts.
-- Retention is bounded per account (server Config.HistoryKeep); a
-- document no row references is deleted with the last row.

-- +goose Up
CREATE TABLE margin_history (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account        TEXT COLLATE "C" NOT NULL,
    recorded_at    TEXT COLLATE "C" NOT NULL,
    as_of          TEXT NOT NULL,
    params_version TEXT NOT NULL,
    equity         DOUBLE PRECISION NOT NULL,
    initial        DOUBLE PRECISION NOT NULL,
    maintenance    DOUBLE PRECISION NOT NULL,
    excess         DOUBLE PRECISION NOT NULL,
    liquidatable   INTEGER NOT NULL CHECK (liquidatable IN (0, 1)),
    error          TEXT NOT NULL,
    book_hash      TEXT COLLATE "C" NOT NULL,
    market_hash    TEXT COLLATE "C" NOT NULL,
    params_hash    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX margin_history_account ON margin_history (account, recorded_at);
CREATE INDEX margin_history_book ON margin_history (book_hash);
CREATE INDEX margin_history_market ON margin_history (market_hash);
CREATE INDEX margin_history_params ON margin_history (params_hash);
CREATE TABLE history_docs (
    hash TEXT COLLATE "C" PRIMARY KEY,
    doc  TEXT NOT NULL
);

-- +goose Down
DROP TABLE history_docs;
DROP TABLE margin_history;
