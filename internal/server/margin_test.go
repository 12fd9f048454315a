package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// A report's length is announced (Content-Length, not chunks: one write
// less for the server, a plain read for the client), memoised or not, and
// its CSV form announces the CSV's length, not the JSON's.
func TestMarginAnnouncesItsLength(t *testing.T) {
	for _, noMemo := range []bool{false, true} {
		h := newHarness(t, Config{NoMemo: noMemo})
		for i := range 2 { // computed, then (with the memo) answered from it
			r := h.do("POST", "/v1/margin", h.admin, demoBookBody())
			if r.status != 200 || r.header.Get("Content-Length") != strconv.Itoa(len(r.body)) {
				t.Fatalf("no memo %v, request %d: status %d, Content-Length %q for %d bytes",
					noMemo, i, r.status, r.header.Get("Content-Length"), len(r.body))
			}
		}
		r := h.do("POST", "/v1/margin?format=csv", h.admin, demoBookBody())
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") ||
			r.header.Get("Content-Length") != strconv.Itoa(len(r.body)) {
			t.Fatalf("csv: status %d, %s, Content-Length %q for %d bytes", r.status,
				r.header.Get("Content-Type"), r.header.Get("Content-Length"), len(r.body))
		}
	}
}

// The API's report is the library's, byte for byte once both are encoded
// the same way (so also `margin --json`, which encodes margin.Compute).
func TestMarginEqualsCompute(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do("POST", "/v1/margin", h.admin, demoBookBody())
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	m, err := market.Load(demo.MarketJSON, marketOptions(false))
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	want, err := margin.Compute(p, m, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	var got bytes.Buffer
	if err := json.Compact(&got, r.body); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(wantJSON) {
		t.Fatalf("API report differs from margin.Compute:\n got %.300s\nwant %.300s", got.String(), wantJSON)
	}
}

func TestMarginWithRiskParamsUsesThem(t *testing.T) {
	h := newHarness(t, Config{})
	body := demoBookBody()
	plain := h.do("POST", "/v1/margin", h.admin, body)
	body["risk_params"] = demo.RiskParamsJSON
	haircut := h.do("POST", "/v1/margin", h.admin, body)
	var a, b margin.Report
	plain.decode(t, &a)
	haircut.decode(t, &b)
	if a.Unified.CollateralValue <= b.Unified.CollateralValue {
		t.Fatalf("demo haircuts did not lower collateral value: %v vs %v", a.Unified.CollateralValue, b.Unified.CollateralValue)
	}
}

func TestMarginBadInputNamesTheField(t *testing.T) {
	h := newHarness(t, Config{})
	bad := strings.Replace(string(demo.PortfolioJSON), `"aave-v3"`, `"aave-v9"`, 1)
	body := demoBookBody()
	body["portfolio"] = json.RawMessage(bad)
	p := h.do("POST", "/v1/margin", h.admin, body).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0].Location, "body.portfolio.venues[") || !strings.HasSuffix(p.Errors[0].Location, "].model") {
		t.Fatalf("problem fields %+v", p.Errors)
	}
	if p.Instance != "" && p.Instance != "/v1/margin" {
		t.Fatalf("instance %q", p.Instance)
	}
	// A market with a NaN-like price string is refused with its path.
	body = demoBookBody()
	body["market"] = json.RawMessage(strings.Replace(string(demo.MarketJSON), `"as_of"`, `"as_of_typo"`, 1))
	p = h.do("POST", "/v1/margin", h.admin, body).problem(t, 422, CodeInvalidInput)
	if !strings.HasPrefix(p.Errors[0].Location, "body.market") {
		t.Fatalf("market problem fields %+v", p.Errors)
	}
	// Times are RFC 3339 UTC: another offset is refused, not converted.
	var m map[string]json.RawMessage
	if err := json.Unmarshal(demo.MarketJSON, &m); err != nil {
		t.Fatal(err)
	}
	m["as_of"] = json.RawMessage(`"2023-10-31T13:00:00+01:00"`)
	body = demoBookBody()
	body["market"], _ = json.Marshal(m)
	p = h.do("POST", "/v1/margin", h.admin, body).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.market.as_of" || p.Errors[0].Value != "2023-10-31T13:00:00+01:00" {
		t.Fatalf("as_of with an offset: %+v", p.Errors)
	}
}

func TestMalformedJSONIsAProblem(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do("POST", "/v1/margin", h.admin, []byte(`{"portfolio": {`))
	if r.status != 400 && r.status != 422 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	r.problem(t, r.status, CodeInvalidInput)
	r = h.do("POST", "/v1/margin", h.admin, []byte(`{"market": {}}`))
	p := r.problem(t, 422, CodeInvalidInput)
	if !strings.Contains(string(r.body), "portfolio") {
		t.Fatalf("missing portfolio not named: %+v", p)
	}
}

