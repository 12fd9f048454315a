package server

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// openAPIDoc is the served /openapi.json, decoded loosely.
type openAPIDoc struct {
	OpenAPI string                                 `json:"openapi"`
	Paths   map[string]map[string]openAPIOperation `json:"paths"`
}

type openAPIOperation struct {
	OperationID string                      `json:"operationId"`
	Summary     string                      `json:"summary"`
	Security    []map[string][]string       `json:"security"`
	Parameters  []struct{ Name, In string } `json:"parameters"`
	Responses   map[string]struct {
		Content map[string]json.RawMessage `json:"content"`
	} `json:"responses"`
}

// operation is one method and path of the document.
type operation struct {
	method, path string
	op           openAPIOperation
}

func fetchOpenAPI(t *testing.T, h *harness) ([]byte, []operation) {
	t.Helper()
	r := h.do("GET", "/openapi.json", "", nil)
	body := r.ok(t)
	var doc openAPIDoc
	r.decode(t, &doc)
	var ops []operation
	for path, item := range doc.Paths {
		for method, op := range item {
			ops = append(ops, operation{strings.ToUpper(method), path, op})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	return body, ops
}

// The served document is valid OpenAPI 3.1, checked against the official
// 3.1 schema (embedded in libopenapi-validator) and built into a model with
// every $ref resolved.
func TestOpenAPIIsValid31(t *testing.T) {
	h := newHarness(t, Config{})
	body, _ := fetchOpenAPI(t, h)
	doc, err := libopenapi.NewDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); !strings.HasPrefix(v, "3.1") {
		t.Fatalf("openapi version %q, want 3.1.x", v)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("building the model: %v", err)
	}
	if model.Model.Paths.PathItems.Len() < 20 {
		t.Fatalf("only %d paths", model.Model.Paths.PathItems.Len())
	}
	if errs := validate31(t, body); len(errs) > 0 {
		t.Fatalf("the document is not valid OpenAPI 3.1:\n%s", strings.Join(errs, "\n"))
	}
	// The validator does refuse a broken document: an operation id must be
	// a string.
	broken := strings.Replace(string(body), `"operationId":"whatif"`, `"operationId":42`, 1)
	if broken == string(body) {
		t.Fatal("the whatif operation id is not where the test expects it")
	}
	if errs := validate31(t, []byte(broken)); len(errs) == 0 {
		t.Fatal("the validator accepted an operationId that is a number")
	}
}

// validate31 checks a document against the official OpenAPI 3.1 schema and
// returns the violations.
func validate31(t *testing.T, body []byte) []string {
	t.Helper()
	doc, err := libopenapi.NewDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	ok, verrs := v.ValidateDocument()
	var out []string
	for _, e := range verrs {
		out = append(out, fmt.Sprintf("%s: %s (%s)", e.Message, e.Reason, e.Context))
	}
	if !ok && len(out) == 0 {
		out = append(out, "invalid without a reason")
	}
	return out
}

// Every operation has an id, a summary, bearer security (all /v1
// operations need a token) and documented problem+json errors, among them
// 401; every declared path parameter is in its path.
func TestOpenAPIOperationsAreDocumented(t *testing.T) {
	h := newHarness(t, Config{})
	_, ops := fetchOpenAPI(t, h)
	ids := map[string]string{}
	for _, o := range ops {
		name := o.method + " " + o.path
		if o.op.OperationID == "" || o.op.Summary == "" {
			t.Errorf("%s: operationId %q, summary %q", name, o.op.OperationID, o.op.Summary)
		}
		if prev, dup := ids[o.op.OperationID]; dup {
			t.Errorf("%s: operationId %s also used by %s", name, o.op.OperationID, prev)
		}
		ids[o.op.OperationID] = name
		if !strings.HasPrefix(o.path, "/v1/") {
			continue // nothing outside /v1 is an API operation today
		}
		if len(o.op.Security) != 1 || o.op.Security[0]["bearer"] == nil {
			t.Errorf("%s: security %v, want bearer", name, o.op.Security)
		}
		errorCodes := 0
		for code, resp := range o.op.Responses {
			if code[0] != '4' && code[0] != '5' {
				continue
			}
			errorCodes++
			if _, ok := resp.Content["application/problem+json"]; !ok {
				t.Errorf("%s: response %s is not problem+json", name, code)
			}
		}
		if _, ok := o.op.Responses["401"]; !ok || errorCodes < 2 {
			t.Errorf("%s: %d documented errors, 401 among them: %v", name, errorCodes, ok)
		}
		for _, p := range o.op.Parameters {
			if p.In == "path" && !strings.Contains(o.path, "{"+p.Name+"}") {
				t.Errorf("%s: path parameter %s not in the path", name, p.Name)
			}
		}
	}
	for _, want := range []string{"list-accounts", "get-account", "get-account-report", "get-account-hedges",
		"get-account-liquidation", "put-account-portfolio", "create-deposit", "create-withdrawal", "create-redeem",
		"create-lien", "create-lien-release", "list-venue-liens", "create-venue-lien-release", "get-market", "put-market", "get-risk-params", "put-risk-params",
		"whatif", "preview-liquidation", "list-vaults", "run-scenarios", "run-scenarios-all", "reverse-stress",
		"get-account-stress"} {
		if ids[want] == "" {
			t.Errorf("operation %s missing", want)
		}
	}
}

// Every money move, an account's or a venue's, documents its required
// Idempotency-Key header.
func TestOpenAPIMovesRequireIdempotencyKey(t *testing.T) {
	h := newHarness(t, Config{})
	_, ops := fetchOpenAPI(t, h)
	moves := 0
	for _, o := range ops {
		if o.method != "POST" || !strings.HasPrefix(o.path, "/v1/accounts/{id}/") && !strings.HasPrefix(o.path, "/v1/venues/{venue}/") {
			continue
		}
		moves++
		found := false
		for _, p := range o.op.Parameters {
			found = found || (p.In == "header" && p.Name == "Idempotency-Key")
		}
		if !found {
			t.Errorf("%s %s lacks the Idempotency-Key header", o.method, o.path)
		}
	}
	if moves != 6 {
		t.Fatalf("%d moves, want 6", moves)
	}
}

// The docs page is served without a token, self-contained (no other
// origin), and loads the document it renders.
func TestDocsPage(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do("GET", "/docs", "", nil)
	page := string(r.ok(t))
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(page, "docs.js") {
		t.Fatalf("docs page %s: %.200s", r.header.Get("Content-Type"), page)
	}
	js := string(h.do("GET", "/docs/docs.js", "", nil).ok(t))
	if !strings.Contains(js, "/openapi.json") {
		t.Fatal("docs.js does not load /openapi.json")
	}
	h.do("GET", "/docs/docs.css", "", nil).ok(t)
	for _, text := range []string{page, js} {
		if strings.Contains(text, "http://") || strings.Contains(text, "https://") {
			t.Fatal("the docs page refers to another origin")
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("CSP %q", csp)
	}
}

// In a browser, the docs page renders one article per operation of the
// document and one per schema, without a script error.
func TestDocsPageInBrowser(t *testing.T) {
	h := newHarness(t, Config{})
	body, ops := fetchOpenAPI(t, h)
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	errs := watchScriptErrors(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.ts.URL+"/docs")); err != nil {
		t.Fatal(err)
	}
	counts, err := chromedp.Run(ctx, chromedp.Poll[[]int](
		`document.querySelectorAll("article.schema").length ? [document.querySelectorAll("article.op").length, document.querySelectorAll("article.schema").length] : null`,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("the docs page did not render: %v", err)
	}
	if counts[0] != len(ops) || counts[1] != len(doc.Components.Schemas) {
		t.Fatalf("rendered %d operations and %d schemas, want %d and %d", counts[0], counts[1], len(ops), len(doc.Components.Schemas))
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("op-create-deposit").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/v1/accounts/{id}/deposits", "Idempotency-Key", "AssetAmount", "Movement", "409"} {
		if !strings.Contains(text, want) {
			t.Errorf("the deposit operation lacks %q: %.300s", want, text)
		}
	}
	screenshot(t, ctx, "docs.png")
	errs.check(t)
}
