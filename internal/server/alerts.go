// Alerts you can list, and webhook secrets sealed at rest (issue 17).
//
// Every alert checkAccountLimits raises is stored with the new limit
// states in one transaction (store.RaiseAlerts, migration 00016) and is
// listed by GET /v1/accounts/{id}/alerts: newest first, in pages (limit,
// and before = the last page's next), each with its limit's kind and
// threshold, the measured value and the time. Access is the account
// routes' (the account's own token or the admin; any other token is 403
// whether or not the account exists, as on every account route). The
// server keeps Config.AlertKeep alerts per account.
//
// Webhook secrets are stored sealed under Config.WebhookKeys
// (alert.Keyring: AES-256-GCM, with the key id). At start the server
// seals rows still in plaintext (written before 00016) and re-seals rows
// under an older key of the keyring with the current one; it refuses to
// start without a keyring while any subscription is stored
// (ErrWebhookKeyRequired), and when a row's key is not in the keyring or
// does not open it.
package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
)

// ErrWebhookKeyRequired refuses to start a server whose store holds webhook
// subscriptions without a key to open their secrets.
var ErrWebhookKeyRequired = errors.New("the store holds webhook subscriptions, whose secrets need the server's webhook key: " +
	"pass --webhook-key-file FILE (or UNIMARGIN_WEBHOOK_KEY_FILE)")

// ErrWebhookKey refuses to start when a stored secret does not open under
// the given keys (wraps alert.ErrUnknownKey or alert.ErrSealed).
var ErrWebhookKey = errors.New("--webhook-key-file")

// Alert paging bounds.
const (
	defaultAlertKeep = 1000
	maxAlertPage     = 500
)

func (s *Server) alertKeep() int {
	if s.cfg.AlertKeep > 0 {
		return s.cfg.AlertKeep
	}
	return defaultAlertKeep
}

// sealWebhookSecrets is the start-up check and migration described above.
func (s *Server) sealWebhookSecrets(ctx context.Context) error {
	hooks, err := s.db.AllWebhooks(ctx)
	if err != nil {
		return fmt.Errorf("reading webhook subscriptions: %w", err)
	}
	keys := s.cfg.WebhookKeys
	if len(hooks) > 0 && keys == nil {
		return fmt.Errorf("%w (%d stored)", ErrWebhookKeyRequired, len(hooks))
	}
	sealed := 0
	for _, h := range hooks {
		secret := h.Secret
		if h.KeyID != "" {
			if secret, err = keys.Open(h.Account, h.ID, h.KeyID, h.Secret); err != nil {
				return fmt.Errorf("%w: %w", ErrWebhookKey, err)
			}
		}
		if h.KeyID == keys.Current() {
			continue
		}
		id, value, err := keys.Seal(h.Account, h.ID, secret)
		if err != nil {
			return fmt.Errorf("sealing webhook %s of %s: %w", h.ID, h.Account, err)
		}
		if _, err := s.db.ResealWebhook(ctx, h, value, id); err != nil {
			return fmt.Errorf("sealing webhook %s of %s: %w", h.ID, h.Account, err)
		}
		sealed++
	}
	if sealed > 0 {
		s.log.Info("webhooks: secrets sealed under the current key", "key", keys.Current(), "webhooks", sealed)
	}
	return nil
}

// openHook is a subscription with its secret opened.
type openHook struct {
	row    store.WebhookRow
	secret []byte
}

