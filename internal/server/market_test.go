package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/store/sqlite"
)

func watchMarket(h *harness) *atomic.Int32 {
	var n atomic.Int32
	h.srv.OnMarketChange(func(context.Context) { n.Add(1) })
	return &n
}

// demoMarketAt is the demo market with one text replaced (a price).
func demoMarketAt(t *testing.T, from, to string) []byte {
	t.Helper()
	doc := string(demo.MarketJSON)
	if !strings.Contains(doc, from) {
		t.Fatalf("demo market lacks %q", from)
	}
	return []byte(strings.ReplaceAll(doc, from, to))
}

func TestMarketDocument(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	changed := watchMarket(h)
	tok := h.tokens["alice"]
	if got := compactJSON(t, h.do("GET", "/v1/market", tok, nil).ok(t)); got != compactJSON(t, demo.MarketJSON) {
		t.Fatalf("GET /v1/market is not the stored market: %.200s", got)
	}
	h.do("PUT", "/v1/market", tok, demo.MarketJSON).problem(t, 403, CodeForbidden)
	bad := strings.Replace(string(demo.MarketJSON), `"as_of"`, `"as_of_typo"`, 1)
	p := h.do("PUT", "/v1/market", h.admin, []byte(bad)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0].Location, "body") {
		t.Fatalf("bad market fields %+v", p.Errors)
	}
	if changed.Load() != 0 {
		t.Fatal("a refused market ran the market hooks")
	}
	var before margin.Report
	h.do("GET", "/v1/accounts/alice/report", tok, nil).decode(t, &before)
	moved := demoMarketAt(t, `"price": "1816.85499606"`, `"price": "1500"`)
	if got := compactJSON(t, h.do("PUT", "/v1/market", h.admin, moved).ok(t)); got != compactJSON(t, moved) {
		t.Fatalf("PUT returned %.200s", got)
	}
	if changed.Load() != 1 {
		t.Fatalf("market hooks ran %d times", changed.Load())
	}
	if got := compactJSON(t, h.do("GET", "/v1/market", tok, nil).ok(t)); got != compactJSON(t, moved) {
		t.Fatal("GET after PUT is not the new market")
	}
	var after margin.Report
	h.do("GET", "/v1/accounts/alice/report", tok, nil).decode(t, &after)
	if after.Unified.Equity == before.Unified.Equity {
		t.Fatal("the account's report did not follow the new market")
	}
}

// Without a stored market, GET /v1/market is 404 no_market and the
// account reads that need one are 409 no_market.
func TestNoMarket(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := New(Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, db: db, tokens: map[string]string{}}
	h.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); h.ts.Close() })
	if h.admin, err = IssueToken(ctx, db, access.AdminSubject, "admin"); err != nil {
		t.Fatal(err)
	}
	h.do("GET", "/v1/market", h.admin, nil).problem(t, 404, CodeNoMarket)
	h.do("PUT", "/v1/accounts/alice/portfolio", h.admin, perpBook("alice")).ok(t)
	h.do("GET", "/v1/accounts/alice/report", h.admin, nil).problem(t, 409, CodeNoMarket)
	h.do("GET", "/v1/accounts/alice/hedges", h.admin, nil).problem(t, 409, CodeNoMarket)
	// Parameters naming assets are checked once a market is stored.
	h.do("PUT", "/v1/risk-params", h.admin, demo.RiskParamsJSON).ok(t)
	p := h.do("PUT", "/v1/market", h.admin, []byte(strings.ReplaceAll(string(demo.MarketJSON), `"WBTC"`, `"WBTX"`))).
		problem(t, 422, CodeInvalidInput)
	if !strings.Contains(p.Detail, "risk parameters") {
		t.Fatalf("market the parameters do not fit: %s", p.Detail)
	}
	h.do("PUT", "/v1/market", h.admin, demo.MarketJSON).ok(t)
	h.do("GET", "/v1/accounts/alice/report", h.admin, nil).ok(t)
}

func TestRiskParams(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	changed := watchMarket(h)
	tok := h.tokens["alice"]
	defaults, err := margin.DefaultRiskParams().MarshalDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if got := compactJSON(t, h.do("GET", "/v1/risk-params", tok, nil).ok(t)); got != compactJSON(t, defaults) {
		t.Fatalf("GET /v1/risk-params without a stored document is not the defaults: %.200s", got)
	}
	h.do("PUT", "/v1/risk-params", tok, demo.RiskParamsJSON).problem(t, 403, CodeForbidden)
	p := h.do("PUT", "/v1/risk-params", h.admin, []byte(`{"collateral": {"DOGE": {"tiers": [{"ratio": 0.5}]}}}`)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0].Location, "body.collateral") {
		t.Fatalf("unknown asset fields %+v", p.Errors)
	}
	var before margin.Report
	h.do("GET", "/v1/accounts/alice/report", tok, nil).decode(t, &before)
	h.do("PUT", "/v1/risk-params", h.admin, demo.RiskParamsJSON).ok(t)
	if changed.Load() != 1 {
		t.Fatalf("market hooks ran %d times", changed.Load())
	}
	if got := compactJSON(t, h.do("GET", "/v1/risk-params", tok, nil).ok(t)); got != compactJSON(t, demo.RiskParamsJSON) {
		t.Fatal("GET after PUT is not the stored document")
	}
	var after margin.Report
	h.do("GET", "/v1/accounts/alice/report", tok, nil).decode(t, &after)
	if after.Unified.CollateralValue >= before.Unified.CollateralValue {
		t.Fatalf("the demo haircuts did not reach the stored book: %v → %v", before.Unified.CollateralValue, after.Unified.CollateralValue)
	}
	// The stateless margin endpoint uses the governed parameters too.
	plain := demoBookBody()
	withParams := demoBookBody()
	withParams["risk_params"] = demo.RiskParamsJSON
	if a, b := compactJSON(t, h.do("POST", "/v1/margin", tok, plain).ok(t)), compactJSON(t, h.do("POST", "/v1/margin", tok, withParams).ok(t)); a != b {
		t.Fatal("POST /v1/margin without risk_params does not use the governed parameters")
	}
}

func TestVaultsList(t *testing.T) {
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice", "bob")
	var vs []VaultInfo
	h.do("GET", "/v1/vaults", h.tokens["alice"], nil).decode(t, &vs)
	if len(vs) != 0 {
		t.Fatalf("vaults before any deposit: %+v", vs)
	}
	h.deposit(h.tokens["alice"], "alice", "a", "USDC", "100").ok(t)
	h.deposit(h.tokens["bob"], "bob", "b", "USDC", "50.25").ok(t)
	h.deposit(h.tokens["bob"], "bob", "c", "WETH", "2").ok(t)
	h.do("GET", "/v1/vaults", h.tokens["alice"], nil).decode(t, &vs)
	if len(vs) != 2 || vs[0].Asset != "USDC" || vs[1].Asset != "WETH" {
		t.Fatalf("vaults %+v", vs)
	}
	if vs[0].TotalAssets != "150.25" || vs[0].Share != "uctUSDC" || vs[0].SharePrice != "1" {
		t.Fatalf("USDC vault %+v", vs[0])
	}
}
