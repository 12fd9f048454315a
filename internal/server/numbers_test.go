package server

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
)

// numericInput is one numeric parameter or body property of an operation,
// found in the served OpenAPI document.
type numericInput struct {
	method, path, opID string
	in                 string   // query, header, path or body
	name               []string // the property's path in the body; the parameter's name otherwise
	schema             map[string]any
}

func (n numericInput) location() string {
	if n.in == "body" {
		return "body." + strings.Join(n.name, ".")
	}
	return n.in + "." + n.name[0]
}

// numericInputs walks every operation's parameters and request body schema
// (through $refs and nested objects) for number and integer types.
func numericInputs(t *testing.T, doc map[string]any) []numericInput {
	t.Helper()
	schemas, _ := dig(doc, "components", "schemas").(map[string]any)
	resolve := func(s map[string]any) map[string]any {
		for range 10 {
			ref, ok := s["$ref"].(string)
			if !ok {
				break
			}
			s, _ = schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
		}
		return s
	}
	isNumeric := func(s map[string]any) bool { return s["type"] == "number" || s["type"] == "integer" }
	var out []numericInput
	var walk func(base numericInput, s map[string]any, at []string)
	walk = func(base numericInput, s map[string]any, at []string) {
		s = resolve(s)
		if isNumeric(s) {
			n := base
			n.name, n.schema = append([]string(nil), at...), s
			out = append(out, n)
			return
		}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			ps, _ := p.(map[string]any)
			walk(base, ps, append(at, name))
		}
	}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, o := range ops {
			op, _ := o.(map[string]any)
			base := numericInput{method: strings.ToUpper(method), path: path}
			base.opID, _ = op["operationId"].(string)
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if s, _ := pm["schema"].(map[string]any); s != nil && isNumeric(resolve(s)) {
					n := base
					n.in, _ = pm["in"].(string)
					name, _ := pm["name"].(string)
					n.name, n.schema = []string{name}, resolve(s)
					out = append(out, n)
				}
			}
			if body, _ := dig(op, "requestBody", "content", "application/json", "schema").(map[string]any); body != nil {
				b := base
				b.in = "body"
				walk(b, body, nil)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].path+out[i].method+out[i].location() < out[j].path+out[j].method+out[j].location()
	})
	return out
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// bodyWith is base with the property at name set to a raw JSON literal.
func bodyWith(t *testing.T, base map[string]any, name []string, literal string) []byte {
	t.Helper()
	var doc map[string]any
	data, _ := json.Marshal(base)
	_ = json.Unmarshal(data, &doc)
	m := doc
	for _, k := range name[:len(name)-1] {
		next, _ := m[k].(map[string]any)
		if next == nil {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[name[len(name)-1]] = "@@value@@"
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.Replace(string(data), `"@@value@@"`, literal, 1))
}

// Goal: no numeric input, query or body, takes NaN, an infinity, an absurd
// magnitude or a meaningless negative (NaN once reached the liquidation
// engine and came back as a 200 saying "error marshaling response").
// Method: walk the served OpenAPI document for every number and integer
// parameter and body property (a new one cannot escape), check that its
// schema bounds it, and send each of NaN, Inf, -Inf, 1e308 and -1 (in a
// body the bare literals, the only way JSON can carry them) on an otherwise
// valid request: each is a 4xx whose problem names the input, never a 2xx
// or a 5xx.
func TestNumericInputsRefuseNonFiniteAndAbsurdValues(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	body, _ := fetchOpenAPI(t, h)
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	validBodies := map[string]map[string]any{
		"preview-liquidation": {"portfolio": json.RawMessage(perpBook("alice")), "market": json.RawMessage(demo.MarketJSON)},
		"create-cascade-job":  {"synthetic": 10},
		"reverse-stress":      {"portfolio": json.RawMessage(perpBook("alice")), "market": json.RawMessage(demo.MarketJSON)},
	}
	inputs := numericInputs(t, doc)
	if len(inputs) < 8 {
		t.Fatalf("only %d numeric inputs found", len(inputs))
	}
	for _, n := range inputs {
		name := n.method + " " + n.path + " " + n.location()
		if n.schema["maximum"] == nil && n.schema["exclusiveMaximum"] == nil {
			t.Errorf("%s: no maximum in its schema", name)
		}
		if n.schema["minimum"] == nil && n.schema["exclusiveMinimum"] == nil {
			t.Errorf("%s: no minimum in its schema", name)
		}
		base, ok := validBodies[n.opID]
		if n.in == "body" && !ok {
			t.Errorf("%s: no valid body for %s in this test: add one", name, n.opID)
			continue
		}
		values := []string{"NaN", "Inf", "-Inf", "1e308", "-1"}
		if n.in == "body" {
			values = []string{"NaN", "Infinity", "-Infinity", "1e308", "-1"}
		}
		for _, v := range values {
			if v == "-1" && n.schema["minimum"] != nil && n.schema["minimum"].(float64) < 0 {
				continue // a negative is meaningful here
			}
			path := strings.NewReplacer("{id}", "alice", "{job}", "no-such-job").Replace(n.path)
			var r *response
			switch n.in {
			case "query":
				r = h.do(n.method, path+"?"+n.name[0]+"="+url.QueryEscape(v), h.admin, nil)
			case "header":
				r = h.do(n.method, path, h.admin, nil, n.name[0], v)
			case "path":
				r = h.do(n.method, strings.Replace(n.path, "{"+n.name[0]+"}", url.PathEscape(v), 1), h.admin, nil)
			case "body":
				r = h.do(n.method, path, h.admin, bodyWith(t, base, n.name, v))
			}
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s = %s: status %d, want 4xx: %.300s", name, v, r.status, r.body)
				continue
			}
			var p Problem
			r.decode(t, &p)
			if !hasLocation(&p, n.location()) {
				t.Errorf("%s = %s: %d %s, want the location %s", name, v, r.status, r.body, n.location())
			}
		}
	}
}

// The same inputs' valid values still work: the liquidation preview of a
// liquidatable book with a penalty and an insurance fund at their bounds.
func TestNumericInputsAtTheirBounds(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	h.do("PUT", "/v1/accounts/alice/portfolio", h.admin, perpBook("alice")).ok(t)
	h.do("GET", "/v1/accounts/alice/liquidation?penalty=0.99&insurance_fund=1e15", h.admin, nil).ok(t)
	h.do("GET", "/v1/accounts/alice/liquidation?penalty=0&insurance_fund=0", h.admin, nil).ok(t)
	h.do("GET", "/v1/accounts/alice/hedges?top=1000", h.admin, nil).ok(t)
}