// openHooks returns account's subscriptions whose secrets open; one that
// does not is logged in its delivery log (never sent unsigned).
func (s *Server) openHooks(ctx context.Context, account string) []openHook {
	rows, err := s.db.Webhooks(ctx, account)
	if err != nil {
		s.log.Warn("limits: webhooks not read", "account", account, "err", err)
		return nil
	}
	out := make([]openHook, 0, len(rows))
	for _, h := range rows {
		var secret string
		err := errors.New("no webhook key")
		if s.cfg.WebhookKeys != nil {
			secret, err = s.cfg.WebhookKeys.Open(h.Account, h.ID, h.KeyID, h.Secret)
		}
		if err != nil {
			s.log.Warn("webhook: secret does not open; not delivered", "account", h.Account, "webhook", h.ID, "err", err)
			s.hooks.record(store.DeliveryRow{Account: h.Account, WebhookID: h.ID, EventID: "", Attempt: 0,
				Error: "not sent: the secret does not open under the server's webhook keys", At: time.Now()})
			continue
		}
		out = append(out, openHook{row: h, secret: []byte(secret)})
	}
	return out
}

// Alert is one stored alert as the API lists it.
type Alert struct {
	Seq       int64      `json:"seq" doc:"The alert's position in the store (increasing); before=seq pages below it."`
	ID        string     `json:"id" doc:"As in the alert event and the webhook's X-Unimargin-Delivery."`
	Kind      alert.Kind `json:"kind" enum:"health,excess,liquidation_distance,concentration"`
	Threshold float64    `json:"threshold"`
	Value     *float64   `json:"value" doc:"The measured figure; null when it did not exist."`
	State     string     `json:"state" enum:"breached,cleared"`
	AsOf      string     `json:"as_of" doc:"The market's as_of when it was raised."`
	RaisedAt  string     `json:"raised_at" doc:"When the server raised it (RFC 3339)."`
}

// Alerts is a page of an account's alerts, newest first.
type Alerts struct {
	Account string  `json:"account"`
	Alerts  []Alert `json:"alerts"`
	Next    *int64  `json:"next" doc:"Pass as before for the next (older) page; null on the last page."`
}

type alertsInput struct {
	ID     string `path:"id" maxLength:"128" doc:"The account id."`
	Limit  int    `query:"limit" default:"50" minimum:"1" maximum:"500" doc:"At most this many alerts."`
	Before int64  `query:"before" minimum:"0" maximum:"9000000000000000000" doc:"Only alerts with seq below this (a previous page's next); 0: from the newest."`
}

type alertsOutput struct{ Body Alerts }

func (s *Server) registerAlerts() {
	huma.Register(s.api, accountOp("get-account-alerts", http.MethodGet, "/v1/accounts/{id}/alerts",
		"An account's alerts, newest first",
		"Every alert raised on the account's limits (a limit becoming breached, or clearing): the limit, the measured value, "+
			"the threshold and the time. Paged: limit, and before = the previous page's next. The server keeps the newest "+
			strconv.Itoa(defaultAlertKeep)+" per account by default."),
		s.listAlerts)
}

func (s *Server) listAlerts(ctx context.Context, in *alertsInput) (*alertsOutput, error) {
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return nil, err
	}
	limit := min(max(in.Limit, 1), maxAlertPage)
	rows, err := s.db.Alerts(ctx, in.ID, in.Before, limit+1)
	if err != nil {
		return nil, problemFor(err, "")
	}
	return &alertsOutput{Body: AlertsOf(in.ID, rows, limit)}, nil
}

// AlertsOf is the API's (and `unimargin alerts --json`'s) page of stored
// alerts: rows are newest first, read with one more than limit so that a
// following page is known (Next).
func AlertsOf(account string, rows []store.AlertRow, limit int) Alerts {
	out := Alerts{Account: account, Alerts: make([]Alert, 0, min(len(rows), limit))}
	if len(rows) > limit {
		rows = rows[:limit]
		next := rows[limit-1].Seq
		out.Next = &next
	}
	for _, r := range rows {
		out.Alerts = append(out.Alerts, Alert{Seq: r.Seq, ID: r.ID, Kind: alert.Kind(r.Kind), Threshold: r.Threshold,
			Value: r.Value, State: r.State, AsOf: r.AsOf, RaisedAt: r.Raised.Format(time.RFC3339Nano)})
	}
	return out
}
