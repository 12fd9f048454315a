// What the liquidation engine reads of a Comet venue besides Absorb: the
// resolved parameter set (base asset and decimals, collateral decimals).
package compound

import "github.com/unimargin/unimargin/internal/portfolio"

// ResolvedSet returns the venue's Comet parameter set after overrides.
// Callers must not mutate it. Errors are those of Margin's parameter check.
func ResolvedSet(v *portfolio.Venue) (*Set, error) {
	res, err := resolveSet(v)
	if err != nil {
		return nil, err
	}
	return res.set, nil
}
