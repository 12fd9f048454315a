// Parsing whole-unit amounts from the command line and JSON: the one place
// a user's decimal text becomes base units for the collateral layer.
package ledger

import (
	"errors"
	"fmt"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Refusals of ParseUnits (after the quoted text).
var (
	ErrAmountZero     = errors.New("must be greater than 0")
	ErrAmountNegative = errors.New("must not be negative")
)

// ParseUnits converts a whole-unit decimal string ("10", "0.5") into base
// units of an asset with the given decimals. It refuses malformed text,
// negative values, zero, more fractional digits than the asset has, and
// values beyond 256 bits; it never rounds.
func ParseUnits(text string, decimals uint8) (money.Amount, error) {
	d, err := money.ParseDecimalUnits(text, decimals)
	if errors.Is(err, money.ErrDecimalScale) {
		// More digits than any scale the layer renders: the same refusal as
		// more digits than this asset has, naming its decimals.
		return money.Amount{}, fmt.Errorf("amount %q has more than %d decimal places: %w", text, decimals, money.ErrAmountPrecision)
	}
	if err != nil {
		return money.Amount{}, fmt.Errorf("amount %q %w", text, err)
	}
	if d.Sign() < 0 {
		return money.Amount{}, fmt.Errorf("amount %q %w", text, ErrAmountNegative)
	}
	if d.Sign() == 0 {
		return money.Amount{}, fmt.Errorf("amount %q %w", text, ErrAmountZero)
	}
	// DESIGN.md: amounts are at most 1e30 units; above is an input error
	// (422), never a vault or balance refusal (409).
	if !portfolio.AmountInRange(d) {
		return money.Amount{}, fmt.Errorf("amount %q %w: at most 1e30 units", text, money.ErrDecimalRange)
	}
	a, err := money.AmountExact(d, decimals)
	if err != nil {
		if errors.Is(err, money.ErrAmountPrecision) {
			return money.Amount{}, fmt.Errorf("amount %q has more than %d decimal places: %w", text, decimals, err)
		}
		return money.Amount{}, fmt.Errorf("amount %q %w", text, err)
	}
	return a, nil
}
