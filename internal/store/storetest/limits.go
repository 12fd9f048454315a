// Limits, webhooks and the delivery log: replace-and-read of limits with
// their breach states, a per-account webhook quota, deletion that takes the
// log with it, and a log bounded per webhook — the same on every dialect.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/store"
)

func testLimits(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	if err := db.SetLimits(ctx, "alice", []store.LimitRow{{Kind: "health", Threshold: 1.25, SetBy: "admin"},
		{Kind: "excess", Threshold: -5000.5, SetBy: "admin"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetBreached(ctx, "alice", map[string]bool{"health": true}); err != nil {
		t.Fatal(err)
	}
	ls, err := db.Limits(ctx, "alice")
	if err != nil || len(ls) != 2 || ls[0].Kind != "excess" || ls[0].Threshold != -5000.5 || ls[0].Breached ||
		ls[1].Kind != "health" || !ls[1].Breached || ls[1].SetBy != "admin" {
		t.Fatalf("Limits = %+v %v", ls, err)
	}
	if err := db.SetLimits(ctx, "alice", []store.LimitRow{{Kind: "vega", Threshold: 1, SetBy: "admin"}}); err == nil {
		t.Fatal("a kind outside the four was stored")
	}
	if ls, _ := db.Limits(ctx, "alice"); len(ls) != 2 {
		t.Fatalf("a refused replacement changed the limits: %+v", ls)
	}
	if as, err := db.LimitAccounts(ctx); err != nil || len(as) != 1 || as[0] != "alice" {
		t.Fatalf("LimitAccounts = %v %v", as, err)
	}
	at := time.Date(2026, 12, 7, 0, 0, 0, 5, time.UTC)
	for i := range 2 {
		if err := db.AddWebhook(ctx, store.WebhookRow{ID: fmt.Sprint("w", i), Account: "alice", URL: "https://x.example/h",
			Secret: "0123456789abcdef", Created: at.Add(time.Duration(i))}, 2); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddWebhook(ctx, store.WebhookRow{ID: "w9", Account: "alice", URL: "https://x", Secret: "s", Created: at}, 2); !errors.Is(err, store.ErrWebhookQuota) {
		t.Fatalf("a third webhook over a quota of 2: %v", err)
	}
	if err := db.AddWebhook(ctx, store.WebhookRow{ID: "w1", Account: "bob", URL: "https://x", Secret: "s", Created: at}, 2); !errors.Is(err, store.ErrWebhookTaken) {
		t.Fatalf("bob took alice's webhook id: %v", err)
	}
	// Replacing w1's URL and secret is not a new subscription.
	if err := db.AddWebhook(ctx, store.WebhookRow{ID: "w1", Account: "alice", URL: "https://y.example/h", Secret: "fedcba9876543210", Created: at}, 2); err != nil {
		t.Fatal(err)
	}
	hs, err := db.Webhooks(ctx, "alice")
	if err != nil || len(hs) != 2 || hs[0].ID != "w0" || hs[0].Secret != "0123456789abcdef" || !hs[0].Created.Equal(at) ||
		hs[1].URL != "https://y.example/h" || hs[1].Secret != "fedcba9876543210" {
		t.Fatalf("Webhooks = %+v %v", hs, err)
	}
	for i := range 5 {
		if err := db.LogDelivery(ctx, store.DeliveryRow{WebhookID: "w0", EventID: "e", Attempt: i + 1, Status: 500 + i,
			Error: "boom", At: at}, 3); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := db.Deliveries(ctx, "w0", 10)
	if err != nil || len(ds) != 3 || ds[0].Attempt != 5 || ds[2].Attempt != 3 || ds[0].Status != 504 {
		t.Fatalf("Deliveries = %+v %v", ds, err)
	}
	if gone, err := db.DeleteWebhook(ctx, "bob", "w0"); gone || err != nil {
		t.Fatalf("another account deleted w0: %v %v", gone, err)
	}
	if gone, err := db.DeleteWebhook(ctx, "alice", "w0"); !gone || err != nil {
		t.Fatalf("DeleteWebhook: %v %v", gone, err)
	}
	if ds, _ := db.Deliveries(ctx, "w0", 10); len(ds) != 0 {
		t.Fatalf("the log outlived its webhook: %+v", ds)
	}
}
