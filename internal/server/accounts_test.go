package server

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/vault"
)

// changes records the account hooks the server runs.
type changes struct {
	mu  sync.Mutex
	ids []string
}

func watchAccounts(h *harness) *changes {
	c := &changes{}
	h.srv.OnAccountChange(func(_ context.Context, id string) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.ids = append(c.ids, id)
	})
	return c
}

func (c *changes) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, x := range c.ids {
		if x == id {
			n++
		}
	}
	return n
}

// compactJSON is a JSON document without insignificant space.
func compactJSON(t *testing.T, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	return b.String()
}

func encodedJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// ok checks a 200 and returns the body.
func (r *response) ok(t *testing.T) []byte {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	return r.body
}

// deposit posts a deposit under key.
func (h *harness) deposit(token, account, key, asset, amount string) *response {
	h.t.Helper()
	return h.do("POST", "/v1/accounts/"+account+"/deposits", token, map[string]string{"asset": asset, "amount": amount}, "Idempotency-Key", key)
}

// view runs f in a read transaction of the harness's store.
func (h *harness) view(f func(tx vault.Tx) error) {
	h.t.Helper()
	if err := h.db.View(context.Background(), f); err != nil {
		h.t.Fatal(err)
	}
}

// The account reads are the vault's and the library's answers, byte for
// byte: state = vault.State, report = vault.Report, hedges = `hedge
// --json` on vault.UnifiedBook, liquidation = liquidation.Run on it.
func TestAccountReadsEqualTheLibrary(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice", "bob")
	h.deposit(h.tokens["alice"], "alice", "k1", "USDC", "250000").ok(t)
	tok := h.tokens["alice"]
	var st vault.AccountState
	var rep *margin.Report
	var hed *HedgeReport
	var liq *liquidation.Report
	h.view(func(tx vault.Tx) error {
		var err error
		if st, err = vault.State(tx, vault.Config{}, "alice"); err != nil {
			return err
		}
		if rep, err = vault.Report(tx, vault.Config{}, "alice"); err != nil {
			return err
		}
		p, m, err := vault.UnifiedBook(tx, "alice")
		if err != nil {
			return err
		}
		if hed, err = hedges(&book{portfolio: p, market: m, params: margin.DefaultRiskParams()}, 3); err != nil {
			return err
		}
		liq, err = liquidation.Run(p, m, margin.DefaultRiskParams(), liquidation.DefaultOptions())
		return err
	})
	if st.Balances["USDC"].Assets != "250000" {
		t.Fatalf("state balances %+v", st.Balances)
	}
	for _, c := range []struct {
		path string
		want any
	}{
		{"/v1/accounts/alice", st},
		{"/v1/accounts/alice/report", rep},
		{"/v1/accounts/alice/hedges?top=3", hed},
		{"/v1/accounts/alice/liquidation", liq},
	} {
		got := compactJSON(t, h.do("GET", c.path, tok, nil).ok(t))
		if want := encodedJSON(t, c.want); got != want {
			t.Errorf("%s differs from the library:\n got %.400s\nwant %.400s", c.path, got, want)
		}
	}
	if len(hed.Suggestions) == 0 || len(hed.Suggestions) > 3 {
		t.Fatalf("hedges: %d suggestions", len(hed.Suggestions))
	}
	// The report margins the vault collateral as the uct-vault venue.
	if last := rep.Venues[len(rep.Venues)-1]; last.ID != vault.VaultVenueID {
		t.Fatalf("last venue %s, want %s", last.ID, vault.VaultVenueID)
	}
	// Options of the unified engine reach it.
	var withFund liquidation.Report
	h.do("GET", "/v1/accounts/alice/liquidation?penalty=0.05&insurance_fund=1000", tok, nil).decode(t, &withFund)
	if withFund.Unified.InsuranceFundUSD != 1000 && withFund.Unified.Liquidatable {
		t.Fatalf("insurance fund not passed: %+v", withFund.Unified)
	}
	p := h.do("GET", "/v1/accounts/alice/liquidation?penalty=1", tok, nil).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) == 0 || p.Errors[0].Location != "query.penalty" {
		t.Fatalf("penalty problem %+v", p.Errors)
	}
	h.do("GET", "/v1/accounts/alice/hedges?top=0", tok, nil).problem(t, 422, CodeInvalidInput)
}

