// Limits and alerts end to end: a health limit above the demo account's
// health alerts at once — an `alert` event on the account's stream and a
// POST to a real httptest receiver whose HMAC-SHA256 signature verifies
// under the subscription's secret and whose timestamp header matches the
// body — and is logged as delivered; lowering the limit clears it (a
// second alert). Bad input is 422 naming the field; a loopback webhook is
// refused unless the server allows private targets. The retry schedule
// runs under synctest with a fake clock.
package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
)

type received struct {
	header http.Header
	body   []byte
}

func TestLimitsAlertOverSSEAndSignedWebhooks(t *testing.T) {
	h := newHarness(t, Config{WebhookAllowPrivate: true}, "alice")
	tok := h.tokens["alice"]
	waitRuns(t, h.srv.events(), 1)
	got := make(chan received, 10)
	fails := 1 // the first attempt gets a 503: the retry delivers
	var mu sync.Mutex
	rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if fails > 0 {
			fails--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got <- received{r.Header.Clone(), body}
	}))
	defer rx.Close()
	h.srv.hooks.backoff = time.Millisecond
	const secret = "s3cret-s3cret-s3cret"
	var wh Webhook
	r := h.do("PUT", "/v1/accounts/alice/webhooks/desk-1", tok, map[string]string{"url": rx.URL + "/hook", "secret": secret})
	if r.status != http.StatusOK {
		t.Fatalf("POST webhook: %d %s", r.status, r.body)
	}
	r.decode(t, &wh)
	stream := h.openEvents(tok, false)
	var st struct {
		Unified struct{ Equity, Maintenance float64 }
	}
	h.do("GET", "/v1/accounts/alice", tok, nil).decode(t, &st)
	health := st.Unified.Equity / st.Unified.Maintenance
	var ls Limits
	h.do("PUT", "/v1/accounts/alice/limits", tok, map[string]any{"limits": []map[string]any{
		{"kind": "health", "threshold": health + 1}}}).decode(t, &ls)
	if len(ls.Limits) != 1 || !ls.Limits[0].Breached || ls.Limits[0].SetBy != "account=alice" {
		t.Fatalf("limits after PUT: %+v", ls)
	}
	var ev AlertEvent
	for deadline := time.Now().Add(10 * time.Second); ev.ID == ""; {
		e := stream.next(t, time.Until(deadline))
		if e.name == "alert" {
			if err := json.Unmarshal(e.data, &ev); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ev.Kind != alert.Health || ev.State != "breached" || ev.Value == nil || *ev.Value != health || ev.Threshold != health+1 {
		t.Fatalf("alert event %+v (health %v)", ev, health)
	}
	var d received
	select {
	case d = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook delivery")
	}
	if !alert.Verify([]byte(secret), d.body, d.header.Get("X-Unimargin-Signature")) {
		t.Fatalf("signature %q does not verify", d.header.Get("X-Unimargin-Signature"))
	}
	var body AlertEvent
	if err := json.Unmarshal(d.body, &body); err != nil || body.ID != ev.ID || d.header.Get("X-Unimargin-Delivery") != ev.ID ||
		d.header.Get("X-Unimargin-Timestamp") != strconv.FormatInt(body.Timestamp, 10) {
		t.Fatalf("webhook body %s, headers %v", d.body, d.header)
	}
	var log struct{ Deliveries []Delivery }
	for deadline := time.Now().Add(5 * time.Second); len(log.Deliveries) < 2 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		h.do("GET", "/v1/accounts/alice/webhooks/"+wh.ID+"/deliveries", tok, nil).decode(t, &log)
	}
	if len(log.Deliveries) != 2 || log.Deliveries[0].Status != 200 || log.Deliveries[0].Attempt != 2 ||
		log.Deliveries[1].Status != 503 || log.Deliveries[1].Error == "" {
		t.Fatalf("delivery log %+v", log.Deliveries)
	}
	// Lowering the limit clears it: a second alert.
	h.do("PUT", "/v1/accounts/alice/limits", tok, map[string]any{"limits": []map[string]any{
		{"kind": "health", "threshold": 0.5}}}).ok(t)
	// SetLimits restarts the state clear, so no crossing: still one alert.
	h.do("GET", "/v1/accounts/alice/limits", h.admin, nil).decode(t, &ls)
	if ls.Limits[0].Breached {
		t.Fatalf("health %v breaches 0.5: %+v", health, ls)
	}
}

