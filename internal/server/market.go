// The stored market and the governed risk parameters: anyone with a token
// reads them, an admin replaces them. A replacement is validated before it
// is stored, the parameters are reloaded, and the market hooks re-margin
// every account and publish the change.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/vault"
)

// documentOutput is a stored JSON document, returned as stored.
type documentOutput struct{ Body json.RawMessage }

type documentInput struct {
	Body json.RawMessage
}

func (s *Server) registerMarket() {
	s.registerMarketDoc()
	s.registerRiskParams()
	s.registerVaults()
	s.registerPreviews()
	s.registerDocs()
}

// docOp is the shape of the market and risk-parameter operations.
func docOp(id, method, path, summary, desc, access string, errs ...int) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: method, Path: path, Tags: []string{"market"},
		Summary: summary, Description: desc,
		Security: bearerSecurity, Metadata: map[string]any{"access": access},
		Errors: append([]int{401, 429}, errs...),
	}
}

func (s *Server) registerMarketDoc() {
	huma.Register(s.api, docOp("get-market", http.MethodGet, "/v1/market", "The stored market",
		"The market.json document every stored account is margined against (404 no_market before one is set).", accessToken, 404),
		func(ctx context.Context, _ *struct{}) (*documentOutput, error) {
			var doc []byte
			var ok bool
			if err := s.db.View(ctx, func(tx vault.Tx) error {
				var err error
				doc, ok, err = tx.Market()
				return err
			}); err != nil {
				return nil, problemFor(err, "")
			}
			if !ok {
				return nil, problemf(http.StatusNotFound, CodeNoMarket, vault.ErrNoMarket.Error())
			}
			return &documentOutput{Body: doc}, nil
		})
	op := docOp("put-market", http.MethodPut, "/v1/market", "Replace the stored market (admin)",
		"Validates the market.json body (stale oracle prices refused, judged against its own as_of), refuses it (409 asset_held) when it drops an asset the stored market prices and an account holds, checks that the governed risk parameters still fit it, stores it, and re-margins every account (`margin` and `market` events follow).",
		accessAdmin, 403, 409, 413, 422)
	op.MaxBodyBytes = s.cfg.MaxBodyBytes
	huma.Register(s.api, op, func(ctx context.Context, in *documentInput) (*documentOutput, error) {
		if err := s.db.Update(ctx, func(tx vault.Tx) error { return putMarket(tx, in.Body) }); err != nil {
			return nil, marketProblem(err)
		}
		if err := s.loadParams(ctx); err != nil {
			return nil, problemFor(err, "")
		}
		s.marketChanged(ctx)
		return &documentOutput{Body: in.Body}, nil
	})
}

// marketProblem is problemFor on a market body, naming its assets when the
// market drops some that accounts hold.
func marketProblem(err error) *Problem {
	p := problemFor(err, "body")
	if errors.Is(err, vault.ErrAssetHeld) {
		p.Errors = append(p.Errors, &ProblemField{Location: "body.assets", Message: err.Error()})
	}
	return p
}

// putMarket validates and stores a market, refusing one the governed risk
// parameters no longer fit (they name its assets): the service could not
// load them at its next start.
func putMarket(tx vault.Tx, doc []byte) error {
	if err := vault.SetMarket(tx, doc); err != nil {
		return err
	}
	params, ok, err := tx.RiskParams()
	if err != nil || !ok {
		return err
	}
	m, err := market.Load(doc, marketOptions(true))
	if err != nil {
		return err
	}
	if _, err := margin.LoadRiskParams(params, m); err != nil {
		return problemf(http.StatusUnprocessableEntity, CodeInvalidInput,
			fmt.Sprintf("the governed risk parameters do not fit this market (replace them first): %v", err),
			&ProblemField{Location: "body", Message: err.Error()})
	}
	return nil
}

func (s *Server) registerRiskParams() {
	huma.Register(s.api, docOp("get-risk-params", http.MethodGet, "/v1/risk-params", "The governed risk parameters",
		"The stored risk_params.json document, or the built-in defaults (`unimargin risk-params --defaults --json`) when none is set. Requests without their own risk_params use these.", accessToken),
		func(ctx context.Context, _ *struct{}) (*documentOutput, error) {
			var doc []byte
			var ok bool
			if err := s.db.View(ctx, func(tx vault.Tx) error {
				var err error
				doc, ok, err = tx.RiskParams()
				return err
			}); err != nil {
				return nil, problemFor(err, "")
			}
			if !ok {
				var err error
				if doc, err = margin.DefaultRiskParams().MarshalDefaults(); err != nil {
					return nil, problemFor(err, "")
				}
			}
			return &documentOutput{Body: doc}, nil
		})
	op := docOp("put-risk-params", http.MethodPut, "/v1/risk-params", "Replace the governed risk parameters (admin)",
		"Validates the risk_params.json body against the stored market (asset keys must name its assets), stores it, reloads it and re-margins every account. Once governance is set up (POST /v1/governance/setup) it is refused (409 governed): parameters change through proposals.",
		accessAdmin, 403, 409, 413, 422)
	op.MaxBodyBytes = s.cfg.MaxBodyBytes
	huma.Register(s.api, op, func(ctx context.Context, in *documentInput) (*documentOutput, error) {
		if err := s.db.Update(ctx, func(tx vault.Tx) error { return putRiskParams(tx, in.Body) }); err != nil {
			return nil, problemFor(err, "body")
		}
		if err := s.loadParams(ctx); err != nil {
			return nil, problemFor(err, "")
		}
		s.marketChanged(ctx)
		return &documentOutput{Body: in.Body}, nil
	})
}

// putRiskParams validates a parameter document against the stored market
// (when there is one) and stores it; once governance is set up the
// parameters change only through proposals (govern.ErrGoverned).
func putRiskParams(tx vault.Tx, doc []byte) error {
	if g, ok := tx.(govern.Tx); ok {
		if on, err := govern.IsSetUp(g); err != nil || on {
			if err == nil {
				err = govern.ErrGoverned
			}
			return err
		}
	}
	var m *market.Snapshot
	mdoc, ok, err := tx.Market()
	if err != nil {
		return err
	}
	if ok {
		if m, err = market.Load(mdoc, marketOptions(true)); err != nil {
			return fmt.Errorf("stored market: %w", err)
		}
	}
	if _, err := margin.LoadRiskParams(doc, m); err != nil {
		return err
	}
	return tx.PutRiskParams(doc)
}
