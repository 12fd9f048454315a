// The dashboard in a real browser: Debian's chromium, headless, driven by
// chromedp against a server on a real SQLite store. The page must show the
// API's numbers, follow a market change over /v1/events, and raise no
// script error; a screenshot is saved for people to look at.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/vault"
)

// chromiumPath finds the browser: CHROMIUM_PATH, then the usual names. Without
// one the test skips, unless UNIMARGIN_REQUIRE_BROWSER=1 (CI) makes it fail.
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CHROMIUM_PATH"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	msg := "no chromium found (set CHROMIUM_PATH or apt-get install chromium)"
	if os.Getenv("UNIMARGIN_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + "; UNIMARGIN_REQUIRE_BROWSER=1 requires the browser test")
	}
	t.Skip(msg)
	return ""
}

// browser starts headless chromium for the test and returns a tab's context.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // CI runs as root, where chromium's sandbox cannot start
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1680, 1050),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// scriptErrors collects the page's uncaught exceptions.
type scriptErrors struct {
	mu   sync.Mutex
	errs []string
}

func watchScriptErrors(ctx context.Context) *scriptErrors {
	se := &scriptErrors{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException {
				se.mu.Lock()
				se.errs = append(se.errs, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line))
				se.mu.Unlock()
			}
		}
	}()
	return se
}

func (se *scriptErrors) check(t *testing.T) {
	t.Helper()
	se.mu.Lock()
	defer se.mu.Unlock()
	if len(se.errs) > 0 {
		t.Fatalf("the page threw: %s", strings.Join(se.errs, "; "))
	}
}

// fieldsJS reads every figure the page shows: data-field → text.
const fieldsJS = `Object.fromEntries([...document.querySelectorAll('[data-field]')].map(e => [e.dataset.field, e.textContent.trim()]))`

func fields(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	m, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](fieldsJS))
	if err != nil {
		t.Fatalf("reading the page's figures: %v", err)
	}
	return m
}

// usdText is how the page writes a USD figure: whole dollars, thousands
// separators, a true minus sign (Intl rounds half away from zero, as
// math.Round does).
func usdText(x float64) string {
	r := math.Round(x)
	if r == 0 {
		return "0"
	}
	s := strconv.FormatFloat(math.Abs(r), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if r < 0 {
		return "\u2212" + b.String()
	}
	return b.String()
}

// expected lists the figures the page must show for a report: the unified
// and fragmented totals, savings, and each venue's equity, initial and excess.
func expected(rep *margin.Report) map[string]string {
	want := map[string]string{
		"unified.initial":     usdText(rep.Unified.Initial),
		"unified.maintenance": usdText(rep.Unified.Maintenance),
		"unified.equity":      usdText(rep.Unified.Equity),
		"unified.excess":      usdText(rep.Unified.Excess),
		"fragmented.initial":  usdText(rep.Fragmented.Initial),
		"savings.initial":     usdText(rep.Savings.Initial),
	}
	for _, v := range rep.Venues {
		want["venue."+v.ID+".equity"] = usdText(v.Equity)
		want["venue."+v.ID+".initial"] = usdText(v.Initial)
		want["venue."+v.ID+".excess"] = usdText(v.Excess)
	}
	return want
}

// mismatches compares the page's figures with want.
func mismatches(got, want map[string]string) []string {
	var bad []string
	for k, w := range want {
		if got[k] != w {
			bad = append(bad, fmt.Sprintf("%s: page %q, API %q", k, got[k], w))
		}
	}
	return bad
}

// waitFor polls the page until want matches (or the deadline passes).
func waitFor(t *testing.T, ctx context.Context, what string, d time.Duration, want map[string]string) map[string]string {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		got := fields(t, ctx)
		bad := mismatches(got, want)
		if len(bad) == 0 {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: after %v the page still differs from the API:\n  %s", what, d, strings.Join(bad, "\n  "))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (h *harness) report(t *testing.T, account string) *margin.Report {
	t.Helper()
	r := h.do(http.MethodGet, "/v1/accounts/"+account+"/report", h.tokens[account], nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET report: %d %s", r.status, r.body)
	}
	var rep margin.Report
	r.decode(t, &rep)
	return &rep
}

// movedMarket is the demo market a minute later with crypto prices down:
// BTC and WBTC by 12%, ETH, WETH and wstETH by 9%, and WETH lending rates
// (supply 2%, borrow 3% a year), so the venues carry.
func movedMarket(t *testing.T) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(demo.MarketJSON, &m); err != nil {
		t.Fatal(err)
	}
	m["as_of"] = "2023-10-31T12:01:00Z"
	moves := map[string]float64{"BTC": 0.88, "WBTC": 0.88, "ETH": 0.91, "WETH": 0.91, "wstETH": 0.91}
	assets := m["assets"].(map[string]any)
	for sym, f := range moves {
		a := assets[sym].(map[string]any)
		p, err := strconv.ParseFloat(a["price"].(string), 64)
		if err != nil {
			t.Fatal(err)
		}
		a["price"] = strconv.FormatFloat(p*f, 'f', 8, 64)
	}
	weth := assets["WETH"].(map[string]any)
	weth["supply_apr"], weth["borrow_apr"] = 0.02, 0.03
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// setMarket stores a market as an admin would: PUT /v1/market, or, on a
// server without that endpoint, the store and the market-change hooks.
func (h *harness) setMarket(t *testing.T, doc []byte) {
	t.Helper()
	r := h.do(http.MethodPut, "/v1/market", h.admin, doc)
	switch {
	case r.status/100 == 2:
		return
	case r.status == http.StatusNotFound || r.status == http.StatusMethodNotAllowed:
		ctx := context.Background()
		if err := h.db.Update(ctx, func(tx vault.Tx) error { return tx.PutMarket(doc) }); err != nil {
			t.Fatal(err)
		}
		h.srv.marketChanged(ctx)
	default:
		t.Fatalf("PUT /v1/market: %d %s", r.status, r.body)
	}
}

// screenshot saves a full-page PNG under the test's temporary directory and,
// when UNIMARGIN_SCREENSHOT_DIR is set, there too.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Fatalf("screenshot is not a PNG (%d bytes)", len(png))
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("UNIMARGIN_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", p, len(png))
	}
}

