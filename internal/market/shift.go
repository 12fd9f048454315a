// Shifted copies of a snapshot: some assets' prices scaled, everything else
// shared. Used to find liquidation prices and to revalue under moves without
// mutating the (shared, read-only) original.
//
// A PriceShift is the one implementation: it copies what a shift touches
// once (the asset map, the shifted assets, their forwards and the venue
// price maps quoting them) and rewrites only the shifted figures on each
// At, so a search that tries a hundred factors allocates once.
// WithPriceScaled is a PriceShift used once.
package market

// WithPriceScaled returns a copy of s in which symbol's market price, every
// venue's oracle price for it and its quoted forwards are multiplied by
// factor (> 0). Vol surfaces stay sticky-strike; other assets, wrappers of
// symbol included, keep their prices. The copy shares all unchanged data.
func (s *Snapshot) WithPriceScaled(symbol string, factor float64) *Snapshot {
	if s.Assets[symbol] == nil {
		return s
	}
	return s.PriceShift(symbol).At(factor)
}

// PriceShift is a reusable shifted copy of a snapshot: At(f) is the
// snapshot with every named asset's market price, every venue's oracle
// price for it and its quoted forwards multiplied by f, exactly as
// WithPriceScaled applied per asset. The snapshot At returns is the same
// one each time, rewritten: it is valid until the next At and must not be
// kept or shared beyond it. A PriceShift is not safe for concurrent use.
type PriceShift struct {
	orig    *Snapshot
	cp      *Snapshot
	assets  []shiftedAsset
	forward []shiftedForward
	venue   []shiftedVenuePrice
}

type shiftedAsset struct {
	orig, cp *Asset
}

type shiftedForward struct {
	orig, cp []ForwardPoint
}

type shiftedVenuePrice struct {
	prices map[string]float64 // the copy's map of one venue
	symbol string
	orig   float64
}

// PriceShift prepares shifts of symbols' prices (unknown symbols and
// repeats are ignored). The original is never modified.
func (s *Snapshot) PriceShift(symbols ...string) *PriceShift {
	cp := *s
	ps := &PriceShift{orig: s, cp: &cp}
	moved := make(map[string]bool, len(symbols))
	for _, sym := range symbols {
		if s.Assets[sym] != nil {
			moved[sym] = true
		}
	}
	if len(moved) == 0 {
		return ps
	}
	cp.Assets = make(map[string]*Asset, len(s.Assets))
	for k, v := range s.Assets {
		cp.Assets[k] = v
	}
	forwards := false
	for sym := range moved {
		shifted := *s.Assets[sym]
		cp.Assets[sym] = &shifted
		ps.assets = append(ps.assets, shiftedAsset{orig: s.Assets[sym], cp: &shifted})
		if _, ok := s.Forwards[sym]; ok {
			forwards = true
		}
	}
	if forwards {
		cp.Forwards = make(map[string][]ForwardPoint, len(s.Forwards))
		for k, v := range s.Forwards {
			cp.Forwards[k] = v
		}
		for sym := range moved {
			if pts, ok := s.Forwards[sym]; ok {
				scaled := make([]ForwardPoint, len(pts))
				copy(scaled, pts)
				cp.Forwards[sym] = scaled
				ps.forward = append(ps.forward, shiftedForward{orig: pts, cp: scaled})
			}
		}
	}
	cp.VenuePrices = make(map[string]map[string]float64, len(s.VenuePrices))
	for venue, prices := range s.VenuePrices {
		copied := false
		for sym := range moved {
			p, ok := prices[sym]
			if !ok {
				continue
			}
			if !copied {
				np := make(map[string]float64, len(prices))
				for k, v := range prices {
					np[k] = v
				}
				prices, copied = np, true
			}
			ps.venue = append(ps.venue, shiftedVenuePrice{prices: prices, symbol: sym, orig: p})
		}
		cp.VenuePrices[venue] = prices
	}
	return ps
}

// At returns the snapshot with the prices scaled by factor (> 0).
func (ps *PriceShift) At(factor float64) *Snapshot {
	for _, a := range ps.assets {
		a.cp.Price = a.orig.Price * factor
	}
	for _, f := range ps.forward {
		for i := range f.cp {
			f.cp[i].Price = f.orig[i].Price * factor
		}
	}
	for _, v := range ps.venue {
		v.prices[v.symbol] = v.orig * factor
	}
	return ps.cp
}
