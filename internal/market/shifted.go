// A snapshot under a named scenario's moves: prices (through
// WithPriceScaled, shift.go), vols (flat and surface) and correlations,
// everything else shared. Used by named scenarios and reverse stress to
// margin a book on a moved market without touching the (shared, read-only)
// original.
package market

import "sort"

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
// copy shares every unchanged map and asset. Prices move through
// WithPriceScaled, asset by asset (the one implementation of a price
// shift: market, venue oracles and quoted forwards). Factors for unknown
// assets are ignored (callers validate names first).
func (s *Snapshot) Shifted(sh Shift) *Snapshot {
	moved := s
	syms := make([]string, 0, len(sh.PriceFactor))
	for sym := range sh.PriceFactor {
		syms = append(syms, sym)
	}
	sort.Strings(syms) // a fixed order: the same shift gives the same bits
	for _, sym := range syms {
		moved = moved.WithPriceScaled(sym, sh.PriceFactor[sym])
	}
	cp := *moved
	if len(sh.VolFactor) > 0 {
		cp.Assets = make(map[string]*Asset, len(moved.Assets))
		for k, v := range moved.Assets {
			cp.Assets[k] = v
		}
	}
	for sym, f := range sh.VolFactor {
		if a := cp.Assets[sym]; a != nil {
			moved := *a
			moved.Vol = a.Vol * f
			cp.Assets[sym] = &moved
		}
	}
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
