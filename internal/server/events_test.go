package server

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/vault"
)

// sseEvent is one parsed server-sent event.
type sseEvent struct {
	id, name string
	data     []byte
}

// sseClient reads an event stream in the background.
type sseClient struct {
	resp   *http.Response
	events chan sseEvent
	pings  atomic.Int64
	ended  chan struct{}
}

// openEvents connects to /v1/events with token (query parameter when
// inQuery, as EventSource does) and fails the test unless it is a 200
// text/event-stream.
func (h *harness) openEvents(token string, inQuery bool, headers ...string) *sseClient {
	h.t.Helper()
	resp := h.getEvents(token, inQuery, headers...)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		h.t.Fatalf("GET /v1/events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	c := &sseClient{resp: resp, events: make(chan sseEvent, 10_000), ended: make(chan struct{})}
	go c.read()
	return c
}

// getEvents sends GET /v1/events with extra headers (name, value, …) and
// returns the response as it starts; the test's end closes its body.
func (h *harness) getEvents(token string, inQuery bool, headers ...string) *http.Response {
	h.t.Helper()
	url := h.ts.URL + "/v1/events"
	if inQuery {
		url += "?access_token=" + token
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	if !inQuery {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (c *sseClient) read() {
	defer close(c.ended)
	sc := bufio.NewScanner(c.resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" {
				c.events <- ev
			}
			ev = sseEvent{}
		case line == ": ping":
			c.pings.Add(1)
		case strings.HasPrefix(line, "id: "):
			ev.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			ev.name = line[7:]
		case strings.HasPrefix(line, "data: "):
			ev.data = []byte(line[6:])
		}
	}
}

// next returns the next event, failing after timeout.
func (c *sseClient) next(t *testing.T, timeout time.Duration) sseEvent {
	t.Helper()
	select {
	case ev := <-c.events:
		return ev
	case <-c.ended:
		t.Fatal("the event stream ended")
	case <-time.After(timeout):
		t.Fatal("no event within", timeout)
	}
	return sseEvent{}
}

// nextMargin skips market events up to the next margin event.
func (c *sseClient) nextMargin(t *testing.T, timeout time.Duration) MarginEvent {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ev := c.next(t, time.Until(deadline))
		if ev.name != "margin" {
			continue
		}
		var m MarginEvent
		if err := json.Unmarshal(ev.data, &m); err != nil {
			t.Fatalf("margin event %s: %v", ev.data, err)
		}
		return m
	}
}

// waitRuns waits until the server has finished at least n re-margin runs.
func waitRuns(t *testing.T, l *live, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for l.runs.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("re-margin runs %d, want ≥ %d", l.runs.Load(), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// storeMarket stores a market scaled like the demo replay and signals the
// change, as PUT /v1/market does.
func (h *harness) storeMarket(eth, btc float64, hour int) {
	h.t.Helper()
	doc, err := scaleMarket(demo.MarketJSON, eth, btc, time.Duration(hour)*time.Hour)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.db.Update(context.Background(), func(tx vault.Tx) error { return vault.SetMarket(tx, doc) }); err != nil {
		h.t.Fatal(err)
	}
	h.srv.marketChanged(context.Background())
}

func TestEventsAccountSeesOnlyItsOwnMarginsAndFollowsTheMarket(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	l := h.srv.events()
	waitRuns(t, l, 1)
	c := h.openEvents(h.tokens["alice"], true)

	first := c.next(t, 5*time.Second)
	if first.name != "market" {
		t.Fatalf("first event %q, want the market", first.name)
	}
	var mk MarketEvent
	if err := json.Unmarshal(first.data, &mk); err != nil || mk.Prices["WETH"] < 1000 || mk.AsOf != "2023-10-31T12:00:00Z" {
		t.Fatalf("market event %s (%v)", first.data, err)
	}
	before := c.nextMargin(t, 5*time.Second)
	if before.Account != "alice" || before.Initial <= 0 || before.Equity <= 0 || before.AsOf != mk.AsOf {
		t.Fatalf("initial margin event %+v", before)
	}

	start := time.Now()
	h.storeMarket(0.7, 0.75, 1)
	after := c.nextMargin(t, 5*time.Second)
	latency := time.Since(start)
	if after.Account != "alice" {
		t.Fatalf("alice's stream carried %s's margin", after.Account)
	}
	if after.Seq <= before.Seq || after.Equity == before.Equity || after.AsOf != "2023-10-31T13:00:00Z" {
		t.Fatalf("after the crash %+v, before %+v", after, before)
	}
	t.Logf("market change → margin event on the stream: %v", latency)

	// bob's margin was published too (admin sees it) but never on alice's stream.
	h.srv.accountChanged(context.Background(), "bob")
	h.srv.accountChanged(context.Background(), "alice")
	if m := c.nextMargin(t, 5*time.Second); m.Account != "alice" {
		t.Fatalf("alice's stream carried %s's margin", m.Account)
	}
}

func TestEventsAdminSnapshotHasEveryAccount(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob", "carol")
	waitRuns(t, h.srv.events(), 1)
	c := h.openEvents(h.admin, false)
	seen := map[string]bool{}
	for len(seen) < 3 {
		seen[c.nextMargin(t, 5*time.Second).Account] = true
	}
	if !seen["alice"] || !seen["bob"] || !seen["carol"] {
		t.Fatalf("admin snapshot %v", seen)
	}
	if got := gaugeValue(t, h, "unimargin_event_subscribers"); got != 1 {
		t.Fatalf("subscribers gauge %v, want 1", got)
	}
	if got := gaugeValue(t, h, "unimargin_accounts"); got != 3 {
		t.Fatalf("accounts gauge %v, want 3", got)
	}
}

func TestEventsRefuseWithoutToken(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	h.do(http.MethodGet, "/v1/events", "", nil).problem(t, http.StatusUnauthorized, CodeUnauthenticated)
	h.do(http.MethodGet, "/v1/events?access_token=nope", "", nil).problem(t, http.StatusUnauthorized, CodeUnauthenticated)
}

func TestEventsPing(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	h.srv.events().ping = 20 * time.Millisecond
	c := h.openEvents(h.tokens["alice"], false)
	deadline := time.Now().Add(5 * time.Second)
	for c.pings.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("no pings")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBrokerDropsASlowSubscriberWithoutBlocking(t *testing.T) {
	b := newBroker(4, 0, 0)
	slow, _, _, err := b.subscribe(access.AdminSubject, "admin", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	other, _, _, _ := b.subscribe(access.AccountSubject("x"), "x", 0, false)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 100 { // nobody reads: must not block
			b.publishMargin(MarginEvent{Account: "a", Equity: float64(i)})
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("publish blocked on a slow subscriber")
	}
	select {
	case <-slow.gone:
	default:
		t.Fatal("the slow subscriber was not dropped")
	}
	if slow.reason != "slow" || len(slow.ch) != 4 {
		t.Fatalf("reason %q, buffered %d", slow.reason, len(slow.ch))
	}
	select {
	case <-other.gone:
		t.Fatal("a subscriber that sees none of the events was dropped")
	default:
	}
}

func TestEventsSlowClientIsDisconnected(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	l := h.srv.events()
	waitRuns(t, l, 1)
	l.b.buffer = 8
	l.writeTimeout = 200 * time.Millisecond
	// A raw stream nobody reads: the socket buffers fill, then the broker's.
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/v1/events?access_token="+h.admin, nil)
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	waitGauge(t, h, "unimargin_event_subscribers", 1)
	start := time.Now()
	for i := 0; gaugeValue(t, h, "unimargin_event_subscribers") != 0; i++ {
		if time.Since(start) > 20*time.Second {
			t.Fatal("the slow client was never disconnected")
		}
		for range 2000 {
			l.b.publishMargin(MarginEvent{Account: "alice", Equity: float64(i), AsOf: strings.Repeat("x", 200)})
		}
	}
	// Publishing stayed non-blocking and a new client still gets a stream.
	c := h.openEvents(h.tokens["alice"], false)
	if m := c.nextMargin(t, 5*time.Second); m.Account != "alice" {
		t.Fatalf("new stream: %+v", m)
	}
}

// gatedRemarginer is the real Local re-margin held at a gate on its first
// call, to make a burst of market changes arrive while a run is in flight.
type gatedRemarginer struct {
	inner   cluster.Remarginer
	calls   atomic.Int64
	entered chan struct{}
	gate    chan struct{}
	once    sync.Once
}

func (g *gatedRemarginer) Remargin(ctx context.Context, ids []string, each func(cluster.Result)) error {
	if g.calls.Add(1) == 1 {
		g.once.Do(func() { close(g.entered) })
		select {
		case <-g.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return g.inner.Remargin(ctx, ids, each)
}

func TestMarketChangesCoalesceWhileARunIsInFlight(t *testing.T) {
	g := &gatedRemarginer{entered: make(chan struct{}), gate: make(chan struct{})}
	h := newHarness(t, Config{Remarginer: g}, "alice", "bob")
	g.inner = &cluster.Local{Source: h.db, Config: h.srv.vaultConfig}
	<-g.entered // the start-up run is in flight
	for i := range 20 {
		h.storeMarket(1-float64(i)/100, 1, i+1)
	}
	close(g.gate)
	l := h.srv.events()
	waitRuns(t, l, 2)
	time.Sleep(100 * time.Millisecond)
	if n := g.calls.Load(); n != 2 {
		t.Fatalf("%d re-margin runs for one in flight plus 20 changes, want 2", n)
	}
	// The coalesced run used the last market.
	c := h.openEvents(h.admin, false)
	var mk MarketEvent
	if err := json.Unmarshal(c.next(t, 5*time.Second).data, &mk); err != nil || mk.AsOf != "2023-11-01T08:00:00Z" {
		t.Fatalf("snapshot market %+v (%v)", mk, err)
	}
}

func TestCloseEndsStreams(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	c := h.openEvents(h.tokens["alice"], false)
	c.nextMargin(t, 5*time.Second)
	h.srv.Close()
	select {
	case <-c.ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream stayed open after Close")
	}
	waitGauge(t, h, "unimargin_event_subscribers", 0)
}

// gaugeValue reads an unlabelled gauge from the server's registry.
func gaugeValue(t *testing.T, h *harness, name string) float64 {
	t.Helper()
	mfs, err := h.srv.metrics.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no gauge %s", name)
	return 0
}

// waitGauge waits until the gauge reads want.
func waitGauge(t *testing.T, h *harness, name string, want float64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for gaugeValue(t, h, name) != want {
		if time.Now().After(deadline) {
			t.Fatalf("%s = %v, want %v", name, gaugeValue(t, h, name), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOpenAPIDescribesTheEventStream(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do(http.MethodGet, "/openapi.json", "", nil)
	if r.status != http.StatusOK {
		t.Fatalf("/openapi.json: %d", r.status)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string } `json:"parameters"`
			Responses  map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	r.decode(t, &doc)
	get, ok := doc.Paths["/v1/events"]["get"]
	if !ok {
		t.Fatal("no GET /v1/events in the OpenAPI document")
	}
	stream, ok := get.Responses["200"].Content["text/event-stream"]
	if !ok || !strings.Contains(string(stream), `"margin"`) || !strings.Contains(string(stream), `"market"`) {
		t.Fatalf("200 response %s", stream)
	}
	if len(get.Parameters) != 2 || get.Parameters[0].Name != "access_token" || get.Parameters[0].In != "query" ||
		get.Parameters[1].Name != "Last-Event-ID" || get.Parameters[1].In != "header" {
		t.Fatalf("parameters %+v", get.Parameters)
	}
	for _, name := range []string{"MarginEvent", "MarketEvent"} {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("no %s schema", name)
		}
	}
}

func TestBrokerAdminBufferHoldsTwoRuns(t *testing.T) {
	b := newBroker(4, 0, 0)
	for i := range 10 {
		b.publishMargin(MarginEvent{Account: string(rune('a' + i))})
	}
	admin, snap, _, _ := b.subscribe(access.AdminSubject, "admin", 0, false)
	account, _, _, _ := b.subscribe(access.AccountSubject("a"), "a", 0, false)
	if cap(admin.ch) != 22 || cap(account.ch) != 4 || len(snap) != 10 {
		t.Fatalf("admin buffer %d, account buffer %d, snapshot %d", cap(admin.ch), cap(account.ch), len(snap))
	}
	for range 2 { // two full runs: nobody reads, nobody is dropped
		for i := range 10 {
			b.publishMargin(MarginEvent{Account: string(rune('a' + i))})
		}
	}
	select {
	case <-admin.gone:
		t.Fatal("the admin stream was dropped within two runs")
	default:
	}
}
