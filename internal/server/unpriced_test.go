// Tests over HTTP of assets the stored market does not price: the account
// reads, moves, list and margin events of the attacker story, PUT
// /v1/market's refusals, and a stale stored market.
package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/vault"
)

// demoMarketWith is the demo market with extra assets listed (symbol →
// asset object).
func demoMarketWith(t *testing.T, extra map[string]string) []byte {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(demo.MarketJSON, &doc); err != nil {
		t.Fatal(err)
	}
	var assets map[string]json.RawMessage
	if err := json.Unmarshal(doc["assets"], &assets); err != nil {
		t.Fatal(err)
	}
	for sym, a := range extra {
		assets[sym] = json.RawMessage(a)
	}
	var err error
	if doc["assets"], err = json.Marshal(assets); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var unpricedExtra = map[string]string{
	"DAI": `{"price": "1", "depth_usd": "100000000"}`,
	"SOL": `{"price": "40", "vol": 0.9, "depth_usd": "10000000"}`,
}

// seedUnpriced leaves the store as old data or a market change could: under
// a market that listed DAI and SOL, "dust" deposited WETH and DAI dust with
// a BTC perp and a dYdX lien, and "short" deposited WETH with a SOL short
// and a lien; then the stored market became the demo's, which prices
// neither DAI nor SOL.
func seedUnpriced(t *testing.T, h *harness) {
	t.Helper()
	c := h.srv.vaultConfig()
	perp := `{"account":"x","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
	  "positions":[{"kind":"perp","underlying":"UND","quantity":"QTY"}]}]}`
	book := func(und, qty string) []byte {
		return []byte(strings.NewReplacer("UND", und, "QTY", qty).Replace(perp))
	}
	err := h.db.Update(context.Background(), func(tx vault.Tx) error {
		steps := []func() error{
			func() error { return tx.PutMarket(demoMarketWith(t, unpricedExtra)) },
			func() error { _, err := vault.Deposit(tx, "d1", "dust", "WETH", "100"); return err },
			func() error { _, err := vault.Deposit(tx, "d2", "dust", "DAI", "0.000000000000000001"); return err },
			func() error { return vault.SetPortfolio(tx, "dust", book("BTC", "1")) },
			func() error { _, err := vault.GrantLien(tx, c, "l1", "dust", "dydx", "50000"); return err },
			func() error { _, err := vault.Deposit(tx, "d3", "short", "WETH", "10"); return err },
			func() error { return vault.SetPortfolio(tx, "short", book("SOL", "-100")) },
			func() error { _, err := vault.GrantLien(tx, c, "l2", "short", "dydx", "1000"); return err },
			func() error { return tx.PutMarket(demo.MarketJSON) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// listed returns the admin list's entry of each account.
func (h *harness) listed() map[string]AccountSummary {
	h.t.Helper()
	var list AccountList
	h.do("GET", "/v1/accounts", h.admin, nil).decode(h.t, &list)
	out := map[string]AccountSummary{}
	for _, a := range list.Accounts {
		out[a.ID] = a
	}
	return out
}

// Goal: the attacker's story over HTTP. DAI dust the stored market does not
// price counts 0 with a warning naming DAI: the account's reads, a
// withdrawal, the admin list and its margin events all carry figures, and
// the operator can draw on its lien once it is liquidatable. A SOL short
// the market does not price cannot count 0: that account is 409
// margin_uncomputable on reads and moves, margin_error and liquidatable in
// the list and its margin event, and can be drawn on.
func TestUnpricedHoldingsNeverFailFigures(t *testing.T) {
	h := newHarness(t, Config{}, "dust", "short")
	waitRuns(t, h.srv.events(), 1)
	seedUnpriced(t, h)
	dust := h.tokens["dust"]

	var st vault.AccountState
	h.do("GET", "/v1/accounts/dust", dust, nil).decode(t, &st)
	if st.Unified == nil || st.CollateralValue == nil || *st.CollateralValue <= 0 || st.Balances["DAI"].Assets != "0.000000000000000001" {
		t.Fatalf("state: %+v", st)
	}
	if !hasWarning(st.Warnings, "DAI", "counted as 0") {
		t.Fatalf("no warning names DAI: %q", st.Warnings)
	}
	for _, path := range []string{"/v1/accounts/dust/report", "/v1/accounts/dust/hedges", "/v1/accounts/dust/liquidation"} {
		h.do("GET", path, dust, nil).ok(t)
	}
	h.do("POST", "/v1/accounts/dust/withdrawals", dust, AssetAmount{Asset: "WETH", Amount: "1"}, "Idempotency-Key", "w1").ok(t)

	list := h.listed()
	if a := list["dust"]; a.Status != StatusOK || a.Liquidatable || a.Error != "" || a.Equity <= 0 {
		t.Fatalf("listed dust: %+v", a)
	}
	if a := list["short"]; a.Status != StatusMarginError || !a.Liquidatable || !strings.Contains(a.Error, "SOL") {
		t.Fatalf("listed short: %+v", a)
	}
	p := h.do("GET", "/v1/accounts/short", h.tokens["short"], nil).problem(t, 409, CodeMarginUncomputable)
	if !strings.Contains(p.Detail, "SOL") {
		t.Fatalf("problem does not name SOL: %+v", p)
	}
	h.do("GET", "/v1/accounts/short/report", h.tokens["short"], nil).problem(t, 409, CodeMarginUncomputable)
	h.do("GET", "/v1/accounts/short/liquidation", h.tokens["short"], nil).problem(t, 409, CodeMarginUncomputable)
	h.do("POST", "/v1/accounts/short/withdrawals", h.tokens["short"], AssetAmount{Asset: "WETH", Amount: "1"},
		"Idempotency-Key", "w1").problem(t, 409, CodeMarginUncomputable)

	l := h.srv.events()
	runs := l.runs.Load()
	h.srv.marketChanged(context.Background())
	waitRuns(t, l, runs+1)
	c := h.openEvents(h.admin, false) // its snapshot is that run's events
	seen := map[string]MarginEvent{}
	for len(seen) < 2 {
		ev := c.nextMargin(t, 5*time.Second)
		if ev.Account == "dust" || ev.Account == "short" {
			seen[ev.Account] = ev
		}
	}
	if ev := seen["dust"]; ev.Liquidatable || ev.Equity <= 0 || ev.Error != "" {
		t.Fatalf("dust's margin event %+v", ev)
	}
	if ev := seen["short"]; !ev.Liquidatable || !strings.Contains(ev.Error, "SOL") {
		t.Fatalf("short's margin event %+v", ev)
	}

	// WETH falls to 10 USD: dust is liquidatable, and its venue draws.
	h.do("PUT", "/v1/market", h.admin, demoMarketAt(t, `"price": "1816.85499606"`, `"price": "10"`)).ok(t)
	if a := h.listed()["dust"]; a.Status != StatusOK || !a.Liquidatable {
		t.Fatalf("listed dust after the fall: %+v", a)
	}
	for _, account := range []string{"dust", "short"} {
		err := h.db.Update(context.Background(), func(tx vault.Tx) error {
			_, err := vault.DrawLien(tx, h.srv.vaultConfig(), "x-"+account, account, "dydx", "WETH", "50")
			return err
		})
		if err != nil {
			t.Fatalf("draw on %s: %v", account, err)
		}
	}
}

// Goal: PUT /v1/market refuses a market that drops an asset accounts hold
// (409 asset_held naming the asset and the account) and one with NaN or
// infinite prices or vols (422 naming the field); the stored market stays.
func TestPutMarketChecksHeldAssetsAndFiniteness(t *testing.T) {
	h := newHarness(t, Config{}, "holder")
	withDAI := demoMarketWith(t, unpricedExtra)
	err := h.db.Update(context.Background(), func(tx vault.Tx) error {
		if err := vault.SetMarket(tx, withDAI); err != nil {
			return err
		}
		_, err := vault.Deposit(tx, "d1", "holder", "DAI", "1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	changed := watchMarket(h)
	stored := compactJSON(t, h.do("GET", "/v1/market", h.admin, nil).ok(t))

	p := h.do("PUT", "/v1/market", h.admin, demo.MarketJSON).problem(t, 409, CodeAssetHeld)
	if !strings.Contains(p.Detail, "DAI") || !strings.Contains(p.Detail, "holder") || strings.Contains(p.Detail, "SOL") ||
		len(p.Errors) != 1 || p.Errors[0].Location != "body.assets" {
		t.Fatalf("problem %+v", p)
	}
	// A number out of float64's range is refused by the body decoder (400)
	// before the market's own validation (422) sees it.
	for _, bad := range []struct {
		from, to string
		status   int
		loc      string
	}{
		{`"vol":0.5`, `"vol":"NaN"`, 422, "body.assets.BTC.vol"},
		{`"vol":0.5`, `"vol":"Inf"`, 422, "body.assets.BTC.vol"},
		{`"vol":0.5`, `"vol":1e999`, 422, "body.assets.BTC.vol"}, // the strict body check names the field
		{`"price":"34830"`, `"price":"Infinity"`, 422, "body.assets.BTC.price"},
		{`"price":"34830"`, `"price":"NaN"`, 422, "body.assets.BTC.price"},
		{`"price":"34830"`, `"price":"1e999"`, 422, "body.assets.BTC.price"},
	} {
		doc := strings.Replace(string(withDAI), bad.from, bad.to, 1)
		if doc == string(withDAI) {
			t.Fatalf("%s not in the market", bad.from)
		}
		p := h.do("PUT", "/v1/market", h.admin, []byte(doc)).problem(t, bad.status, CodeInvalidInput)
		if len(p.Errors) != 1 || p.Errors[0].Location != bad.loc {
			t.Fatalf("%s: problem %+v", bad.to, p)
		}
	}
	if got := compactJSON(t, h.do("GET", "/v1/market", h.admin, nil).ok(t)); got != stored || changed.Load() != 0 {
		t.Fatal("a refused market changed the stored one or ran the market hooks")
	}
}

// Goal: a stale oracle in the stored market (PUT /v1/market refuses one; a
// store may hold one from before that rule) gives figures with a warning
// naming it, as allow_stale does, not a failed read or a hidden account.
func TestStaleStoredMarketGivesFigures(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	stale := demoMarketAt(t, `"oracle_time": "2023-10-31T11:59:00Z"`, `"oracle_time": "2023-10-31T09:00:00Z"`)
	p := h.do("PUT", "/v1/market", h.admin, stale).problem(t, 422, CodeInvalidInput)
	if !strings.Contains(p.Detail, "stale") {
		t.Fatalf("problem %+v", p)
	}
	if err := h.db.Update(context.Background(), func(tx vault.Tx) error { return tx.PutMarket(stale) }); err != nil {
		t.Fatal(err)
	}
	var st vault.AccountState
	h.do("GET", "/v1/accounts/alice", h.tokens["alice"], nil).decode(t, &st)
	if st.Unified == nil || !hasWarning(st.Warnings, "BTC", "stale") {
		t.Fatalf("state: %+v", st)
	}
	if a := h.listed()["alice"]; a.Status != StatusOK || a.Error != "" || a.Initial <= 0 {
		t.Fatalf("listed: %+v", a)
	}
}

func hasWarning(ws []string, parts ...string) bool {
	for _, w := range ws {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(w, p)
		}
		if all {
			return true
		}
	}
	return false
}
