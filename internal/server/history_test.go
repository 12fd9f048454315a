// The margin history and explain routes end to end: a re-margin after a
// market change records an entry whose figures are the account's state,
// explain between the two entries recomputes both ends exactly (the
// recorded inputs reproduce the recorded figures) and puts the whole
// change of a price-only market move in the price bar; bad from/to values
// are 4xx naming the query field.
package server

import (
	"fmt"
	"math"
	"net/url"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

func TestHistoryAndExplain(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	tok := h.tokens["alice"]
	waitRuns(t, h.srv.events(), 1)
	var hist History
	h.do("GET", "/v1/accounts/alice/history", tok, nil).decode(t, &hist)
	if len(hist.Entries) != 1 {
		t.Fatalf("history after the first run: %+v", hist)
	}
	moved := demoMarketAt(t, `"price": "1816.85499606"`, `"price": "1500"`)
	h.do("PUT", "/v1/market", h.admin, moved).ok(t)
	waitRuns(t, h.srv.events(), 2)
	var st vault.AccountState
	h.do("GET", "/v1/accounts/alice", tok, nil).decode(t, &st)
	h.do("GET", "/v1/accounts/alice/history", tok, nil).decode(t, &hist)
	if len(hist.Entries) != 2 || hist.Entries[0].Seq <= hist.Entries[1].Seq {
		t.Fatalf("history after a market change: %+v", hist)
	}
	now, old := hist.Entries[0], hist.Entries[1]
	if now.Equity != st.Unified.Equity || now.Initial != st.Unified.Initial || now.Excess != st.Unified.Excess {
		t.Fatalf("newest entry %+v, account state %+v", now, st.Unified)
	}
	if now.Health == nil || *now.Health != now.Equity/now.Maintenance || now.ParamsVersion != "default" {
		t.Fatalf("newest entry %+v", now)
	}
	// Both runs margin on a market as of the demo's 2023-10-31T12:00:00Z
	// (the move changes a price, not as_of); the recorder parses that once
	// per run and every account's row, bob's too, carries it.
	var others History
	h.do("GET", "/v1/accounts/bob/history", h.admin, nil).decode(t, &others)
	for _, e := range append(hist.Entries, others.Entries...) {
		if e.AsOf != "2023-10-31T12:00:00Z" {
			t.Fatalf("entry %+v: as_of %q, want the market's 2023-10-31T12:00:00Z", e, e.AsOf)
		}
	}
	var x ExplainReport
	h.do("GET", fmt.Sprintf("/v1/accounts/alice/explain?from=%d&to=%d", old.Seq, now.Seq), tok, nil).decode(t, &x)
	if x.Before.Equity != old.Equity || x.Before.Initial != old.Initial || x.After.Equity != now.Equity || x.After.Initial != now.Initial {
		t.Fatalf("explain ends %+v → %+v, history %+v → %+v", x.Before, x.After, old, now)
	}
	if x.Total.Initial == 0 {
		t.Fatal("a 17% WETH move did not change the initial margin")
	}
	sum := 0.0
	for _, st := range x.Steps {
		sum += st.Change.Initial
		if st.Factor != "price" && (st.Change.Initial != 0 || st.Change.Equity != 0) {
			t.Errorf("a price-only move has a %s bar %+v", st.Factor, st.Change)
		}
	}
	if math.Abs(sum-x.Total.Initial) > 1e-9*math.Abs(x.Before.Initial) {
		t.Fatalf("Σ bars %v, total %v", sum, x.Total.Initial)
	}
	// Without to: the newest; from as a time.
	var y ExplainReport
	h.do("GET", "/v1/accounts/alice/explain?from="+old.RecordedAt, tok, nil).decode(t, &y)
	if y.FromSeq != old.Seq || y.ToSeq != now.Seq {
		t.Fatalf("explain by time: %d → %d, want %d → %d", y.FromSeq, y.ToSeq, old.Seq, now.Seq)
	}
	// A time past year 9999 in UTC (9999-12-31T23:59:59-23:59) was
	// compared with the store's four-digit-year text: the history read
	// none and explain found no entry before it.
	const late = "9999-12-31T23:59:59-23:59"
	var all History
	h.do("GET", "/v1/accounts/alice/history?to="+url.QueryEscape(late), tok, nil).decode(t, &all)
	if len(all.Entries) != 2 {
		t.Fatalf("history to %s: %+v, want both entries", late, all)
	}
	var z ExplainReport
	h.do("GET", fmt.Sprintf("/v1/accounts/alice/explain?from=%d&to=%s", old.Seq, url.QueryEscape(late)), tok, nil).decode(t, &z)
	if z.ToSeq != now.Seq {
		t.Fatalf("explain to %s: to_seq %d, want %d", late, z.ToSeq, now.Seq)
	}
	for _, c := range []struct{ path, field string }{
		{"/v1/accounts/alice/explain?from=yesterday", "query.from"},
		{"/v1/accounts/alice/history?to=soon", "query.to"},
	} {
		p := h.do("GET", c.path, tok, nil).problem(t, 422, CodeInvalidInput)
		if len(p.Errors) == 0 || p.Errors[0].Location != c.field {
			t.Errorf("%s: %+v, want the field %s", c.path, p.Errors, c.field)
		}
	}
	p := h.do("GET", "/v1/accounts/alice/explain?from=999999&to="+fmt.Sprint(now.Seq), tok, nil).problem(t, 404, CodeNotFound)
	if len(p.Errors) == 0 || p.Errors[0].Location != "query.from" {
		t.Errorf("an unknown seq: %+v", p.Errors)
	}
	// bob's entries are not alice's.
	var bobs History
	h.do("GET", "/v1/accounts/bob/history", h.tokens["bob"], nil).decode(t, &bobs)
	h.do("GET", fmt.Sprintf("/v1/accounts/alice/explain?from=%d", bobs.Entries[1].Seq), tok, nil).problem(t, 404, CodeNotFound)
	h.do("GET", "/v1/accounts/bob/history", tok, nil).problem(t, 403, CodeForbidden)
	h.do("GET", "/v1/accounts/carol/history", h.admin, nil).problem(t, 404, CodeUnknownAccount)
}
