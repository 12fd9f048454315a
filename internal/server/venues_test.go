package server

import (
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

// lienHarness is alice with the perp book, 20000 USDC in the vault and a
// lien of 15000 USD to dydx, granted with her own token.
func lienHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, Config{}, "alice")
	tok := h.tokens["alice"]
	h.do("PUT", "/v1/accounts/alice/portfolio", tok, perpBook("alice")).ok(t)
	h.deposit(h.admin, "alice", "d", "USDC", "20000").ok(t)
	var lc vault.LienChange
	h.do("POST", "/v1/accounts/alice/liens", tok, map[string]string{"venue": "dydx", "amount_usd": "15000"},
		"Idempotency-Key", "l").decode(t, &lc)
	if lc.LienUSD != "15000" {
		t.Fatalf("grant %+v", lc)
	}
	return h
}

// liensOf is alice's liens by venue and the journal's length.
func (h *harness) liensOf() (map[string]string, int) {
	h.t.Helper()
	out := map[string]string{}
	var n int
	h.view(func(tx vault.Tx) error {
		st, err := vault.State(tx, vault.Config{}, "alice")
		if err != nil {
			return err
		}
		for _, l := range st.Liens {
			out[l.Venue] = l.AmountUSD
		}
		ts, err := tx.Transfers()
		n = len(ts)
		return err
	})
	return out, n
}

