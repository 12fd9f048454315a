// Comparison across architectures: the seed's table, Monte Carlo runs and
// the shock-size sweep.
package cascade

import (
	"math"
	"math/rand/v2"
	"sort"
)

// RunStats is the distribution over Monte Carlo runs.
type RunStats struct {
	Runs              int     `json:"runs"`
	BadDebtMeanUSD    float64 `json:"bad_debt_mean_usd"`
	BadDebtP95USD     float64 `json:"bad_debt_p95_usd"`
	BadDebtP99USD     float64 `json:"bad_debt_p99_usd"`
	LiquidatedMeanUSD float64 `json:"liquidated_mean_usd"`
	LiquidatedP99USD  float64 `json:"liquidated_p99_usd"`
	// TrustLossMeanUSD is the realised hub or bridge failure loss, averaged.
	TrustLossMeanUSD float64 `json:"trust_loss_mean_usd"`
}

// Report is the comparison of the architectures on one population and path.
type Report struct {
	Architectures map[string]Metrics `json:"architectures"`
	Table         []map[string]any   `json:"table"`
	Results       []*Result          `json:"-"`
	Sweep         []SweepPoint       `json:"-"`
	Delays        []DelayPoint       `json:"-"`
	Path          *Path              `json:"-"`
	Config        *Config            `json:"-"`
}

// DelayPoint is UCT's outcome with the settlement delay set to Hours.
type DelayPoint struct {
	Hours         float64
	BadDebtUSD    float64
	LiquidatedUSD float64
	MinPrice      float64
}

// DelaySweep runs UCT once per settlement delay (hours): how its bad debt
// depends on the assumption.
func DelaySweep(pop *Population, path *Path, cfg *Config, hours []float64, progress func()) []DelayPoint {
	var out []DelayPoint
	for _, h := range hours {
		c := *cfg
		c.SettlementDelayHours = h
		m := Simulate(pop, path, UCT, &c, nil).Metrics
		out = append(out, DelayPoint{Hours: h, BadDebtUSD: m.BadDebtUSD, LiquidatedUSD: m.LiquidatedUSD, MinPrice: m.MinPrice})
		if progress != nil {
			progress()
		}
	}
	return out
}

// TippingPoint is the smallest exogenous drop of the sweep at which arch
// has bad debt above minUSD, or −1 when none does.
func (rep *Report) TippingPoint(arch string, minUSD float64) float64 {
	for _, p := range rep.Sweep {
		if p.BadDebt[arch] > minUSD {
			return p.Drop
		}
	}
	return -1
}

// SweepPoint is the outcome of the path scaled by Scale (in log moves).
type SweepPoint struct {
	Scale     float64
	Drop      float64 // exogenous drop of the primary asset
	BadDebt   map[string]float64
	Liquidate map[string]float64
}

// Compare simulates every architecture in archs on pop along path, and
// once more without price impact for the volume amplification.
func Compare(pop *Population, path *Path, archs []Arch, cfg *Config, progress func()) *Report {
	rep := &Report{Architectures: map[string]Metrics{}, Path: path, Config: cfg}
	noImpact := *cfg
	noImpact.ImpactScale = 0
	for _, a := range archs {
		r := Simulate(pop, path, a, cfg, progress)
		if base := Simulate(pop, path, a, &noImpact, nil).Metrics.LiquidatedUSD; base > 0 {
			v := r.Metrics.LiquidatedUSD / base
			r.Metrics.VolumeAmplification = &v
		}
		rep.Results = append(rep.Results, r)
		rep.Architectures[a.String()] = r.Metrics
	}
	rep.Table = table(rep)
	return rep
}

// Runs simulates runs Monte Carlo repetitions: run r uses the population
// and path that sample(r) returns, and draws hub and bridge failures from
// a PCG seeded by seed. It fills Metrics.Runs of rep's architectures.
func Runs(rep *Report, archs []Arch, cfg *Config, runs int, seed uint64,
	sample func(r int) (*Population, *Path), progress func()) {
	rng := rand.New(rand.NewPCG(seed, 0x72756e73))
	bad := map[Arch][]float64{}
	liq := map[Arch][]float64{}
	loss := map[Arch]float64{}
	for r := range runs {
		pop, path := sample(r)
		for _, a := range archs {
			res := Simulate(pop, path, a, cfg, nil)
			bad[a] = append(bad[a], res.Metrics.BadDebtUSD)
			liq[a] = append(liq[a], res.Metrics.LiquidatedUSD)
			u := rng.Float64()
			switch {
			case a == Hub && u < cfg.HubFailureProb:
				loss[a] += cfg.HubFailureLoss * res.Metrics.TrustExposureUSD
			case a == UCT && u < cfg.BridgeFailureProb:
				loss[a] += cfg.BridgeFailureLoss * res.Metrics.TrustExposureUSD
			}
		}
		if progress != nil {
			progress()
		}
	}
	for _, a := range archs {
		m := rep.Architectures[a.String()]
		m.Runs = &RunStats{Runs: runs, BadDebtMeanUSD: mean(bad[a]), BadDebtP95USD: quantile(bad[a], 0.95),
			BadDebtP99USD: quantile(bad[a], 0.99), LiquidatedMeanUSD: mean(liq[a]),
			LiquidatedP99USD: quantile(liq[a], 0.99), TrustLossMeanUSD: loss[a] / float64(runs)}
		rep.Architectures[a.String()] = m
	}
	rep.Table = table(rep)
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(1, len(xs)))
}

