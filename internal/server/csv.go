// CSV answers of the report routes (issue 17, "every report as CSV"). The
// rule, one for every route in csvReports:
//
//   - `?format=csv` or `?format=json` decides when present; any other value
//     is 422 invalid_input naming query.format;
//   - else the Accept header decides: text/csv when the client prefers it
//     to application/json (q-values; `*/*` and no Accept mean JSON);
//   - anything else is JSON, as on every route (the server has always
//     answered an Accept it cannot serve with JSON rather than 406).
//
// A CSV answer is internal/export's flattening of the very JSON bytes the
// route would have answered (so the two never differ in a figure), plus the
// derived tables a handler adds (the margin report's positions, collateral
// and breakdowns by underlying and by venue: export.MarginRows). An error
// stays application/problem+json whatever was asked. Every report route
// answers with Vary: Accept.
package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/negotiation"

	"github.com/unimargin/unimargin/internal/export"
)

// csvReports maps each report route's operation id to the section name of
// a report that is not a JSON object (export.FlattenJSON's top).
var csvReports = map[string]string{
	"margin":                     "margin",
	"get-account-report":         "margin",
	"whatif":                     "whatif",
	"preview-liquidation":        "liquidation",
	"get-account-liquidation":    "liquidation",
	"get-account-hedges":         "hedges",
	"run-scenarios":              "scenarios",
	"run-scenarios-all":          "scenarios",
	"get-account-stress":         "scenarios",
	"reverse-stress":             "reverse",
	"get-account-reverse-stress": "reverse",
	"var":                        "var",
	"get-account-var":            "var",
	"get-account-history":        "history",
	"get-account-explain":        "explain",
	"get-account-alerts":         "alerts",
	"list-venues":                "venues",
	"list-accounts":              "accounts",
	"get-job-result":             "result",
	"get-backtest-reference":     "backtest",
}

// csvExtras collects the derived rows a handler adds to its CSV answer.
type csvExtras struct{ rows []export.Row }

type csvExtrasKey struct{}

// csvExtrasOf returns the request's collector when it asked for CSV, else
// nil: a handler computes derived tables only then.
func csvExtrasOf(ctx context.Context) *csvExtras {
	x, _ := ctx.Value(csvExtrasKey{}).(*csvExtras)
	return x
}

// wantsCSV applies the rule above; a bad ?format is a problem.
func wantsCSV(ctx huma.Context) (bool, *Problem) {
	switch f := ctx.Query("format"); f {
	case "csv":
		return true, nil
	case "json":
		return false, nil
	case "":
	default:
		return false, problemf(http.StatusUnprocessableEntity, CodeInvalidInput, "validation failed",
			&ProblemField{Location: "query.format", Message: "is not a format (csv, json)", Value: truncate(f)})
	}
	accept := ctx.Header("Accept")
	if accept == "" {
		return false, nil
	}
	return negotiation.SelectQValueFast(accept, []string{"application/json", "text/csv"}) == "text/csv", nil
}

// csvOutput is the huma middleware of the rule; it runs after
// authentication and input checks, so refusals are never CSV.
func (s *Server) csvOutput(ctx huma.Context, next func(huma.Context)) {
	top, isReport := csvReports[ctx.Operation().OperationID]
	if !isReport {
		next(ctx)
		return
	}
	ctx.AppendHeader("Vary", "Accept")
	csv, p := wantsCSV(ctx)
	if p != nil {
		s.writeErr(ctx, p)
		return
	}
	if !csv {
		next(ctx)
		return
	}
	extras := &csvExtras{}
	rec := &csvRecorder{humaContext: huma.WithValue(ctx, csvExtrasKey{}, extras)}
	next(rec)
	status := rec.Status()
	if status < 200 || status > 299 || rec.contentType != "application/json" {
		if rec.contentType != "" {
			ctx.SetHeader("Content-Type", rec.contentType)
		}
		ctx.SetStatus(status)
		_, _ = ctx.BodyWriter().Write(rec.body.Bytes())
		return
	}
	rows, err := export.FlattenJSON(top, rec.body.Bytes())
	if err != nil {
		s.writeErr(ctx, &Problem{Title: http.StatusText(http.StatusInternalServerError), Status: http.StatusInternalServerError,
			Code: CodeInternal, Detail: "the report could not be written as CSV", cause: err})
		return
	}
	var out bytes.Buffer
	if err := export.Write(&out, append(rows, extras.rows...)); err != nil {
		s.writeErr(ctx, &Problem{Title: http.StatusText(http.StatusInternalServerError), Status: http.StatusInternalServerError,
			Code: CodeInternal, Detail: "the report could not be written as CSV", cause: err})
		return
	}
	ctx.SetHeader("Content-Type", export.ContentType)
	ctx.SetHeader("Content-Length", strconv.Itoa(out.Len()))
	ctx.SetStatus(status)
	_, _ = ctx.BodyWriter().Write(out.Bytes())
}

// csvRecorder lets the route answer JSON into a buffer: it asks for JSON
// and keeps the status, the content type and the body; other headers go
// straight through.
type csvRecorder struct {
	humaContext
	status      int
	contentType string
	body        bytes.Buffer
}

func (r *csvRecorder) Header(name string) string {
	if http.CanonicalHeaderKey(name) == "Accept" {
		return "application/json"
	}
	return r.humaContext.Header(name)
}

func (r *csvRecorder) SetStatus(code int) { r.status = code }

func (r *csvRecorder) Status() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *csvRecorder) SetHeader(name, value string) {
	switch http.CanonicalHeaderKey(name) {
	case "Content-Type":
		r.contentType = value
		return
	case "Content-Length":
		return // the recorded body's; csvOutput writes another or announces none
	}
	r.humaContext.SetHeader(name, value)
}

func (r *csvRecorder) BodyWriter() io.Writer { return &r.body }

// humaContext names huma.Context for embedding (its field would otherwise
// be Context, clashing with the method of that name).
type humaContext = huma.Context

// documentCSV adds the rule to the OpenAPI document: each report route's
// `format` query parameter and its text/csv 200 answer. It panics when a
// csvReports id names no operation (a route renamed without this table).
func (s *Server) documentCSV() {
	found := map[string]bool{}
	for _, item := range s.api.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post} {
			if op == nil {
				continue
			}
			if _, ok := csvReports[op.OperationID]; !ok {
				continue
			}
			found[op.OperationID] = true
			op.Parameters = append(op.Parameters, &huma.Param{Name: "format", In: "query",
				Description: "csv or json; when absent, Accept decides (text/csv preferred to application/json: CSV).",
				Schema:      &huma.Schema{Type: "string", Enum: []any{"csv", "json"}}})
			ok := op.Responses["200"]
			if ok == nil {
				continue
			}
			if ok.Content == nil {
				ok.Content = map[string]*huma.MediaType{}
			}
			ok.Content["text/csv"] = &huma.MediaType{Schema: &huma.Schema{Type: "string",
				Description: "Header section,venue,key,field,value; one row per figure of the JSON report (docs/API.md, CSV)."}}
		}
	}
	for id := range csvReports {
		if !found[id] {
			panic("server: csvReports names " + id + ", which no GET or POST operation has")
		}
	}
}
