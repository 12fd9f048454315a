package server

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/unimargin/unimargin/internal/backtest"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/scenario"
)

// Goal: POST /v1/scenarios/run is margin.RunScenarios on the posted book
// (the library without a scenario file; the file's scenarios with one),
// and POST /v1/stress/reverse is margin.ReverseStress, byte for byte.
func TestStressEndpointsEqualTheLibrary(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	p, m, rp := demoLibraryBook(t, nil)
	want, err := margin.RunScenarios(p, m, rp, margin.LibraryScenarios(m, rp))
	if err != nil {
		t.Fatal(err)
	}
	got := compactJSON(t, h.do("POST", "/v1/scenarios/run", h.tokens["alice"], demoBookBody()).ok(t))
	if w := encodedJSON(t, want); got != w {
		t.Fatalf("scenario run differs:\n got %.300s\nwant %.300s", got, w)
	}

	file := `{"scenarios": [{"name": "deribit gone", "shocks": [{"kind": "venue", "venue": "deribit-pm"},
	  {"kind": "spot", "asset": "BTC", "move": -0.2}]}]}`
	scs, err := scenario.ParseNamed([]byte(file), m)
	if err != nil {
		t.Fatal(err)
	}
	if want, err = margin.RunScenarios(p, m, rp, scs); err != nil {
		t.Fatal(err)
	}
	body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON,
		"scenarios": json.RawMessage(file)}
	got = compactJSON(t, h.do("POST", "/v1/scenarios/run", h.admin, body).ok(t))
	if w := encodedJSON(t, want); got != w {
		t.Fatalf("scenario file run differs:\n got %.300s\nwant %.300s", got, w)
	}

	opt := margin.DefaultReverseOptions()
	opt.Tolerance = 1e-4
	rev, err := margin.ReverseStress(context.Background(), p, m, rp, opt)
	if err != nil {
		t.Fatal(err)
	}
	rb := map[string]any{"portfolio": json.RawMessage(demo.PortfolioJSON), "market": json.RawMessage(demo.MarketJSON),
		"tolerance": 1e-4}
	got = compactJSON(t, h.do("POST", "/v1/stress/reverse", h.admin, rb).ok(t))
	if w := encodedJSON(t, rev); got != w {
		t.Fatalf("reverse stress differs:\n got %.300s\nwant %.300s", got, w)
	}
}

