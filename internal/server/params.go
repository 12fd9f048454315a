// The governed risk parameters: loaded from the store at start and after an
// admin sets them; requests without their own parameters use these.
package server

import (
	"context"
	"fmt"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/vault"
)

// loadParams reads the stored parameter document, validating it against
// the stored market (tiers and haircuts name assets).
func (s *Server) loadParams(ctx context.Context) error {
	var doc, mdoc []byte
	var ok, hasMarket bool
	err := s.db.View(ctx, func(tx vault.Tx) error {
		var err error
		if doc, ok, err = tx.RiskParams(); err != nil || !ok {
			return err
		}
		mdoc, hasMarket, err = tx.Market()
		return err
	})
	if err != nil {
		return fmt.Errorf("loading risk parameters: %w", err)
	}
	if !ok {
		s.params.Store(nil)
		return nil
	}
	var m *market.Snapshot
	if hasMarket {
		if m, err = market.Load(mdoc, marketOptions(true)); err != nil {
			return fmt.Errorf("stored market: %w", err)
		}
	}
	rp, err := margin.LoadRiskParams(doc, m)
	if err != nil {
		return fmt.Errorf("stored risk parameters: %w", err)
	}
	s.params.Store(rp)
	return nil
}
