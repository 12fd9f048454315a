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
	// Ids are the account's own: bob's w1 is another subscription, and
	// neither account's writes reach the other's (issue 17: a global id
	// told bob that alice had a w1).
	if err := db.AddWebhook(ctx, store.WebhookRow{ID: "w1", Account: "bob", URL: "https://bob.example/h", Secret: "s", Created: at}, 2); err != nil {
		t.Fatalf("bob's w1 beside alice's: %v", err)
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
	if bs, err := db.Webhooks(ctx, "bob"); err != nil || len(bs) != 1 || bs[0].URL != "https://bob.example/h" || bs[0].Account != "bob" {
		t.Fatalf("bob's Webhooks = %+v %v", bs, err)
	}
	if all, err := db.AllWebhooks(ctx); err != nil || len(all) != 3 {
		t.Fatalf("AllWebhooks = %+v %v", all, err)
	}
	for i := range 5 {
		if err := db.LogDelivery(ctx, store.DeliveryRow{Account: "alice", WebhookID: "w0", EventID: "e", Attempt: i + 1, Status: 500 + i,
			Error: "boom", At: at}, 3); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		for _, who := range []string{"alice", "bob"} {
			if err := db.LogDelivery(ctx, store.DeliveryRow{Account: who, WebhookID: "w1", EventID: who, Attempt: i + 1, Status: 200,
				At: at}, 3); err != nil {
				t.Fatal(err)
			}
		}
	}
	ds, err := db.Deliveries(ctx, "alice", "w0", 10)
	if err != nil || len(ds) != 3 || ds[0].Attempt != 5 || ds[2].Attempt != 3 || ds[0].Status != 504 || ds[0].Account != "alice" {
		t.Fatalf("Deliveries = %+v %v", ds, err)
	}
	if ds, _ := db.Deliveries(ctx, "bob", "w0", 10); len(ds) != 0 {
		t.Fatalf("bob reads alice's w0 log: %+v", ds)
	}
	// Each account's w1 keeps its own log (and its own bound: 2 each, not 3 shared).
	for _, who := range []string{"alice", "bob"} {
		ds, err := db.Deliveries(ctx, who, "w1", 10)
		if err != nil || len(ds) != 2 || ds[0].EventID != who || ds[1].EventID != who {
			t.Fatalf("%s's w1 log = %+v %v", who, ds, err)
		}
	}
	if gone, err := db.DeleteWebhook(ctx, "bob", "w0"); gone || err != nil {
		t.Fatalf("another account deleted w0: %v %v", gone, err)
	}
	if gone, err := db.DeleteWebhook(ctx, "alice", "w0"); !gone || err != nil {
		t.Fatalf("DeleteWebhook: %v %v", gone, err)
	}
	if ds, _ := db.Deliveries(ctx, "alice", "w0", 10); len(ds) != 0 {
		t.Fatalf("the log outlived its webhook: %+v", ds)
	}
	// Deleting bob's w1 leaves alice's, and alice's log.
	if gone, err := db.DeleteWebhook(ctx, "bob", "w1"); !gone || err != nil {
		t.Fatalf("DeleteWebhook bob w1: %v %v", gone, err)
	}
	if hs, _ := db.Webhooks(ctx, "alice"); len(hs) != 1 || hs[0].ID != "w1" || hs[0].URL != "https://y.example/h" {
		t.Fatalf("alice's webhooks after bob deleted his w1: %+v", hs)
	}
	if ds, _ := db.Deliveries(ctx, "alice", "w1", 10); len(ds) != 2 {
		t.Fatalf("alice's w1 log after bob deleted his w1: %+v", ds)
	}
}

// Alerts: recorded with the limit states in one transaction, listed newest
// first in pages below a seq, bounded per account, a missing figure kept
// as NULL; and a webhook's sealed secret with its key id, resealed only
// while it is still what the caller read.
func testAlerts(t *testing.T, open Open) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	if err := db.SetLimits(ctx, "alice", []store.LimitRow{{Kind: "health", Threshold: 1.25, SetBy: "admin"}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 1, 2, 3, 4, time.UTC)
	v := 1.1
	for i := range 5 {
		a := store.AlertRow{ID: fmt.Sprint("al", i), Kind: "health", Threshold: 1.25, Value: &v, State: "breached",
			AsOf: "2026-12-07T00:00:00Z", Raised: at.Add(time.Duration(i) * time.Second)}
		if i == 4 {
			a.Value, a.State = nil, "cleared"
		}
		if err := db.RaiseAlerts(ctx, "alice", map[string]bool{"health": i%2 == 0}, []store.AlertRow{a}, 4); err != nil {
			t.Fatal(err)
		}
	}
	if ls, _ := db.Limits(ctx, "alice"); len(ls) != 1 || !ls[0].Breached {
		t.Fatalf("breach state after the last raise: %+v", ls)
	}
	all, err := db.Alerts(ctx, "alice", 0, 10)
	if err != nil || len(all) != 4 || all[0].ID != "al4" || all[3].ID != "al1" {
		t.Fatalf("Alerts (keep 4, newest first) = %+v %v", all, err)
	}
	if all[0].Value != nil || all[0].State != "cleared" || all[1].Value == nil || *all[1].Value != 1.1 ||
		!all[1].Raised.Equal(at.Add(3*time.Second)) || all[1].Threshold != 1.25 || all[1].Account != "alice" {
		t.Fatalf("alert fields: %+v %+v", all[0], all[1])
	}
	page, err := db.Alerts(ctx, "alice", all[1].Seq, 2)
	if err != nil || len(page) != 2 || page[0].ID != "al2" || page[1].ID != "al1" {
		t.Fatalf("page below seq %d = %+v %v", all[1].Seq, page, err)
	}
	if other, _ := db.Alerts(ctx, "bob", 0, 10); len(other) != 0 {
		t.Fatalf("bob sees %+v", other)
	}
	if err := db.RaiseAlerts(ctx, "alice", nil, []store.AlertRow{{ID: "bad", Kind: "vega", State: "breached", Raised: at}}, 4); err == nil {
		t.Fatal("an alert of a kind outside the four was stored")
	}

	w := store.WebhookRow{ID: "w", Account: "alice", URL: "https://x.example/h", Secret: "plain-legacy-secret", Created: at}
	if err := db.AddWebhook(ctx, w, 5); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ResealWebhook(ctx, store.WebhookRow{ID: "w", Account: "alice", Secret: "not what is stored"}, "sealed", "k1"); ok || err != nil {
		t.Fatalf("resealed a row that changed since it was read: %v %v", ok, err)
	}
	bobs := w
	bobs.Account = "bob"
	if err := db.AddWebhook(ctx, bobs, 5); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ResealWebhook(ctx, bobs, "bob-sealed", "k1"); !ok || err != nil {
		t.Fatalf("ResealWebhook bob: %v %v", ok, err)
	}
	if hs, _ := db.Webhooks(ctx, "alice"); len(hs) != 1 || hs[0].Secret != w.Secret {
		t.Fatalf("resealing bob's w changed alice's: %+v", hs)
	}
	if _, err := db.DeleteWebhook(ctx, "bob", "w"); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ResealWebhook(ctx, w, "sealed", "k1"); !ok || err != nil {
		t.Fatalf("ResealWebhook: %v %v", ok, err)
	}
	hs, err := db.AllWebhooks(ctx)
	if err != nil || len(hs) != 1 || hs[0].Secret != "sealed" || hs[0].KeyID != "k1" {
		t.Fatalf("AllWebhooks = %+v %v", hs, err)
	}
}
