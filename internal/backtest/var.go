// Value at risk and expected shortfall of a book: historical simulation
// (the past returns of ETH and BTC applied to today's book) and filtered
// historical simulation (each past return rescaled by today's EWMA vol over
// the vol of its day), at 99% and 97.5%, over 1 and 10 days, by full
// revaluation of the book through the venue models.
package backtest

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Confidences and horizons of the VaR table.
var (
	Confidences  = []float64{0.99, 0.975}
	HorizonsDays = []int{1, LongHorizonDays}
)

// VaRMethod states the method, for reports.
const VaRMethod = "Full revaluation of the book (Σ venue equity through the venue models) under each past " +
	"move of ETH and BTC, applied at once to today's market (every asset of a root moves with it, " +
	"stablecoins stay at 1, vols and time stay); 1-day moves are daily close-to-close, 10-day moves " +
	"overlapping 10-day windows. Historical: the moves as they were. Filtered historical: each log move " +
	"times σ_today/σ_then, σ the EWMA vol of the root's daily log returns (λ = 0.94, started at the mean " +
	"square of the first 30 returns; for a 10-day move σ_then is at the window's start). VaR is the k-th " +
	"largest loss and ES the mean of the k largest, k = ⌈(1 − confidence)·n⌉."

// VaRRow is one figure of the table (USD, losses positive).
type VaRRow struct {
	Method      string  `json:"method"` // historical | filtered-historical
	Confidence  float64 `json:"confidence"`
	HorizonDays int     `json:"horizon_days"`
	Scenarios   int     `json:"scenarios"`
	VaR         float64 `json:"var"`
	ES          float64 `json:"es"`
}

// VaRReport is the VaR and ES table of one book on one market, beside the
// book's scenario margin.
type VaRReport struct {
	Book         string   `json:"book"`
	AsOf         string   `json:"as_of"`
	LookbackFrom string   `json:"lookback_from"`
	LookbackTo   string   `json:"lookback_to"`
	Lambda       float64  `json:"lambda"`
	Method       string   `json:"method"`
	Rows         []VaRRow `json:"rows"`
	UnifiedIM    float64  `json:"unified_initial"`
	FragmentedIM float64  `json:"fragmented_initial"`
}

// VaRES returns the VaR and ES of losses (positive = loss) at confidence
// (0 < confidence < 1): sorted from the largest, k = ⌈(1 − confidence)·n⌉,
// VaR = the k-th largest, ES = the mean of the k largest. No losses: 0, 0.
func VaRES(losses []float64, confidence float64) (float64, float64) {
	n := len(losses)
	if n == 0 {
		return 0, 0
	}
	s := append([]float64(nil), losses...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	k := int(math.Ceil((1-confidence)*float64(n) - 1e-9))
	k = min(max(k, 1), n)
	var sum float64
	for _, l := range s[:k] {
		sum += l
	}
	return s[k-1], sum / float64(k)
}

// BookValue is the book's equity on m: the sum of every venue's equity as
// its own model values it (collateral at market plus mark-to-market).
func BookValue(book *portfolio.Portfolio, m *market.Snapshot) (float64, error) {
	var v float64
	for i := range book.Venues {
		r, err := venue.Margin(&book.Venues[i], m)
		if err != nil {
			return 0, err
		}
		v += r.Equity
	}
	return v, nil
}

// rootOf maps a market asset to its history root (Roots index), following
// its backing; −1 for a stablecoin (it does not move).
func rootOf(m *market.Snapshot, sym string) (int, bool) {
	for range 16 {
		a := m.Asset(sym)
		if a == nil {
			return 0, false
		}
		if a.Class == market.ClassStable {
			return -1, true
		}
		if a.IsRoot() {
			break
		}
		sym = a.BackedBy[0].Asset
	}
	switch sym {
	case "ETH", "WETH", "stETH", "wstETH":
		return 0, true
	case "BTC", "WBTC":
		return 1, true
	}
	return 0, false
}

// moved returns m with every asset of root r scaled by f[r].
func moved(m *market.Snapshot, roots map[string]int, f []float64) *market.Snapshot {
	for sym, r := range roots {
		if r >= 0 && f[r] != 1 {
			m = m.WithPriceScaled(sym, f[r])
		}
	}
	return m
}

// checkHistory returns every market asset's root, or an input error naming
// the book field whose asset has no price history.
func checkHistory(book *portfolio.Portfolio, m *market.Snapshot) (map[string]int, error) {
	roots := map[string]int{}
	for sym := range m.Assets {
		if r, ok := rootOf(m, sym); ok {
			roots[sym] = r
		}
	}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for ci, c := range v.Collateral {
			if _, ok := roots[c.Asset]; !ok {
				return nil, input.Invalid(input.Join(input.Index(input.Join(v.Path, "collateral"), ci), "asset"), c.Asset,
					"has no price history (the embedded data is ETH and BTC: their wrappers and stablecoins)")
			}
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			field := "asset"
			if p.Kind.IsDerivative() {
				field = "underlying"
			}
			if _, ok := roots[p.HoldingAsset()]; !ok {
				return nil, input.Invalid(input.Join(input.Index(input.Join(v.Path, "positions"), pi), field), p.HoldingAsset(),
					"has no price history (the embedded data is ETH and BTC: their wrappers and stablecoins)")
			}
		}
	}
	return roots, nil
}

