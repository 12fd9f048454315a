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
		d.enqueue(delivery{hook: slow, eventID: "s2", body: []byte("s2")})
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
