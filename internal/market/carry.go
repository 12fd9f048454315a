// Carry inputs of the market file: perp funding rates (top-level `funding`,
// per underlying, and `venue_funding`, per venue and underlying) and each
// asset's lending rates (`supply_apr`, `borrow_apr`). All optional; all are
// simple annual fractions (0.1 = 10% a year), validated to |rate| ≤ 10
// (funding, which may be negative) or 0 ≤ apr ≤ 10 (lending rates). A
// venue's hourly or 8-hourly funding is annualised by the caller (× 8760 or
// × 1095). Rates never change a margin figure: they feed the report's carry
// and deadweight loss only (DESIGN.md, Carry).
package market

import (
	"math"

	"github.com/unimargin/unimargin/internal/input"
)

// maxAPR bounds a lending rate or the magnitude of a funding rate: 1,000% a year.
const maxAPR = 10.0

// Funding holds annualised perp funding rates (positive: longs pay shorts).
type Funding struct {
	ByAsset map[string]float64            // underlying → rate
	ByVenue map[string]map[string]float64 // venue id → underlying → rate (wins over ByAsset)
}

// FundingRate returns the funding rate a perp on underlying pays at venue
// (the venue's own when the market gives one, else the underlying's) and
// whether any is given.
func (s *Snapshot) FundingRate(venueID, underlying string) (float64, bool) {
	if r, ok := s.Funding.ByVenue[venueID][underlying]; ok {
		return r, true
	}
	r, ok := s.Funding.ByAsset[underlying]
	return r, ok
}

func readAssetAPRs(obj *input.Object, a *Asset) error {
	if n, ok := obj.Optional("supply_apr"); ok {
		f, err := NonNegativeFloat(n, maxAPR)
		if err != nil {
			return err
		}
		a.SupplyAPR, a.HasSupplyAPR = f, true
	}
	if n, ok := obj.Optional("borrow_apr"); ok {
		f, err := NonNegativeFloat(n, maxAPR)
		if err != nil {
			return err
		}
		a.BorrowAPR, a.HasBorrowAPR = f, true
	}
	return nil
}

func readFunding(obj *input.Object, s *Snapshot) error {
	if n, ok := obj.Optional("funding"); ok {
		rates, err := readFundingRates(s, n)
		if err != nil {
			return err
		}
		s.Funding.ByAsset = rates
	}
	n, ok := obj.Optional("venue_funding")
	if !ok {
		return nil
	}
	vo, err := n.Object()
	if err != nil {
		return err
	}
	s.Funding.ByVenue = map[string]map[string]float64{}
	for _, e := range vo.Entries() {
		rates, err := readFundingRates(s, e.Node)
		if err != nil {
			return err
		}
		s.Funding.ByVenue[e.Key] = rates
	}
	return nil
}

func readFundingRates(s *Snapshot, n input.Node) (map[string]float64, error) {
	o, err := n.Object()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, e := range o.Entries() {
		if s.Assets[e.Key] == nil {
			return nil, input.Invalid(e.Node.Path, e.Key, "names an asset missing from the market")
		}
		r, err := e.Node.Float()
		if err != nil {
			return nil, err
		}
		if math.Abs(r) > maxAPR {
			return nil, input.Invalid(e.Node.Path, e.Node.Text(), "must be between -%g and %g (an annual fraction)", maxAPR, maxAPR)
		}
		out[e.Key] = r
	}
	return out, nil
}