func TestAuthRequired(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	p := h.do("POST", "/v1/margin", "", demoBookBody()).problem(t, 401, CodeUnauthenticated)
	if p.Instance != "/v1/margin" {
		t.Fatalf("instance %q", p.Instance)
	}
	h.do("POST", "/v1/margin", "um_"+strings.Repeat("A", 43), demoBookBody()).problem(t, 401, CodeUnauthenticated)
	h.do("POST", "/v1/margin", "not-a-token", demoBookBody()).problem(t, 401, CodeUnauthenticated)
	// An account token may compute margin on a book it posts.
	if r := h.do("POST", "/v1/margin", h.tokens["alice"], demoBookBody()); r.status != 200 {
		t.Fatalf("account token on /v1/margin: %d %s", r.status, r.body)
	}
}

func TestBodyLimit(t *testing.T) {
	h := newHarness(t, Config{MaxBodyBytes: 1024})
	h.do("POST", "/v1/margin", h.admin, demoBookBody()).problem(t, http.StatusRequestEntityTooLarge, CodeTooLarge)
}

func TestRateLimitPerToken(t *testing.T) {
	h := newHarness(t, Config{RateLimit: 1, RateBurst: 3}, "alice")
	for i := range 3 {
		if r := h.do("GET", "/v1/venues", h.admin, nil); r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
	}
	r := h.do("GET", "/v1/venues", h.admin, nil)
	r.problem(t, 429, CodeRateLimited)
	if r.header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// Another token has its own bucket.
	if r := h.do("GET", "/v1/venues", h.tokens["alice"], nil); r.status != 200 {
		t.Fatalf("other token limited: %d", r.status)
	}
}

func TestVenuesListsEveryModel(t *testing.T) {
	h := newHarness(t, Config{})
	var got []VenueInfo
	h.do("GET", "/v1/venues", h.admin, nil).decode(t, &got)
	names := map[string]bool{}
	for _, v := range got {
		names[v.Model] = true
	}
	for _, want := range []string{"aave-v3", "deribit-pm", "compound-v3", "dydx-v4", "hyperliquid", "gmx-v2", "custody"} {
		if !names[want] {
			t.Fatalf("venue %s missing from %v", want, names)
		}
	}
}

func TestProbesAndMetrics(t *testing.T) {
	h := newHarness(t, Config{})
	if r := h.do("GET", "/healthz", "", nil); r.status != 200 {
		t.Fatalf("healthz %d", r.status)
	}
	if r := h.do("GET", "/readyz", "", nil); r.status != 200 {
		t.Fatalf("readyz %d %s", r.status, r.body)
	}
	h.do("POST", "/v1/margin", h.admin, demoBookBody())
	r := h.do("GET", "/metrics", "", nil)
	for _, name := range []string{"unimargin_http_request_duration_seconds_bucket", "unimargin_margin_compute_seconds_count", `route="POST /v1/margin"`} {
		if !strings.Contains(string(r.body), name) {
			t.Fatalf("metrics lack %s", name)
		}
	}
	h.srv.Close()
	h.do("GET", "/readyz", "", nil).problem(t, 503, CodeUnavailable)
}

// The method label takes HTTP's methods only: a client making methods up
// cannot grow the label set.
func TestMetricsMethodLabelIsBounded(t *testing.T) {
	h := newHarness(t, Config{})
	for _, m := range []string{"FROBNICATE", "BREW", "GET"} {
		h.do(m, "/v1/venues", h.admin, nil)
	}
	body := string(h.do("GET", "/metrics", "", nil).body)
	if strings.Contains(body, "FROBNICATE") || strings.Contains(body, "BREW") || !strings.Contains(body, `method="other"`) || !strings.Contains(body, `method="GET"`) {
		t.Fatalf("method labels: %s", grepLines(body, "unimargin_http_request_duration_seconds_count"))
	}
}

// grepLines is the lines of text containing s.
func grepLines(text, s string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func TestMissingRequiredPropertyNamesIt(t *testing.T) {
	if got := missingLocation("body", "expected required property amount to be present"); got != "body.amount" {
		t.Fatalf("missingLocation = %q", got)
	}
	if got := missingLocation("body.trade", "expected number"); got != "body.trade" {
		t.Fatalf("other messages keep their location: %q", got)
	}
	h := newHarness(t, Config{AllowSelfDeposit: true}, "alice")
	r := h.do("POST", "/v1/accounts/alice/deposits", h.tokens["alice"], map[string]string{"asset": "USDC"}, "Idempotency-Key", "k1")
	p := r.problem(t, 422, CodeInvalidInput)
	found := false
	for _, f := range p.Errors {
		found = found || f.Location == "body.amount"
	}
	if !found {
		t.Fatalf("missing amount not located at body.amount: %s", r.body)
	}
}

// A token is good only on the server whose store holds its grant, even in
// one process where another server has seen it.
func TestGrantCacheIsPerServer(t *testing.T) {
	a := newHarness(t, Config{})
	b := newHarness(t, Config{})
	if r := a.do("GET", "/v1/venues", a.admin, nil); r.status != 200 {
		t.Fatalf("own token: %d", r.status)
	}
	b.do("GET", "/v1/venues", a.admin, nil).problem(t, 401, CodeUnauthenticated)
}
