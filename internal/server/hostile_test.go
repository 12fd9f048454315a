// Holes a hostile account token found in the service, each pinned by the
// request that found it: what the attacker sent, and what must happen
// instead (a 4xx naming the field, nothing stored, every other account's
// reads unaffected).
package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/vault"
)

// farOptionBook is an account's book holding a put expiring in 2500: past
// the last time with a UnixNano (2262), which keys and values instruments.
const farOptionBook = `{"account": "mallory", "venues": [{"id": "deribit", "model": "deribit-standard", "chain": "offchain",
  "collateral": [{"asset": "BTC", "amount": "3"}],
  "positions": [{"kind": "option", "underlying": "BTC", "right": "put", "strike": "30000", "quantity": "1",
                 "expiry": "2500-12-31T08:00:00Z"}]}]}`

// An account stored a book with an option expiring in 2500: the PUT was
// answered 500 but the book was stored, the account's reads answered 200
// "error marshaling response" (NaN figures), and the re-margin of every
// account stalled (GET /v1/accounts: 503 after 30 s; no margin events).
// The book is refused at its expiry and nothing is stored; a book stored
// before the rule makes its account margin_error, never the list fail.
func TestFarExpiryBookIsRefused(t *testing.T) {
	h := newHarness(t, Config{}, "mallory", "alice")
	tok := h.tokens["mallory"]
	p := h.do(http.MethodPut, "/v1/accounts/mallory/portfolio", tok, []byte(farOptionBook)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.venues[0].positions[0].expiry" {
		t.Fatalf("errors %+v, want one at body.venues[0].positions[0].expiry", p.Errors)
	}
	var st vault.AccountState
	if r := h.do(http.MethodGet, "/v1/accounts/mallory", tok, nil); r.status != 200 {
		t.Fatalf("account read after the refusal: %d %s", r.status, r.body)
	} else if r.decode(t, &st); len(st.Warnings) == 0 && st.Unified == nil {
		t.Fatalf("state %+v", st)
	}

	// Stored before the rule (or by a path that skipped it).
	if err := h.db.Update(context.Background(), func(tx vault.Tx) error {
		return tx.PutPortfolio("mallory", []byte(farOptionBook))
	}); err != nil {
		t.Fatal(err)
	}
	h.do(http.MethodGet, "/v1/accounts/mallory", tok, nil).problem(t, 409, CodeMarginUncomputable)
	r := h.do(http.MethodGet, "/v1/accounts", h.admin, nil)
	var list AccountList
	if r.status != 200 {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	r.decode(t, &list)
	for _, a := range list.Accounts {
		switch {
		case a.ID == "mallory" && (a.Status != StatusMarginError || !a.Liquidatable || !strings.Contains(a.Error, "expiry")):
			t.Errorf("mallory listed %+v, want margin_error naming the expiry", a)
		case a.ID == "alice" && a.Status != StatusOK:
			t.Errorf("alice listed %+v", a)
		}
	}
	h.do(http.MethodGet, "/v1/accounts/alice", h.tokens["alice"], nil).decode(t, &st)
}

// An account stored a book with its own venue "uct-vault" holding 1e9 USDC:
// its report then listed two uct-vault venues, the fake one carrying the
// 1e9, where the report's uct-vault is documented as the vault's custody of
// the account's deposits. The id is reserved: the book is refused at it and
// nothing is stored.
func TestBookMayNotNameTheVaultVenue(t *testing.T) {
	h := newHarness(t, Config{}, "mallory")
	tok := h.tokens["mallory"]
	book := `{"account": "mallory", "venues": [{"id": "uct-vault", "model": "custody", "chain": "ethereum",
	  "collateral": [{"asset": "USDC", "amount": "1000000000"}], "positions": []}]}`
	p := h.do(http.MethodPut, "/v1/accounts/mallory/portfolio", tok, []byte(book)).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.venues[0].id" {
		t.Fatalf("errors %+v, want one at body.venues[0].id", p.Errors)
	}
	var rep struct {
		Venues []struct {
			ID string `json:"id"`
		} `json:"venues"`
	}
	h.do(http.MethodGet, "/v1/accounts/mallory/report", tok, nil).decode(t, &rep)
	n := 0
	for _, v := range rep.Venues {
		if v.ID == vault.VaultVenueID {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("report lists %d venues %s, want the vault's only: %+v", n, vault.VaultVenueID, rep.Venues)
	}
}

// An account granted 1e-18 USD liens to made-up venues at its request rate:
// each opened a ledger account for good, and every venue's GET
// /v1/venues/{venue}/liens reads them all. One venue more than
// vault.MaxLienVenues is 422 at body.venue.
func TestLienVenuesAreBoundedOverHTTP(t *testing.T) {
	h := newHarness(t, Config{}, "mallory")
	tok := h.tokens["mallory"]
	dep := h.do(http.MethodPost, "/v1/accounts/mallory/deposits", h.admin, map[string]string{"asset": "USDC", "amount": "1"},
		"Idempotency-Key", "d")
	if dep.status != 200 {
		t.Fatalf("deposit: %d %s", dep.status, dep.body)
	}
	grant := func(i int) *response {
		return h.do(http.MethodPost, "/v1/accounts/mallory/liens", tok,
			map[string]string{"venue": fmt.Sprintf("spam%d", i), "amount_usd": "0.000000000000000001"},
			"Idempotency-Key", fmt.Sprintf("g%d", i))
	}
	for i := range vault.MaxLienVenues {
		if r := grant(i); r.status != 200 {
			t.Fatalf("grant %d: %d %s", i, r.status, r.body)
		}
	}
	p := grant(vault.MaxLienVenues).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.venue" {
		t.Fatalf("errors %+v, want one at body.venue", p.Errors)
	}
}

// PUT /v1/accounts/{id}/portfolio told clients (in /openapi.json and /docs)
// that storing a book releases the liens of venues whose positions it
// closes: the hole issue 15 closed. The description now says the opposite,
// as DESIGN's Lien states do.
func TestPortfolioDocSaysLiensStay(t *testing.T) {
	h := newHarness(t, Config{})
	op := h.srv.API().OpenAPI().Paths["/v1/accounts/{id}/portfolio"].Put
	if strings.Contains(op.Description, "released") || !strings.Contains(op.Description, "never touches a lien") {
		t.Fatalf("description: %s", op.Description)
	}
}
