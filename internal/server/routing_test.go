package server

import (
	"net/http"
	"testing"
)

// TestUnknownRoutesAnswerProblems: under /v1 a path no route has is 404
// not_found and a route's wrong method is 405 method_not_allowed with
// Allow, both problem+json under the error-body rules (the ServeMux alone
// answered "404 page not found" and "Method Not Allowed" in plain text).
// Outside /v1 the mux's answers stay as they are.
func TestUnknownRoutesAnswerProblems(t *testing.T) {
	h := newHarness(t, Config{}, "fund-a")
	for _, c := range []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{http.MethodGet, "/v1/nope", http.StatusNotFound, CodeNotFound, ""},
		{http.MethodGet, "/v1", http.StatusNotFound, CodeNotFound, ""},
		{http.MethodPost, "/v1/accounts/fund-a/nope?x=" + canary, http.StatusNotFound, CodeNotFound, ""},
		{http.MethodDelete, "/v1/vaults", http.StatusMethodNotAllowed, CodeMethodNotAllowed, "GET, HEAD"},
		{http.MethodGet, "/v1/accounts/fund-a/deposits", http.StatusMethodNotAllowed, CodeMethodNotAllowed, "POST"},
		{"BREW", "/v1/margin", http.StatusMethodNotAllowed, CodeMethodNotAllowed, "POST"},
	} {
		for _, tok := range []string{"", h.admin} {
			r := h.do(c.method, c.path, tok, nil)
			what := c.method + " " + c.path
			p := r.problem(t, c.status, c.code)
			if p.Instance == "" {
				t.Errorf("%s: problem without instance: %s", what, r.body)
			}
			if got := r.header.Get("Allow"); got != c.allow {
				t.Errorf("%s: Allow %q, want %q", what, got, c.allow)
			}
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s: Cache-Control %q", what, got)
			}
			checkErrorBody(t, what, []byte(canary), r)
		}
	}
	// Outside the API the mux answers as before: the dashboard's 404.
	if r := h.do(http.MethodGet, "/nope", "", nil); r.status != http.StatusNotFound || r.header.Get("Content-Type") == "application/problem+json" {
		t.Errorf("GET /nope: %d %s", r.status, r.header.Get("Content-Type"))
	}
}