// The admin list has every account with the figures vault.State computes.
func TestListAccountsMatchesState(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	h.deposit(h.admin, "bob", "k", "USDC", "1000000").ok(t)
	var list AccountList
	h.do("GET", "/v1/accounts", h.admin, nil).decode(t, &list)
	if len(list.Accounts) != 2 || list.Accounts[0].ID != "alice" || list.Accounts[1].ID != "bob" {
		t.Fatalf("accounts %+v", list.Accounts)
	}
	for _, a := range list.Accounts {
		var st vault.AccountState
		h.view(func(tx vault.Tx) error {
			var err error
			st, err = vault.State(tx, vault.Config{}, a.ID)
			return err
		})
		u := st.Unified
		if a.Error != "" || a.Equity != u.Equity || a.Initial != u.Initial || a.Maintenance != u.Maintenance ||
			a.Excess != u.Excess || a.Liquidatable != u.Liquidatable {
			t.Fatalf("%s: list %+v, state %+v", a.ID, a, *u)
		}
	}
	if list.Accounts[1].Equity <= list.Accounts[0].Equity {
		t.Fatalf("bob's deposit does not show: %+v", list.Accounts)
	}
}

func TestUnknownAccountIs404(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	for _, path := range []string{"/v1/accounts/nobody", "/v1/accounts/nobody/report", "/v1/accounts/nobody/hedges", "/v1/accounts/nobody/liquidation"} {
		p := h.do("GET", path, h.admin, nil).problem(t, 404, CodeUnknownAccount)
		if len(p.Errors) != 1 || p.Errors[0].Location != "path.id" {
			t.Fatalf("%s: %+v", path, p.Errors)
		}
	}
	r := h.do("POST", "/v1/accounts/nobody/withdrawals", h.admin, map[string]string{"asset": "USDC", "amount": "1"}, "Idempotency-Key", "w")
	r.problem(t, 404, CodeUnknownAccount)
}

// Storing a portfolio validates it, names the offending field, changes
// the account's report and announces the change.
func TestPutPortfolio(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	ch := watchAccounts(h)
	tok := h.tokens["alice"]
	bad := `{"account":"alice","venues":[{"id":"dydx","model":"dydx-v9","chain":"dydx","collateral":[],"positions":[]}]}`
	p := h.do("PUT", "/v1/accounts/alice/portfolio", tok, []byte(bad)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.venues[0].model" {
		t.Fatalf("problem fields %+v", p.Errors)
	}
	if ch.count("alice") != 0 {
		t.Fatal("a refused portfolio announced a change")
	}
	var st vault.AccountState
	h.do("PUT", "/v1/accounts/alice/portfolio", tok, perpBook("alice")).decode(t, &st)
	if st.Account != "alice" || st.Unified == nil || st.Unified.Initial <= 0 {
		t.Fatalf("state after put %+v", st)
	}
	if ch.count("alice") != 1 {
		t.Fatalf("account hook ran %d times", ch.count("alice"))
	}
	var rep margin.Report
	h.do("GET", "/v1/accounts/alice/report", tok, nil).decode(t, &rep)
	if len(rep.Venues) != 2 || rep.Venues[0].ID != "dydx" || rep.Unified != *st.Unified {
		t.Fatalf("report after put: %d venues, unified %+v", len(rep.Venues), rep.Unified)
	}
	// An admin may create an account by storing its book.
	h.do("PUT", "/v1/accounts/carol/portfolio", h.admin, perpBook("carol")).ok(t)
	h.do("GET", "/v1/accounts/carol", h.admin, nil).ok(t)
}

// perpBook is the account's book of one BTC perp with no collateral of its
// own: the vault collateral must carry it.
func perpBook(account string) []byte {
	return []byte(`{"account":"` + account + `","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
 "positions":[{"kind":"perp","underlying":"BTC","quantity":"1"}]}]}`)
}

