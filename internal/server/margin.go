// Stateless margin endpoints: POST /v1/margin returns exactly the report of
// `unimargin margin --json` for the same documents; POST /v1/whatif prices
// one trade against a book; GET /v1/venues lists the isolated models.
package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/export"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// BookBody is a portfolio and a market (and optional risk parameters), in
// the file contracts of DESIGN.md.
type BookBody struct {
	Portfolio  json.RawMessage `json:"portfolio" doc:"A portfolio.json document."`
	Market     json.RawMessage `json:"market" doc:"A market.json document."`
	RiskParams json.RawMessage `json:"risk_params,omitempty" required:"false" doc:"A risk_params.json document; the governed parameters when absent."`
	AllowStale bool            `json:"allow_stale,omitempty" required:"false" doc:"Report stale oracle prices as warnings instead of refusing them."`

	// portfolioDoc is Portfolio decoded in strictInput's reading of the
	// body (POST /v1/margin); nil: parseBook decodes Portfolio.
	portfolioDoc *input.Node
}

// marginInput has no Body: huma would read and decode the body once more.
// strictInput has read and checked it, decoding the portfolio on the way
// (bookBodyOf); the operation's RequestBody documents BookBody.
type marginInput struct{}

type marginOutput struct {
	Body func(huma.Context) // writes a margin.Report encoded once (memo.go)
}

// marketOptions is how request markets are judged: staleness against the
// market's own as_of, as the CLI does by default.
func marketOptions(allowStale bool) market.Options {
	return market.Options{StaleAfter: time.Hour, AllowStale: allowStale}
}

// book is a request's parsed documents.
type book struct {
	portfolio *portfolio.Portfolio
	market    *market.Snapshot
	params    *margin.RiskParams
	// compileKey names the posted market and the parameters for the
	// server's compile cache; "" when the request carried its own
	// parameters (compiled for that request only).
	compileKey string
}

// compiledFor returns b's market compiled with b's parameters: from the
// server's cache when b is on the governed parameters (the same posted
// market is compiled once), else for this request.
func (s *Server) compiledFor(b *book) (*margin.Compiled, error) {
	if b.compileKey == "" {
		return margin.Compile(b.market, b.params)
	}
	return s.compiled.Get(b.compileKey, b.market, b.params)
}

// parseBook reads the documents in the contract's order (market, portfolio,
// risk parameters); each error's location names the body field.
func (s *Server) parseBook(b *BookBody) (*book, error) {
	var out book
	var err error
	if out.market, err = s.loadMarket(b.Market, b.AllowStale); err != nil {
		return nil, problemFor(err, "body.market")
	}
	if b.portfolioDoc != nil {
		out.portfolio, err = portfolio.ParseNode(*b.portfolioDoc)
	} else {
		out.portfolio, err = portfolio.Parse(b.Portfolio)
	}
	if err != nil {
		return nil, problemFor(err, "body.portfolio")
	}
	if err := portfolio.Check(out.portfolio, out.market); err != nil {
		return nil, problemFor(err, "body.portfolio")
	}
	out.params = s.riskParams()
	stale := "/fresh"
	if b.AllowStale {
		stale = "/allow-stale" // the snapshot carries stale warnings
	}
	out.compileKey = margin.CompileKey(b.Market, s.params.Load()) + stale
	if len(b.RiskParams) > 0 && string(b.RiskParams) != "null" {
		out.compileKey = ""
		if out.params, err = margin.LoadRiskParams(b.RiskParams, out.market); err != nil {
			return nil, problemFor(err, "body.risk_params")
		}
	}
	return &out, nil
}

// computeReport runs margin.Compute and records its time; it stops with
// the request's deadline (503 timeout).
func (s *Server) computeReport(ctx context.Context, kind string, b *book) (*margin.Report, error) {
	start := time.Now()
	c, err := s.compiledFor(b)
	if err != nil {
		return nil, problemFor(err, "body.market")
	}
	rep, err := c.ComputeContext(ctx, b.portfolio)
	s.metrics.marginSeconds.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	if err != nil {
		return nil, problemFor(err, "body.portfolio")
	}
	return rep, nil
}

func (s *Server) registerMargin() {
	huma.Register(s.api, huma.Operation{
		OperationID: "margin", Method: http.MethodPost, Path: "/v1/margin", Tags: []string{"margin"},
		Summary:     "Fragmented versus unified margin of a book",
		Description: "The report of `unimargin margin --json` for the same portfolio, market and risk parameters.",
		Security:    bearerSecurity, Metadata: computeMeta(accessToken), // an analysis slot (compute.go)
		MaxBodyBytes: s.cfg.MaxBodyBytes, Errors: []int{400, 401, 413, 422, 429},
		// The documents are validated by their own parsers, which name the
		// field; huma's generic pass would decode the 8 KB body twice
		// (a third of a memoised request's CPU). strict.go validates the
		// top level (keys, allow_stale) instead.
		SkipValidateBody: true,
		RequestBody:      bookRequestBody(s.api),
		Responses:        reportResponse(s.api),
	}, func(ctx context.Context, _ *marginInput) (*marginOutput, error) {
		body, err := checkedBookBody(ctx)
		if err != nil {
			return nil, err
		}
		rep, err := s.marginReport(ctx, &body) // memo.go: identical requests are answered once
		if err != nil {
			return nil, err
		}
		if x := csvExtrasOf(ctx); x != nil { // csv.go: the derived tables need the parsed book
			bk, err := s.parseBook(&body)
			if err != nil {
				return nil, err
			}
			x.rows = export.MarginRows(bk.portfolio, bk.market, rep.Report)
		}
		return &marginOutput{Body: rep.write}, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID: "list-venues", Method: http.MethodGet, Path: "/v1/venues", Tags: []string{"margin"},
		Summary:  "Isolated venue models, their parameters and sources",
		Security: bearerSecurity, Metadata: map[string]any{"access": accessToken}, Errors: []int{401, 429},
	}, func(ctx context.Context, _ *struct{}) (*venuesOutput, error) {
		out := &venuesOutput{Body: []VenueInfo{}}
		for _, m := range venue.Models() {
			info := VenueInfo{Model: m.Name(), Params: map[string]any{}, Source: m.Source()}
			for _, p := range m.Params() {
				info.Params[p.Name] = p.Default
			}
			out.Body = append(out.Body, info)
		}
		return out, nil
	})
}

// bearerSecurity is the security requirement of authenticated operations.
var bearerSecurity = []map[string][]string{{"bearer": {}}}

// VenueInfo is one element of `venues --json`.
type VenueInfo struct {
	Model  string         `json:"model"`
	Params map[string]any `json:"params"`
	Source string         `json:"source"`
}

type venuesOutput struct {
	Body []VenueInfo
}