// Goal: only the venue holding a lien, or an admin acting for it with a
// reason, releases it (issue 15). Method: every other caller on both
// release routes is refused and changes nothing; the right venue and the
// admin succeed, their releases replay under the same key, and the audit
// trail records who released and why.
func TestLienReleaseAuthority(t *testing.T) {
	h := lienHarness(t)
	alice, dydx, aave := h.tokens["alice"], h.venueToken("dydx"), h.venueToken("aave")
	byAdmin := func(tok, key string, body map[string]string) *response {
		return h.do("POST", "/v1/accounts/alice/lien-releases", tok, body, "Idempotency-Key", key)
	}
	byVenue := func(tok, venue, key string, body map[string]string) *response {
		return h.do("POST", "/v1/venues/"+venue+"/lien-releases", tok, body, "Idempotency-Key", key)
	}
	before, journal := h.liensOf()

	// The account's own token, on either route, with or without a reason.
	byAdmin(alice, "a1", map[string]string{"venue": "dydx", "amount_usd": "15000", "reason": "mine"}).problem(t, 403, CodeForbidden)
	byAdmin(alice, "a2", map[string]string{"venue": "dydx", "amount_usd": "15000"}).problem(t, 403, CodeForbidden)
	byVenue(alice, "dydx", "a3", map[string]string{"account": "alice", "amount_usd": "15000"}).problem(t, 403, CodeForbidden)
	// Another venue: 403 on dydx's route; on its own route it holds no lien.
	byVenue(aave, "dydx", "v1", map[string]string{"account": "alice", "amount_usd": "1"}).problem(t, 403, CodeForbidden)
	h.do("GET", "/v1/venues/dydx/liens", aave, nil).problem(t, 403, CodeForbidden)
	h.do("GET", "/v1/venues/dydx/liens", alice, nil).problem(t, 403, CodeForbidden)
	p := byVenue(aave, "aave", "v2", map[string]string{"account": "alice", "amount_usd": "1"}).problem(t, 409, CodeInsufficient)
	if len(p.Errors) != 1 || p.Errors[0].Location != "path.venue" {
		t.Fatalf("no lien of aave: %+v", p.Errors)
	}
	// A venue token on the admin route.
	byAdmin(dydx, "v3", map[string]string{"venue": "dydx", "amount_usd": "1", "reason": "x"}).problem(t, 403, CodeForbidden)
	// An admin without a reason, on either route.
	for i, r := range []*response{
		byAdmin(h.admin, "n1", map[string]string{"venue": "dydx", "amount_usd": "1"}),
		byAdmin(h.admin, "n2", map[string]string{"venue": "dydx", "amount_usd": "1", "reason": ""}),
		byAdmin(h.admin, "n3", map[string]string{"venue": "dydx", "amount_usd": "1", "reason": "   "}),
		byVenue(h.admin, "dydx", "n4", map[string]string{"account": "alice", "amount_usd": "1"}),
	} {
		p := r.problem(t, 422, CodeInvalidInput)
		if len(p.Errors) != 1 || p.Errors[0].Location != "body.reason" {
			t.Errorf("admin without a reason (%d): %+v", i, p.Errors)
		}
	}
	if after, n := h.liensOf(); after["dydx"] != before["dydx"] || n != journal {
		t.Fatalf("refused releases changed the liens: %v (journal %d → %d)", after, journal, n)
	}

	// The venue releases; the same key replays; another body under it clashes.
	var lc vault.LienChange
	first := byVenue(dydx, "dydx", "k1", map[string]string{"account": "alice", "amount_usd": "1000"})
	first.decode(t, &lc)
	if lc.By != "venue" || lc.LienUSD != "14000" || lc.Account != "alice" || lc.Venue != "dydx" {
		t.Fatalf("venue release %+v", lc)
	}
	again := byVenue(dydx, "dydx", "k1", map[string]string{"account": "alice", "amount_usd": "1000"})
	if again.status != 200 || again.header.Get("Idempotent-Replayed") != "true" || string(again.body) != string(first.body) {
		t.Fatalf("replay %d %q %s", again.status, again.header.Get("Idempotent-Replayed"), again.body)
	}
	byVenue(dydx, "dydx", "k1", map[string]string{"account": "alice", "amount_usd": "999"}).problem(t, 409, CodeIdempotencyClash)
	// The admin, acting for dydx with a reason, on either route.
	byAdmin(h.admin, "k2", map[string]string{"venue": "dydx", "amount_usd": "500", "reason": "court order 7"}).decode(t, &lc)
	if lc.By != "admin" || lc.Reason != "court order 7" || lc.LienUSD != "13500" {
		t.Fatalf("admin release %+v", lc)
	}
	byVenue(h.admin, "dydx", "k3", map[string]string{"account": "alice", "amount_usd": "500", "reason": "dydx asked by mail"}).decode(t, &lc)
	if lc.By != "admin" || lc.LienUSD != "13000" {
		t.Fatalf("admin release for the venue %+v", lc)
	}
	if after, _ := h.liensOf(); after["dydx"] != "13000" {
		t.Fatalf("liens after releases %v", after)
	}
	h.view(func(tx vault.Tx) error {
		hist, err := vault.LienHistory(tx, "alice", "dydx")
		if err != nil {
			return err
		}
		var got []string
		for _, e := range hist {
			got = append(got, e.Kind+" "+e.AmountUSD+" "+e.By+" "+e.Reason)
		}
		want := "lien-grant 15000 account |lien-release-venue 1000 venue |lien-release-admin 500 admin court order 7|" +
			"lien-release-admin 500 admin dydx asked by mail"
		if strings.Join(got, "|") != want {
			t.Fatalf("history %q\nwant %q", strings.Join(got, "|"), want)
		}
		return nil
	})
}

