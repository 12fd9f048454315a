package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
)

// handlerTransport answers requests with a handler in the caller's
// goroutine: no sockets, so a test can run the generator in a synctest
// bubble on its fake clock.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// The schedule is open loop: a server that stalls does not delay the
// sending, and the stalled requests' latency counts from their due times
// (a closed-loop client would report one slow request, not twenty).
// Non-200 answers are counted by status. Method: 100 requests a second
// for 1 s against a handler that holds every request until 300 ms, in a
// synctest bubble: on its fake clock the figures are exact (the requests
// due at 0, 10, …, 290 ms answer at 300 ms; the rest at once).
func TestLoadGenOpenLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		var n atomic.Int64
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-gate
			if r.Header.Get("Authorization") != "Bearer T" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			if n.Add(1)%10 == 0 {
				w.WriteHeader(http.StatusInternalServerError)
			}
		})
		time.AfterFunc(300*time.Millisecond, func() { close(gate) })
		lg := newLoadGen("http://sim", "T", marginRequests([][]byte{[]byte(`{}`)}), 64, 5*time.Second)
		lg.client.Transport = handlerTransport{h}
		rep := lg.run(context.Background(), 100, time.Second, nil)
		if rep.Sent != 100 || rep.Completed != 100 {
			t.Fatalf("sent %d completed %d, want 100", rep.Sent, rep.Completed)
		}
		if rep.Errors != 10 || rep.ErrorsBy["500"] != 10 || rep.OK != 90 {
			t.Fatalf("errors %d %v ok %d, want 10 × 500", rep.Errors, rep.ErrorsBy, rep.OK)
		}
		slow := 0
		for _, d := range lg.lat {
			if d > 100*time.Millisecond {
				slow++
			}
		}
		if slow != 20 || rep.LatencyMS.Max != 300 || rep.LatencyMS.P50 != 0 {
			t.Fatalf("%d requests over 100 ms, max %.1f ms, p50 %.1f ms: want 20 (due before 200 ms), 300 ms, 0",
				slow, rep.LatencyMS.Max, rep.LatencyMS.P50)
		}
		if !(rep.LatencyMS.P50 <= rep.LatencyMS.P90 && rep.LatencyMS.P90 <= rep.LatencyMS.P99 &&
			rep.LatencyMS.P99 <= rep.LatencyMS.P999 && rep.LatencyMS.P999 <= rep.LatencyMS.Max) {
			t.Fatalf("percentiles %+v", rep.LatencyMS)
		}
	})
}

func TestPercentilesNearestRank(t *testing.T) {
	var lat []time.Duration
	for i := 1000; i >= 1; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	p := percentiles(lat)
	if p.P50 != 500 || p.P90 != 900 || p.P99 != 990 || p.P999 != 999 || p.Max != 1000 || p.Mean != 500.5 {
		t.Fatalf("%+v", p)
	}
}

// Distinct books differ only in the account name, so a server-side memo
// of identical requests cannot answer them.
func TestLoadtestBooksAreDistinct(t *testing.T) {
	c := &loadtestCmd{Books: 3}
	bodies, _, err := c.bodies()
	if err != nil || len(bodies) != 3 {
		t.Fatal(err, len(bodies))
	}
	seen := map[string]bool{}
	for _, b := range bodies {
		var doc struct {
			Portfolio struct{ Account string } `json:"portfolio"`
			Market    json.RawMessage          `json:"market"`
		}
		if err := json.Unmarshal(b, &doc); err != nil || len(doc.Market) == 0 {
			t.Fatal(err)
		}
		seen[doc.Portfolio.Account] = true
	}
	if len(seen) != 3 {
		t.Fatalf("accounts %v", seen)
	}
}

var loadMu sync.Mutex // one in-process load run at a time: they share the CPU

