package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/demo"
)

// canary marks request content that no error body may repeat: it is never
// the value of the offending field.
const canary = "zz-canary-zz"

// deniedInErrors is what no error body may contain (DESIGN.md, Service):
// decoder messages, Go type or field names, file paths, stacks, driver or
// bus errors. "string" is a Go type name in "of type string" or
// "map[string]…", not in the JSON kinds "a string" and "decimal string"
// that input errors name.
var deniedInErrors = []*regexp.Regexp{
	regexp.MustCompile(`(?i)unmarshal|cannot decode|invalid character`),
	regexp.MustCompile(`json:|\bGo (value|struct)|of type`),
	regexp.MustCompile(`\b(float32|float64|u?int(8|16|32|64)?|struct)\b|interface ?\{|map\[|\[\][a-z*]`),
	regexp.MustCompile(`\b(server|vault|ledger|money|margin|market|portfolio|store|sqlite|input|huma|json|cluster|access|http|context)\.[A-Z]\w*`),
	regexp.MustCompile(`/work/|\.go:\d|goroutine|panic|runtime\.`),
	regexp.MustCompile(`(?i)\bsql\b|sqlite|pgx|postgres|\bnats\b|database is closed|driver`),
}

var jsonStringWords = strings.NewReplacer("a string", "", "decimal string", "", "expected string", "")

// checkErrorBody fails the test when an error response breaks the rules:
// a problem+json body, nothing denied, no request content beyond the
// offending field's value, a bounded size, and for a 5xx one fixed sentence
// with the response's request id.
func checkErrorBody(t *testing.T, what string, reqBody []byte, r *response) {
	t.Helper()
	if r.status < 400 {
		return
	}
	body := string(r.body)
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: %d with Content-Type %q: %.200s", what, r.status, ct, body)
		return
	}
	for _, re := range deniedInErrors {
		if m := re.FindString(body); m != "" {
			t.Errorf("%s: %d body contains %q: %.400s", what, r.status, m, body)
		}
	}
	if m := regexp.MustCompile(`\bstring\b`).FindString(jsonStringWords.Replace(body)); m != "" {
		t.Errorf("%s: %d body names the Go type string: %.400s", what, r.status, body)
	}
	if strings.Contains(body, canary) {
		t.Errorf("%s: %d body repeats request content: %.400s", what, r.status, body)
	}
	if len(reqBody) >= 16 && strings.Contains(body, string(reqBody)) {
		t.Errorf("%s: %d body repeats the request body: %.400s", what, r.status, body)
	}
	if len(body) > 4096 {
		t.Errorf("%s: %d body of %d bytes: %.400s…", what, r.status, len(body), body)
	}
	if r.status >= 500 {
		var p Problem
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		id := r.header.Get("X-Request-Id")
		if serverSentence(p.Code)+" Request id: "+id+"." != p.Detail || id == "" || len(p.Errors) != 0 {
			t.Errorf("%s: %d detail %q, errors %v; want the fixed sentence of %s and request id %q", what, r.status, p.Detail, p.Errors, p.Code, id)
		}
	}
}

// wrongTypeBody gives every property of an operation's body schema a value
// of another type, and adds an unknown property holding the canary deep
// inside.
func wrongTypeBody(doc map[string]any, op map[string]any) []byte {
	out := map[string]any{"zz_unknown": map[string]any{"deep": []any{canary}}}
	schema, _ := dig(op, "requestBody", "content", "application/json", "schema").(map[string]any)
	if ref, ok := schema["$ref"].(string); ok {
		schema, _ = dig(doc, "components", "schemas", strings.TrimPrefix(ref, "#/components/schemas/")).(map[string]any)
	}
	props, _ := schema["properties"].(map[string]any)
	for name, p := range props {
		switch ps, _ := p.(map[string]any); ps["type"] {
		case "string":
			out[name] = 12345
		case "number", "integer", "boolean":
			out[name] = "wrong"
		default: // an object or a raw document
			out[name] = []any{12345}
		}
	}
	data, _ := json.Marshal(out)
	return data
}

