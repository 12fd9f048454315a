// The governed configuration stored beside the books: every path that
// applies the margin rules to the store (CLI, API, workers) reads the same
// risk parameters, so a withdrawal cannot pass in one and fail in another.
package vault

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/margin"
)

// StoredConfig returns the configuration of the risk parameters stored in
// tx (tx.RiskParams), validated against the stored market; the defaults
// when none are stored.
func StoredConfig(tx Tx) (Config, error) {
	doc, ok, err := tx.RiskParams()
	if err != nil || !ok {
		return Config{}, err
	}
	m, _, err := storedMarket(tx) // nil without a market
	if err != nil {
		return Config{}, err
	}
	rp, err := margin.LoadRiskParams(doc, m)
	if err != nil {
		return Config{}, fmt.Errorf("stored risk parameters: %w", err)
	}
	return Config{RiskParams: rp}, nil
}
