// Shifted copies of a snapshot: prices and vols scaled, correlations
// replaced, everything else shared. Used to find liquidation prices, to run
// named scenarios and reverse stress without mutating the (shared,
// read-only) original.
package market

// WithPriceScaled returns a copy of s in which symbol's market price, every
// venue's oracle price for it and its quoted forwards are multiplied by
// factor (> 0). Vol surfaces stay sticky-strike; other assets, wrappers of
// symbol included, keep their prices. The copy shares all unchanged data.
func (s *Snapshot) WithPriceScaled(symbol string, factor float64) *Snapshot {
	if s.Assets[symbol] == nil {
		return s
	}
	return s.Shifted(Shift{PriceFactor: map[string]float64{symbol: factor}})
}

// Shift is a set of moves applied to a snapshot at once (a named
// scenario's market after its shocks). Every map may be nil.
type Shift struct {
	// PriceFactor multiplies an asset's market price, every venue's oracle
	// price for it and its quoted forwards (each factor finite and > 0).
	// Assets not listed keep their prices: a caller that wants wrappers to
	// follow their backing lists them too (scenario.Named does).
	PriceFactor map[string]float64
	// VolFactor multiplies an asset's flat vol and every vol of its surface
	// (finite, ≥ 0); options then reprice sticky-strike on the new vols.
	VolFactor map[string]float64
	// Correlations replaces given pairs ("A/B" with A < B) in [−1, 1].
	Correlations map[string]float64
}

// Shifted returns a copy of s with sh applied; s is not modified and the
// copy shares every unchanged map and asset. Factors for unknown assets are
// ignored (callers validate names first).
func (s *Snapshot) Shifted(sh Shift) *Snapshot {
	cp := *s
	if len(sh.PriceFactor) > 0 || len(sh.VolFactor) > 0 {
		cp.Assets = make(map[string]*Asset, len(s.Assets))
		for k, v := range s.Assets {
			cp.Assets[k] = v
		}
	}
	for sym, f := range sh.PriceFactor {
		if a := s.Assets[sym]; a != nil {
			moved := *cp.Assets[sym]
			moved.Price = a.Price * f
			cp.Assets[sym] = &moved
		}
	}
	for sym, f := range sh.VolFactor {
		if a := cp.Assets[sym]; a != nil {
			moved := *a
			moved.Vol = a.Vol * f
			cp.Assets[sym] = &moved
		}
	}
	cp.Forwards = scaledForwards(s.Forwards, sh.PriceFactor)
	cp.VenuePrices = scaledVenuePrices(s.VenuePrices, sh.PriceFactor)
	cp.Surfaces = scaledSurfaces(s.Surfaces, sh.VolFactor)
	if len(sh.Correlations) > 0 {
		cp.Correlations = make(map[string]float64, len(s.Correlations)+len(sh.Correlations))
		for k, v := range s.Correlations {
			cp.Correlations[k] = v
		}
		for k, v := range sh.Correlations {
			cp.Correlations[k] = v
		}
	}
	return &cp
}

// scaledForwards is fw with the quoted forwards of each asset in factor
// scaled; fw itself when no quoted asset moves.
func scaledForwards(fw map[string][]ForwardPoint, factor map[string]float64) map[string][]ForwardPoint {
	var out map[string][]ForwardPoint
	for sym, f := range factor {
		pts, ok := fw[sym]
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string][]ForwardPoint, len(fw))
			for k, v := range fw {
				out[k] = v
			}
		}
		scaled := make([]ForwardPoint, len(pts))
		for i, p := range pts {
			p.Price *= f
			scaled[i] = p
		}
		out[sym] = scaled
	}
	if out == nil {
		return fw
	}
	return out
}

// scaledVenuePrices is vp with every venue's oracle price of each asset in
// factor scaled; a venue's map is copied only when one of its prices moves.
func scaledVenuePrices(vp map[string]map[string]float64, factor map[string]float64) map[string]map[string]float64 {
	if len(factor) == 0 {
		return vp
	}
	out := make(map[string]map[string]float64, len(vp))
	for venue, prices := range vp {
		var np map[string]float64
		for sym, f := range factor {
			p, ok := prices[sym]
			if !ok {
				continue
			}
			if np == nil {
				np = make(map[string]float64, len(prices))
				for k, v := range prices {
					np[k] = v
				}
			}
			np[sym] = p * f
		}
		if np == nil {
			np = prices
		}
		out[venue] = np
	}
	return out
}

// scaledSurfaces is surf with every vol of each asset in factor scaled.
func scaledSurfaces(surf map[string]*Surface, factor map[string]float64) map[string]*Surface {
	var out map[string]*Surface
	for sym, f := range factor {
		sf, ok := surf[sym]
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]*Surface, len(surf))
			for k, v := range surf {
				out[k] = v
			}
		}
		moved := &Surface{Smiles: make([]Smile, len(sf.Smiles))}
		for i, sm := range sf.Smiles {
			vols := make([]float64, len(sm.Vols))
			for j, v := range sm.Vols {
				vols[j] = v * f
			}
			sm.Vols = vols
			moved.Smiles[i] = sm
		}
		out[sym] = moved
	}
	if out == nil {
		return surf
	}
	return out
}