// hugeBody gives every property of the body a 100 KB text or 1e400.
func hugeBody(doc map[string]any, op map[string]any) []byte {
	schema, _ := dig(op, "requestBody", "content", "application/json", "schema").(map[string]any)
	if ref, ok := schema["$ref"].(string); ok {
		schema, _ = dig(doc, "components", "schemas", strings.TrimPrefix(ref, "#/components/schemas/")).(map[string]any)
	}
	props, _ := schema["properties"].(map[string]any)
	huge := `"` + strings.Repeat("x", 100_000) + `"`
	var parts []string
	for name, p := range props {
		v := huge
		if ps, _ := p.(map[string]any); ps["type"] == "number" || ps["type"] == "integer" {
			v = "1e400"
		}
		parts = append(parts, `"`+name+`": `+v)
	}
	return []byte("{" + strings.Join(parts, ", ") + "}")
}

// forEachOperation calls f with each operation of the served document
// (events, a stream, excepted), its path with parameters filled in.
func forEachOperation(t *testing.T, h *harness, f func(method, path string, op map[string]any, doc map[string]any)) {
	t.Helper()
	body, _ := fetchOpenAPI(t, h)
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	paths, _ := doc["paths"].(map[string]any)
	n := 0
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, o := range ops {
			if path == "/v1/events" {
				continue
			}
			n++
			filled := strings.NewReplacer("{id}", "alice", "{job}", "no-such-job", "{name}", "report.md").Replace(path)
			f(strings.ToUpper(method), filled, o.(map[string]any), doc)
		}
	}
	if n < 25 {
		t.Fatalf("only %d operations", n)
	}
}

// Goal: error bodies say what was wrong with the request in the API's own
// words, and nothing of the server's insides (DESIGN.md, Service). Method:
// through every operation of the OpenAPI document, send malformed bodies,
// bodies of wrong types and huge values, query parameters of wrong types
// and huge values, and a huge path id, each carrying a canary where it is
// not the offending value; every error body must pass checkErrorBody.
func TestErrorBodiesRevealNothing(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	h.deposit(h.admin, "alice", "seed", "USDC", "100").ok(t)
	forEachOperation(t, h, func(method, path string, op, doc map[string]any) {
		name := method + " " + path
		send := func(what, p string, body []byte) {
			var b any
			if body != nil {
				b = body
			}
			r := h.do(method, p, h.admin, b, "Idempotency-Key", "errors-"+what)
			checkErrorBody(t, name+" "+what, body, r)
		}
		if dig(op, "requestBody") != nil {
			send("truncated", path, []byte(`{"note": "`+canary+`", "x": [1, 2`))
			send("trailing data", path, []byte(`{"note": "`+canary+`"} {"more": 1}`))
			send("not JSON", path, []byte(canary+` is not JSON`))
			send("bare NaN", path, []byte(`{"note": "`+canary+`", "penalty": NaN}`))
			send("an array", path, []byte(`["`+canary+`", 1]`))
			send("wrong types", path, wrongTypeBody(doc, op))
			send("huge values", path, hugeBody(doc, op))
			send("deep nesting", path, []byte(strings.Repeat(`{"a": `, 200)+`"`+canary+`"`+strings.Repeat("}", 200)))
		}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			pm, _ := p.(map[string]any)
			if pm["in"] != "query" {
				continue
			}
			q, _ := pm["name"].(string)
			send("query "+q+" wrong type", path+"?"+q+"=wrong&note="+canary, nil)
			send("query "+q+" huge", path+"?"+q+"="+strings.Repeat("9", 5000), nil)
		}
		if strings.Contains(path, "/alice") {
			send("huge id", strings.Replace(path, "/alice", "/"+strings.Repeat("a", 5000), 1), nil)
			send("id a:b", strings.Replace(path, "/alice", "/"+url.PathEscape("a:b"), 1), nil)
		}
	})
}

