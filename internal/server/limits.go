// Limits and alerts: PUT/GET /v1/accounts/{id}/limits (the account or the
// admin), webhook subscriptions under /v1/accounts/{id}/webhooks with
// their delivery log. After every margin event of an account with limits
// (margined, history.go) its figures (alert.Figures, from the account's
// margin report) are compared with its limits; a limit whose state changes
// publishes an `alert` event on /v1/events and is delivered to the
// account's webhooks (webhooks.go). Breach states are stored, so a restart
// does not repeat an alert.
package server

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// AlertEvent is the data of an `alert` event (and a webhook's body).
type AlertEvent struct {
	Seq       uint64        `json:"seq" doc:"Position in the server's event sequence (0 in a webhook body)."`
	ID        string        `json:"id" doc:"The alert's id (a webhook's X-Unimargin-Delivery)."`
	Account   string        `json:"account"`
	Kind      alert.Kind    `json:"kind"`
	Threshold float64       `json:"threshold"`
	Value     *float64      `json:"value" doc:"The figure now; null when it does not exist."`
	State     string        `json:"state" enum:"breached,cleared"`
	AsOf      string        `json:"as_of"`
	Timestamp int64         `json:"timestamp" doc:"Unix seconds when the alert was raised (also X-Unimargin-Timestamp)."`
	Figures   alert.Figures `json:"figures"`
}

// Limits is an account's limits and their state.
type Limits struct {
	Account string       `json:"account"`
	Limits  []LimitState `json:"limits"`
}

// LimitState is one limit with who set it and whether it is breached.
type LimitState struct {
	alert.Limit
	SetBy    string `json:"set_by"`
	Breached bool   `json:"breached"`
}

type limitsBody struct {
	Limits []alert.Limit `json:"limits" maxItems:"4" doc:"At most one limit per kind; the set replaces the account's limits."`
}

type limitsInput struct {
	ID   string `path:"id" maxLength:"128"`
	Body limitsBody
}

type limitsOutput struct{ Body Limits }

type webhookBody struct {
	URL    string `json:"url" maxLength:"2048" doc:"http or https; loopback and private addresses are refused unless the server allows them."`
	Secret string `json:"secret,omitempty" required:"false" maxLength:"256" doc:"The HMAC-SHA256 key of X-Unimargin-Signature (16 to 256 bytes). When absent the server generates one and returns it in this response only. Stored sealed (AES-256-GCM under the server key); no read returns it."`
}

// Webhook is a subscription as the API shows it: never its secret, except
// the one the server generated, once, in the answer that created it.
type Webhook struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	CreatedAt string `json:"created_at"`
	Secret    string `json:"secret,omitempty" doc:"Only in the answer to a PUT without a secret: the secret the server generated. Shown once."`
}

// Delivery is one attempt of the delivery log.
type Delivery struct {
	Event   string `json:"event"`
	Attempt int    `json:"attempt" doc:"1, 2, …; 0: dropped because the queue was full."`
	Status  int    `json:"status" doc:"The receiver's HTTP status; 0 when there was no response."`
	Error   string `json:"error,omitempty"`
	At      string `json:"at"`
}

// startDeliveries starts the webhook deliverer (before the routes: the
// event loop's first run may already alert).
func (s *Server) startDeliveries() {
	s.hooks = newDeliverer(webhookQueue, httpPost(webhookClient(s.cfg.WebhookAllowPrivate)), func(d store.DeliveryRow) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.db.LogDelivery(ctx, d, webhookLogKeep); err != nil {
			s.log.Warn("webhook: delivery not logged", "err", err)
		}
	}, s.log)
	s.onClose(s.hooks.close)
}