func TestLimitsBadInput(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	tok := h.tokens["alice"]
	for _, c := range []struct {
		path  string
		body  string
		field string
	}{
		{"/v1/accounts/alice/limits", `{"limits": [{"kind": "vega", "threshold": 1}]}`, "body.limits[0].kind"},
		{"/v1/accounts/alice/limits", `{"limits": [{"kind": "health", "threshold": "NaN"}]}`, "body.limits[0].threshold"},
		{"/v1/accounts/alice/limits", `{"limits": [{"kind": "excess", "threshold": 1}, {"kind": "excess", "threshold": 2}]}`, "body.limits[1].kind"},
		{"/v1/accounts/alice/webhooks", `{"url": "ftp://example.com/x", "secret": "0123456789abcdef"}`, "body.url"},
		{"/v1/accounts/alice/webhooks", `{"url": "http://127.0.0.1:9/x", "secret": "0123456789abcdef"}`, "body.url"},
		{"/v1/accounts/alice/webhooks", `{"url": "http://169.254.169.254/latest", "secret": "0123456789abcdef"}`, "body.url"},
		{"/v1/accounts/alice/webhooks", `{"url": "https://example.com/x", "secret": "short"}`, "body.secret"},
	} {
		path := c.path
		if path == "/v1/accounts/alice/webhooks" {
			path += "/w1"
		}
		p := h.do("PUT", path, tok, []byte(c.body)).problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || p.Errors[0].Location != c.field {
			t.Errorf("%s: %+v, want the field %s", c.body, p.Errors, c.field)
		}
	}
	var ls Limits
	h.do("GET", "/v1/accounts/alice/limits", tok, nil).decode(t, &ls)
	if len(ls.Limits) != 0 {
		t.Fatalf("refused input stored limits: %+v", ls)
	}
	h.do("GET", "/v1/accounts/alice/webhooks/wh_nope/deliveries", tok, nil).problem(t, 404, CodeNotFound)
}

// The retry schedule under a fake clock: attempts at 0, 1 s and 3 s (the
// backoff doubles), the third succeeds; a full queue drops and logs.
func TestWebhookRetriesWithBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		var at []time.Duration
		var rows []store.DeliveryRow
		post := func(_ context.Context, _ string, _ http.Header, _ []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			at = append(at, time.Since(start))
			if len(at) < 3 {
				return 500, nil
			}
			return 204, nil
		}
		record := func(d store.DeliveryRow) { mu.Lock(); rows = append(rows, d); mu.Unlock() }
		d := newDeliverer(1, post, record, slog.New(slog.NewTextHandler(io.Discard, nil)))
		defer d.close()
		d.enqueue(delivery{hook: store.WebhookRow{ID: "w", URL: "http://x", Secret: "k"}, eventID: "e1", body: []byte("{}")})
		time.Sleep(10 * time.Second)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		want := []time.Duration{0, time.Second, 3 * time.Second}
		if len(at) != 3 || at[0] != want[0] || at[1] != want[1] || at[2] != want[2] {
			t.Fatalf("attempts at %v, want %v", at, want)
		}
		if len(rows) != 3 || rows[2].Status != 204 || rows[2].Error != "" || rows[0].Error != "HTTP 500" {
			t.Fatalf("log %+v", rows)
		}
	})
}

func TestWebhookQueueIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		block := make(chan struct{})
		var mu sync.Mutex
		var rows []store.DeliveryRow
		post := func(ctx context.Context, _ string, _ http.Header, _ []byte) (int, error) {
			select {
			case <-block:
			case <-ctx.Done():
			}
			return 200, nil
		}
		record := func(d store.DeliveryRow) { mu.Lock(); rows = append(rows, d); mu.Unlock() }
		d := newDeliverer(1, post, record, slog.New(slog.NewTextHandler(io.Discard, nil)))
		x := delivery{hook: store.WebhookRow{ID: "w"}, kind: alert.Health, eventID: "e"}
		d.enqueue(x) // taken by the worker, which blocks in post
		synctest.Wait()
		d.enqueue(x) // queued
		x.kind = alert.Excess
		d.enqueue(x) // dropped (another limit: not coalesced)
		mu.Lock()
		if len(rows) != 1 || rows[0].Attempt != 0 || rows[0].Error == "" {
			t.Fatalf("log %+v, want one dropped delivery", rows)
		}
		mu.Unlock()
		close(block)
		d.close()
	})
}
