// Webhook ids are each account's own (issue 17). Before, a PUT of an id
// another account had was a 409 naming it, which told the caller that
// account had a webhook of that id. Method: alice and bob subscribe under
// the same id with different URLs and secrets; each reads back only their
// own, a PUT or DELETE by one leaves the other's untouched, each delivery
// log holds its own account's attempts only, and an alert of alice's goes
// to alice's URL signed with alice's secret, none to bob's.
package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
)

func TestWebhookIDsArePerAccount(t *testing.T) {
	h := newHarness(t, Config{WebhookAllowPrivate: true}, "alice", "bob")
	waitRuns(t, h.srv.events(), 1)
	type hit struct {
		who  string
		sig  string
		body []byte
	}
	got := make(chan hit, 16)
	rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- hit{r.URL.Path, r.Header.Get("X-Unimargin-Signature"), body}
	}))
	defer rx.Close()
	secrets := map[string]string{"alice": "alice-secret-0123456789", "bob": "bob-secret-0123456789"}
	for _, who := range []string{"alice", "bob"} {
		r := h.do("PUT", "/v1/accounts/"+who+"/webhooks/desk", h.tokens[who],
			map[string]string{"url": rx.URL + "/" + who, "secret": secrets[who]})
		if r.status != http.StatusOK {
			t.Fatalf("%s's PUT of desk: %d %s", who, r.status, r.body)
		}
	}
	list := func(who string) []Webhook {
		var out struct{ Webhooks []Webhook }
		h.do("GET", "/v1/accounts/"+who+"/webhooks", h.tokens[who], nil).decode(t, &out)
		return out.Webhooks
	}
	for _, who := range []string{"alice", "bob"} {
		if ws := list(who); len(ws) != 1 || ws[0].ID != "desk" || ws[0].URL != rx.URL+"/"+who {
			t.Fatalf("%s's webhooks: %+v", who, ws)
		}
	}
	// bob replacing his desk does not reach alice's.
	h.do("PUT", "/v1/accounts/bob/webhooks/desk", h.tokens["bob"],
		map[string]string{"url": rx.URL + "/bob2", "secret": secrets["bob"]}).ok(t)
	if ws := list("alice"); len(ws) != 1 || ws[0].URL != rx.URL+"/alice" {
		t.Fatalf("bob's PUT changed alice's desk: %+v", ws)
	}
	// One delivery in each log: each account reads its own.
	for _, who := range []string{"alice", "bob"} {
		if err := h.db.LogDelivery(t.Context(), store.DeliveryRow{Account: who, WebhookID: "desk", EventID: "ev_" + who,
			Attempt: 1, Status: 200, At: time.Now()}, webhookLogKeep); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"alice", "bob"} {
		var log struct{ Deliveries []Delivery }
		h.do("GET", "/v1/accounts/"+who+"/webhooks/desk/deliveries", h.tokens[who], nil).decode(t, &log)
		if len(log.Deliveries) != 1 || log.Deliveries[0].Event != "ev_"+who {
			t.Fatalf("%s's delivery log: %+v", who, log.Deliveries)
		}
	}
	// An alert of alice's goes to alice's URL, signed with her secret.
	h.do("PUT", "/v1/accounts/alice/limits", h.tokens["alice"], map[string]any{"limits": []map[string]any{
		{"kind": "health", "threshold": 1e9}}}).ok(t)
	select {
	case d := <-got:
		if d.who != "/alice" || !alert.Verify([]byte(secrets["alice"]), d.body, d.sig) {
			t.Fatalf("alice's alert went to %s, signature verifies under alice's secret: %v",
				d.who, alert.Verify([]byte(secrets["alice"]), d.body, d.sig))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery of alice's alert")
	}
	// bob deleting his desk leaves alice's, and her log.
	if r := h.do("DELETE", "/v1/accounts/bob/webhooks/desk", h.tokens["bob"], nil); r.status != http.StatusNoContent {
		t.Fatalf("bob's DELETE of desk: %d %s", r.status, r.body)
	}
	if ws := list("bob"); len(ws) != 0 {
		t.Fatalf("bob's webhooks after DELETE: %+v", ws)
	}
	if ws := list("alice"); len(ws) != 1 {
		t.Fatalf("bob's DELETE took alice's desk: %+v", ws)
	}
	h.do("GET", "/v1/accounts/bob/webhooks/desk/deliveries", h.tokens["bob"], nil).problem(t, 404, CodeNotFound)
	var log struct{ Deliveries []Delivery }
	h.do("GET", "/v1/accounts/alice/webhooks/desk/deliveries", h.tokens["alice"], nil).decode(t, &log)
	if len(log.Deliveries) == 0 {
		t.Fatal("bob's DELETE took alice's log")
	}
	select {
	case d := <-got:
		if d.who != "/alice" {
			t.Fatalf("a delivery to %s", d.who)
		}
	default:
	}
}