func TestDepositIsIdempotent(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice", "bob")
	ch := watchAccounts(h)
	tok := h.tokens["alice"]
	first := h.deposit(tok, "alice", "dep-1", "USDC", "100.5")
	var mv vault.Movement
	first.decode(t, &mv)
	if mv.Account != "alice" || mv.Asset != "USDC" || mv.Assets != "100.5" || first.header.Get("Idempotent-Replayed") != "false" {
		t.Fatalf("movement %+v (replayed %q)", mv, first.header.Get("Idempotent-Replayed"))
	}
	again := h.deposit(tok, "alice", "dep-1", "USDC", "100.5")
	if string(again.ok(t)) != string(first.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay %s (replayed %q), first %s", again.body, again.header.Get("Idempotent-Replayed"), first.body)
	}
	p := h.deposit(tok, "alice", "dep-1", "USDC", "7").problem(t, 409, CodeIdempotencyClash)
	if !strings.Contains(p.Detail, "different body") {
		t.Fatalf("conflict detail %q", p.Detail)
	}
	// Another move under the same key is another body too.
	h.do("POST", "/v1/accounts/alice/withdrawals", tok, map[string]string{"asset": "USDC", "amount": "100.5"}, "Idempotency-Key", "dep-1").
		problem(t, 409, CodeIdempotencyClash)
	// The same key at another account is another request.
	h.deposit(h.tokens["bob"], "bob", "dep-1", "USDC", "7").ok(t)
	var st vault.AccountState
	h.do("GET", "/v1/accounts/alice", tok, nil).decode(t, &st)
	if st.Balances["USDC"].Assets != "100.5" {
		t.Fatalf("balance after replays %+v", st.Balances)
	}
	if ch.count("alice") != 1 || ch.count("bob") != 1 {
		t.Fatalf("hooks: alice %d, bob %d", ch.count("alice"), ch.count("bob"))
	}
	// The key is required.
	p = h.do("POST", "/v1/accounts/alice/deposits", tok, map[string]string{"asset": "USDC", "amount": "1"}).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) == 0 || !strings.EqualFold(p.Errors[0].Location, "header.Idempotency-Key") {
		t.Fatalf("missing key: %+v", p.Errors)
	}
}

func TestBadAmountsNameTheField(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice")
	ch := watchAccounts(h)
	tok := h.tokens["alice"]
	for i, amount := range []any{"NaN", "Inf", "-Infinity", "-1", "0", "1.1234567", "1e5", "0x10", " 1", "",
		strings.Repeat("9", 90), "1" + strings.Repeat("0", 80) + ".5", 1.5} {
		r := h.do("POST", "/v1/accounts/alice/deposits", tok, map[string]any{"asset": "USDC", "amount": amount},
			"Idempotency-Key", "bad-"+string(rune('a'+i)))
		p := r.problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || p.Errors[0].Location != "body.amount" {
			t.Errorf("amount %v: fields %+v (%s)", amount, p.Errors, p.Detail)
		}
	}
	p := h.deposit(tok, "alice", "bad-asset", "DOGE", "1").problem(t, 422, CodeUnknownAsset)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.asset" {
		t.Fatalf("unknown asset fields %+v", p.Errors)
	}
	p = h.do("POST", "/v1/accounts/alice/redeems", tok, map[string]string{"asset": "USDC", "shares": "1.1234567890123"},
		"Idempotency-Key", "r").problem(t, 422, CodeUnknownAsset)
	if p.Errors[0].Location != "body.asset" { // no USDC vault yet
		t.Fatalf("redeem before any vault %+v", p.Errors)
	}
	if ch.count("alice") != 0 {
		t.Fatal("a refused move announced a change")
	}
}

