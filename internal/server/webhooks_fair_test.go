package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/unimargin/unimargin/internal/alert"
	"github.com/unimargin/unimargin/internal/store"
)

// Goal: one account's slow or dead webhook receiver cannot delay or drop
// another account's alerts. With one worker for every subscription, a
// receiver that never answers held it for each attempt's full timeout and
// every backoff (5 attempts: 10 s × 5 + 1 + 2 + 4 + 8 = 65 s per event), so
// an account that subscribed a black hole and made its limits flap queued
// everyone else's alerts behind its own, then got them dropped when the
// queue filled. Method (fake clock): a subscription whose receiver blocks
// until the attempt's deadline, then another's event; the second is
// delivered at once, while the first is still on its first attempt. A
// subscription's own events still go out one at a time, in order.
func TestSlowWebhookDoesNotDelayOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var mu sync.Mutex
		sent := map[string][]time.Duration{} // event → attempt times
		post := func(ctx context.Context, url string, _ http.Header, body []byte) (int, error) {
			mu.Lock()
			sent[string(body)] = append(sent[string(body)], time.Since(start))
			mu.Unlock()
			if url == "http://slow.example" {
				<-ctx.Done()
				return 0, ctx.Err()
			}
			return 204, nil
		}
		d := newDeliverer(webhookQueue, post, func(store.DeliveryRow) {}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		defer d.close()
		slow := store.WebhookRow{ID: "slow", URL: "http://slow.example", Secret: "k"}
		fast := store.WebhookRow{ID: "fast", URL: "http://fast.example", Secret: "k"}
		d.enqueue(delivery{hook: slow, eventID: "s1", body: []byte("s1")})
		d.enqueue(delivery{hook: slow, kind: alert.Excess, eventID: "s2", body: []byte("s2")}) // another limit: not coalesced
		d.enqueue(delivery{hook: fast, eventID: "f1", body: []byte("f1")})
		synctest.Wait()
		mu.Lock()
		if got := sent["f1"]; len(got) != 1 || got[0] != 0 {
			t.Errorf("the other subscription's event went out at %v, want once at 0 (not behind the slow receiver)", got)
		}
		if len(sent["s2"]) != 0 {
			t.Errorf("the slow subscription's second event overtook its first: %v", sent["s2"])
		}
		mu.Unlock()
	})
}

// Goal: subscriptions whose receivers never answer cannot take the whole
// delivery queue from the others. An account that makes its limits flap
// queues an event per flap on each of its 5 subscriptions (64 waiting at
// most each); a few such accounts filled the queue (1,024 in all) and
// every other account's alerts were dropped while it drained (an hour of
// 65 s attempts). Method (fake clock): a queue of 4 held by one black-hole
// subscription (one event in flight, 4 waiting); another subscription's
// event then goes in and out at once, and the black hole's newest waiting
// event is the one dropped (logged as attempt 0). A subscription is never
// evicted for one with as many events waiting.
func TestFullQueueDropsFromTheLongest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		sent := map[string]int{}
		var dropped []string
		post := func(ctx context.Context, url string, _ http.Header, body []byte) (int, error) {
			mu.Lock()
			sent[string(body)]++
			mu.Unlock()
			if url == "http://blackhole.example" {
				<-ctx.Done()
				return 0, ctx.Err()
			}
			return 204, nil
		}
		record := func(r store.DeliveryRow) {
			if r.Attempt == 0 {
				mu.Lock()
				dropped = append(dropped, r.EventID)
				mu.Unlock()
			}
		}
		d := newDeliverer(4, post, record, slog.New(slog.NewTextHandler(io.Discard, nil)))
		defer d.close()
		hole := store.WebhookRow{ID: "hole", URL: "http://blackhole.example"}
		d.enqueue(delivery{hook: hole, eventID: "h0", body: []byte("h0")})
		synctest.Wait()                                      // h0 in flight
		for i, e := range []string{"h1", "h2", "h3", "h4"} { // one per limit: none coalesced
			d.enqueue(delivery{hook: hole, kind: alert.Kinds[i], eventID: e, body: []byte(e)})
		}
		other := store.WebhookRow{ID: "other", URL: "http://other.example"}
		d.enqueue(delivery{hook: other, eventID: "o1", body: []byte("o1")})
		synctest.Wait()
		mu.Lock()
		if sent["o1"] != 1 {
			t.Errorf("the other subscription's event was sent %d times, want once", sent["o1"])
		}
		if len(dropped) != 1 || dropped[0] != "h4" {
			t.Errorf("dropped %v, want the black hole's newest waiting event [h4]", dropped)
		}
		mu.Unlock()
		// Two subscriptions with as many waiting: the newcomer is dropped.
		busy := store.WebhookRow{ID: "busy", URL: "http://blackhole.example"}
		d2 := newDeliverer(2, post, record, slog.New(slog.NewTextHandler(io.Discard, nil)))
		defer d2.close()
		d2.enqueue(delivery{hook: hole, eventID: "a0", body: []byte("a0")})
		d2.enqueue(delivery{hook: busy, eventID: "b0", body: []byte("b0")})
		synctest.Wait() // both in flight
		d2.enqueue(delivery{hook: hole, eventID: "a1", body: []byte("a1")})
		d2.enqueue(delivery{hook: busy, eventID: "b1", body: []byte("b1")})
		d2.enqueue(delivery{hook: busy, kind: alert.Excess, eventID: "b2", body: []byte("b2")})
		mu.Lock()
		if len(dropped) != 2 || dropped[1] != "b2" {
			t.Errorf("dropped %v, want b2 (each subscription has one waiting)", dropped)
		}
		mu.Unlock()
	})
}
