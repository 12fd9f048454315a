// alerts through the binary: alerts the service stored (written here
// through the store, as checkAccountLimits does) are listed newest first,
// as JSON equal to the API's page, as CSV rows and in pages; an unknown
// account and bad flags are refused naming them.
package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/server"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/store/sqlite"
	"github.com/unimargin/unimargin/internal/vault"
)

func TestAlertsCommand(t *testing.T) {
	ctx := context.Background()
	db, dsn := demoStore(t, t.TempDir(), false, "alice")
	at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	v := 1.05
	for i, state := range []string{"breached", "cleared", "breached"} {
		if err := db.RaiseAlerts(ctx, "alice", nil, []store.AlertRow{{ID: "al_" + state + string(rune('a'+i)), Kind: "health",
			Threshold: 1.2, Value: &v, State: state, AsOf: "2026-12-07T00:00:00Z", Raised: at.Add(time.Duration(i) * time.Minute)}}, 100); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	var page server.Alerts
	mustDecode(t, mustSucceed(t, "alerts", "--db", dsn, "--account", "alice", "--limit", "2", "--json"), &page)
	if len(page.Alerts) != 2 || page.Alerts[0].ID != "al_breachedc" || page.Alerts[1].State != "cleared" || page.Next == nil ||
		*page.Alerts[0].Value != 1.05 || page.Alerts[0].RaisedAt != "2026-12-07T02:02:00Z" {
		t.Fatalf("first page: %+v", page)
	}
	var rest server.Alerts
	mustDecode(t, mustSucceed(t, "alerts", "--db", dsn, "--account", "alice", "--before", strconv.FormatInt(*page.Next, 10), "--json"), &rest)
	if len(rest.Alerts) != 1 || rest.Alerts[0].ID != "al_breacheda" || rest.Next != nil {
		t.Fatalf("second page: %+v", rest)
	}
	cells := csvCells(t, mustSucceed(t, "alerts", "--db", dsn, "--account", "alice", "--format", "csv"))
	// The alerts array is keyed by each alert's id; 1.05 and 1.2 as JSON prints them.
	for k, want := range map[string]string{"alerts||al_breachedc|value": "1.05", "alerts||al_clearedb|state": "cleared",
		"alerts||al_breacheda|threshold": "1.2", "account|||": "alice"} {
		if cells[k] != want {
			t.Errorf("%s = %q, want %q", k, cells[k], want)
		}
	}
	if out := mustSucceed(t, "alerts", "--db", dsn, "--account", "alice"); !strings.Contains(out, "cleared") {
		t.Fatalf("table: %s", out)
	}
	if line := mustFail(t, 1, "alerts", "--db", dsn, "--account", "nobody"); !strings.Contains(line, "nobody") {
		t.Fatalf("unknown account: %s", line)
	}
	if line := mustFail(t, 1, "alerts", "--db", dsn, "--account", "alice", "--limit", "0"); !strings.Contains(line, "--limit") {
		t.Fatalf("bad --limit: %s", line)
	}
}

// demoStore opens a new SQLite store in dir holding the demo book under
// each of accounts (and the demo market when withMarket), and returns it
// open with its --db value.
func demoStore(t *testing.T, dir string, withMarket bool, accounts ...string) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(dir, "s.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(context.Background(), func(tx vault.Tx) error {
		if withMarket {
			if err := vault.SetMarket(tx, demo.MarketJSON); err != nil {
				return err
			}
		}
		for _, id := range accounts {
			if err := vault.SetPortfolio(tx, id, demo.PortfolioJSON); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db, "sqlite:" + path
}
