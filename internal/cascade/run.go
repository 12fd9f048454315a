// Run: one architecture over one path.
package cascade

import (
	"math"
)

// Simulate runs pop under arch along path and returns the metrics and
// series. progress, when not nil, is called after every step.
func Simulate(pop *Population, path *Path, arch Arch, cfg *Config, progress func()) *Result {
	ds, locked, gross, trust, resized, resizedUSD := build(pop, arch, cfg)
	s := &sim{cfg: cfg, path: path, ds: ds, ver: make([]uint32, len(ds)), inDense: make([]bool, len(ds)),
		listed: make([]bool, len(ds)),
		res:    &Result{Arch: arch}, hit: make([]bool, len(pop.Accounts)), ref: pop.Start,
		maxOrders: max(1, int(path.HoursPerStep*3600/hlCooldownSeconds)), badBy: map[string]float64{}}
	for a := range NumAssets {
		s.long[a].max = true
	}
	var unitsStart [NumAssets]float64
	for i := range s.ds {
		for a := range NumAssets {
			unitsStart[a] += s.ds[i].units[a]
			s.res.unitsGross += math.Abs(s.ds[i].units[a])
		}
		s.place(int32(i))
	}
	if arch == UCT {
		// rounded up to whole steps: a positive delay never vanishes on a coarse path
		s.delay = int(math.Ceil(cfg.SettlementDelayHours/path.HoursPerStep - 1e-9))
		h := cfg.SettlementDelayHours
		s.res.Metrics.SettlementDelayHours = &h
	}
	m := &s.res.Metrics
	m.CollateralLockedUSD = locked
	if locked > 0 {
		m.CapitalEfficiency = gross / locked
	}
	m.TrustExposureUSD = trust
	m.AccountsResized, m.ResizedUSD = resized, resizedUSD
	switch arch {
	case Hub:
		m.TrustFailureProb = cfg.HubFailureProb
		m.ExpectedTrustLossUSD = cfg.HubFailureProb * cfg.HubFailureLoss * trust
	case UCT:
		m.TrustFailureProb = cfg.BridgeFailureProb
		m.ExpectedTrustLossUSD = cfg.BridgeFailureProb * cfg.BridgeFailureLoss * trust
	}
	steps := len(path.Prices) - 1
	ser := &s.res.Series
	ser.Price = make([][NumAssets]float64, steps+1)
	ser.CumLiquidatedUSD = make([]float64, steps+1)
	ser.CumBadDebtUSD = make([]float64, steps+1)
	decay := math.Pow(1-cfg.ResiliencePerHour, path.HoursPerStep)
	for a := range NumAssets {
		s.factor[a] = 1
	}
	minEndo, minExo := path.Prices[0], path.Prices[0]
	for t := 0; t <= steps; t++ {
		if t > 0 {
			for a := range NumAssets {
				s.sold[a] *= decay
			}
		}
		s.setPrices(t)
		s.resume()
		s.release(t)
		s.rounds(t)
		for a := range NumAssets {
			minEndo[a] = math.Min(minEndo[a], s.price[a])
			minExo[a] = math.Min(minExo[a], path.Prices[t][a])
		}
		ser.Price[t] = s.price
		ser.CumLiquidatedUSD[t] = m.LiquidatedUSD
		ser.CumBadDebtUSD[t] = m.BadDebtUSD
		if progress != nil {
			progress()
		}
	}
	// pending UCT liquidations settle at the last step's prices
	for _, p := range s.pending {
		if d := &s.ds[p.idx]; d.pending {
			s.liquidate(p.idx, steps)
		}
	}
	for i := range s.ds {
		for a := range NumAssets {
			unitsStart[a] -= s.ds[i].units[a]
		}
	}
	s.res.unitsRemoved = unitsStart
	m.BadDebtBy = s.badBy
	m.ByAsset = map[string]AssetMetrics{}
	for a := range NumAssets {
		am := s.byAsset[a]
		am.MinPrice, am.ExogenousMinPrice = minEndo[a], minExo[a]
		am.Amplification = amplification(path.Prices[0][a], minEndo[a], minExo[a])
		m.ByAsset[Assets[a]] = am
	}
	pa := m.ByAsset[Assets[path.Primary]]
	m.MinPrice, m.Amplification = pa.MinPrice, pa.Amplification
	return s.res
}

// amplification is the drop with the cascade over the exogenous drop;
// 1 when neither drops, null when only the cascade does.
func amplification(p0, endo, exo float64) *float64 {
	de, dx := 1-endo/p0, 1-exo/p0
	var v float64
	switch {
	case dx > 1e-12:
		v = de / dx
	case de <= 1e-12:
		v = 1
	default:
		return nil
	}
	return &v
}

// setPrices is the exogenous path times each market's impact factor; a
// wrapper also carries its backing's impact (its peg to the backing moves
// only with its own path and its own sales).
func (s *sim) setPrices(t int) {
	exo := &s.path.Prices[t]
	for a := range NumAssets {
		l := &s.cfg.Liquidity[a]
		s.factor[a] = s.cfg.Impact.factor(l, s.sold[a], s.path.Prices[0][a], s.cfg.ImpactScale)
		s.price[a] = exo[a] * s.factor[a]
		if b := backing[a]; b >= 0 {
			s.price[a] *= s.price[b] / exo[b]
		}
	}
	s.oracle = s.price
	for a := range NumAssets {
		if b := backing[a]; b >= 0 {
			s.oracle[a] = s.price[b] * s.ref[a] / s.ref[b]
		}
	}
}

// resume re-files the domains Hyperliquid's cooldown deferred and resets
// the order counts of the last step.
func (s *sim) resume() {
	for _, i := range s.touched {
		s.ds[i].orders = 0
	}
	s.touched = s.touched[:0]
	for _, i := range s.deferred {
		s.ds[i].pending = false
		s.place(i)
	}
	s.deferred = s.deferred[:0]
}

// release settles the UCT liquidations whose delay has passed: each is
// re-checked at today's prices and executed when still below maintenance.
func (s *sim) release(t int) {
	keep := s.pending[:0]
	for _, p := range s.pending {
		if p.step > t {
			keep = append(keep, p)
			continue
		}
		d := &s.ds[p.idx]
		if s.gap(d) < 0 {
			s.liquidate(p.idx, t)
		} else {
			d.pending = false
			s.place(p.idx)
		}
	}
	s.pending = keep
	s.applyImpact(t)
}

// rounds liquidates every crossed domain, moves prices by the round's net
// sales, and repeats until a round liquidates nothing.
func (s *sim) rounds(t int) {
	for range s.cfg.MaxRounds {
		batch := s.crossed()
		if len(batch) == 0 {
			return
		}
		for _, i := range append([]int32(nil), batch...) {
			if !s.ds[i].dead && !s.ds[i].pending {
				s.liquidate(i, t)
			}
		}
		s.applyImpact(t)
	}
}

func (s *sim) applyImpact(t int) {
	for a := range NumAssets {
		s.sold[a] += s.roundSold[a]
		s.roundSold[a] = 0
	}
	s.setPrices(t)
}
