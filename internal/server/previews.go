// Stateless previews on a posted book: POST /v1/whatif prices one trade
// (the JSON of `unimargin whatif --json`) and POST /v1/liquidations/preview
// runs every venue's liquidation and the unified engine (the JSON of
// `unimargin liquidate --json`). Nothing is stored.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
)

// WhatIfBody is a book and one trade.
type WhatIfBody struct {
	BookBody
	Trade json.RawMessage `json:"trade" doc:"The trade: {\"venue\": ID, \"position\": {…a position as in portfolio.json…}}."`
}

// WhatIfReport is `whatif --json` (margin.WhatIf): the trade opened at the
// market with its cash leg; unified and the venue's own figures before and
// after; allowed when both the venue's model and unified margin allow it.
type WhatIfReport = margin.WhatIf

type whatIfInput struct{ Body WhatIfBody }

type whatIfOutput struct{ Body WhatIfReport }

// LiquidationBody is a book and the unified engine's options.
type LiquidationBody struct {
	BookBody
	Penalty       *float64 `json:"penalty,omitempty" required:"false" default:"0.01" minimum:"0" exclusiveMaximum:"1" doc:"Unified engine: share of the notional sold paid to the insurance fund."`
	InsuranceFund *float64 `json:"insurance_fund,omitempty" required:"false" default:"0" minimum:"0" maximum:"1e15" doc:"Unified engine: insurance fund balance (USD, at most 1e15) before bad debt is socialised."`
}

func (b *LiquidationBody) options() liquidation.Options {
	penalty, fund := 0.01, 0.0
	if b.Penalty != nil {
		penalty = *b.Penalty
	}
	if b.InsuranceFund != nil {
		fund = *b.InsuranceFund
	}
	return liquidationOptions(penalty, fund)
}

type liquidationInput struct{ Body LiquidationBody }

// LiquidationReport is liquidation.Report (`liquidate --json`) under names
// of its own: the OpenAPI components already have margin's Report and
// Unified. It encodes exactly as liquidation.Report does.
type LiquidationReport struct {
	Venues  []LiquidationVenue `json:"venues" doc:"Each venue by its own rules."`
	Unified LiquidationUnified `json:"unified" doc:"The unified engine's risk-reducing partial liquidation."`
}

// LiquidationVenue is liquidation.Venue.
type LiquidationVenue liquidation.Venue

// LiquidationUnified is liquidation.Unified.
type LiquidationUnified liquidation.Unified

func liquidationReportOf(r *liquidation.Report) *LiquidationReport {
	out := &LiquidationReport{Venues: make([]LiquidationVenue, len(r.Venues)), Unified: LiquidationUnified(r.Unified)}
	for i, v := range r.Venues {
		out.Venues[i] = LiquidationVenue(v)
	}
	return out
}

// previewOp is the shape of the preview operations.
func (s *Server) previewOp(id, path, summary, desc string) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: http.MethodPost, Path: path, Tags: []string{"margin"},
		Summary: summary, Description: desc,
		Security: bearerSecurity, Metadata: computeMeta(accessToken),
		MaxBodyBytes: s.cfg.MaxBodyBytes, Errors: []int{400, 401, 413, 422, 429},
	}
}

func (s *Server) registerPreviews() {
	huma.Register(s.api, s.previewOp("whatif", "/v1/whatif", "Unified margin before and after one trade",
		"The JSON of `unimargin whatif --json` for the same portfolio, market, risk parameters and trade."),
		func(ctx context.Context, in *whatIfInput) (*whatIfOutput, error) {
			b, err := s.parseBook(&in.Body.BookBody)
			if err != nil {
				return nil, err
			}
			rep, err := s.whatIf(ctx, b, in.Body.Trade)
			if err != nil {
				return nil, err
			}
			return &whatIfOutput{Body: *rep}, nil
		})
	huma.Register(s.api, s.previewOp("preview-liquidation", "/v1/liquidations/preview", "What each venue, then the unified engine, would liquidate now",
		"The JSON of `unimargin liquidate --json` for the same portfolio, market, risk parameters and engine options."),
		func(ctx context.Context, in *liquidationInput) (*liquidationOutput, error) {
			b, err := s.parseBook(&in.Body.BookBody)
			if err != nil {
				return nil, err
			}
			rep, err := liquidation.RunContext(ctx, b.portfolio, b.market, b.params, in.Body.options())
			if err != nil {
				return nil, problemFor(err, "body.portfolio")
			}
			return &liquidationOutput{Body: liquidationReportOf(rep)}, nil
		})
}

// whatIf is `whatif --json`'s computation: parse and check the trade,
// price it on a prepared session. ctx (the request's deadline) is checked
// between its parts, each one pass over the book.
func (s *Server) whatIf(ctx context.Context, b *book, tradeDoc []byte) (*WhatIfReport, error) {
	trade, err := margin.ParseTrade(tradeDoc)
	if err != nil {
		return nil, problemFor(err, "body.trade")
	}
	c, err := s.compiledFor(b)
	if err != nil {
		return nil, problemFor(err, "body.market")
	}
	if err := ctx.Err(); err != nil {
		return nil, problemFor(err, "")
	}
	sess, err := c.Prepare(b.portfolio)
	if err != nil {
		return nil, problemFor(err, "body.portfolio")
	}
	if err := ctx.Err(); err != nil {
		return nil, problemFor(err, "")
	}
	if err := sess.CheckTrade(trade); err != nil {
		return nil, tradeProblem(err)
	}
	if err := ctx.Err(); err != nil {
		return nil, problemFor(err, "")
	}
	w, err := sess.Trade(trade)
	if err != nil {
		return nil, tradeProblem(err)
	}
	return w, nil
}

// tradeProblem locates an error about the trade (paths "venue" and
// "position…") in body.trade, and one about the book in body.portfolio, as
// the CLI names the trade file or the portfolio file.
func tradeProblem(err error) *Problem {
	var ie *input.Error
	if errors.As(err, &ie) && !strings.HasPrefix(ie.Path, "venues") {
		return problemFor(err, "body.trade")
	}
	return problemFor(err, "body.portfolio")
}
