// The governed deposit caps (caps.json, vault.SetCaps): anyone with a token
// reads them (the defaults until an admin sets a document), an admin
// replaces them. Deposits read them in their own transaction, so nothing
// is cached here.
package server

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/unimargin/unimargin/internal/vault"
)

// capsOutput is the caps document and whether it is stored (else the
// defaults).
type capsOutput struct {
	Source string `header:"Caps-Source" doc:"stored, or defaults when no caps document has been set."`
	Body   json.RawMessage
}

func (s *Server) registerCaps() {
	op := docOp("get-deposit-caps", http.MethodGet, "/v1/deposit-caps", "The deposit caps",
		"The stored caps.json document (per-asset and per-account caps on deposits, mints and accruals), or the built-in defaults when none is set (`Caps-Source: defaults`).", accessToken)
	op.Tags = []string{"vault"}
	huma.Register(s.api, op, func(ctx context.Context, _ *struct{}) (*capsOutput, error) {
		out := &capsOutput{Source: "defaults"}
		if err := s.db.View(ctx, func(tx vault.Tx) error {
			doc, stored, err := vault.StoredCaps(tx)
			out.Body = doc
			if stored {
				out.Source = "stored"
			}
			return err
		}); err != nil {
			return nil, problemFor(err, "")
		}
		return out, nil
	})
	op = docOp("put-deposit-caps", http.MethodPut, "/v1/deposit-caps", "Replace the deposit caps (admin)",
		"Validates the caps.json body (asset keys must name an asset of the stored market or a built-in one, caps ≥ 0 as decimal strings) and stores it; every later deposit, mint and accrual is checked against it. Holdings above a lowered cap stay.",
		accessAdmin, 403, 413, 422)
	op.Tags = []string{"vault"}
	op.MaxBodyBytes = s.cfg.MaxBodyBytes
	huma.Register(s.api, op, func(ctx context.Context, in *documentInput) (*documentOutput, error) {
		if err := s.db.Update(ctx, func(tx vault.Tx) error { return vault.SetCaps(tx, in.Body) }); err != nil {
			return nil, problemFor(err, "body")
		}
		return &documentOutput{Body: in.Body}, nil
	})
}
