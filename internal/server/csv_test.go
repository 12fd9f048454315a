// Goal: every report route answers text/csv when asked (Accept or
// ?format=csv) with the fixed header and exactly the figures of its JSON
// answer; errors stay problem+json; a bad ?format is 422 naming
// query.format. Method: each route is asked twice, JSON then CSV; the JSON
// answer's leaves are counted and collected by a walker written here (not
// internal/export's), and each must be a CSV row's value, as many times.
package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/export/exporttest"
)

// jsonLeaves lists every scalar of a JSON document as the CSV prints it.
func jsonLeaves(t *testing.T, data []byte) []string {
	t.Helper()
	out, err := exporttest.Leaves(data)
	if err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, data)
	}
	return out
}

// csvTable parses a CSV answer, checking its header.
func csvTable(t *testing.T, r *response) [][]string {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("Content-Type %q, want text/csv", ct)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "section,venue,key,field,value" {
		t.Fatalf("header %v", rows[0])
	}
	return rows[1:]
}

func TestReportRoutesAnswerCSV(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	waitRuns(t, h.srv.events(), 1) // a history entry, so history and explain have rows
	now := time.Now().UTC().Format(time.RFC3339Nano)
	tok := h.tokens["alice"]
	trade := `{"venue": "dydx", "position": {"kind": "perp", "underlying": "BTC", "quantity": "4"}}`
	whatif := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": demo.MarketJSON, "trade": json.RawMessage(trade)}
	reverse := map[string]any{"portfolio": json.RawMessage(demo.PortfolioJSON), "market": json.RawMessage(demo.MarketJSON), "tolerance": 1e-3}
	// A finished job's result: a backtest of one book over five days.
	r := h.do("POST", "/v1/jobs/backtest", h.admin, map[string]any{"books": []json.RawMessage{backtestBook("b")}, "from": "2022-05-01", "to": "2022-05-05"})
	var job Job
	r.decode(t, &job)
	if done := h.waitJob(job.ID, h.admin, time.Minute); done.Status != JobDone {
		t.Fatalf("backtest job %+v", done)
	}
	routes := []struct {
		method, path, token string
		body                any
		derived             []string // sections the CSV adds to the JSON's
	}{
		{"POST", "/v1/margin", tok, demoBookBody(), []string{"position", "collateral", "by_underlying", "by_venue"}},
		{"GET", "/v1/accounts/alice/report", tok, nil, []string{"position", "collateral", "by_underlying", "by_venue"}},
		{"POST", "/v1/whatif", tok, whatif, nil},
		{"POST", "/v1/liquidations/preview", tok, demoBookBody(), nil},
		{"GET", "/v1/accounts/alice/liquidation", tok, nil, nil},
		{"GET", "/v1/accounts/alice/hedges", tok, nil, nil},
		{"POST", "/v1/scenarios/run", tok, demoBookBody(), nil},
		{"POST", "/v1/scenarios/run-all", h.admin, map[string]any{}, nil},
		{"GET", "/v1/accounts/alice/stress", tok, nil, nil},
		{"POST", "/v1/stress/reverse", tok, reverse, nil},
		{"GET", "/v1/accounts/alice/stress/reverse", tok, nil, nil},
		{"POST", "/v1/var", tok, demoBookBody(), nil},
		{"GET", "/v1/accounts/alice/var", tok, nil, nil},
		{"GET", "/v1/accounts/alice/history", tok, nil, nil},
		{"GET", "/v1/accounts/alice/explain?from=" + now, tok, nil, nil},
		{"GET", "/v1/accounts/alice/alerts", tok, nil, nil},
		{"GET", "/v1/venues", tok, nil, nil},
		{"GET", "/v1/accounts", h.admin, nil, nil},
		{"GET", "/v1/backtest/reference", tok, nil, nil},
		{"GET", "/v1/jobs/" + job.ID + "/result", h.admin, nil, nil},
	}
	seen := map[string]bool{}
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			js := h.do(rt.method, rt.path, rt.token, rt.body)
			if js.status != 200 {
				t.Fatalf("JSON status %d: %s", js.status, js.body)
			}
			want := jsonLeaves(t, js.body)
			for _, ask := range [][]string{{"Accept", "text/csv"}, {"Accept", "application/json;q=0.5, text/csv"}, nil} {
				path := rt.path
				if ask == nil && strings.Contains(path, "?") {
					path += "&format=csv"
				} else if ask == nil {
					path += "?format=csv"
				}
				r := h.do(rt.method, path, rt.token, rt.body, ask...)
				if v := r.header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Accept") {
					t.Errorf("%v: Vary %v lacks Accept", ask, v)
				}
				var got []string
				derived := map[string]bool{}
				for _, row := range csvTable(t, r) {
					if len(row) != 5 {
						t.Fatalf("row %v has %d cells", row, len(row))
					}
					if slices.Contains(rt.derived, row[0]) {
						derived[row[0]] = true
						continue
					}
					got = append(got, row[4])
				}
				sort.Strings(got)
				if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
					t.Errorf("%v: CSV values (%d) differ from the JSON leaves (%d)", ask, len(got), len(want))
				}
				for _, s := range rt.derived {
					if !derived[s] {
						t.Errorf("%v: no %s rows", ask, s)
					}
				}
			}
			// A client that prefers JSON gets JSON.
			r := h.do(rt.method, rt.path, rt.token, rt.body, "Accept", "text/csv;q=0.5, application/json")
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Accept preferring JSON got %q", ct)
			}
		})
		path, _, _ := strings.Cut(rt.path, "?")
		seen[strings.Replace(strings.TrimPrefix(path, "/v1"), job.ID, "{job}", 1)] = true
	}
	// Every route of the table is exercised above.
	for id := range csvReports {
		if !seenOp(h, id, seen) {
			t.Errorf("csvReports has %s, which this test does not ask for", id)
		}
	}
}

