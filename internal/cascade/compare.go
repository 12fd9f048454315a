// The report of a study (run.go's Run): every architecture's metrics, the
// seed's comparison table, Monte Carlo statistics and the sweeps' points.
package cascade

import (
	"math"
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
