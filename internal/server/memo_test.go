package server

import (
	"bytes"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
)

// A memoised answer is the computed one, byte for byte; a change of the
// governed parameters is not answered from the memo.
func TestMarginMemoNeverChangesResults(t *testing.T) {
	h := newHarness(t, Config{})
	first := h.do("POST", "/v1/margin", h.admin, demoBookBody())
	again := h.do("POST", "/v1/margin", h.admin, demoBookBody())
	if first.status != 200 || !bytes.Equal(first.body, again.body) {
		t.Fatalf("memoised answer differs: %d\n%.200s\n%.200s", first.status, first.body, again.body)
	}
	m, err := market.Load(demo.MarketJSON, marketOptions(false))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := margin.LoadRiskParams(demo.RiskParamsJSON, m)
	if err != nil {
		t.Fatal(err)
	}
	h.srv.params.Store(rp) // what PUT /v1/risk-params does
	var before, after margin.Report
	first.decode(t, &before)
	h.do("POST", "/v1/margin", h.admin, demoBookBody()).decode(t, &after)
	if after.Unified.CollateralValue >= before.Unified.CollateralValue {
		t.Fatalf("new governed haircuts ignored: collateral %v then %v", before.Unified.CollateralValue, after.Unified.CollateralValue)
	}
	// Another server (its own parameters) never sees this server's entries.
	other := newHarness(t, Config{})
	var fresh margin.Report
	other.do("POST", "/v1/margin", other.admin, demoBookBody()).decode(t, &fresh)
	if fresh.Unified.CollateralValue != before.Unified.CollateralValue {
		t.Fatalf("other server got %v, want the default-parameter %v", fresh.Unified.CollateralValue, before.Unified.CollateralValue)
	}
}

func TestMarginMissingDocumentsNamed(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.do("POST", "/v1/margin", h.admin, []byte(`{}`)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 2 || p.Errors[0].Location != "body.market" || p.Errors[1].Location != "body.portfolio" {
		t.Fatalf("errors %+v", p.Errors)
	}
}

func TestMemoFIFOBounded(t *testing.T) {
	c := fifo[int]{max: 2}
	k := func(b byte) memoKey { return hashDocs(false, []byte{b}) }
	c.put(k(1), 1)
	c.put(k(2), 2)
	c.put(k(1), 10) // replaced in place
	c.put(k(3), 3)  // evicts the oldest, 1
	if _, ok := c.get(k(1)); ok {
		t.Fatal("oldest entry not evicted")
	}
	if v, ok := c.get(k(2)); !ok || v != 2 || len(c.m) != 2 || len(c.keys) != 2 {
		t.Fatalf("get 2 = %v %v, size %d", v, ok, len(c.m))
	}
	if hashDocs(false, []byte("ab"), []byte("c")) == hashDocs(false, []byte("a"), []byte("bc")) {
		t.Fatal("documents are not length-prefixed in the key")
	}
}

// Config.NoMemo (serve --no-memo): every request is computed and nothing
// is kept, and the answer is the memoised server's, byte for byte.
func TestMarginNoMemoComputesEveryRequest(t *testing.T) {
	memoised := func(srv *Server) bool {
		memos.reports.mu.Lock()
		defer memos.reports.mu.Unlock()
		for _, e := range memos.reports.m {
			if e.srv == srv {
				return true
			}
		}
		return false
	}
	off := newHarness(t, Config{NoMemo: true})
	a := off.do("POST", "/v1/margin", off.admin, demoBookBody())
	b := off.do("POST", "/v1/margin", off.admin, demoBookBody())
	if a.status != 200 || !bytes.Equal(a.body, b.body) {
		t.Fatalf("answers differ: %d\n%.200s\n%.200s", a.status, a.body, b.body)
	}
	if memoised(off.srv) {
		t.Fatal("--no-memo server kept its report in the memo")
	}
	on := newHarness(t, Config{})
	c := on.do("POST", "/v1/margin", on.admin, demoBookBody())
	if !memoised(on.srv) || !bytes.Equal(a.body, c.body) {
		t.Fatalf("memoised server: kept %v, same answer %v", memoised(on.srv), bytes.Equal(a.body, c.body))
	}
}
