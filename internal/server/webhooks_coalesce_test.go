// Goal: an account that makes its limits flap cannot make the server a
// traffic amplifier toward a public host. Before, every crossing of every
// limit was one delivery to each of the account's (up to 5) webhooks, so
// the delivery rate toward a receiver was the account's flap rate (bounded
// only by its request rate). Now a subscription starts at most one delivery
// per limit per webhookCoalesce; a crossing that comes while that limit's
// alert is waiting replaces it, so the receiver always ends with the latest
// state. Method (fake clock, real HTTP): a receiver on loopback (httptest,
// outside the bubble; the deliverer's client allows private targets, as
// serve --webhook-allow-private) gets the deliverer's signed POSTs. Two
// limits of one subscription flap K times each, one crossing a second;
// another subscription's single alert, and a third limit's first alert on
// the same subscription, go out at once, not held behind them. The
// deliveries per limit stay within 1 + span/webhookCoalesce, start at
// least webhookCoalesce apart, and the last delivered of each limit is its
// last crossing (state, threshold, signature).
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
)

func TestFlappingLimitsAreCoalescedPerSubscription(t *testing.T) {
	const secret = "receiver-secret-0123456789"
	var rmu sync.Mutex
	received := map[string][]AlertEvent{} // path → bodies, in arrival order
	rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev AlertEvent
		if json.Unmarshal(body, &ev) != nil || !alert.Verify([]byte(secret), body, r.Header.Get("X-Unimargin-Signature")) ||
			r.Header.Get("X-Unimargin-Delivery") != ev.ID {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rmu.Lock()
		received[r.URL.Path] = append(received[r.URL.Path], ev)
		rmu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rx.Close()

	synctest.Test(t, func(t *testing.T) {
		client := webhookClient(true)
		client.Transport.(*http.Transport).DisableKeepAlives = true // no idle connection outliving the bubble
		var mu sync.Mutex
		started := map[alert.Kind][]time.Time{} // the flapping subscription's delivery starts, fake clock
		real := httpPost(client)
		post := func(ctx context.Context, url string, h http.Header, body []byte) (int, error) {
			var ev AlertEvent
			_ = json.Unmarshal(body, &ev)
			if url == rx.URL+"/desk" {
				mu.Lock()
				started[ev.Kind] = append(started[ev.Kind], time.Now())
				mu.Unlock()
			}
			return real(ctx, url, h, body)
		}
		d := newDeliverer(webhookQueue, post, func(store.DeliveryRow) {}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		defer d.close()
		desk := store.WebhookRow{Account: "alice", ID: "desk", URL: rx.URL + "/desk"}
		other := store.WebhookRow{Account: "bob", ID: "desk", URL: rx.URL + "/other"}
		send := func(hook store.WebhookRow, kind alert.Kind, i int) AlertEvent {
			ev := AlertEvent{ID: fmt.Sprintf("al_%s_%s_%d", hook.Account, kind, i), Account: hook.Account, Kind: kind,
				Threshold: float64(i), State: map[bool]string{true: "breached", false: "cleared"}[i%2 == 0],
				Timestamp: time.Now().Unix()}
			body, err := json.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			d.enqueue(delivery{hook: hook, secret: []byte(secret), kind: kind, eventID: ev.ID, body: body, stamp: ev.Timestamp})
			return ev
		}

		const flaps = 90 // one crossing per second per limit: 90 s of flapping
		begin := time.Now()
		last := map[alert.Kind]AlertEvent{}
		for i := range flaps {
			for _, k := range []alert.Kind{alert.Health, alert.Excess} {
				last[k] = send(desk, k, i)
			}
			if i == flaps/2 {
				synctest.Wait()
				send(other, alert.Health, 0)
				fresh := send(desk, alert.Concentration, 0)
				synctest.Wait()
				rmu.Lock()
				n := len(received["/other"])
				atOnce := false
				for _, ev := range received["/desk"] {
					atOnce = atOnce || ev.ID == fresh.ID
				}
				rmu.Unlock()
				if n != 1 {
					t.Errorf("another subscription's alert: %d deliveries at once, want 1 (not held behind the flapping one)", n)
				}
				if !atOnce {
					t.Errorf("a limit that has not alerted within the window waits behind the held ones")
				}
			}
			time.Sleep(time.Second)
		}
		span := time.Since(begin)
		time.Sleep(2 * webhookCoalesce) // everything held goes out
		synctest.Wait()

		rmu.Lock()
		defer rmu.Unlock()
		mu.Lock()
		defer mu.Unlock()
		bound := 1 + int(span/webhookCoalesce) + 1 // the first at once, then one a window (the last after the span)
		byKind := map[alert.Kind][]AlertEvent{}
		for _, ev := range received["/desk"] {
			byKind[ev.Kind] = append(byKind[ev.Kind], ev)
		}
		for _, k := range []alert.Kind{alert.Health, alert.Excess} {
			got := byKind[k]
			if len(got) == 0 || len(got) > bound {
				t.Fatalf("%s: %d deliveries for %d crossings over %v, want 1 to %d (one per %v)",
					k, len(got), flaps, span, bound, webhookCoalesce)
			}
			if end := got[len(got)-1]; end.ID != last[k].ID || end.State != last[k].State || end.Threshold != last[k].Threshold {
				t.Errorf("%s: the last delivery is %+v, want the last crossing %+v", k, end, last[k])
			}
			for i := 1; i < len(started[k]); i++ {
				if gap := started[k][i].Sub(started[k][i-1]); gap < webhookCoalesce {
					t.Errorf("%s: deliveries %d and %d started %v apart, want at least %v", k, i-1, i, gap, webhookCoalesce)
				}
			}
		}
	})
}

// Goal: coalescing is per limit, through the server's own path (an
// evaluation's crossings to the deliverer): two limits crossing in one
// evaluation are two deliveries, neither replacing the other. Method: a
// real server and receiver; alice sets a health and an excess limit that
// her book breaches, and both alerts arrive.
func TestOneEvaluationsCrossingsAreAllDelivered(t *testing.T) {
	h := newHarness(t, Config{WebhookAllowPrivate: true}, "alice")
	waitRuns(t, h.srv.events(), 1)
	got := make(chan alert.Kind, 8)
	rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev AlertEvent
		body, _ := io.ReadAll(r.Body)
		if json.Unmarshal(body, &ev) == nil {
			got <- ev.Kind
		}
	}))
	defer rx.Close()
	h.do("PUT", "/v1/accounts/alice/webhooks/desk", h.tokens["alice"],
		map[string]string{"url": rx.URL, "secret": "alice-secret-0123456789"}).ok(t)
	h.do("PUT", "/v1/accounts/alice/limits", h.tokens["alice"], map[string]any{"limits": []map[string]any{
		{"kind": "health", "threshold": 1e9}, {"kind": "excess", "threshold": 1e15}}}).ok(t)
	seen := map[alert.Kind]bool{}
	deadline := time.After(10 * time.Second)
	for len(seen) < 2 {
		select {
		case k := <-got:
			seen[k] = true
		case <-deadline:
			t.Fatalf("delivered %v, want health and excess", seen)
		}
	}
}
