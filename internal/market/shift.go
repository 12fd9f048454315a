// Shifted copies of a snapshot: one asset's price scaled, everything else
// shared. Used to find liquidation prices and to revalue under moves without
// mutating the (shared, read-only) original.
package market

// WithPriceScaled returns a copy of s in which symbol's market price, every
// venue's oracle price for it and its quoted forwards are multiplied by
// factor (> 0). Vol surfaces stay sticky-strike; other assets, wrappers of
// symbol included, keep their prices. The copy shares all unchanged data.
func (s *Snapshot) WithPriceScaled(symbol string, factor float64) *Snapshot {
	a := s.Assets[symbol]
	if a == nil {
		return s
	}
	cp := *s
	cp.Assets = make(map[string]*Asset, len(s.Assets))
	for k, v := range s.Assets {
		cp.Assets[k] = v
	}
	shifted := *a
	shifted.Price = a.Price * factor
	cp.Assets[symbol] = &shifted
	if pts, ok := s.Forwards[symbol]; ok {
		cp.Forwards = make(map[string][]ForwardPoint, len(s.Forwards))
		for k, v := range s.Forwards {
			cp.Forwards[k] = v
		}
		scaled := make([]ForwardPoint, len(pts))
		for i, p := range pts {
			p.Price *= factor
			scaled[i] = p
		}
		cp.Forwards[symbol] = scaled
	}
	cp.VenuePrices = make(map[string]map[string]float64, len(s.VenuePrices))
	for venue, prices := range s.VenuePrices {
		if p, ok := prices[symbol]; ok {
			np := make(map[string]float64, len(prices))
			for k, v := range prices {
				np[k] = v
			}
			np[symbol] = p * factor
			prices = np
		}
		cp.VenuePrices[venue] = prices
	}
	return &cp
}
