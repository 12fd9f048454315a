// CheckNumbers: a snapshot built in code (a market tick applied to a
// previous snapshot, a shifted copy) has not been through Load's checks;
// before such a snapshot is compiled its numbers are held to the same
// ranges: prices finite and > 0, vols, depths, spreads and rates finite
// and ≥ 0 (rates: finite), correlations in [−1, 1]. The first failure is
// an *input.Error naming the field by its document path
// (assets.BTC.price, vol_surfaces.BTC[0].vols[2], …).
package market

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/unimargin/unimargin/internal/input"
)

// CheckNumbers returns the first number of s outside its range (in a
// fixed order: assets by symbol, then surfaces, forwards, rates, venue
// prices and correlations), or nil.
func (s *Snapshot) CheckNumbers() error {
	for _, sym := range slices.Sorted(maps.Keys(s.Assets)) {
		a := s.Assets[sym]
		path := input.Join("assets", sym)
		if err := positive(input.Join(path, "price"), a.Price); err != nil {
			return err
		}
		if a.HasVol {
			if err := nonNegative(input.Join(path, "vol"), a.Vol); err != nil {
				return err
			}
		}
		if err := nonNegative(input.Join(path, "depth_usd"), a.DepthUSD); err != nil {
			return err
		}
		if err := nonNegative(input.Join(path, "spread_bps"), a.SpreadBps); err != nil {
			return err
		}
		for _, b := range a.BackedBy {
			if err := positive(input.Join(input.Join(path, "backed_by"), b.Asset), b.PerUnit); err != nil {
				return err
			}
		}
	}
	for _, sym := range slices.Sorted(maps.Keys(s.Surfaces)) {
		for i, sm := range s.Surfaces[sym].Smiles {
			path := input.Index(input.Join("vol_surfaces", sym), i)
			for k, v := range sm.Vols {
				if err := nonNegative(input.Index(input.Join(path, "vols"), k), v); err != nil {
					return err
				}
			}
			for k, x := range sm.Strikes {
				if err := positive(input.Index(input.Join(path, "strikes"), k), x); err != nil {
					return err
				}
			}
		}
	}
	for _, sym := range slices.Sorted(maps.Keys(s.Forwards)) {
		for i, p := range s.Forwards[sym] {
			if err := positive(input.Join(input.Index(input.Join("forwards", sym), i), "price"), p.Price); err != nil {
				return err
			}
		}
	}
	for _, cur := range slices.Sorted(maps.Keys(s.Rates)) {
		if r := s.Rates[cur]; math.IsNaN(r) || math.IsInf(r, 0) {
			return input.Invalid(input.Join("rates", cur), strconv.FormatFloat(r, 'g', -1, 64), "must be a finite number")
		}
	}
	for _, venue := range slices.Sorted(maps.Keys(s.VenuePrices)) {
		prices := s.VenuePrices[venue]
		for _, sym := range slices.Sorted(maps.Keys(prices)) {
			if err := positive(input.Join(input.Join("venue_prices", venue), sym), prices[sym]); err != nil {
				return err
			}
		}
	}
	for _, pair := range slices.Sorted(maps.Keys(s.Correlations)) {
		if c := s.Correlations[pair]; !(c >= -1 && c <= 1) {
			return input.Invalid(input.Join("correlations", pair), strconv.FormatFloat(c, 'g', -1, 64), "must be between -1 and 1")
		}
	}
	return nil
}

func positive(path string, x float64) error {
	if !(x > 0) || math.IsInf(x, 0) {
		return input.Invalid(path, strconv.FormatFloat(x, 'g', -1, 64), "must be a finite number above 0")
	}
	return nil
}

func nonNegative(path string, x float64) error {
	if !(x >= 0) || math.IsInf(x, 0) {
		return input.Invalid(path, strconv.FormatFloat(x, 'g', -1, 64), "must be a finite number ≥ 0")
	}
	return nil
}
