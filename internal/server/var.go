// POST /v1/var: the JSON of `unimargin var --json` for a posted book and
// market (GET /v1/accounts/{id}/var: for a stored account): historical and filtered-historical VaR and ES on the embedded
// 2021-2023 ETH and BTC moves, beside the book's unified and fragmented
// initial margin (internal/backtest).
package server

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/backtest"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
)

// priceHistory is the embedded daily closes, read once per process.
var priceHistory = sync.OnceValues(backtest.LoadHistory)

// VaRReport is `var --json` (backtest.VaRReport).
type VaRReport backtest.VaRReport

type varInput struct{ Body BookBody }

type varOutput struct{ Body *VaRReport }

func (s *Server) registerVaR() {
	huma.Register(s.api, s.previewOp("var", "/v1/var", "Historical and filtered-historical VaR and ES of a book beside its margin",
		"The JSON of `unimargin var --json` for the same portfolio, market and risk parameters: 99% and 97.5%, 1 and 10 days, "+
			"on the embedded 2021-2023 ETH and BTC moves up to the market's as_of (docs/BACKTEST.md)."),
		func(ctx context.Context, in *varInput) (*varOutput, error) {
			b, err := s.parseBook(&in.Body)
			if err != nil {
				return nil, err
			}
			rep, err := varOf(ctx, b, "body.market", "body.portfolio")
			if err != nil {
				return nil, err
			}
			mr, err := s.computeReport(ctx, "var", b)
			if err != nil {
				return nil, err
			}
			rep.UnifiedIM, rep.FragmentedIM = mr.Unified.Initial, mr.Fragmented.Initial
			return &varOutput{Body: (*VaRReport)(rep)}, nil
		})
	accountVaR := accountOp("get-account-var", http.MethodGet, "/v1/accounts/{id}/var",
		"VaR and ES of an account's stored book beside its margin",
		"`var --json` on the stored book plus the vault collateral venue, against the stored market (the dashboard's risk panel).", 409)
	accountVaR.Metadata = computeMeta(accessAccount)
	huma.Register(s.api, accountVaR,
		func(ctx context.Context, in *accountInput) (*varOutput, error) {
			b, err := s.storedBook(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			rep, err := varOf(ctx, b, "", "")
			if err != nil {
				return nil, err
			}
			c, err := margin.Compile(b.market, b.params)
			if err != nil {
				return nil, problemFor(err, "")
			}
			mr, err := c.ComputeContext(ctx, b.portfolio)
			if err != nil {
				return nil, problemFor(err, "")
			}
			rep.UnifiedIM, rep.FragmentedIM = mr.Unified.Initial, mr.Fragmented.Initial
			return &varOutput{Body: (*VaRReport)(rep)}, nil
		})
}

// varOf is the VaR table of b; an input error names marketField (as_of
// before the data) or bookField (an asset without ETH or BTC history).
func varOf(ctx context.Context, b *book, marketField, bookField string) (*backtest.VaRReport, error) {
	h, err := priceHistory()
	if err != nil {
		return nil, err // the embedded data: an internal error
	}
	rep, err := h.VaRAt(ctx, b.portfolio, b.market)
	if err != nil {
		var ie *input.Error
		if errors.As(err, &ie) && ie.Path == "as_of" {
			return nil, problemFor(err, marketField)
		}
		return nil, problemFor(err, bookField)
	}
	return rep, nil
}
