// The service's background jobs (migration 00012_jobs): one row per job
// with its owner, status and creation order, the job's public view as an
// opaque JSON record and, once done, its result. A job is "active" while
// its status is queued or running; InsertJob counts an owner's active jobs
// and inserts in one write transaction, so a per-owner quota holds across
// concurrent requests and across restarts of the server.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

func init() {
	for k, q := range map[string]string{
		"job.insert": `INSERT INTO jobs (id, seq, owner, kind, status, created_at, record)
			VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs), ?, ?, ?, ?, ?)`,
		"job.update":  `UPDATE jobs SET status = ?, record = ? WHERE id = ?`,
		"job.finish":  `UPDATE jobs SET status = ?, record = ?, result = ? WHERE id = ?`,
		"job.get":     `SELECT id, owner, kind, status, created_at, record, result FROM jobs WHERE id = ?`,
		"job.active":  `SELECT COUNT(*) FROM jobs WHERE owner = ? AND status IN ('queued', 'running')`,
		"job.done":    `SELECT id FROM jobs WHERE status NOT IN ('queued', 'running') ORDER BY seq DESC`,
		"job.delete":  `DELETE FROM jobs WHERE id = ?`,
		"jobs.all":    `SELECT id, owner, kind, status, created_at, record FROM jobs ORDER BY seq DESC`,
		"jobs.owner":  `SELECT id, owner, kind, status, created_at, record FROM jobs WHERE owner = ? ORDER BY seq DESC`,
		"jobs.active": `SELECT id, owner, kind, status, created_at, record FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq`,
	} {
		queries[k] = q
	}
}

// JobRow is one job as the store keeps it.
type JobRow struct {
	ID      string
	Owner   string // the subject that created it (access.Subject.String())
	Kind    string // "cascade"
	Status  string // queued, running, done, failed or cancelled
	Created time.Time
	Record  []byte // the job's public view (JSON), owned by the caller
	Result  []byte // a done job's result (JSON); nil before, and from Jobs
}

// Errors of the job methods.
var (
	// ErrJobQuota marks a *JobQuotaError.
	ErrJobQuota = errors.New("job quota reached")
	// ErrNoJob is returned when updating a job that is not stored.
	ErrNoJob = errors.New("no such job")
)

// JobQuotaError refuses a job whose owner already has Quota active jobs.
type JobQuotaError struct{ Active, Quota int }

func (e *JobQuotaError) Error() string {
	return fmt.Sprintf("this subject has %d jobs queued or running, its limit of %d", e.Active, e.Quota)
}

// Is makes errors.Is(err, ErrJobQuota) hold.
func (e *JobQuotaError) Is(target error) bool { return target == ErrJobQuota }

// write runs f in one write transaction on the raw connection, under the
// dialect's writer lock (the jobs' methods do not go through vault.Tx).
func (s *DB) write(ctx context.Context, f func(tx *sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: begin: %w", ErrStorage, err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if s.dialect.writerLock != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.writerLock); err != nil {
			return fmt.Errorf("%w: writer lock: %w", ErrStorage, err)
		}
	}
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: commit: %w", ErrStorage, err)
	}
	return nil
}

// InsertJob stores a new job (its Result is ignored). With quota > 0 it
// first counts the owner's active jobs in the same transaction and
// refuses the job with a *JobQuotaError when they are quota or more.
func (s *DB) InsertJob(ctx context.Context, r JobRow, quota int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if quota > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, s.queries["job.active"], r.Owner).Scan(&n); err != nil {
				return fmt.Errorf("%w: job.active: %w", ErrStorage, err)
			}
			if n >= quota {
				return &JobQuotaError{Active: n, Quota: quota}
			}
		}
		if _, err := tx.ExecContext(ctx, s.queries["job.insert"], r.ID, r.Owner, r.Kind, r.Status,
			r.Created.UTC().Format(sortableTime), string(r.Record)); err != nil {
			return fmt.Errorf("%w: job.insert %s: %w", ErrStorage, r.ID, err)
		}
		return nil
	})
}

