// Limits, webhooks and their delivery log (migration 00015_limits), the
// alerts raised and the key id of each sealed webhook secret (00016_alerts);
// a webhook is keyed by (account, id), and so is its log (00017).
// The rules (kinds, validation, sealing) are internal/alert's; this file
// only stores: a webhook secret arrives here sealed and leaves sealed.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

func init() {
	for k, q := range map[string]string{
		"limits.clear":    `DELETE FROM account_limits WHERE account = ?`,
		"limits.insert":   `INSERT INTO account_limits (account, kind, threshold, set_by, breached) VALUES (?, ?, ?, ?, 0)`,
		"limits.get":      `SELECT kind, threshold, set_by, breached FROM account_limits WHERE account = ? ORDER BY kind`,
		"limits.breached": `UPDATE account_limits SET breached = ? WHERE account = ? AND kind = ?`,
		"limits.accounts": `SELECT DISTINCT account FROM account_limits ORDER BY account`,
		"hook.insert":     `INSERT INTO webhooks (id, account, url, secret, secret_key, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		"hook.list":       `SELECT id, account, url, secret, secret_key, created_at FROM webhooks WHERE account = ? ORDER BY created_at, id`,
		"hook.all":        `SELECT id, account, url, secret, secret_key, created_at FROM webhooks ORDER BY account, id`,
		"hook.reseal":     `UPDATE webhooks SET secret = ?, secret_key = ? WHERE account = ? AND id = ? AND secret = ? AND secret_key = ?`,
		"hook.count":      `SELECT COUNT(*) FROM webhooks WHERE account = ?`,
		"hook.update":     `UPDATE webhooks SET url = ?, secret = ?, secret_key = ? WHERE account = ? AND id = ?`,
		"hook.delete":     `DELETE FROM webhooks WHERE account = ? AND id = ?`,
		"hook.undeliver":  `DELETE FROM webhook_deliveries WHERE account = ? AND webhook_id = ?`,
		"delivery.insert": `INSERT INTO webhook_deliveries (account, webhook_id, event_id, attempt, status, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"delivery.cut":    `SELECT seq FROM webhook_deliveries WHERE account = ? AND webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?`,
		"delivery.prune":  `DELETE FROM webhook_deliveries WHERE account = ? AND webhook_id = ? AND seq <= ?`,
		"delivery.list":   `SELECT event_id, attempt, status, error, at FROM webhook_deliveries WHERE account = ? AND webhook_id = ? ORDER BY seq DESC LIMIT ?`,
		"alert.insert":    `INSERT INTO alerts (id, account, kind, threshold, value, state, as_of, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		"alert.cut":       `SELECT seq FROM alerts WHERE account = ? ORDER BY seq DESC LIMIT 1 OFFSET ?`,
		"alert.prune":     `DELETE FROM alerts WHERE account = ? AND seq <= ?`,
		"alert.list":      `SELECT seq, id, kind, threshold, value, state, as_of, raised_at FROM alerts WHERE account = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
	} {
		queries[k] = q
	}
}

// LimitRow is one stored limit.
type LimitRow struct {
	Kind      string
	Threshold float64
	SetBy     string // the subject that set it (access.Subject.String())
	Breached  bool   // at its last evaluation
}

// SetLimits replaces account's limits (their breach states restart clear).
func (s *DB) SetLimits(ctx context.Context, account string, rows []LimitRow) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.queries["limits.clear"], account); err != nil {
			return fmt.Errorf("%w: limits.clear: %w", ErrStorage, err)
		}
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, s.queries["limits.insert"], account, r.Kind, r.Threshold, r.SetBy); err != nil {
				return fmt.Errorf("%w: limits.insert %s: %w", ErrStorage, r.Kind, err)
			}
		}
		return nil
	})
}

