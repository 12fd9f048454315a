// The governed risk parameters: loaded from the store at start and after an
// admin sets them; requests without their own parameters use these.
package server

import (
	"context"
	"fmt"

	"github.com/unimargin/unimargin/internal/vault"
)

// loadParams reads the stored parameter document (vault.StoredConfig, the
// same reading the CLI and the workers make).
func (s *Server) loadParams(ctx context.Context) error {
	var cfg vault.Config
	err := s.db.View(ctx, func(tx vault.Tx) (err error) {
		cfg, err = vault.StoredConfig(tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("loading risk parameters: %w", err)
	}
	s.params.Store(cfg.RiskParams)
	return nil
}