// UpdateJob stores a job's new status and record, and its result when
// r.Result is not nil (a nil Result keeps the stored one). A job that is
// not stored (never inserted, or pruned) is ErrNoJob.
func (s *DB) UpdateJob(ctx context.Context, r JobRow) error {
	name, args := "job.update", []any{r.Status, string(r.Record), r.ID}
	if r.Result != nil {
		name, args = "job.finish", []any{r.Status, string(r.Record), string(r.Result), r.ID}
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.queries[name], args...)
		if err != nil {
			return fmt.Errorf("%w: %s %s: %w", ErrStorage, name, r.ID, err)
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return fmt.Errorf("job %s: %w", r.ID, ErrNoJob)
		}
		return nil
	})
}

// Job returns the stored job with its result.
func (s *DB) Job(ctx context.Context, id string) (JobRow, bool, error) {
	var r JobRow
	var created, record string
	var result sql.NullString
	err := s.db.QueryRowContext(ctx, s.queries["job.get"], id).Scan(&r.ID, &r.Owner, &r.Kind, &r.Status, &created, &record, &result)
	if errors.Is(err, sql.ErrNoRows) {
		return JobRow{}, false, nil
	}
	if err != nil {
		return JobRow{}, false, fmt.Errorf("%w: job.get: %w", ErrStorage, err)
	}
	if r.Created, err = time.Parse(sortableTime, created); err != nil {
		return JobRow{}, false, fmt.Errorf("%w: job %s created_at %q", ErrCorrupt, r.ID, created)
	}
	r.Record = []byte(record)
	if result.Valid {
		r.Result = []byte(result.String)
	}
	return r, true, nil
}

// JobFilter selects jobs: an owner's ("" for every owner's), or only the
// active ones (queued or running) of every owner, oldest first.
type JobFilter struct {
	Owner  string
	Active bool
}

// Jobs returns the stored jobs f selects, without their results: newest
// first, or oldest first with f.Active.
func (s *DB) Jobs(ctx context.Context, f JobFilter) ([]JobRow, error) {
	name, args := "jobs.all", []any{}
	switch {
	case f.Active:
		name = "jobs.active"
	case f.Owner != "":
		name, args = "jobs.owner", []any{f.Owner}
	}
	rows, err := s.db.QueryContext(ctx, s.queries[name], args...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
	}
	defer rows.Close()
	out := []JobRow{}
	for rows.Next() {
		var r JobRow
		var created, record string
		if err := rows.Scan(&r.ID, &r.Owner, &r.Kind, &r.Status, &created, &record); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
		}
		if r.Created, err = time.Parse(sortableTime, created); err != nil {
			return nil, fmt.Errorf("%w: job %s created_at %q", ErrCorrupt, r.ID, created)
		}
		r.Record = []byte(record)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrStorage, name, err)
	}
	return out, nil
}

// ActiveJobs counts owner's active jobs (queued or running).
func (s *DB) ActiveJobs(ctx context.Context, owner string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.queries["job.active"], owner).Scan(&n); err != nil {
		return 0, fmt.Errorf("%w: job.active: %w", ErrStorage, err)
	}
	return n, nil
}

// PruneJobs deletes the finished jobs (done, failed, cancelled) beyond the
// newest keep, and returns the ids it deleted. Active jobs are never
// deleted.
func (s *DB) PruneJobs(ctx context.Context, keep int) ([]string, error) {
	var gone []string
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.queries["job.done"])
		if err != nil {
			return fmt.Errorf("%w: job.done: %w", ErrStorage, err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("%w: job.done: %w", ErrStorage, err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%w: job.done: %w", ErrStorage, err)
		}
		if len(ids) <= keep {
			return nil
		}
		for _, id := range ids[keep:] {
			if _, err := tx.ExecContext(ctx, s.queries["job.delete"], id); err != nil {
				return fmt.Errorf("%w: job.delete %s: %w", ErrStorage, id, err)
			}
		}
		gone = ids[keep:]
		return nil
	})
	return gone, err
}
