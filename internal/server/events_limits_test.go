// Goal: event streams are capped per token and in all (429 with
// Retry-After, a closed stream frees its slot), and a reconnect with
// Last-Event-ID resumes after that event, or starts from the current state
// when the id is older than the replay history. Method: a real server and
// real HTTP clients reading the streams; the history's bounds on the broker
// itself.
package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/access"
)

func TestEventStreamsAreCappedPerTokenAndInAll(t *testing.T) {
	h := newHarness(t, Config{MaxStreamsPerToken: 2, MaxStreams: 3}, "alice", "bob")
	alice := h.tokens["alice"]
	first := h.openEvents(alice, false)
	h.openEvents(alice, true)
	refused := func(token, cap string) {
		t.Helper()
		resp := h.getEvents(token, false)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "10" {
			t.Fatalf("%s: %d, Retry-After %q; want 429 after 10 s", cap, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		var p Problem
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.Code != CodeRateLimited {
			t.Fatalf("%s: problem %+v, %v", cap, p, err)
		}
	}
	refused(alice, "a third stream of one token")
	h.openEvents(h.tokens["bob"], false)
	refused(h.admin, "a fourth stream in all")

	// Closing a stream frees its slot, for its token and in all.
	first.resp.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp := h.getEvents(alice, false)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the closed stream's slot was not freed: %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// take reads n events and returns their ids and names.
func (c *sseClient) take(t *testing.T, n int) (ids []uint64, names []string) {
	t.Helper()
	for range n {
		ev := c.next(t, 10*time.Second)
		id, err := strconv.ParseUint(ev.id, 10, 64)
		if err != nil {
			t.Fatalf("event id %q: %v", ev.id, err)
		}
		ids, names = append(ids, id), append(names, ev.name)
	}
	return ids, names
}

func TestEventsResumeFromLastEventID(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	l := h.srv.events()
	waitRuns(t, l, 1)
	// The snapshot: the market, then alice's and bob's margins.
	c := h.openEvents(h.admin, false)
	ids, names := c.take(t, 3)
	if names[0] != "market" || names[1] != "margin" || names[2] != "margin" {
		t.Fatalf("snapshot %v", names)
	}
	last := ids[0]
	for _, id := range ids {
		last = max(last, id)
	}
	c.resp.Body.Close()

	// Two market changes while the client is away: 2 × (market, alice, bob).
	h.storeMarket(1.1, 1.0, 1)
	waitRuns(t, l, 2)
	h.storeMarket(0.9, 1.0, 2)
	waitRuns(t, l, 3)

	r := h.openEvents(h.admin, false, "Last-Event-ID", strconv.FormatUint(last, 10))
	got, names := r.take(t, 6)
	for i, id := range got {
		if id != last+1+uint64(i) {
			t.Fatalf("resumed ids %v after %d: want each event after it, in order", got, last)
		}
	}
	if names[0] != "market" || names[3] != "market" {
		t.Fatalf("resumed events %v, want two runs", names)
	}

	// An account token resumes with only what it may see.
	a := h.openEvents(h.tokens["alice"], true, "Last-Event-ID", strconv.FormatUint(last, 10))
	_, names = a.take(t, 4)
	for i, want := range []string{"market", "margin", "market", "margin"} {
		if names[i] != want {
			t.Fatalf("alice's resumed events %v", names)
		}
	}
	if m := a.nextMarginOrNone(t); m != nil {
		t.Fatalf("alice saw a margin event beyond her own: %+v", m)
	}

	// An id older than the server's history (another run's) starts afresh:
	// the current market and every margin, as a new stream.
	o := h.openEvents(h.admin, false, "Last-Event-ID", "7")
	ids, names = o.take(t, 3)
	if names[0] != "market" || ids[0] <= last {
		t.Fatalf("an old id did not get the current snapshot: %v %v", ids, names)
	}

	resp := h.getEvents(h.admin, false, "Last-Event-ID", "abc")
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("malformed Last-Event-ID: %d", resp.StatusCode)
	}
}

// nextMarginOrNone returns the next margin event within 200 ms, or nil.
func (c *sseClient) nextMarginOrNone(t *testing.T) *MarginEvent {
	t.Helper()
	select {
	case ev := <-c.events:
		var m MarginEvent
		if ev.name == "margin" && json.Unmarshal(ev.data, &m) == nil {
			return &m
		}
	case <-time.After(200 * time.Millisecond):
	}
	return nil
}

func TestBrokerHistoryIsBoundedAndResumesOnlyWhatItHolds(t *testing.T) {
	b := newBroker(64, 3, 100)
	for i := range 5 { // seqs 101..105; the history holds 103..105
		b.publishMargin(MarginEvent{Account: "a", Equity: float64(i)})
	}
	_, start, resumed, _ := b.subscribe(access.AdminSubject, "t", 102, true)
	if !resumed || len(start) != 3 || start[0].seq != 103 || start[2].seq != 105 {
		t.Fatalf("resume after 102: resumed %v, %d events", resumed, len(start))
	}
	_, start, resumed, _ = b.subscribe(access.AdminSubject, "t", 101, true)
	if resumed || len(start) != 1 || start[0].seq != 105 {
		t.Fatalf("an id older than the history got resumed %v, %d events; want the snapshot", resumed, len(start))
	}
	for _, id := range []uint64{99, 106} { // another run's, a future one
		if _, _, resumed, _ := b.subscribe(access.AdminSubject, "t", id, true); resumed {
			t.Fatalf("id %d resumed", id)
		}
	}
	if _, start, resumed, _ := b.subscribe(access.AdminSubject, "t", 105, true); !resumed || len(start) != 0 {
		t.Fatalf("an up-to-date client: resumed %v, %d events", resumed, len(start))
	}
	for i := range 100 {
		b.publishMargin(MarginEvent{Account: "a", Equity: float64(i)})
		if len(b.history) > 2*b.historyMax {
			t.Fatalf("history grew to %d", len(b.history))
		}
	}
	if _, start, resumed, _ := b.subscribe(access.AdminSubject, "t", b.seq-3, true); !resumed || len(start) != 3 {
		t.Fatalf("after many events: resumed %v, %d", resumed, len(start))
	}
	if s := seqEpoch(time.UnixMilli(4_102_444_800_000)); s >= 1<<53 { // 2100-01-01
		t.Fatalf("seq epoch %d is not exact in JavaScript", s)
	}
}