// A venue's route names the account in the body; its refusals say so.
func TestVenueLienReleaseNamesTheField(t *testing.T) {
	h := lienHarness(t)
	dydx := h.venueToken("dydx")
	for _, c := range []struct {
		body     map[string]string
		status   int
		code     string
		location string
	}{
		// An account that does not exist has no lien (no oracle of accounts).
		{map[string]string{"account": "nobody", "amount_usd": "1"}, 409, CodeInsufficient, "path.venue"},
		{map[string]string{"account": "a:b", "amount_usd": "1"}, 422, CodeInvalidInput, "body.account"},
		{map[string]string{"account": "alice", "amount_usd": "15000.01"}, 409, CodeInsufficient, "body.amount_usd"},
		{map[string]string{"account": "alice", "amount_usd": "-1"}, 422, CodeInvalidInput, "body.amount_usd"},
		{map[string]string{"account": "alice", "amount_usd": "1", "reason": "a\nb"}, 422, CodeInvalidInput, "body.reason"},
		{map[string]string{"amount_usd": "1"}, 422, CodeInvalidInput, "body.account"},
	} {
		r := h.do("POST", "/v1/venues/dydx/lien-releases", dydx, c.body, "Idempotency-Key", "x")
		p := r.problem(t, c.status, c.code)
		if len(p.Errors) == 0 || p.Errors[0].Location != c.location {
			t.Errorf("%v: %+v, want the error at %s", c.body, p.Errors, c.location)
		}
	}
	p := h.do("GET", "/v1/venues/a:b/liens", h.admin, nil).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "path.venue" {
		t.Fatalf("bad venue id: %+v", p.Errors)
	}
}

// GET /v1/venues/{venue}/liens lists the venue's liens across accounts,
// amounts as decimal strings.
func TestVenueLiens(t *testing.T) {
	h := newHarness(t, Config{}, "alice", "bob")
	for _, id := range []string{"alice", "bob"} {
		h.do("PUT", "/v1/accounts/"+id+"/portfolio", h.tokens[id], perpBook(id)).ok(t)
		h.deposit(h.admin, id, "d", "USDC", "20000").ok(t)
	}
	grant := func(id, venue, usd string) {
		h.do("POST", "/v1/accounts/"+id+"/liens", h.tokens[id], map[string]string{"venue": venue, "amount_usd": usd},
			"Idempotency-Key", venue).ok(t)
	}
	grant("alice", "dydx", "1000.5")
	grant("bob", "dydx", "2000")
	grant("bob", "aave", "300")
	r := h.do("GET", "/v1/venues/dydx/liens", h.venueToken("dydx"), nil)
	want := `{"venue":"dydx","liens":[{"account":"alice","amount_usd":"1000.5","pending_usd":"0"},` +
		`{"account":"bob","amount_usd":"2000","pending_usd":"0"}],"liens_usd":"3000.5"}`
	if got := strings.TrimSpace(string(r.ok(t))); !strings.Contains(got, want[1:len(want)-1]) {
		t.Fatalf("dydx's liens %s\nwant %s", got, want)
	}
	var vl vault.VenueLiens
	h.do("GET", "/v1/venues/gmx/liens", h.admin, nil).decode(t, &vl)
	if vl.Venue != "gmx" || vl.Liens == nil || len(vl.Liens) != 0 || vl.LiensUSD != "0" {
		t.Fatalf("a venue without liens: %+v", vl)
	}
}

// Goal: the account's stored book never releases a lien (issue 15): a PUT
// portfolio without the venue's positions leaves the lien in place, and a
// withdrawal that would leave the haircut collateral below Σ liens is
// still refused.
func TestPutPortfolioKeepsLiens(t *testing.T) {
	h := lienHarness(t)
	tok := h.tokens["alice"]
	for _, book := range []string{
		`{"account":"alice","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],"positions":[]}]}`,
		`{"account":"alice","venues":[]}`,
	} {
		h.do("PUT", "/v1/accounts/alice/portfolio", tok, []byte(book)).ok(t)
		if liens, _ := h.liensOf(); liens["dydx"] != "15000" {
			t.Fatalf("after storing %s: liens %v", book, liens)
		}
	}
	p := h.do("POST", "/v1/accounts/alice/withdrawals", tok, map[string]string{"asset": "USDC", "amount": "10000"},
		"Idempotency-Key", "w").problem(t, 409, CodeMarginBreach)
	if !strings.Contains(p.Detail, "liens") {
		t.Fatalf("withdrawal below the liens: %s", p.Detail)
	}
	h.do("POST", "/v1/accounts/alice/withdrawals", tok, map[string]string{"asset": "USDC", "amount": "4000"},
		"Idempotency-Key", "w2").ok(t)
}