func (s *Server) registerLimits() {
	huma.Register(s.api, accountOp("get-account-limits", http.MethodGet, "/v1/accounts/{id}/limits",
		"An account's limits", "Thresholds on health, excess, liquidation distance and concentration, and whether each is breached."),
		func(ctx context.Context, in *accountInput) (*limitsOutput, error) { return s.readLimits(ctx, in.ID) })
	put := accountOp("put-account-limits", http.MethodPut, "/v1/accounts/{id}/limits", "Set an account's limits",
		"Replaces the account's limits (the account itself or the admin). Kinds: health (equity/maintenance, alert below), "+
			"excess (USD, below), liquidation_distance (nearest venue liquidation price as a fraction of spot, below), "+
			"concentration (largest |delta_usd| of one root asset / equity, above). Alerts are `alert` events and webhooks.")
	huma.Register(s.api, put, s.putLimits)
	huma.Register(s.api, accountOp("put-account-webhook", http.MethodPut, "/v1/accounts/{id}/webhooks/{hook}", "Subscribe a webhook to the account's alerts",
		"Creates the account's subscription {hook} (or replaces its URL and secret); ids are each account's own. "+
			"Each alert is POSTed to the URL as JSON with "+
			"X-Unimargin-Signature: sha256=hex(HMAC-SHA256(secret, body)), retried with backoff.", 409), s.putWebhook)
	huma.Register(s.api, accountOp("list-account-webhooks", http.MethodGet, "/v1/accounts/{id}/webhooks", "An account's webhooks", "Without their secrets."),
		s.listWebhooks)
	huma.Register(s.api, accountOp("delete-account-webhook", http.MethodDelete, "/v1/accounts/{id}/webhooks/{hook}", "Remove a webhook", "And its delivery log."),
		s.deleteWebhook)
	huma.Register(s.api, accountOp("list-webhook-deliveries", http.MethodGet, "/v1/accounts/{id}/webhooks/{hook}/deliveries",
		"A webhook's delivery log", "Every attempt, newest first (the last 200)."), s.listDeliveries)
}

func (s *Server) readLimits(ctx context.Context, id string) (*limitsOutput, error) {
	if err := s.knownAccount(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Limits(ctx, id)
	if err != nil {
		return nil, problemFor(err, "")
	}
	return &limitsOutput{Body: LimitsOf(id, rows)}, nil
}

// LimitsOf is the API's (and `unimargin limits show --json`'s) view of an
// account's stored limits.
func LimitsOf(account string, rows []store.LimitRow) Limits {
	out := Limits{Account: account, Limits: []LimitState{}}
	for _, r := range rows {
		out.Limits = append(out.Limits, LimitState{Limit: alert.Limit{Kind: alert.Kind(r.Kind), Threshold: r.Threshold},
			SetBy: r.SetBy, Breached: r.Breached})
	}
	return out
}

// SetLimits validates ls (alert.CheckLimits: an *alert.FieldError names
// the offending limits[i] field) and replaces account's stored limits,
// recording setBy; the one path of PUT /v1/accounts/{id}/limits and
// `unimargin limits set|clear`. Invalid limits change nothing. The caller
// has checked that the account exists.
func SetLimits(ctx context.Context, db *store.DB, account string, ls []alert.Limit, setBy string) error {
	if err := alert.CheckLimits(ls); err != nil {
		return err
	}
	rows := make([]store.LimitRow, 0, len(ls))
	for _, l := range ls {
		rows = append(rows, store.LimitRow{Kind: string(l.Kind), Threshold: l.Threshold, SetBy: setBy})
	}
	return db.SetLimits(ctx, account, rows)
}

// fieldProblem is a 422 naming a body field of an alert.FieldError.
func fieldProblem(err error) error {
	var fe *alert.FieldError
	if errors.As(err, &fe) {
		return problemf(http.StatusUnprocessableEntity, CodeInvalidInput, err.Error(),
			&ProblemField{Location: "body." + fe.Field, Message: fe.Reason, Value: fe.Value})
	}
	return problemFor(err, "")
}

func (s *Server) putLimits(ctx context.Context, in *limitsInput) (*limitsOutput, error) {
	if err := alert.CheckLimits(in.Body.Limits); err != nil {
		return nil, fieldProblem(err)
	}
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return nil, err
	}
	sub, _ := subjectOf(ctx)
	if err := SetLimits(ctx, s.db, in.ID, in.Body.Limits, sub.String()); err != nil {
		return nil, fieldProblem(err)
	}
	s.accountChanged(ctx, in.ID) // evaluate the new limits now
	return s.readLimits(ctx, in.ID)
}

type webhookInput struct {
	ID   string `path:"id" maxLength:"128"`
	Hook string `path:"hook" pattern:"^[A-Za-z0-9_-]{1,64}$" doc:"The subscription's id, chosen by the client."`
	Body webhookBody
}

type webhookOutput struct{ Body Webhook }

type webhooksOutput struct {
	Body struct {
		Webhooks []Webhook `json:"webhooks"`
	}
}