// failingRemarginer fails as a message bus would, with an error full of
// what a client must not see.
type failingRemarginer struct{}

func (failingRemarginer) Remargin(context.Context, []string, func(cluster.Result)) error {
	return errors.New("nats: publish remargin.request: connection closed at /work/internal/cluster/jetstream.go:167")
}

// lockedBuffer is a log sink for a test's server.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A forced internal error answers a 5xx of one fixed sentence and the
// request id; the log has the whole error under that id.
func TestInternalErrorsAreOneSentenceAndLogged(t *testing.T) {
	var logs lockedBuffer
	h := newHarness(t, Config{Remarginer: failingRemarginer{}, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "alice")
	r := h.do("GET", "/v1/accounts", h.admin, nil)
	if r.status != http.StatusInternalServerError {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	checkErrorBody(t, "GET /v1/accounts, bus failing", nil, r)
	id := r.header.Get("X-Request-Id")
	if log := logs.String(); !strings.Contains(log, "request_id="+id) || !strings.Contains(log, "connection closed at /work/internal/cluster/jetstream.go:167") {
		t.Fatalf("the log lacks the error under request id %s:\n%s", id, log)
	}
}

// With the store closed under it, every operation that needs the store
// answers a 5xx that says nothing of the driver; none answers 2xx with a
// broken body.
func TestErrorBodiesWithTheStoreClosed(t *testing.T) {
	var logs lockedBuffer
	quick := func(ctx context.Context, _ CascadeRequest, _ string, _ func(int, int)) (any, error) {
		return map[string]int{}, nil
	}
	h := newHarness(t, Config{Cascade: quick, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "alice")
	h.do("GET", "/v1/session", h.admin, nil).ok(t) // the token is known before the store goes
	if err := h.db.Close(); err != nil {
		t.Fatal(err)
	}
	valid := map[string][]byte{
		"PUT /v1/market":                      demo.MarketJSON,
		"PUT /v1/risk-params":                 []byte(`{}`),
		"PUT /v1/accounts/alice/portfolio":    perpBook("alice"),
		"POST /v1/accounts/alice/deposits":    []byte(`{"asset": "USDC", "amount": "1"}`),
		"POST /v1/accounts/alice/withdrawals": []byte(`{"asset": "USDC", "amount": "1"}`),
	}
	fives := 0
	forEachOperation(t, h, func(method, path string, op, doc map[string]any) {
		body := valid[method+" "+path]
		var b any
		if body != nil {
			b = body
		}
		r := h.do(method, path, h.admin, b, "Idempotency-Key", "closed")
		if r.status >= 500 {
			fives++
		}
		checkErrorBody(t, method+" "+path+" (store closed)", body, r)
	})
	if fives < 8 {
		t.Fatalf("only %d operations answered 5xx with the store closed", fives)
	}
	if log := logs.String(); !strings.Contains(log, "closed") {
		t.Fatalf("the log lacks the store's error:\n%.2000s", log)
	}
}

// A client's X-Request-Id is adopted when it is a token, and replaced when
// it is free text, which a 5xx would otherwise repeat.
func TestClientRequestIDIsAToken(t *testing.T) {
	h := newHarness(t, Config{Remarginer: failingRemarginer{}})
	if r := h.do("GET", "/v1/accounts", h.admin, nil, "X-Request-Id", "trace-42.a_b"); r.header.Get("X-Request-Id") != "trace-42.a_b" {
		t.Fatalf("a token id was not adopted: %q", r.header.Get("X-Request-Id"))
	}
	for _, id := range []string{"sqlite: /work/x.go:12 panic", "a b <c>", strings.Repeat("a", 65)} {
		r := h.do("GET", "/v1/accounts", h.admin, nil, "X-Request-Id", id)
		if got := r.header.Get("X-Request-Id"); got == id || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(got) {
			t.Errorf("X-Request-Id %q answered as %q", id, got)
		}
		checkErrorBody(t, "GET /v1/accounts with X-Request-Id "+id, nil, r)
	}
}
