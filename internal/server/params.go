// The governed risk parameters: loaded from the store at start, after an
// admin or governance changes them, and as a ramp moves (governance.go);
// requests without their own parameters use these.
package server

import (
	"context"
	"fmt"

	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/vault"
)

// loadParams reads the governed configuration (govern.StoredConfig: the
// effective version, its ramps, configuration keys and pause — the same
// reading the CLI and the workers make; on an ungoverned store the stored
// parameter document).
func (s *Server) loadParams(ctx context.Context) error {
	var cfg vault.Config
	err := s.db.View(ctx, func(tx vault.Tx) (err error) {
		cfg, err = govern.StoredConfig(tx, governNow())
		return err
	})
	if err != nil {
		return fmt.Errorf("loading risk parameters: %w", err)
	}
	s.setConfig(cfg)
	return nil
}
