// Carry at market rates: what each venue's book earns and pays in a year at
// the market file's supply and borrow APRs and perp funding rates, and the
// rate the deadweight loss is priced at (DESIGN.md, Carry). Rates never
// change a requirement.
package margin

import (
	"slices"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Carry is a venue's yearly carry in USD at today's values and the market's
// rates (simple annual rates, no compounding): Supply is earned on supply
// positions, and on collateral where the venue supplies it to its pool
// (Aave v3; venue.CollateralEarnsSupply); Borrow is paid on debt (≤ 0);
// Funding is Σ −quantity × mark × rate over perps (a positive rate: longs
// pay). Unpriced lists what the venue holds that would carry but has no rate
// in the market ("WETH supply_apr", "BTC funding"), so a 0 is never silent.
type Carry struct {
	Supply   float64  `json:"supply"`
	Borrow   float64  `json:"borrow"`
	Funding  float64  `json:"funding"`
	Total    float64  `json:"total"`
	Unpriced []string `json:"unpriced"`
}

// Sources of the deadweight rate.
const (
	RateSourceMarket = "market supply_apr"
	RateSourceYield  = "governed yield"
)

// hasCarryRates reports whether the market gives any carry rate at all;
// without one, no venue reports carry (the figures would all be unpriced).
func hasCarryRates(m *market.Snapshot) bool {
	if len(m.Funding.ByAsset) > 0 || len(m.Funding.ByVenue) > 0 {
		return true
	}
	for _, a := range m.Assets {
		if a.HasSupplyAPR || a.HasBorrowAPR {
			return true
		}
	}
	return false
}

// carryOf computes v's carry at m's rates; the venue's own oracle values it.
func carryOf(v *portfolio.Venue, m *market.Snapshot) *Carry {
	c := &Carry{Unpriced: []string{}}
	unpriced := func(what string) {
		if !slices.Contains(c.Unpriced, what) {
			c.Unpriced = append(c.Unpriced, what)
		}
	}
	supply := func(asset string, amount float64) {
		a := m.Asset(asset)
		if a == nil || !a.HasSupplyAPR {
			unpriced(asset + " supply_apr")
			return
		}
		c.Supply += amount * m.VenueSpot(v.ID, asset) * a.SupplyAPR
	}
	if venue.CollateralEarnsSupply(v.Model) {
		for _, col := range v.Collateral {
			supply(col.Asset, col.AmountF)
		}
	}
	for i := range v.Positions {
		p := &v.Positions[i]
		switch p.Kind {
		case portfolio.KindSupply:
			supply(p.Asset, p.AmountF)
		case portfolio.KindBorrow:
			a := m.Asset(p.Asset)
			if a == nil || !a.HasBorrowAPR {
				unpriced(p.Asset + " borrow_apr")
				continue
			}
			c.Borrow -= p.AmountF * m.VenueSpot(v.ID, p.Asset) * a.BorrowAPR
		case portfolio.KindPerp:
			r, ok := m.FundingRate(v.ID, p.Underlying)
			if !ok {
				unpriced(p.Underlying + " funding")
				continue
			}
			c.Funding -= p.QuantityF * m.VenueSpot(v.ID, p.Underlying) * r
		}
	}
	slices.Sort(c.Unpriced)
	c.Total = c.Supply + c.Borrow + c.Funding
	return c
}

// deadweightRate is the yearly rate the capital unified margin frees would
// earn: the value-weighted supply APR of the book's collateral over the
// assets the market gives one for (the freed capital is that collateral),
// else the governed flat yield.
func deadweightRate(book *portfolio.Portfolio, m *market.Snapshot, flat float64) (float64, string) {
	var value, earned float64
	for vi := range book.Venues {
		for _, col := range book.Venues[vi].Collateral {
			a := m.Asset(col.Asset)
			if a == nil || !a.HasSupplyAPR {
				continue
			}
			x := col.AmountF * a.Price
			value += x
			earned += x * a.SupplyAPR
		}
	}
	if value <= 0 {
		return flat, RateSourceYield
	}
	return earned / value, RateSourceMarket
}