// Limits returns account's limits by kind.
func (s *DB) Limits(ctx context.Context, account string) ([]LimitRow, error) {
	rows, err := s.db.QueryContext(ctx, s.queries["limits.get"], account)
	if err != nil {
		return nil, fmt.Errorf("%w: limits.get: %w", ErrStorage, err)
	}
	defer rows.Close()
	out := []LimitRow{}
	for rows.Next() {
		var r LimitRow
		var b int
		if err := rows.Scan(&r.Kind, &r.Threshold, &r.SetBy, &b); err != nil {
			return nil, fmt.Errorf("%w: limits.get: %w", ErrStorage, err)
		}
		r.Breached = b == 1
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetBreached records the breach state of account's limits by kind.
func (s *DB) SetBreached(ctx context.Context, account string, state map[string]bool) error {
	return s.write(ctx, func(tx *sql.Tx) error { return s.setBreached(ctx, tx, account, state) })
}

// setBreached is SetBreached inside tx (RaiseAlerts records the states and
// their alerts in one transaction).
func (s *DB) setBreached(ctx context.Context, tx *sql.Tx, account string, state map[string]bool) error {
	for kind, b := range state {
		v := 0
		if b {
			v = 1
		}
		if _, err := tx.ExecContext(ctx, s.queries["limits.breached"], v, account, kind); err != nil {
			return fmt.Errorf("%w: limits.breached: %w", ErrStorage, err)
		}
	}
	return nil
}

// LimitAccounts lists the accounts that have limits.
func (s *DB) LimitAccounts(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.queries["limits.accounts"])
	if err != nil {
		return nil, fmt.Errorf("%w: limits.accounts: %w", ErrStorage, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("%w: limits.accounts: %w", ErrStorage, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// WebhookRow is one subscription, keyed by (Account, ID): ids are the
// account's own. Secret is as stored: sealed under the server key KeyID
// (alert.Keyring; an "id:" prefix marks a row sealed before migration
// 00017, bound to its id alone), or plaintext when KeyID is "" (a row
// written before migration 00016); the server re-seals both at start.
type WebhookRow struct {
	ID, Account, URL, Secret, KeyID string
	Created                         time.Time
}

// ErrWebhookQuota refuses a subscription beyond an account's limit.
var ErrWebhookQuota = fmt.Errorf("webhook limit reached")

// AddWebhook stores a subscription, or replaces the URL and secret of the
// account's subscription with that id; a new one is refused when the
// account already has max.
func (s *DB) AddWebhook(ctx context.Context, w WebhookRow, max int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.queries["hook.update"], w.URL, w.Secret, w.KeyID, w.Account, w.ID)
		if err != nil {
			return fmt.Errorf("%w: hook.update: %w", ErrStorage, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.queries["hook.count"], w.Account).Scan(&n); err != nil {
			return fmt.Errorf("%w: hook.count: %w", ErrStorage, err)
		}
		if n >= max {
			return fmt.Errorf("%w: the account has %d webhooks, its limit", ErrWebhookQuota, n)
		}
		if _, err := tx.ExecContext(ctx, s.queries["hook.insert"], w.ID, w.Account, w.URL, w.Secret, w.KeyID,
			w.Created.UTC().Format(sortableTime)); err != nil {
			return fmt.Errorf("%w: hook.insert: %w", ErrStorage, err)
		}
		return nil
	})
}

// Webhooks lists account's subscriptions, oldest first.
func (s *DB) Webhooks(ctx context.Context, account string) ([]WebhookRow, error) {
	rows, err := s.db.QueryContext(ctx, s.queries["hook.list"], account)
	if err != nil {
		return nil, fmt.Errorf("%w: hook.list: %w", ErrStorage, err)
	}
	return scanWebhooks(rows, "hook.list")
}

// AllWebhooks lists every subscription of every account, by account and id.
func (s *DB) AllWebhooks(ctx context.Context) ([]WebhookRow, error) {
	rows, err := s.db.QueryContext(ctx, s.queries["hook.all"])
	if err != nil {
		return nil, fmt.Errorf("%w: hook.all: %w", ErrStorage, err)
	}
	return scanWebhooks(rows, "hook.all")
}

func scanWebhooks(rows *sql.Rows, what string) ([]WebhookRow, error) {
	defer rows.Close()
	out := []WebhookRow{}
	for rows.Next() {
		var w WebhookRow
		var created string
		if err := rows.Scan(&w.ID, &w.Account, &w.URL, &w.Secret, &w.KeyID, &created); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrStorage, what, err)
		}
		var err error
		if w.Created, err = time.Parse(sortableTime, created); err != nil {
			return nil, fmt.Errorf("%w: webhook %s created_at %q", ErrCorrupt, w.ID, created)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// ResealWebhook replaces a subscription's stored secret and key id, only
// if they are still was's (a concurrent PUT wins); it reports whether it
// did.
func (s *DB) ResealWebhook(ctx context.Context, was WebhookRow, secret, keyID string) (bool, error) {
	var done bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.queries["hook.reseal"], secret, keyID, was.Account, was.ID, was.Secret, was.KeyID)
		if err != nil {
			return fmt.Errorf("%w: hook.reseal: %w", ErrStorage, err)
		}
		n, _ := res.RowsAffected()
		done = n == 1
		return nil
	})
	return done, err
}

// DeleteWebhook removes account's subscription id and its log; false when
// there was none.
func (s *DB) DeleteWebhook(ctx context.Context, account, id string) (bool, error) {
	var gone bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.queries["hook.delete"], account, id)
		if err != nil {
			return fmt.Errorf("%w: hook.delete: %w", ErrStorage, err)
		}
		n, _ := res.RowsAffected()
		gone = n > 0
		if gone {
			if _, err := tx.ExecContext(ctx, s.queries["hook.undeliver"], account, id); err != nil {
				return fmt.Errorf("%w: hook.undeliver: %w", ErrStorage, err)
			}
		}
		return nil
	})
	return gone, err
}