// Goal: a bad scenario file is a 422 naming the field inside body.scenarios.
func TestScenarioRunRefusesBadScenarios(t *testing.T) {
	h := newHarness(t, Config{})
	for _, c := range []struct{ file, location string }{
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "spot", "asset": "DOGE", "move": -0.1}]}]}`,
			"body.scenarios.scenarios[0].shocks[0].asset"},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "depeg", "asset": "USDC", "discount": -0.1}]}]}`,
			"body.scenarios.scenarios[0].shocks[0].discount"},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "venue", "venue": "ftx"}]}]}`,
			"body.scenarios.scenarios[0].shocks[0].venue"},
		{`{"scenarios": [{"name": "x", "shocks": [{"kind": "bridge", "bridge": "nomad"}]}]}`,
			"body.scenarios.scenarios[0].shocks[0].bridge"},
	} {
		body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON,
			"scenarios": json.RawMessage(c.file)}
		p := h.do("POST", "/v1/scenarios/run", h.admin, body).problem(t, 422, CodeInvalidInput)
		if len(p.Errors) != 1 || p.Errors[0].Location != c.location {
			t.Errorf("%s: fields %+v, want %s", c.file, p.Errors, c.location)
		}
	}
}

// Goal: POST /v1/scenarios/run-all runs the scenarios on every stored
// account (admin only) with the figures RunScenarios gives on that book.
func TestScenarioRunAllStoredAccounts(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	h.do("POST", "/v1/scenarios/run-all", h.tokens["alice"], map[string]any{}).problem(t, 403, CodeForbidden)
	var all ScenariosAll
	h.do("POST", "/v1/scenarios/run-all", h.admin, map[string]any{}).decode(t, &all)
	if len(all.Accounts) != 2 || all.Accounts[0].ID != "alice" || all.Accounts[1].ID != "bob" {
		t.Fatalf("accounts %+v, want alice and bob", all.Accounts)
	}
	b, err := h.srv.storedBook(t.Context(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	want, err := margin.RunScenarios(b.portfolio, b.market, b.params, margin.LibraryScenarios(b.market, b.params))
	if err != nil {
		t.Fatal(err)
	}
	if got, w := encodedJSON(t, all.Accounts[0].Run), encodedJSON(t, want); got != w {
		t.Fatalf("alice's run differs:\n got %.300s\nwant %.300s", got, w)
	}
	if len(all.Accounts[0].Run.Scenarios) != 7 {
		t.Errorf("%d scenarios, want the 7 of the library", len(all.Accounts[0].Run.Scenarios))
	}
	// one account's library run, by its own token; not another's
	var one margin.ScenarioRun
	h.do("GET", "/v1/accounts/alice/stress", h.tokens["alice"], nil).decode(t, &one)
	if got, w := encodedJSON(t, one), encodedJSON(t, want); got != w {
		t.Fatalf("GET /v1/accounts/alice/stress differs:\n got %.300s\nwant %.300s", got, w)
	}
	h.do("GET", "/v1/accounts/alice/stress", h.tokens["bob"], nil).problem(t, 403, CodeForbidden)
	// a venue no stored book has is refused, naming the field
	body := map[string]json.RawMessage{"scenarios": json.RawMessage(
		`{"scenarios": [{"name": "x", "shocks": [{"kind": "venue", "venue": "ftx"}]}]}`)}
	p := h.do("POST", "/v1/scenarios/run-all", h.admin, body).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.scenarios.scenarios[0].shocks[0].venue" {
		t.Errorf("fields %+v", p.Errors)
	}
}

// Goal: the dashboard's risk panel reads an account's stored book: GET
// /v1/accounts/{id}/stress/reverse is margin.ReverseStress on it and GET
// /v1/accounts/{id}/var the VaR table of `var` beside margin.Compute's
// initial margins on it, each only for the account's own token (or admin).
func TestAccountRiskRoutes(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	b, err := h.srv.storedBook(t.Context(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	rev, err := margin.ReverseStress(t.Context(), b.portfolio, b.market, b.params, margin.DefaultReverseOptions())
	if err != nil {
		t.Fatal(err)
	}
	got := compactJSON(t, h.do("GET", "/v1/accounts/alice/stress/reverse", h.tokens["alice"], nil).ok(t))
	if w := encodedJSON(t, rev); got != w {
		t.Fatalf("GET /v1/accounts/alice/stress/reverse differs:\n got %.300s\nwant %.300s", got, w)
	}
	h.do("GET", "/v1/accounts/alice/stress/reverse", h.tokens["bob"], nil).problem(t, 403, CodeForbidden)

	hist, err := backtest.LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	want, err := hist.VaRAt(t.Context(), b.portfolio, b.market)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := margin.Compute(b.portfolio, b.market, b.params)
	if err != nil {
		t.Fatal(err)
	}
	want.UnifiedIM, want.FragmentedIM = rep.Unified.Initial, rep.Fragmented.Initial
	got = compactJSON(t, h.do("GET", "/v1/accounts/alice/var", h.tokens["alice"], nil).ok(t))
	if w := encodedJSON(t, want); got != w || len(want.Rows) != 8 {
		t.Fatalf("GET /v1/accounts/alice/var differs:\n got %.300s\nwant %.300s", got, w)
	}
	h.do("GET", "/v1/accounts/alice/var", h.tokens["bob"], nil).problem(t, 403, CodeForbidden)
}