func TestDashboardInBrowser(t *testing.T) {
	start := time.Now()
	ctx := browser(t)
	h := newHarness(t, Config{}, "fund-a", "fund-b")
	defer func() { t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond)) }()
	errs := watchScriptErrors(ctx)
	fundVault(t, h, "fund-a")

	// No token: the page loads and asks for one.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("signin").hidden && document.getElementById("desk").hidden`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("without a token the page does not ask for one: %v", err)
	}

	// A token the server does not know: the page says so and asks again.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token=um_not-a-token-of-this-server-000000000000000")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("signin").hidden && /refused/.test(document.getElementById("messages").textContent)`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("a refused token is not reported: %v", err)
	}

	// An account token in the URL: the page shows that account.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token="+h.tokens["fund-a"])); err != nil {
		t.Fatal(err)
	}
	before := h.report(t, "fund-a")
	got := waitFor(t, ctx, "first load", 20*time.Second, expected(before))
	t.Logf("first load shown after %v", time.Since(start).Round(time.Millisecond))
	if got["unified.liquidatable"] == "" {
		t.Errorf("no unified status shown")
	}

	// The scenarios panel: Run shows the historical library's seven
	// scenarios on the account's book, each with its P&L.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("scenarios-run").click(), true`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#scenarios-table tbody tr").length === 7 &&
		/2020-03-12/.test(document.getElementById("scenarios-table").textContent)`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the scenarios panel does not show the library: %v", err)
	}
	// The risk panel: Run shows the eight VaR rows and the reverse stress,
	// a depeg direction for the USDC the account holds in the vault among
	// them, with the API's figures.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("risk-run").click(), true`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#var-table tbody tr").length === 8 &&
		document.querySelector('#reverse-table tr[data-key="USDC depeg"]') !== null`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("the risk panel does not show VaR and reverse stress: %v", err)
	}
	var vr struct {
		Rows []struct {
			Method      string  `json:"method"`
			Confidence  float64 `json:"confidence"`
			HorizonDays int     `json:"horizon_days"`
			VaR         float64 `json:"var"`
		} `json:"rows"`
	}
	h.do(http.MethodGet, "/v1/accounts/fund-a/var", h.tokens["fund-a"], nil).decode(t, &vr)
	r0 := vr.Rows[0]
	waitFor(t, ctx, "risk", 5*time.Second, map[string]string{
		fmt.Sprintf("var.%s.%v.%d.var", r0.Method, r0.Confidence, r0.HorizonDays): usdText(r0.VaR),
	})
	// The model validation panel: one row per reference book, with the
	// API's figures (mean IMs, 1-day exceedances, traffic-light zone).
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#validation-table tbody tr[data-key]").length >= 1`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("the model validation panel shows no book: %v", err)
	}
	var bs BacktestSummary
	h.do(http.MethodGet, "/v1/backtest/reference", h.tokens["fund-a"], nil).decode(t, &bs)
	b0 := bs.Books[0]
	waitFor(t, ctx, "model validation", 5*time.Second, map[string]string{
		"validation." + b0.Name + ".unified":     usdText(b0.MeanUnifiedIM),
		"validation." + b0.Name + ".fragmented":  usdText(b0.MeanFragmentedIM),
		"validation." + b0.Name + ".exceedances": fmt.Sprintf("%d / %d", b0.Unified1.Exceedances, b0.Unified1.N),
		"validation." + b0.Name + ".zone":        b0.Unified1.Zone,
	})
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#validation-table tbody tr[data-key]").length`)); err != nil || n != len(bs.Books) {
		t.Errorf("the model validation panel has %d rows, the API %d books (%v)", n, len(bs.Books), err)
	}
	var st vault.AccountState
	h.do(http.MethodGet, "/v1/accounts/fund-a", h.tokens["fund-a"], nil).decode(t, &st)
	if st.CollateralValue == nil || st.Excess == nil {
		t.Fatalf("vault state without figures: %+v", st)
	}
	waitFor(t, ctx, "vault", 5*time.Second, map[string]string{
		"vault.collateral_value":           usdText(*st.CollateralValue),
		"vault.excess":                     usdText(*st.Excess),
		"vault.liens_usd":                  "40,000",
		"vault.balance.USDC.assets":        "250,000",
		"vault.balance.WBTC.assets":        "3",
		"vault.lien.dydx":                  "40,000",
		"venue.uct-vault.collateral_value": usdText(venueOf(t, before, "uct-vault").CollateralValue),
	})
	stored, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem("unimargin.token") + " " + location.search`))
	if err != nil {
		t.Fatal(err)
	}
	if want := h.tokens["fund-a"] + " "; stored != want {
		t.Errorf("token in localStorage and address %q, want %q (kept, and taken out of the URL)", stored, want)
	}

	// Live: the event stream is open, then a market change reaches the page.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("live").dataset.state === "on"`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("live indicator never turned on (GET /v1/events): %v", err)
	}
	h.setMarket(t, movedMarket(t))
	after := h.report(t, "fund-a")
	if after.Unified.Initial == before.Unified.Initial || after.Unified.Excess == before.Unified.Excess {
		t.Fatalf("the market move did not change unified margin (%v → %v): the test proves nothing", before.Unified.Initial, after.Unified.Initial)
	}
	want := expected(after)
	want["market.as_of"] = "2023-10-31 12:01:00Z"
	// with rates in the market the venues table shows each venue's carry
	carried := 0
	for _, v := range after.Venues {
		if v.Carry != nil {
			want["venue."+v.ID+".carry"] = usdText(v.Carry.Total)
			if v.Carry.Total != 0 {
				carried++
			}
		}
	}
	if carried == 0 {
		t.Fatal("no venue carries on the moved market: the carry column is not tested")
	}
	h.do(http.MethodGet, "/v1/accounts/fund-a", h.tokens["fund-a"], nil).decode(t, &st)
	if st.Excess != nil {
		want["vault.excess"] = usdText(*st.Excess)
	}
	var hedges struct {
		Suggestions []struct {
			Reduction           float64 `json:"reduction"`
			UnifiedInitialAfter float64 `json:"unified_initial_after"`
		} `json:"suggestions"`
	}
	h.do(http.MethodGet, "/v1/accounts/fund-a/hedges?top=8", h.tokens["fund-a"], nil).decode(t, &hedges)
	if len(hedges.Suggestions) == 0 {
		t.Fatal("GET hedges: no suggestions for the demo book")
	}
	want["hedge.1.after"] = usdText(hedges.Suggestions[0].UnifiedInitialAfter)
	want["hedge.1.reduction"] = usdText(hedges.Suggestions[0].Reduction)
	waitFor(t, ctx, "after a market change", 10*time.Second, want)

	// History and alerts: the chart's entries are the API's, and a limit
	// the account breaches shows its alert.
	var hist History
	h.do(http.MethodGet, "/v1/accounts/fund-a/history?limit=500", h.tokens["fund-a"], nil).decode(t, &hist)
	if len(hist.Entries) < 2 {
		t.Fatalf("history after a market change: %+v", hist)
	}
	if r := h.do(http.MethodPut, "/v1/accounts/fund-a/limits", h.tokens["fund-a"],
		map[string]any{"limits": []map[string]any{{"kind": "health", "threshold": 1e9}}}); r.status != http.StatusOK {
		t.Fatalf("PUT limits: %d %s", r.status, r.body)
	}
	h.do(http.MethodGet, "/v1/accounts/fund-a/history?limit=500", h.tokens["fund-a"], nil).decode(t, &hist)
	waitFor(t, ctx, "history and alerts", 10*time.Second, map[string]string{
		"history.count":        strconv.Itoa(len(hist.Entries)),
		"history.last.initial": usdText(hist.Entries[0].Initial),
		"alert.1.kind":         "health",
		"alert.1.state":        "breached",
		"limit.health":         "breached",
	})
	// Reloaded, the page lists the alert from the store (GET …/alerts):
	// the breach is stored, so no event carries it again.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token="+h.tokens["fund-a"])); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "stored alerts after a reload", 10*time.Second, map[string]string{
		"alert.1.kind": "health", "alert.1.state": "breached", "limit.health": "breached"})

	// Explain: the waterfall between the oldest and the newest entry the
	// chart shows, as GET …/explain gives it (the market moved in between).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("explain-run").click(), true`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#explain-table tbody tr").length === 6`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the history panel does not explain: %v", err)
	}
	var ex ExplainReport
	h.do(http.MethodGet, fmt.Sprintf("/v1/accounts/fund-a/explain?from=%d&to=%d", hist.Entries[len(hist.Entries)-1].Seq, hist.Entries[0].Seq),
		h.tokens["fund-a"], nil).decode(t, &ex)
	waitFor(t, ctx, "explain", 5*time.Second, map[string]string{
		"explain.total.initial": usdText(ex.Total.Initial),
		"explain.price.initial": usdText(ex.Steps[0].Change.Initial),
	})

	t0 := time.Now()
	runCascade(t, ctx, h)
	t.Logf("cascade from the page: %v", time.Since(t0).Round(time.Millisecond))
	time.Sleep(1500 * time.Millisecond) // let the live-update highlight fade
	screenshot(t, ctx, "dashboard.png")

	// An admin token: a table of every account, numbers as GET /v1/accounts.
	adminView(t, ctx, h)
	screenshot(t, ctx, "dashboard-admin.png")
	errs.check(t)
}

