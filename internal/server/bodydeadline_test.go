// A request's work is bounded by its deadline, not by the time allowed to
// read its body: no read deadline is left on the connection once the body
// is read (when one passes, net/http cancels the request's context and the
// answer was 503 unavailable). Huma sets its own after the middleware
// unless told not to, so every operation must carry BodyReadTimeout < 0.
package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/demo"
)

func TestBodyReadDeadlineClearedBeforeWork(t *testing.T) {
	h := newHarness(t, Config{BodyReadTimeout: 50 * time.Millisecond})
	start := time.Now()
	// the demo book with 40 more BTC options: ~1 s of VaR revaluations
	var book struct {
		Account string           `json:"account"`
		Venues  []map[string]any `json:"venues"`
	}
	if err := json.Unmarshal(demo.PortfolioJSON, &book); err != nil {
		t.Fatal(err)
	}
	for _, v := range book.Venues {
		if v["id"] == "deribit-pm" {
			for i := range 40 {
				v["positions"] = append(v["positions"].([]any), map[string]any{"kind": "option", "underlying": "BTC", "right": "call",
					"strike": fmt.Sprint(30000 + 100*i), "expiry": "2023-12-29T08:00:00Z", "quantity": "-1"})
			}
		}
	}
	r := h.do("POST", "/v1/var", h.admin, map[string]any{"portfolio": book, "market": json.RawMessage(demo.MarketJSON)})
	if r.status != http.StatusOK {
		t.Fatalf("status %d after %v (the body read timeout is 50ms): %s", r.status, time.Since(start), r.body)
	}
	for path, item := range h.srv.api.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op != nil && op.RequestBody != nil && op.BodyReadTimeout >= 0 {
				t.Errorf("%s %s: BodyReadTimeout %v: huma would leave a read deadline on the connection", op.Method, path, op.BodyReadTimeout)
			}
		}
	}
}