type hookInput struct {
	ID   string `path:"id" maxLength:"128"`
	Hook string `path:"hook" maxLength:"64"`
}

type deliveriesOutput struct {
	Body struct {
		Deliveries []Delivery `json:"deliveries"`
	}
}

func (s *Server) putWebhook(ctx context.Context, in *webhookInput) (*webhookOutput, error) {
	if _, err := alert.CheckURL(in.Body.URL, s.cfg.WebhookAllowPrivate); err != nil {
		return nil, fieldProblem(err)
	}
	secret, generated := in.Body.Secret, in.Body.Secret == ""
	if generated {
		secret = alert.NewSecret()
	} else if err := alert.CheckSecret(secret); err != nil {
		return nil, fieldProblem(err)
	}
	if s.cfg.WebhookKeys == nil {
		return nil, problemf(http.StatusServiceUnavailable, CodeUnavailable,
			"this server has no webhook key to seal secrets with (serve --webhook-key-file), so it takes no subscriptions")
	}
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return nil, err
	}
	keyID, sealed, err := s.cfg.WebhookKeys.Seal(in.ID, in.Hook, secret)
	if err != nil {
		return nil, problemFor(err, "")
	}
	w := store.WebhookRow{ID: in.Hook, Account: in.ID, URL: in.Body.URL, Secret: sealed, KeyID: keyID, Created: time.Now()}
	if err := s.db.AddWebhook(ctx, w, maxWebhooks); err != nil {
		if errors.Is(err, store.ErrWebhookQuota) {
			return nil, problemf(http.StatusConflict, CodeOverLimit, err.Error())
		}
		return nil, problemFor(err, "")
	}
	out := &webhookOutput{Body: webhookOf(w)}
	if generated {
		out.Body.Secret = secret
	}
	return out, nil
}

func webhookOf(w store.WebhookRow) Webhook {
	return Webhook{ID: w.ID, URL: w.URL, CreatedAt: w.Created.Format(time.RFC3339Nano)}
}

func (s *Server) listWebhooks(ctx context.Context, in *accountInput) (*webhooksOutput, error) {
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return nil, err
	}
	rows, err := s.db.Webhooks(ctx, in.ID)
	if err != nil {
		return nil, problemFor(err, "")
	}
	out := &webhooksOutput{}
	out.Body.Webhooks = []Webhook{}
	for _, w := range rows {
		out.Body.Webhooks = append(out.Body.Webhooks, webhookOf(w))
	}
	return out, nil
}

func (s *Server) ownHook(ctx context.Context, in *hookInput) error {
	if err := s.knownAccount(ctx, in.ID); err != nil {
		return err
	}
	rows, err := s.db.Webhooks(ctx, in.ID)
	if err != nil {
		return problemFor(err, "")
	}
	for _, w := range rows {
		if w.ID == in.Hook {
			return nil
		}
	}
	return problemf(http.StatusNotFound, CodeNotFound, "no such webhook of this account",
		&ProblemField{Location: "path.hook", Message: "no such webhook of this account", Value: in.Hook})
}

func (s *Server) deleteWebhook(ctx context.Context, in *hookInput) (*struct{}, error) {
	if err := s.ownHook(ctx, in); err != nil {
		return nil, err
	}
	if _, err := s.db.DeleteWebhook(ctx, in.ID, in.Hook); err != nil {
		return nil, problemFor(err, "")
	}
	return nil, nil
}

func (s *Server) listDeliveries(ctx context.Context, in *hookInput) (*deliveriesOutput, error) {
	if err := s.ownHook(ctx, in); err != nil {
		return nil, err
	}
	rows, err := s.db.Deliveries(ctx, in.ID, in.Hook, webhookLogKeep)
	if err != nil {
		return nil, problemFor(err, "")
	}
	out := &deliveriesOutput{}
	out.Body.Deliveries = []Delivery{}
	for _, d := range rows {
		out.Body.Deliveries = append(out.Body.Deliveries, Delivery{Event: d.EventID, Attempt: d.Attempt, Status: d.Status,
			Error: d.Error, At: d.At.Format(time.RFC3339Nano)})
	}
	return out, nil
}