// The CI load check: 200 margin requests a second for 2 s against the
// server started in process, zero errors, p99 within a bound loose enough
// for a shared 2-core CI machine running other packages' tests at the same
// time (one retry absorbs a neighbour's burst), and — the regression check
// that contention cannot blur — at most 2 ms of CPU per request for client
// and server together (about 0.4 ms memoised; about 6 ms if every request
// were recomputed). UNIMARGIN_LOAD_FULL=1 runs the bar instead:
// 1,000/s for 30 s, p99 ≤ 5 ms.
func TestLoadtestServeDemo(t *testing.T) {
	loadMu.Lock()
	defer loadMu.Unlock()
	args := []string{"loadtest", "--serve-demo", "--rate", "200", "--duration", "2s", "--warmup", "500ms",
		"--max-p99", "100ms", "--json"}
	if os.Getenv("UNIMARGIN_LOAD_FULL") != "" {
		args = []string{"loadtest", "--serve-demo", "--rate", "1000", "--duration", "30s", "--max-p99", "5ms", "--json"}
	}
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	if code != 0 && strings.Contains(errb.String(), "p99") && !strings.Contains(errb.String(), "0 errors map[]") {
		t.Fatalf("exit %d: %s", code, errb.String()) // errors are never retried
	}
	if code != 0 {
		t.Logf("first run over the bound (%s); retrying once", strings.TrimSpace(errb.String()))
		out.Reset()
		errb.Reset()
		code = run(args, &out, &errb)
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep LoadReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err, out.String())
	}
	t.Logf("%d requests at %.1f/s: p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms; %.3f ms CPU a request; load %v",
		rep.Completed, rep.AchievedRate, rep.LatencyMS.P50, rep.LatencyMS.P90, rep.LatencyMS.P99, rep.LatencyMS.P999,
		rep.LatencyMS.Max, rep.CPUMSPerRequest, rep.LoadAverage)
	if rep.Errors != 0 || rep.OK != rep.Sent || rep.Sent != int(rep.TargetRate*2) && rep.Sent != 30000 {
		t.Fatalf("report %+v", rep)
	}
	if rep.CPUMSPerRequest <= 0 || rep.CPUMSPerRequest > 2 {
		t.Fatalf("%.3f ms of CPU per request, want (0, 2]", rep.CPUMSPerRequest)
	}
	if !strings.HasPrefix(rep.URL, "http://127.0.0.1:") {
		t.Fatalf("url %s", rep.URL)
	}
}

func TestLoadtestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"loadtest", "--rate", "0"},
		{"loadtest", "--duration", "0s"},
		{"loadtest", "--books", "0"},
		{"loadtest", "--connections", "0"},
		{"loadtest", "--rate", "10", "--duration", "1s"}, // no token
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 1 || out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
		}
	}
	// Absurd values are refused naming the flag, before any request: a
	// --duration of 999999h allocated rate × duration slots at once and
	// died out of memory; --max-p99 -1s and --print-book -2 were ignored.
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"--duration", "999999h"}, "--duration"},
		{[]string{"--rate", "1000000", "--duration", "1h"}, "--rate"},
		{[]string{"--warmup", "999999h"}, "--warmup"},
		{[]string{"--max-p99", "-1s"}, "--max-p99"},
		{[]string{"--print-book", "-2"}, "--print-book"},
	} {
		args := append([]string{"loadtest", "--url", "http://127.0.0.1:1", "--token", "x"}, c.args...)
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 1 || out.Len() != 0 || !strings.Contains(errb.String(), c.flag) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q, want a refusal naming %s", c.args, code, out.String(), errb.String(), c.flag)
		}
	}
}