// seenOp says whether the operation id's path (account id alice) was asked.
func seenOp(h *harness, id string, seen map[string]bool) bool {
	for path, item := range h.srv.api.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post} {
			if op != nil && op.OperationID == id {
				return seen[strings.Replace(strings.TrimPrefix(path, "/v1"), "{id}", "alice", 1)]
			}
		}
	}
	return false
}

// Goal: the margin report's derived CSV tables hold figures worked
// independently: by_venue's shares of unified initial add up to the
// unified initial of the JSON report, and each venue's fragmented initial
// is its JSON figure.
func TestMarginCSVBreakdownsMatchTheReport(t *testing.T) {
	h := newHarness(t, Config{})
	var rep struct {
		Venues []struct {
			ID      string  `json:"id"`
			Initial float64 `json:"initial"`
		} `json:"venues"`
		Unified struct {
			Initial float64 `json:"initial"`
		} `json:"unified"`
	}
	h.do("POST", "/v1/margin", h.admin, demoBookBody()).decode(t, &rep)
	rows := csvTable(t, h.do("POST", "/v1/margin?format=csv", h.admin, demoBookBody()))
	frag := map[string]string{}
	var sum float64
	for _, r := range rows {
		if r[0] != "by_venue" {
			continue
		}
		switch r[3] {
		case "fragmented_initial":
			frag[r[1]] = r[4]
		case "unified_initial":
			x, err := strconv.ParseFloat(r[4], 64)
			if err != nil {
				t.Fatalf("%v: %v", r, err)
			}
			sum += x
		}
	}
	if math.Abs(sum-rep.Unified.Initial) > 1e-6*max(1, rep.Unified.Initial) {
		t.Errorf("by_venue unified_initial sums to %v, unified initial %v", sum, rep.Unified.Initial)
	}
	for _, v := range rep.Venues {
		if got, want := frag[v.ID], fmt.Sprint(v.Initial); got != strconv.FormatFloat(v.Initial, 'g', -1, 64) && got != want {
			t.Errorf("by_venue %s fragmented_initial %q, JSON %v", v.ID, got, v.Initial)
		}
	}
}

// Goal: asking for CSV never turns an error into CSV, and a bad ?format is
// refused naming the parameter (with nothing computed).
func TestCSVErrorsStayProblems(t *testing.T) {
	h := newHarness(t, Config{}, "alice")
	body := map[string]json.RawMessage{"portfolio": demo.PortfolioJSON, "market": json.RawMessage(`{"as_of": "x"}`)}
	h.do("POST", "/v1/margin", h.admin, body, "Accept", "text/csv").problem(t, 422, CodeInvalidInput)
	h.do("POST", "/v1/margin?format=csv", h.admin, body).problem(t, 422, CodeInvalidInput)
	h.do("GET", "/v1/accounts/nobody/report?format=csv", h.admin, nil).problem(t, 404, CodeUnknownAccount)
	p := h.do("POST", "/v1/margin?format=xlsx", h.admin, demoBookBody()).problem(t, 422, CodeInvalidInput)
	if len(p.Errors) != 1 || p.Errors[0].Location != "query.format" {
		t.Errorf("bad format named %+v, want query.format", p.Errors)
	}
	// A route that is not a report answers JSON whatever Accept says (as
	// before: the server falls back to JSON rather than 406).
	r := h.do("GET", "/v1/accounts/alice/limits", h.tokens["alice"], nil, "Accept", "text/csv")
	if ct := r.header.Get("Content-Type"); r.status != 200 || !strings.HasPrefix(ct, "application/json") {
		t.Errorf("limits with Accept text/csv: %d %q", r.status, ct)
	}
}

// Goal: the OpenAPI document states the rule on every report route.
func TestOpenAPIDocumentsCSV(t *testing.T) {
	h := newHarness(t, Config{})
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	h.do("GET", "/openapi.json", "", nil).decode(t, &doc)
	n := 0
	for _, item := range doc.Paths {
		for _, op := range item {
			if _, ok := csvReports[op.OperationID]; !ok {
				continue
			}
			n++
			if _, ok := op.Responses["200"].Content["text/csv"]; !ok {
				t.Errorf("%s: 200 has no text/csv", op.OperationID)
			}
			has := false
			for _, p := range op.Parameters {
				has = has || p.Name == "format" && p.In == "query"
			}
			if !has {
				t.Errorf("%s: no format query parameter", op.OperationID)
			}
		}
	}
	if n != len(csvReports) {
		t.Errorf("%d report operations documented, want %d", n, len(csvReports))
	}
}
