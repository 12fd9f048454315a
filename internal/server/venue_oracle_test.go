package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Goal: a venue's token cannot learn whether an account exists (issue
// 15). Method: on every route taking an account (the {id} path parameter
// of every /v1 operation but governance's, whose {id} is a proposal's, and the body's account of the venue's own lien
// release), venue aave asks about alice, who exists but holds no lien to
// aave, and about ghost, who does not exist; with the account id masked,
// status, code and body are the same. Before the fix a release named an
// unknown account 404 unknown_account and a known one 409 "no lien".
func TestVenueCannotProbeAccounts(t *testing.T) {
	h := lienHarness(t)
	aave := h.venueToken("aave")
	answer := func(r *response, account string) string {
		body := strings.ReplaceAll(string(r.body), account, "<account>")
		return fmt.Sprintf("%d %s %s", r.status, r.header.Get("Content-Type"), body)
	}
	same := func(what string, ask func(account, key string) *response) {
		t.Helper()
		known, unknown := ask("alice", "k-alice"), ask("ghost", "k-ghost")
		if a, b := answer(known, "alice"), answer(unknown, "ghost"); a != b {
			t.Errorf("%s: an existing account and a missing one answer differently:\n  alice: %s\n  ghost: %s", what, a, b)
		}
	}
	n := 0
	for _, amount := range []string{"1", "15000", "0", "-1", "x", "1e3", "1000000000000000000000000000000000"} {
		for _, reason := range []string{"", "closing", "\x01"} {
			n++
			tag := fmt.Sprint(n)
			same("release "+amount+" "+reason, func(account, key string) *response {
				body := map[string]string{"account": account, "amount_usd": amount}
				if reason != "" {
					body["reason"] = reason
				}
				return h.do(http.MethodPost, "/v1/venues/aave/lien-releases", aave, body, "Idempotency-Key", key+tag)
			})
		}
	}
	// Another venue's route, and a replay under the same key.
	same("release on dydx's route", func(account, key string) *response {
		return h.do(http.MethodPost, "/v1/venues/dydx/lien-releases", aave,
			map[string]string{"account": account, "amount_usd": "1"}, "Idempotency-Key", key)
	})
	for range 2 {
		same("replayed key", func(account, _ string) *response {
			return h.do(http.MethodPost, "/v1/venues/aave/lien-releases", aave,
				map[string]string{"account": account, "amount_usd": "1"}, "Idempotency-Key", "same")
		})
	}
	for _, rc := range apiRoutes(t, h) {
		if !strings.Contains(rc.path, "{id}") || strings.HasPrefix(rc.path, "/v1/governance/") { // a proposal's id
			continue
		}
		for _, body := range []string{"", "{}", `{"asset":"USDC","amount":"1"}`} {
			if body != "" && !rc.body {
				continue
			}
			same(rc.method+" "+rc.path+" "+body, func(account, key string) *response {
				path := strings.ReplaceAll(rc.path, "{id}", account)
				var b any
				if body != "" {
					b = []byte(body)
				}
				return h.do(rc.method, path, aave, b, "Idempotency-Key", key)
			})
		}
	}
}
