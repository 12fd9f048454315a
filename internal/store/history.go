// Margin history (migration 00014_history): AppendHistory records margins
// of accounts with their input documents deduplicated by sha256 and prunes
// each account to its Retention (the newest Keep rows, none older than
// MaxAge); History lists an account's rows in
// a time range without documents; HistoryEntry returns one row with them.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

func init() {
	for k, q := range map[string]string{
		"history.insert": `INSERT INTO margin_history (account, recorded_at, as_of, params_version, equity, initial,
			maintenance, excess, liquidatable, error, book_hash, market_hash, params_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		"history.doc":   `INSERT INTO history_docs (hash, doc) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`,
		"history.cut":   `SELECT seq FROM margin_history WHERE account = ? ORDER BY seq DESC LIMIT 1 OFFSET ?`,
		"history.old":   `SELECT book_hash, market_hash, params_hash FROM margin_history WHERE account = ? AND seq <= ?`,
		"history.prune": `DELETE FROM margin_history WHERE account = ? AND seq <= ?`,
		"history.aged":  `SELECT seq FROM margin_history WHERE account = ? AND recorded_at < ? LIMIT 1`,
		"history.agedold": `SELECT book_hash, market_hash, params_hash FROM margin_history
			WHERE account = ? AND recorded_at < ?`,
		"history.agedprune": `DELETE FROM margin_history WHERE account = ? AND recorded_at < ?`,
		"history.orphan": `DELETE FROM history_docs WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM margin_history
			WHERE book_hash = ? OR market_hash = ? OR params_hash = ?)`,
		"history.range": `SELECT seq, account, recorded_at, as_of, params_version, equity, initial, maintenance, excess,
			liquidatable, error FROM margin_history WHERE account = ? AND recorded_at >= ? AND recorded_at <= ?
			ORDER BY seq DESC LIMIT ?`,
		"history.entry": `SELECT h.seq, h.account, h.recorded_at, h.as_of, h.params_version, h.equity, h.initial,
			h.maintenance, h.excess, h.liquidatable, h.error, b.doc, m.doc, p.doc FROM margin_history h
			JOIN history_docs b ON b.hash = h.book_hash JOIN history_docs m ON m.hash = h.market_hash
			JOIN history_docs p ON p.hash = h.params_hash WHERE h.account = ? AND h.seq = ?`,
		"history.docs": `SELECT COUNT(*) FROM history_docs`,
	} {
		queries[k] = q
	}
}

// HistoryRow is one margin of an account: the unified figures (USD), the
// market's as_of, the parameter version, and the input documents (Book,
// Market, Params: set on AppendHistory and by HistoryEntry, nil from
// History).
type HistoryRow struct {
	Seq           int64 // assigned by AppendHistory, increasing
	Account       string
	Recorded      time.Time
	AsOf          string
	ParamsVersion string
	Equity        float64
	Initial       float64
	Maintenance   float64
	Excess        float64
	Liquidatable  bool
	Error         string // set when the book was not computable
	Book          []byte
	Market        []byte
	Params        []byte
}

// ErrHistoryRow refuses a row AppendHistory cannot store (no account, or
// a document missing).
var ErrHistoryRow = errors.New("history row incomplete")

func docHash(doc []byte) string {
	sum := sha256.Sum256(doc)
	return hex.EncodeToString(sum[:])
}

// Retention is how much margin history each account keeps: its newest
// Keep rows (≤ 0: any number) recorded no earlier than Now − MaxAge
// (MaxAge ≤ 0: any age). Both bounds hold at once. Now is the caller's
// clock (the store reads none), so retention is tested with explicit
// times.
type Retention struct {
	Keep   int
	MaxAge time.Duration
	Now    time.Time
}

// KeepAll is the Retention that never prunes.
var KeepAll = Retention{}

// AppendHistory stores rows in one write transaction, then prunes each of
// their accounts to r, deleting a document no remaining row references.
// Pruning is batched: an account is pruned by count once it exceeds Keep +
// HistorySlack(Keep) rows (so it holds at most that many), and by age once
// its oldest row is older than MaxAge + HistoryAgeSlack(MaxAge) (so none
// older survives an append).
func (s *DB) AppendHistory(ctx context.Context, rows []HistoryRow, r Retention) error {
	for i, r := range rows {
		if r.Account == "" || r.Book == nil || r.Market == nil || r.Params == nil {
			return fmt.Errorf("%w: row %d (account %q)", ErrHistoryRow, i, r.Account)
		}
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		seen := map[string]bool{}
		accounts := map[string]bool{}
		for _, r := range rows {
			hashes := [3]string{}
			for j, doc := range [][]byte{r.Book, r.Market, r.Params} {
				h := docHash(doc)
				hashes[j] = h
				if !seen[h] {
					seen[h] = true
					if _, err := tx.ExecContext(ctx, s.queries["history.doc"], h, string(doc)); err != nil {
						return fmt.Errorf("%w: history.doc: %w", ErrStorage, err)
					}
				}
			}
			liq := 0
			if r.Liquidatable {
				liq = 1
			}
			if _, err := tx.ExecContext(ctx, s.queries["history.insert"], r.Account, r.Recorded.UTC().Format(sortableTime),
				r.AsOf, r.ParamsVersion, r.Equity, r.Initial, r.Maintenance, r.Excess, liq, r.Error,
				hashes[0], hashes[1], hashes[2]); err != nil {
				return fmt.Errorf("%w: history.insert %s: %w", ErrStorage, r.Account, err)
			}
			accounts[r.Account] = true
		}
		for a := range accounts {
			if r.Keep > 0 {
				if err := s.pruneHistory(ctx, tx, a, r.Keep); err != nil {
					return err
				}
			}
			if r.MaxAge > 0 {
				if err := s.pruneHistoryAged(ctx, tx, a, r.Now.Add(-r.MaxAge), r.Now.Add(-r.MaxAge-HistoryAgeSlack(r.MaxAge))); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// HistorySlack is how far past keep an account's rows may grow before
// AppendHistory prunes them back to keep: keep/8 (at least 1). Pruning in
// batches rather than one row per append makes the deletion of rows and
// of the documents only they referenced (an index probe per document) a
// once-in-keep/8-appends cost; the bound stays keep + keep/8 rows.
func HistorySlack(keep int) int { return max(1, keep/8) }

// HistoryAgeSlack is how much older than maxAge an account's oldest row
// may grow before AppendHistory prunes every row older than maxAge:
// maxAge/8, the count slack's proportion, so with appends at a steady
// rate an age prune also deletes about an eighth of the rows at once.
func HistoryAgeSlack(maxAge time.Duration) time.Duration { return maxAge / 8 }

// pruneHistory deletes account's rows beyond its newest keep, then the
// documents only they referenced, once the account has more than keep +
// HistorySlack(keep) rows.
func (s *DB) pruneHistory(ctx context.Context, tx *sql.Tx, account string, keep int) error {
	var cut int64
	err := tx.QueryRowContext(ctx, s.queries["history.cut"], account, keep+HistorySlack(keep)).Scan(&cut)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // within the slack
	}
	if err != nil {
		return fmt.Errorf("%w: history.cut: %w", ErrStorage, err)
	}
	if err := tx.QueryRowContext(ctx, s.queries["history.cut"], account, keep).Scan(&cut); err != nil {
		return fmt.Errorf("%w: history.cut: %w", ErrStorage, err)
	}
	return s.pruneRows(ctx, tx, "history.old", "history.prune", account, cut)
}

// pruneHistoryAged deletes account's rows recorded before cutoff, then the
// documents only they referenced, once a row was recorded before trigger
// (cutoff minus the slack).
func (s *DB) pruneHistoryAged(ctx context.Context, tx *sql.Tx, account string, cutoff, trigger time.Time) error {
	var seq int64
	err := tx.QueryRowContext(ctx, s.queries["history.aged"], account, trigger.UTC().Format(sortableTime)).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // within the slack
	}
	if err != nil {
		return fmt.Errorf("%w: history.aged: %w", ErrStorage, err)
	}
	return s.pruneRows(ctx, tx, "history.agedold", "history.agedprune", account, cutoff.UTC().Format(sortableTime))
}

// pruneRows deletes account's rows selected by the queries old (their
// document hashes) and prune with arg, then each document no remaining
// row references.
func (s *DB) pruneRows(ctx context.Context, tx *sql.Tx, old, prune, account string, arg any) error {
	rs, err := tx.QueryContext(ctx, s.queries[old], account, arg)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrStorage, old, err)
	}
	hashes := map[string]bool{}
	for rs.Next() {
		var b, m, p string
		if err := rs.Scan(&b, &m, &p); err != nil {
			rs.Close()
			return fmt.Errorf("%w: %s: %w", ErrStorage, old, err)
		}
		hashes[b], hashes[m], hashes[p] = true, true, true
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrStorage, old, err)
	}
	if _, err := tx.ExecContext(ctx, s.queries[prune], account, arg); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrStorage, prune, err)
	}
	for h := range hashes {
		if _, err := tx.ExecContext(ctx, s.queries["history.orphan"], h, h, h, h); err != nil {
			return fmt.Errorf("%w: history.orphan: %w", ErrStorage, err)
		}
	}
	return nil
}

// History returns account's rows recorded in [from, to], newest first, at
// most limit of them, without their documents.
func (s *DB) History(ctx context.Context, account string, from, to time.Time, limit int) ([]HistoryRow, error) {
	rows, err := s.db.QueryContext(ctx, s.queries["history.range"], account, sortableBound(from),
		sortableBound(to), limit)
	if err != nil {
		return nil, fmt.Errorf("%w: history.range: %w", ErrStorage, err)
	}
	defer rows.Close()
	out := []HistoryRow{}
	for rows.Next() {
		r, err := scanHistory(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: history.range: %w", ErrStorage, err)
	}
	return out, nil
}

// sortableBound is t as a bound on recorded_at's text, within years 0000
// to 9999 (a later time, 9999-12-31T23:59:59-23:59, is year 10000 in UTC,
// whose five-digit text sorts before every row).
func sortableBound(t time.Time) string {
	last := time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	if t.After(last) {
		t = last
	}
	return t.UTC().Format(sortableTime)
}

// HistoryEntry returns account's row seq with its documents.
func (s *DB) HistoryEntry(ctx context.Context, account string, seq int64) (HistoryRow, bool, error) {
	var b, m, p string
	r, err := scanHistory(func(dst ...any) error {
		return s.db.QueryRowContext(ctx, s.queries["history.entry"], account, seq).Scan(append(dst, &b, &m, &p)...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return HistoryRow{}, false, nil
	}
	if err != nil {
		return HistoryRow{}, false, err
	}
	r.Book, r.Market, r.Params = []byte(b), []byte(m), []byte(p)
	return r, true, nil
}

// HistoryDocs counts the stored documents (tests of the retention).
func (s *DB) HistoryDocs(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.queries["history.docs"]).Scan(&n); err != nil {
		return 0, fmt.Errorf("%w: history.docs: %w", ErrStorage, err)
	}
	return n, nil
}

func scanHistory(scan func(dst ...any) error) (HistoryRow, error) {
	var r HistoryRow
	var recorded string
	var liq int
	err := scan(&r.Seq, &r.Account, &recorded, &r.AsOf, &r.ParamsVersion, &r.Equity, &r.Initial, &r.Maintenance,
		&r.Excess, &liq, &r.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	if err != nil {
		return r, fmt.Errorf("%w: history: %w", ErrStorage, err)
	}
	if r.Recorded, err = time.Parse(sortableTime, recorded); err != nil {
		return r, fmt.Errorf("%w: history %d recorded_at %q", ErrCorrupt, r.Seq, recorded)
	}
	r.Liquidatable = liq == 1
	return r, nil
}