// fundVault deposits into the master vault and grants a lien, so the vault
// panel has balances and a lien to show.
func fundVault(t *testing.T, h *harness, account string) {
	t.Helper()
	moves := []struct {
		path, key string
		body      map[string]string
	}{
		{"deposits", "dash-1", map[string]string{"asset": "USDC", "amount": "250000"}},
		{"deposits", "dash-2", map[string]string{"asset": "WBTC", "amount": "3"}},
		{"liens", "dash-3", map[string]string{"venue": "dydx", "amount_usd": "40000"}},
	}
	for _, m := range moves {
		tok := h.tokens[account]
		if m.path == "deposits" {
			tok = h.admin // deposits are credited by an admin or custodian token
		}
		r := h.do(http.MethodPost, "/v1/accounts/"+account+"/"+m.path, tok, m.body, "Idempotency-Key", m.key)
		if r.status/100 != 2 {
			t.Fatalf("POST %s %v: %d %s", m.path, m.body, r.status, r.body)
		}
	}
}

// venueOf finds a venue of a report.
func venueOf(t *testing.T, rep *margin.Report, id string) margin.VenueReport {
	t.Helper()
	for _, v := range rep.Venues {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("report has no venue %q", id)
	return margin.VenueReport{}
}

// adminView signs in with the admin token and checks the accounts table.
func adminView(t *testing.T, ctx context.Context, h *harness) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/?token="+h.admin+"&account=fund-b")); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Accounts []struct {
			ID                           string
			Initial, Maintenance, Excess float64
		}
	}
	r := h.do(http.MethodGet, "/v1/accounts", h.admin, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET /v1/accounts: %d %s", r.status, r.body)
	}
	r.decode(t, &list)
	if len(list.Accounts) != 2 {
		t.Fatalf("GET /v1/accounts lists %d accounts, want 2", len(list.Accounts))
	}
	want := expected(h.report(t, "fund-b"))
	for _, a := range list.Accounts {
		want["account."+a.ID+".initial"] = usdText(a.Initial)
		want["account."+a.ID+".excess"] = usdText(a.Excess)
	}
	waitFor(t, ctx, "admin view", 10*time.Second, want)
}