// The mixed load (--mix) on the server in process: every kind of request
// is sent, every move the server accepted is in the balances and liens it
// reads back (none lost or applied twice), the ledger verifies.
func TestLoadtestMix(t *testing.T) {
	loadMu.Lock()
	defer loadMu.Unlock()
	var out, errb bytes.Buffer
	code := run([]string{"loadtest", "--serve-demo", "--mix", "--accounts", "8", "--rate", "100", "--duration", "2s",
		"--warmup", "200ms", "--timeout", "60s", "--json"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep LoadReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err, out.String())
	}
	a := rep.Audit
	if a == nil || a.Mismatches != 0 || a.LedgerVerified == nil || !*a.LedgerVerified || a.Balances != 8 || a.Accepted == 0 {
		t.Fatalf("audit %+v", a)
	}
	for _, k := range []string{"read", "margin", "deposit", "withdraw", "grant", "vaults"} {
		if rep.ByKind[k] == 0 {
			t.Errorf("no %s request in %v", k, rep.ByKind)
		}
	}
	if rep.Errors != 0 {
		t.Fatalf("errors %v", rep.ErrorsBy)
	}
	t.Logf("%d requests at %.1f/s, p99 %.1f ms; audit %+v", rep.Completed, rep.AchievedRate, rep.LatencyMS.P99, *a)
}

// The audit reads every balance and lien back and reports each one that
// differs from the moves the server accepted (a lost or duplicated
// transfer), against a server that lost a deposit and doubled a lien.
func TestMixAuditFindsDifferences(t *testing.T) {
	m := newMixer(2, nil)
	m.state[m.accounts[0]].balance = 1500
	m.state[m.accounts[1]].balance = 700
	m.state[m.accounts[1]].lien["loadvenue-a"] = 3
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/accounts/" + m.accounts[0]:
			w.Write([]byte(`{"balances": {"USDC": {"assets": "1000"}}}`)) // a deposit of 500 lost
		case "/v1/accounts/" + m.accounts[1]:
			w.Write([]byte(`{"balances": {"USDC": {"assets": "700"}}}`))
		case "/v1/venues/loadvenue-a/liens":
			w.Write([]byte(`{"liens": [{"account": "` + m.accounts[1] + `", "amount_usd": "6"}]}`)) // doubled
		default:
			w.Write([]byte(`{"liens": []}`))
		}
	}))
	defer ts.Close()
	lg := newLoadGen(ts.URL, "T", m.next, 1, 5*time.Second)
	a, err := m.audit(context.Background(), lg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mismatches != 2 || a.Balances != 2 || a.Liens != 1 || a.LedgerVerified != nil ||
		!strings.Contains(strings.Join(a.Differences, ";"), "holds 1000 USDC, the accepted moves 1500") {
		t.Fatalf("audit %+v", a)
	}
}

// --distinct: request i carries book i of the seed with the demo market,
// past the books drawn beforehand too, and the requests go to the tokens
// in turn. Method: 100 requests a second for 0.12 s (12 requests, 8 drawn
// beforehand) to a handler that records each request's token and body,
// in a synctest bubble.
func TestLoadGenDistinctBooksOverTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		byToken := map[string]int{}
		books := map[string]bool{}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body struct{ Market, Portfolio json.RawMessage }
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil || !bytes.Equal(body.Market, demo.MarketJSON) {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			byToken[r.Header.Get("Authorization")]++
			books[string(body.Portfolio)] = true
		})
		lg := newLoadGen("http://sim", "A,B,C", distinctRequests(5, 8), 4, 5*time.Second)
		lg.client.Transport = handlerTransport{h}
		rep := lg.run(context.Background(), 100, 120*time.Millisecond, nil)
		if rep.OK != 12 || rep.Errors != 0 {
			t.Fatalf("ok %d errors %v", rep.OK, rep.ErrorsBy)
		}
		for i := range 12 {
			if !books[string(demo.Book(5, i))] {
				t.Errorf("book %d of seed 5 not sent", i)
			}
		}
		if len(books) != 12 || byToken["Bearer A"] != 4 || byToken["Bearer B"] != 4 || byToken["Bearer C"] != 4 {
			t.Fatalf("%d books, by token %v: want 12, 4 each", len(books), byToken)
		}
	})
}