// VaR computes the table for book on m with the moves of history days
// [from, to] (indices; to − from > LongHorizonDays). Errors: an input error
// naming a book field whose asset has no history; a venue model's error;
// ctx's error once it ends (checked before each scenario's revaluation: a
// large book costs thousands of full revaluations).
func (h *History) VaR(ctx context.Context, book *portfolio.Portfolio, m *market.Snapshot, from, to int) (*VaRReport, error) {
	if from < 0 || to >= len(h.Days) || to-from <= LongHorizonDays {
		return nil, fmt.Errorf("VaR lookback [%d, %d] outside the %d days of history", from, to, len(h.Days))
	}
	roots, err := checkHistory(book, m)
	if err != nil {
		return nil, err
	}
	base, err := BookValue(book, m)
	if err != nil {
		return nil, err
	}
	rep := &VaRReport{Book: book.Account, AsOf: m.AsOf.Format(time.RFC3339), Lambda: Lambda, Method: VaRMethod,
		LookbackFrom: h.Days[from].Format(time.DateOnly), LookbackTo: h.Days[to].Format(time.DateOnly)}
	// vol ratio σ_today/σ_then per root and day, EWMA over [from, to]
	ratio := make([][]float64, len(Roots))
	for r := range Roots {
		rets := h.LogReturns(r)[from:to]
		sig := EWMAVol(rets, Lambda)
		ratio[r] = make([]float64, len(rets))
		for i := range rets {
			ratio[r][i] = sig[len(rets)] / sig[i]
		}
	}
	for _, hd := range HorizonsDays {
		n := to - from - hd + 1
		hs, fhs := make([]float64, n), make([]float64, n)
		f, g := make([]float64, len(Roots)), make([]float64, len(Roots))
		for i := range n {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for r := range Roots {
				lr := math.Log(h.Close[r][from+i+hd] / h.Close[r][from+i])
				f[r], g[r] = math.Exp(lr), math.Exp(lr*ratio[r][i])
			}
			if hs[i], err = pnlLoss(book, moved(m, roots, f), base); err != nil {
				return nil, err
			}
			if fhs[i], err = pnlLoss(book, moved(m, roots, g), base); err != nil {
				return nil, err
			}
		}
		for _, c := range Confidences {
			v, e := VaRES(hs, c)
			rep.Rows = append(rep.Rows, VaRRow{"historical", c, hd, n, v, e})
			v, e = VaRES(fhs, c)
			rep.Rows = append(rep.Rows, VaRRow{"filtered-historical", c, hd, n, v, e})
		}
	}
	return rep, nil
}

// VaRAt is VaR on any market: the moves of every history day up to the
// market's as_of (all of them when as_of is after the data). Errors: an
// input error naming as_of when it is before the data has enough moves, or
// as VaR.
func (h *History) VaRAt(ctx context.Context, book *portfolio.Portfolio, m *market.Snapshot) (*VaRReport, error) {
	to := len(h.Days) - 1
	if m.AsOf.Before(h.Days[to]) {
		to = h.DayIndex(m.AsOf)
	}
	if to <= volWindowDays+LongHorizonDays {
		return nil, input.Invalid("as_of", m.AsOf.Format(time.RFC3339), "is before the price data has %d days of moves (from %s)",
			volWindowDays+LongHorizonDays, h.Days[volWindowDays+LongHorizonDays+1].Format(time.DateOnly))
	}
	return h.VaR(ctx, book, m, 0, to)
}

func pnlLoss(book *portfolio.Portfolio, m *market.Snapshot, base float64) (float64, error) {
	v, err := BookValue(book, m)
	return base - v, err
}