// Withdrawals, redeems and liens are refused when they would break the
// margin rules, with the reason; releases cannot exceed the lien.
func TestMovesUnderTheMarginRules(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice")
	tok := h.tokens["alice"]
	h.do("PUT", "/v1/accounts/alice/portfolio", tok, perpBook("alice")).ok(t)
	h.deposit(tok, "alice", "d", "USDC", "20000").ok(t)
	move := func(kind, key string, body map[string]string) *response {
		return h.do("POST", "/v1/accounts/alice/"+kind, tok, body, "Idempotency-Key", key)
	}
	p := move("withdrawals", "w1", map[string]string{"asset": "USDC", "amount": "19999"}).problem(t, 409, CodeMarginBreach)
	if !strings.Contains(p.Detail, "initial margin") || len(p.Errors) != 1 || p.Errors[0].Location != "body.amount" {
		t.Fatalf("breach %+v %+v", p, p.Errors)
	}
	var mv vault.Movement
	move("withdrawals", "w2", map[string]string{"asset": "USDC", "amount": "1000"}).decode(t, &mv)
	if mv.Assets != "1000" {
		t.Fatalf("withdrawal %+v", mv)
	}
	move("withdrawals", "w3", map[string]string{"asset": "USDC", "amount": "50000"}).problem(t, 409, CodeInsufficient)
	move("redeems", "r1", map[string]string{"asset": "USDC", "shares": "1"}).ok(t)
	var lc vault.LienChange
	move("liens", "l1", map[string]string{"venue": "dydx", "amount_usd": "5000"}).decode(t, &lc)
	if lc.Venue != "dydx" || lc.LienUSD != "5000" {
		t.Fatalf("lien %+v", lc)
	}
	p = move("liens", "l2", map[string]string{"venue": "aave", "amount_usd": "100000"}).problem(t, 409, CodeMarginBreach)
	if p.Errors[0].Location != "body.amount_usd" {
		t.Fatalf("lien breach fields %+v", p.Errors)
	}
	// Releases are an admin's, acting for the venue, with a reason: the
	// account's own token may not release its liens (issue 15), so these
	// steps, which used alice's token, now use the admin's.
	release := func(key string, body map[string]string) *response {
		body["reason"] = "test: venue instruction"
		return h.do("POST", "/v1/accounts/alice/lien-releases", h.admin, body, "Idempotency-Key", key)
	}
	p = release("x1", map[string]string{"venue": "dydx", "amount_usd": "6000"}).problem(t, 409, CodeInsufficient)
	if p.Errors[0].Location != "body.amount_usd" {
		t.Fatalf("release fields %+v", p.Errors)
	}
	p = release("x2", map[string]string{"venue": "gmx", "amount_usd": "1"}).problem(t, 409, CodeInsufficient)
	if p.Errors[0].Location != "body.venue" {
		t.Fatalf("no-lien fields %+v", p.Errors)
	}
	p = move("liens", "x3", map[string]string{"venue": "a:b", "amount_usd": "1"}).problem(t, 422, CodeInvalidInput)
	if p.Errors[0].Location != "body.venue" {
		t.Fatalf("bad venue fields %+v", p.Errors)
	}
	release("x4", map[string]string{"venue": "dydx", "amount_usd": "2000"}).decode(t, &lc)
	if lc.LienUSD != "3000" {
		t.Fatalf("after release %+v", lc)
	}
	var st vault.AccountState
	h.do("GET", "/v1/accounts/alice", tok, nil).decode(t, &st)
	if st.LiensUSD != "3000" || len(st.Liens) != 1 || st.Balances["USDC"].Assets == "20000" {
		t.Fatalf("state %+v", st)
	}
}

// Retries racing each other under one key move money once, and every
// caller gets the same movement.
func TestConcurrentRetriesMoveOnce(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice")
	tok := h.tokens["alice"]
	const n = 8
	bodies := make([]string, n)
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := h.deposit(tok, "alice", "race", "USDC", "10")
			statuses[i], bodies[i] = r.status, string(r.body)
		}()
	}
	wg.Wait()
	for i := range n {
		if statuses[i] != 200 || bodies[i] != bodies[0] {
			t.Fatalf("caller %d: %d %s (first %s)", i, statuses[i], bodies[i], bodies[0])
		}
	}
	var st vault.AccountState
	h.do("GET", "/v1/accounts/alice", tok, nil).decode(t, &st)
	if st.Balances["USDC"].Assets != "10" {
		t.Fatalf("balance %+v after %d racing retries", st.Balances, n)
	}
}