// DeliveryRow is one delivery attempt of account Account's webhook WebhookID.
type DeliveryRow struct {
	Account   string
	WebhookID string
	EventID   string
	Attempt   int
	Status    int    // HTTP status; 0 when no response
	Error     string // "" on a 2xx
	At        time.Time
}

// LogDelivery appends an attempt and keeps the webhook's newest keep.
func (s *DB) LogDelivery(ctx context.Context, d DeliveryRow, keep int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.queries["delivery.insert"], d.Account, d.WebhookID, d.EventID, d.Attempt, d.Status, d.Error,
			d.At.UTC().Format(sortableTime)); err != nil {
			return fmt.Errorf("%w: delivery.insert: %w", ErrStorage, err)
		}
		var cut int64
		err := tx.QueryRowContext(ctx, s.queries["delivery.cut"], d.Account, d.WebhookID, keep).Scan(&cut)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: delivery.cut: %w", ErrStorage, err)
		}
		if _, err := tx.ExecContext(ctx, s.queries["delivery.prune"], d.Account, d.WebhookID, cut); err != nil {
			return fmt.Errorf("%w: delivery.prune: %w", ErrStorage, err)
		}
		return nil
	})
}

// Deliveries returns account's webhook's newest attempts, newest first.
func (s *DB) Deliveries(ctx context.Context, account, webhookID string, limit int) ([]DeliveryRow, error) {
	rows, err := s.db.QueryContext(ctx, s.queries["delivery.list"], account, webhookID, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: delivery.list: %w", ErrStorage, err)
	}
	defer rows.Close()
	out := []DeliveryRow{}
	for rows.Next() {
		d := DeliveryRow{Account: account, WebhookID: webhookID}
		var at string
		if err := rows.Scan(&d.EventID, &d.Attempt, &d.Status, &d.Error, &at); err != nil {
			return nil, fmt.Errorf("%w: delivery.list: %w", ErrStorage, err)
		}
		if d.At, err = time.Parse(sortableTime, at); err != nil {
			return nil, fmt.Errorf("%w: delivery at %q", ErrCorrupt, at)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AlertRow is one alert raised.
type AlertRow struct {
	Seq       int64 // assigned by the store, increasing
	ID        string
	Account   string
	Kind      string
	Threshold float64
	Value     *float64 // nil when the figure does not exist
	State     string   // "breached" or "cleared"
	AsOf      string
	Raised    time.Time
}

// RaiseAlerts records account's new limit states and the alerts their
// changes raised in one transaction, keeping the account's newest keep
// alerts.
func (s *DB) RaiseAlerts(ctx context.Context, account string, state map[string]bool, alerts []AlertRow, keep int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.setBreached(ctx, tx, account, state); err != nil {
			return err
		}
		for _, a := range alerts {
			if _, err := tx.ExecContext(ctx, s.queries["alert.insert"], a.ID, account, a.Kind, a.Threshold, a.Value, a.State,
				a.AsOf, a.Raised.UTC().Format(sortableTime)); err != nil {
				return fmt.Errorf("%w: alert.insert: %w", ErrStorage, err)
			}
		}
		var cut int64
		err := tx.QueryRowContext(ctx, s.queries["alert.cut"], account, keep).Scan(&cut)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: alert.cut: %w", ErrStorage, err)
		}
		if _, err := tx.ExecContext(ctx, s.queries["alert.prune"], account, cut); err != nil {
			return fmt.Errorf("%w: alert.prune: %w", ErrStorage, err)
		}
		return nil
	})
}

// Alerts returns account's alerts newest first: at most limit, with seq
// below before (0: from the newest).
func (s *DB) Alerts(ctx context.Context, account string, before int64, limit int) ([]AlertRow, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.db.QueryContext(ctx, s.queries["alert.list"], account, before, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: alert.list: %w", ErrStorage, err)
	}
	defer rows.Close()
	out := []AlertRow{}
	for rows.Next() {
		a := AlertRow{Account: account}
		var value sql.NullFloat64
		var raised string
		if err := rows.Scan(&a.Seq, &a.ID, &a.Kind, &a.Threshold, &value, &a.State, &a.AsOf, &raised); err != nil {
			return nil, fmt.Errorf("%w: alert.list: %w", ErrStorage, err)
		}
		if value.Valid {
			a.Value = &value.Float64
		}
		if a.Raised, err = time.Parse(sortableTime, raised); err != nil {
			return nil, fmt.Errorf("%w: alert %s raised_at %q", ErrCorrupt, a.ID, raised)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
