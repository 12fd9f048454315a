// The report of a study (run.go's Run): every architecture's metrics, the
// seed's comparison table, Monte Carlo statistics and the sweeps' points.
package cascade

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// RunStats is the distribution over Monte Carlo runs.
type RunStats struct {
	Runs           int     `json:"runs"`
	BadDebtMeanUSD float64 `json:"bad_debt_mean_usd"`
	// the CI95 fields are the 95% confidence interval of the mean
	// (Student's t over the runs; [mean, mean] with one run)
	BadDebtCI95       [2]float64 `json:"bad_debt_ci95_usd"`
	LiquidatedCI95    [2]float64 `json:"liquidated_ci95_usd"`
	TrustLossCI95     [2]float64 `json:"trust_loss_ci95_usd"`
	BadDebtP95USD     float64    `json:"bad_debt_p95_usd"`
	BadDebtP99USD     float64    `json:"bad_debt_p99_usd"`
	LiquidatedMeanUSD float64    `json:"liquidated_mean_usd"`
	LiquidatedP99USD  float64    `json:"liquidated_p99_usd"`
	// TrustLossMeanUSD is the realised loss of the trusted parties'
	// failures (Config.FailureProb), averaged.
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

// tQuantile975 is Student's t 0.975 quantile for 1 … 30 degrees of
// freedom (tables; above 30 the normal's 1.96 is within 2%).
var tQuantile975 = [...]float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}

// ci95 is the 95% confidence interval of xs's mean: mean ± t·s/√n (the
// mean twice for fewer than two values), its lower end clamped at 0 when
// no value is negative.
func ci95(xs []float64) [2]float64 {
	m := mean(xs)
	n := len(xs)
	if n < 2 {
		return [2]float64{m, m}
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	t := 1.96
	if n-1 <= len(tQuantile975) {
		t = tQuantile975[n-2]
	}
	h := t * math.Sqrt(ss/float64(n-1)/float64(n))
	lo := m - h
	if slices.Min(xs) >= 0 {
		lo = math.Max(0, lo) // a volume or a loss is never negative
	}
	return [2]float64{lo, m + h}
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
		{"equal start", "start_equity_usd", "USD, Σ equity at the first prices before anything acts (equal books: the same in every column)"},
		{"equal start", "accounts_below_initial", "books whose equity is below the unified initial requirement at the start"},
		{"equal start", "accounts_resized", "books cut in the first step (--resize-at-start; 0: none)"},
		{"equal start", "resized_usd", "USD notional the resize sold through the impact model"},
		{"systemic risk", "liquidated_usd", "USD"},
		{"systemic risk", "liquidations", "count of liquidation events"},
		{"systemic risk", "accounts_liquidated", "accounts liquidated at least once"},
		{"systemic risk", "bad_debt_usd", "USD"},
		{"systemic risk", "amplification", "price drop with cascade / exogenous drop"},
		{"systemic risk", "volume_amplification", "liquidated with impact / without"},
		{"systemic risk", "min_price", "USD (primary asset)"},
		{"trust", "trust_exposure_usd", "USD the largest single trusted party holds (a venue's contract, the hub, the UCT vault)"},
		{"trust", "expected_trust_loss_usd", "USD (probability × loss fraction × Σ holdings of every trusted party)"},
		{"assumption", "settlement_delay_hours", "hours a UCT liquidation off the home chain waits (--settlement-delay)"},
		{"assumption", "failure_model", "the same for every architecture (--failure)"},
		{"assumption", "liquidators", "liquidation capacity per step (data/liquidators.json × --liquidator-scale)"},
		{"assumption", "steth_oracle", "how stETH is valued (--steth-oracle)"},
	}
	runs := false
	for _, m := range rep.Architectures {
		runs = runs || m.Runs != nil
	}
	if runs {
		rows = append(rows, row{"runs", "runs", "Monte Carlo runs (population and failure draws)"},
			row{"runs", "liquidated_mean_usd", "USD, mean over runs"},
			row{"runs", "liquidated_ci95_usd", "USD, 95% interval of the mean"},
			row{"runs", "bad_debt_mean_usd", "USD, mean over runs"},
			row{"runs", "bad_debt_ci95_usd", "USD, 95% interval of the mean"},
			row{"runs", "bad_debt_p95_usd", "USD, 95th percentile over runs"},
			row{"runs", "bad_debt_p99_usd", "USD, 99th percentile over runs"},
			row{"runs", "trust_loss_mean_usd", "USD, realised failure loss, mean over runs"},
			row{"runs", "trust_loss_ci95_usd", "USD, 95% interval of the mean"})
	}
	out := []map[string]any{}
	for _, r := range rows {
		m := map[string]any{"dimension": r.dimension, "measure": r.measure, "unit": r.unit}
		for name, x := range rep.Architectures {
			m[name] = measure(&x, r.measure)
			if r.dimension == "assumption" && r.measure != "settlement_delay_hours" {
				m[name] = assumption(rep.Config, r.measure)
			}
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
	case "accounts_below_initial":
		return m.AccountsBelowInitial
	case "resized_usd":
		return m.ResizedUSD
	case "start_equity_usd":
		return m.StartEquityUSD
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
	}
	if r := m.Runs; r != nil {
		switch name {
		case "runs":
			return r.Runs
		case "bad_debt_mean_usd":
			return r.BadDebtMeanUSD
		case "bad_debt_ci95_usd":
			return r.BadDebtCI95
		case "liquidated_mean_usd":
			return r.LiquidatedMeanUSD
		case "liquidated_ci95_usd":
			return r.LiquidatedCI95
		case "trust_loss_mean_usd":
			return r.TrustLossMeanUSD
		case "trust_loss_ci95_usd":
			return r.TrustLossCI95
		}
	}
	return nil
}

// assumption is the text of an assumption row (the same in every column).
func assumption(c *Config, name string) any {
	if c == nil {
		return nil
	}
	switch name {
	case "failure_model":
		if c.FailureProb == 0 {
			return "none (p = 0 for every party)"
		}
		return fmt.Sprintf("p = %g, loss %g, every party", c.FailureProb, c.FailureLoss)
	case "liquidators":
		if c.Liquidators == nil {
			return "unlimited"
		}
		return fmt.Sprintf("capped: %s/h unified", Human(c.Liquidators.Unified))
	case "steth_oracle":
		return c.OraclePolicy.String()
	}
	return nil
}
