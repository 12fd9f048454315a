package server

import (
	"sort"
	"strconv"
	"strings"
	"testing"
)

// strictCase is one ambiguous variant of a valid body and the location its
// refusal must name.
type strictCase struct {
	name, doc, location string
}

// jsonObject writes members in order, repeats allowed (which a map cannot).
func jsonObject(kv ...string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(kv[i]) + ": " + strconv.Quote(kv[i+1]))
	}
	b.WriteString("}")
	return b.String()
}

// caseVariant is key in alternating case ("aMoUnT"): another key to a
// case-sensitive reader, the same one to encoding/json.
func caseVariant(key string) string {
	r := []byte(key)
	for i := range r {
		if i%2 == 1 {
			r[i] = strings.ToUpper(string(r[i]))[0]
		}
	}
	return string(r)
}

// strictCases derives, from a valid body, a duplicate of each key, a case
// twin of each key, each key alone in another case, and an unknown key.
func strictCases(valid map[string]string) []strictCase {
	keys := make([]string, 0, len(valid))
	for k := range valid {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	members := func(extra ...string) []string {
		var kv []string
		for _, k := range keys {
			kv = append(kv, k, valid[k])
		}
		return append(kv, extra...)
	}
	var out []strictCase
	for _, k := range keys {
		v := caseVariant(k)
		var renamed []string
		for _, k2 := range keys {
			if k2 == k {
				renamed = append(renamed, v, valid[k2])
			} else {
				renamed = append(renamed, k2, valid[k2])
			}
		}
		out = append(out,
			strictCase{"duplicate " + k, jsonObject(members(k, "2")...), "body." + k},
			strictCase{"case twin " + v, jsonObject(members(v, "2")...), "body." + v},
			strictCase{"alone in another case " + v, jsonObject(renamed...), "body." + v},
		)
	}
	return append(out, strictCase{"unknown key", jsonObject(members("note", "x")...), "body.note"})
}

func hasLocation(p *Problem, loc string) bool {
	for _, f := range p.Errors {
		if f.Location == loc {
			return true
		}
	}
	return false
}

// Goal: a money move's body means one thing. Method: for every move of the
// OpenAPI document (so a new one cannot be missed), derive from a valid
// body each ambiguous variant — a key twice, a key and its case twin
// (encoding/json would take the last: {"amount": "1", "aMoUnT": "2"}), a
// key only in another case, an unknown key — and expect 422 invalid_input
// naming that key, with nothing moved and no change announced.
func TestMoneyBodiesAreStrict(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	ch := watchAccounts(h)
	h.deposit(h.admin, "alice", "seed", "USDC", "100").ok(t)
	before := string(h.do("GET", "/v1/accounts/alice", h.admin, nil).ok(t))
	valid := map[string]map[string]string{
		"create-deposit":      {"asset": "USDC", "amount": "1"},
		"create-withdrawal":   {"asset": "USDC", "amount": "1"},
		"create-redeem":       {"asset": "USDC", "shares": "1"},
		"create-lien":         {"venue": "dydx", "amount_usd": "1"},
		"create-lien-release": {"venue": "dydx", "amount_usd": "1"},
	}
	_, ops := fetchOpenAPI(t, h)
	moves, n := 0, 0
	for _, o := range ops {
		if o.method != "POST" || !strings.HasPrefix(o.path, "/v1/accounts/{id}/") {
			continue
		}
		moves++
		body, ok := valid[o.op.OperationID]
		if !ok {
			t.Errorf("%s %s: no valid body in this test: add one", o.method, o.path)
			continue
		}
		path := strings.Replace(o.path, "{id}", "alice", 1)
		for _, c := range strictCases(body) {
			n++
			r := h.do("POST", path, h.admin, []byte(c.doc), "Idempotency-Key", "strict-"+strconv.Itoa(n))
			if r.status != 422 {
				t.Errorf("%s %s: %d %s", o.op.OperationID, c.name, r.status, r.body)
				continue
			}
			if p := r.problem(t, 422, CodeInvalidInput); !hasLocation(p, c.location) {
				t.Errorf("%s %s: %s, want the location %s", o.op.OperationID, c.name, r.body, c.location)
			}
		}
	}
	if moves != len(valid) {
		t.Fatalf("%d moves, want %d", moves, len(valid))
	}
	if after := string(h.do("GET", "/v1/accounts/alice", h.admin, nil).ok(t)); after != before {
		t.Fatalf("refused bodies changed the account:\n%s\nwas\n%s", after, before)
	}
	if ch.count("alice") != 1 {
		t.Fatalf("%d changes announced, want only the seed deposit's", ch.count("alice"))
	}
}

// Every JSON body, not only money's, refuses a key given twice in two cases.
func TestEveryBodyRefusesCaseTwins(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	bodies := 0
	for _, rc := range apiRoutes(t, h) {
		if !rc.body {
			continue
		}
		bodies++
		path := strings.NewReplacer("{id}", "alice", "{job}", "no-such-job").Replace(rc.path)
		r := h.do(rc.method, path, h.admin, []byte(`{"portfolio": {}, "Portfolio": {}}`), "Idempotency-Key", "twins")
		if r.status != 422 {
			t.Errorf("%s %s: %d %s", rc.method, rc.path, r.status, r.body)
			continue
		}
		if p := r.problem(t, 422, CodeInvalidInput); !hasLocation(p, "body.Portfolio") {
			t.Errorf("%s %s: %s, want the location body.Portfolio", rc.method, rc.path, r.body)
		}
	}
	if bodies < 10 {
		t.Fatalf("only %d operations with a body", bodies)
	}
}

// POST /v1/margin validates its top level as huma validates other bodies
// (it skips huma's pass over its large documents): an unknown or
// differently cased key, or a value of the wrong type, is named.
func TestMarginBodyTopLevelIsValidated(t *testing.T) {
	h := newHarness(t, Config{})
	book := demoBookBody()
	for _, c := range []struct{ doc, location string }{
		{`{"PORTFOLIO": ` + string(book["portfolio"]) + `, "market": ` + string(book["market"]) + `}`, "body.PORTFOLIO"},
		{`{"portfolio": ` + string(book["portfolio"]) + `, "market": ` + string(book["market"]) + `, "penalty": 0.5}`, "body.penalty"},
		{`{"portfolio": ` + string(book["portfolio"]) + `, "market": ` + string(book["market"]) + `, "allow_stale": "yes"}`, "body.allow_stale"},
		{`[1, 2]`, "body"},
	} {
		p := h.do("POST", "/v1/margin", h.admin, []byte(c.doc)).problem(t, 422, CodeInvalidInput)
		if !hasLocation(p, c.location) {
			t.Errorf("%.40s…: %+v, want the location %s", c.doc, p.Errors, c.location)
		}
	}
	h.do("POST", "/v1/margin", h.admin, demoBookBody()).ok(t)
}

// A stored book names its account: it must be the account of the path.
func TestPortfolioAccountMustBeThePath(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	ch := watchAccounts(h)
	before := string(h.do("GET", "/v1/accounts/alice/report", h.admin, nil).ok(t))
	p := h.do("PUT", "/v1/accounts/alice/portfolio", h.admin, perpBook("bob")).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.account" || p.Errors[0].Value != "bob" {
		t.Fatalf("fields %+v", p.Errors)
	}
	if after := string(h.do("GET", "/v1/accounts/alice/report", h.admin, nil).ok(t)); after != before || ch.count("alice") != 0 {
		t.Fatal("a refused book changed the account")
	}
	h.do("PUT", "/v1/accounts/alice/portfolio", h.admin, perpBook("alice")).ok(t)
}