// figuresOf are the limits' figures of a margin report on market m.
func figuresOf(rep *margin.Report, m *market.Snapshot) alert.Figures {
	u := rep.Unified
	f := alert.Figures{Excess: &u.Excess, Health: healthOf(u.Equity, u.Maintenance)}
	dist := math.Inf(1)
	for _, v := range rep.Venues {
		for sym, p := range v.LiquidationPrices {
			if spot := m.Spot(sym); p != nil && spot > 0 {
				dist = min(dist, math.Abs(*p/spot-1))
			}
		}
	}
	if !math.IsInf(dist, 1) {
		f.LiquidationDistance = &dist
	}
	if u.Equity > 0 {
		c := 0.0
		for _, g := range rep.Greeks {
			c = max(c, math.Abs(g.DeltaUSD)/u.Equity)
		}
		f.Concentration = &c
	}
	return f
}

// checkLimits evaluates the limits of the margined accounts that have any.
func (s *Server) checkLimits(ctx context.Context, results []cluster.Result) {
	accounts, err := s.db.LimitAccounts(ctx)
	if err != nil || len(accounts) == 0 {
		if err != nil && ctx.Err() == nil {
			s.log.Warn("limits: not checked", "err", err)
		}
		return
	}
	has := map[string]bool{}
	for _, a := range accounts {
		has[a] = true
	}
	for _, r := range results {
		if has[r.Account] && r.Error == "" {
			s.checkAccountLimits(ctx, r.Account)
		}
	}
}

func (s *Server) checkAccountLimits(ctx context.Context, account string) {
	var rep *margin.Report
	var m *market.Snapshot
	err := s.db.View(ctx, func(tx vault.Tx) error {
		var err error
		if rep, err = vault.Report(tx, s.vaultConfig(), account); err != nil {
			return err
		}
		doc, _, err := tx.Market()
		if err != nil {
			return err
		}
		m, err = market.Load(doc, marketOptions(true))
		return err
	})
	if err != nil {
		s.log.Warn("limits: account not evaluated", "account", account, "err", err)
		return
	}
	rows, err := s.db.Limits(ctx, account)
	if err != nil {
		s.log.Warn("limits: not read", "account", account, "err", err)
		return
	}
	ls := make([]alert.Limit, 0, len(rows))
	was := map[alert.Kind]bool{}
	for _, r := range rows {
		ls = append(ls, alert.Limit{Kind: alert.Kind(r.Kind), Threshold: r.Threshold})
		was[alert.Kind(r.Kind)] = r.Breached
	}
	fig := figuresOf(rep, m)
	crossings, now := alert.Evaluate(ls, was, fig)
	if len(crossings) == 0 {
		return
	}
	state := map[string]bool{}
	for k, b := range now {
		state[string(k)] = b
	}
	raised := time.Now()
	stamp := raised.Unix()
	events := make([]AlertEvent, 0, len(crossings))
	stored := make([]store.AlertRow, 0, len(crossings))
	for _, c := range crossings {
		ev := AlertEvent{ID: "al_" + rand.Text()[:16], Account: account, Kind: c.Kind, Threshold: c.Threshold,
			Value: c.Value, State: map[bool]string{true: "breached", false: "cleared"}[c.Breached], AsOf: rep.AsOf,
			Timestamp: stamp, Figures: fig}
		events = append(events, ev)
		stored = append(stored, store.AlertRow{ID: ev.ID, Kind: string(ev.Kind), Threshold: ev.Threshold, Value: ev.Value,
			State: ev.State, AsOf: ev.AsOf, Raised: raised})
	}
	// The new states and the alerts in one transaction (alerts.go lists
	// them): a failure alerts nobody, and the next evaluation sees the
	// same crossing.
	if err := s.db.RaiseAlerts(ctx, account, state, stored, s.alertKeep()); err != nil {
		s.log.Warn("limits: state not stored", "account", account, "err", err)
		return
	}
	hooks := s.openHooks(ctx, account)
	for _, ev := range events {
		s.live.b.publish("alert", account, func(seq uint64) any { e := ev; e.Seq = seq; return e }, false)
		body, err := json.Marshal(ev)
		if err != nil {
			continue
		}
		for _, h := range hooks {
			s.hooks.enqueue(delivery{hook: h.row, secret: h.secret, kind: ev.Kind, eventID: ev.ID, body: body, stamp: stamp})
		}
	}
	s.log.Info("limits: alert", "account", account, "crossings", len(crossings), "webhooks", len(hooks), "kinds", strconv.Itoa(len(ls)))
}
