// Run: one architecture over one path.
package cascade

import (
	"math"
)

// Simulate runs pop under arch along path and returns the metrics and
// series. progress, when not nil, is called after every step.
func Simulate(pop *Population, path *Path, arch Arch, cfg *Config, progress func()) *Result {
	ds, locked, gross, trust := build(pop, arch, cfg)
	s := &sim{cfg: cfg, path: path, ds: ds, ver: make([]uint32, len(ds)), inDense: make([]bool, len(ds)),
		listed: make([]bool, len(ds)),
		res:    &Result{Arch: arch}, hit: make([]bool, len(pop.Accounts))}
	s.long = [NumAssets]thrHeap{{max: true}, {max: true}}
	var unitsStart [NumAssets]float64
	for i := range s.ds {
		for a := range NumAssets {
			unitsStart[a] += s.ds[i].units[a]
			s.res.unitsGross += math.Abs(s.ds[i].units[a])
		}
		s.place(int32(i))
	}
	if arch == UCT {
		s.delay = int(math.Round(cfg.SettlementDelayHours / path.HoursPerStep))
	}
	m := &s.res.Metrics
	m.CollateralLockedUSD = locked
	if locked > 0 {
		m.CapitalEfficiency = gross / locked
	}
	m.TrustExposureUSD = trust
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

func (s *sim) setPrices(t int) {
	for a := range NumAssets {
		l := &s.cfg.Liquidity[a]
		s.factor[a] = s.cfg.Impact.factor(l, s.sold[a], s.path.Prices[0][a], s.cfg.ImpactScale)
		s.price[a] = s.path.Prices[t][a] * s.factor[a]
	}
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
		if d.gap(&s.price) < 0 {
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