// quantile is the nearest-rank q-quantile.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	k := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(k, len(s)-1))]
}

// Sweep runs the path scaled by each of scales (log moves) for the
// shock-size plot.
func Sweep(pop *Population, path *Path, archs []Arch, cfg *Config, scales []float64, progress func()) []SweepPoint {
	var out []SweepPoint
	for _, k := range scales {
		p := path.Scaled(k)
		lo := p.Prices[0][p.Primary]
		for t := range p.Prices {
			lo = math.Min(lo, p.Prices[t][p.Primary])
		}
		pt := SweepPoint{Scale: k, Drop: 1 - lo/p.Prices[0][p.Primary], BadDebt: map[string]float64{},
			Liquidate: map[string]float64{}}
		for _, a := range archs {
			r := Simulate(pop, p, a, cfg, nil)
			pt.BadDebt[a.String()] = r.Metrics.BadDebtUSD
			pt.Liquidate[a.String()] = r.Metrics.LiquidatedUSD
		}
		out = append(out, pt)
		if progress != nil {
			progress()
		}
	}
	return out
}

// table fills the seed's qualitative comparison (capital efficiency,
// systemic risk, trust) with the measured figures.
func table(rep *Report) []map[string]any {
	type row struct{ dimension, measure, unit string }
	rows := []row{
		{"capital efficiency", "capital_efficiency", "gross notional per USD of initial requirement"},
		{"capital efficiency", "collateral_locked_usd", "USD"},
		{"capital efficiency", "accounts_resized", "books the unified model starts smaller (equity < its initial)"},
		{"systemic risk", "liquidated_usd", "USD"},
		{"systemic risk", "liquidations", "count of liquidation events"},
		{"systemic risk", "accounts_liquidated", "accounts liquidated at least once"},
		{"systemic risk", "bad_debt_usd", "USD"},
		{"systemic risk", "amplification", "price drop with cascade / exogenous drop"},
		{"systemic risk", "volume_amplification", "liquidated with impact / without"},
		{"systemic risk", "min_price", "USD (primary asset)"},
		{"trust", "trust_exposure_usd", "USD users lose if the trusted party fails outright"},
		{"trust", "expected_trust_loss_usd", "USD (probability × loss fraction × exposure)"},
		{"assumption", "settlement_delay_hours", "hours a UCT liquidation off the home chain waits (--settlement-delay)"},
	}
	runs := false
	for _, m := range rep.Architectures {
		runs = runs || m.Runs != nil
	}
	if runs {
		rows = append(rows, row{"systemic risk", "bad_debt_mean_usd", "USD, mean over runs"},
			row{"systemic risk", "bad_debt_p95_usd", "USD, 95th percentile over runs"},
			row{"systemic risk", "bad_debt_p99_usd", "USD, 99th percentile over runs"})
	}
	out := []map[string]any{}
	for _, r := range rows {
		m := map[string]any{"dimension": r.dimension, "measure": r.measure, "unit": r.unit}
		for name, x := range rep.Architectures {
			m[name] = measure(&x, r.measure)
		}
		out = append(out, m)
	}
	return out
}

func measure(m *Metrics, name string) any {
	switch name {
	case "capital_efficiency":
		return m.CapitalEfficiency
	case "collateral_locked_usd":
		return m.CollateralLockedUSD
	case "liquidated_usd":
		return m.LiquidatedUSD
	case "liquidations":
		return m.Liquidations
	case "accounts_liquidated":
		return m.AccountsLiquidated
	case "accounts_resized":
		return m.AccountsResized
	case "settlement_delay_hours":
		return m.SettlementDelayHours
	case "bad_debt_usd":
		return m.BadDebtUSD
	case "amplification":
		return m.Amplification
	case "volume_amplification":
		return m.VolumeAmplification
	case "min_price":
		return m.MinPrice
	case "trust_exposure_usd":
		return m.TrustExposureUSD
	case "expected_trust_loss_usd":
		return m.ExpectedTrustLossUSD
	case "bad_debt_p99_usd":
		if m.Runs != nil {
			return m.Runs.BadDebtP99USD
		}
	case "bad_debt_p95_usd":
		if m.Runs != nil {
			return m.Runs.BadDebtP95USD
		}
	case "bad_debt_mean_usd":
		if m.Runs != nil {
			return m.Runs.BadDebtMeanUSD
		}
	}
	return nil
}