// runCascade starts a small cascade from the page, waits for the job and
// its plots, and checks the table against GET /v1/jobs/{job}/result.
func runCascade(t *testing.T, ctx context.Context, h *harness) {
	t.Helper()
	start := `(() => { const f = document.getElementById("cascade-form");
		f.synthetic.value = "100"; f.steps.value = "200";
		document.getElementById("cascade-run").click(); return true; })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](start)); err != nil {
		t.Fatal(err)
	}
	done := `(() => { const s = document.getElementById("cascade-status");
		const imgs = [...document.querySelectorAll("#cascade-plots img")];
		if (s.dataset.value === "failed" || s.dataset.value === "cancelled") return "failed: " + s.textContent;
		return s.dataset.value === "done" && imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0) ? s.dataset.job : ""; })()`
	job, err := chromedp.Run(ctx, chromedp.Poll[string](done, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("cascade job never finished with its plots shown: %v", err)
	}
	if strings.HasPrefix(job, "failed") {
		t.Fatalf("cascade %s", job)
	}
	var res struct {
		Table []map[string]any `json:"table"`
	}
	r := h.do(http.MethodGet, "/v1/jobs/"+job+"/result", h.tokens["fund-a"], nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET result: %d %s", r.status, r.body)
	}
	r.decode(t, &res)
	want := map[string]string{}
	for _, row := range res.Table {
		measure, _ := row["measure"].(string)
		if measure != "liquidated_usd" && measure != "liquidations" && measure != "bad_debt_usd" {
			continue
		}
		for _, arch := range []string{"isolated", "hub", "uct"} {
			if v, ok := row[arch].(float64); ok && (v == 0 || math.Abs(v) >= 100 || measure == "liquidations") {
				want["cascade."+measure+"."+arch] = usdText(v)
			}
		}
	}
	if len(want) == 0 {
		t.Fatalf("cascade result has no liquidation rows: %s", r.body)
	}
	waitFor(t, ctx, "cascade table", 2*time.Second, want)
}

// The page and its modules are served without a token, self-contained
// (a content security policy that allows this origin only), and the
// assets directory is not listed.
func TestDashboardAssets(t *testing.T) {
	h := newHarness(t, Config{})
	page := h.do(http.MethodGet, "/", "", nil)
	if page.status != http.StatusOK || !strings.Contains(string(page.body), `src="/assets/app.js"`) {
		t.Fatalf("GET /: %d %.200s", page.status, page.body)
	}
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("GET / Content-Security-Policy %q", csp)
	}
	if strings.Contains(string(page.body), "://") {
		t.Errorf("the page refers to another origin")
	}
	for _, name := range []string{"app.js", "api.js", "dom.js", "fmt.js", "panels.js", "cascade.js", "style.css"} {
		r := h.do(http.MethodGet, "/assets/"+name, "", nil)
		if r.status != http.StatusOK || len(r.body) == 0 {
			t.Fatalf("GET /assets/%s: %d", name, r.status)
		}
		if ct := r.header.Get("Content-Type"); !strings.Contains(ct, "javascript") && !strings.Contains(ct, "css") {
			t.Errorf("GET /assets/%s Content-Type %q", name, ct)
		}
		if i := strings.Index(string(r.body), "://"); i >= 0 {
			t.Errorf("/assets/%s refers to another origin: …%s…", name, r.body[max(0, i-20):min(len(r.body), i+30)])
		}
	}
	for _, p := range []string{"/assets/", "/assets/index.html", "/assets/nope.js"} {
		if r := h.do(http.MethodGet, p, "", nil); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, r.status)
		}
	}
	var s Session
	h.do(http.MethodGet, "/v1/session", h.admin, nil).decode(t, &s)
	if !s.Admin || s.Subject != "admin" {
		t.Fatalf("admin session %+v", s)
	}
	h.do(http.MethodGet, "/v1/session", "", nil).problem(t, http.StatusUnauthorized, CodeUnauthenticated)
}
