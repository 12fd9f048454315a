// The settlement currency of a venue (DESIGN.md): given explicitly, else the
// collateral's coin when it is a single non-stable coin, else USDC.
package venue

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Settlement returns the asset v settles in.
func Settlement(v *portfolio.Venue, m *market.Snapshot) string {
	if v.Settlement != "" {
		return v.Settlement
	}
	coin := ""
	for _, c := range v.Collateral {
		a := m.Asset(c.Asset)
		if a != nil && a.Class == market.ClassStable {
			continue
		}
		if coin != "" && coin != c.Asset {
			return "USDC"
		}
		coin = c.Asset
	}
	if coin == "" {
		return "USDC"
	}
	return coin
}
