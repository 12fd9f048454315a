// Daily closes of the embedded hourly prices, and the realised and EWMA
// volatilities the markets and the filtered VaR read.
package backtest

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/cascade"
)

// volWindowDays is the number of daily log returns a day's realised vol
// reads (the days before it); the first backtest day is the data's first
// day plus this many days.
const volWindowDays = 30

// Lambda is the EWMA decay of the filtered historical simulation, per day
// (RiskMetrics' daily 0.94; reference/model-validation.md §4).
const Lambda = 0.94

// Roots are the price series of the data set: the market roots they price.
var Roots = []string{"ETH", "BTC"}

// History is the daily closes of every root: Close[r][d] is root r's USD
// price at 00:00 UTC of Days[d].
type History struct {
	Days  []time.Time
	Close [][]float64 // by Roots index, then day
}

// LoadHistory samples the embedded hourly series at 00:00 UTC of every
// day inside both series (linear interpolation between the observations
// either side).
func LoadHistory() (*History, error) {
	series := make([][]cascade.PricePoint, len(Roots))
	var first, last int64 = math.MinInt64, math.MaxInt64
	for r, sym := range Roots {
		pts, err := cascade.HourlyPrices(sym)
		if err != nil {
			return nil, err
		}
		series[r] = pts
		first = max(first, pts[0].Ms)
		last = min(last, pts[len(pts)-1].Ms)
	}
	day := time.UnixMilli(first).UTC().Truncate(24 * time.Hour)
	if day.UnixMilli() < first {
		day = day.Add(24 * time.Hour)
	}
	h := &History{Close: make([][]float64, len(Roots))}
	for ; day.UnixMilli() <= last; day = day.Add(24 * time.Hour) {
		h.Days = append(h.Days, day)
		for r := range Roots {
			h.Close[r] = append(h.Close[r], cascade.PriceAt(series[r], day.UnixMilli()))
		}
	}
	if len(h.Days) <= volWindowDays+1 {
		return nil, fmt.Errorf("embedded prices: %d days, fewer than the vol window", len(h.Days))
	}
	return h, nil
}

// DayIndex returns the index of the UTC day of t, or -1 outside the data.
func (h *History) DayIndex(t time.Time) int {
	d := t.UTC().Truncate(24 * time.Hour)
	i := sort.Search(len(h.Days), func(i int) bool { return !h.Days[i].Before(d) })
	if i < len(h.Days) && h.Days[i].Equal(d) {
		return i
	}
	return -1
}

// LogReturns are root r's daily log returns: out[d] = ln(close[d+1]/close[d]).
func (h *History) LogReturns(r int) []float64 {
	c := h.Close[r]
	out := make([]float64, len(c)-1)
	for d := range out {
		out[d] = math.Log(c[d+1] / c[d])
	}
	return out
}

// RealisedVol is root r's annualised vol on day d: the sample standard
// deviation of the volWindowDays daily log returns ending at d, × √365
// (crypto trades every day). d must be ≥ volWindowDays.
func (h *History) RealisedVol(r, d int) float64 {
	rets := h.LogReturns(r)[d-volWindowDays : d]
	return stdev(rets) * math.Sqrt(365)
}

func stdev(xs []float64) float64 {
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// EWMAVol returns σ[i], the daily EWMA vol known before return i, for every
// i in 0..len(rets): σ²[i+1] = λσ²[i] + (1−λ)r[i]², started at the mean
// square of the first volWindowDays returns (σ[len] is the vol for the next,
// unseen day).
func EWMAVol(rets []float64, lambda float64) []float64 {
	n0 := min(volWindowDays, len(rets))
	var v float64
	for _, r := range rets[:n0] {
		v += r * r
	}
	v /= float64(max(n0, 1))
	out := make([]float64, len(rets)+1)
	out[0] = math.Sqrt(v)
	for i, r := range rets {
		v = lambda*v + (1-lambda)*r*r
		out[i+1] = math.Sqrt(v)
	}
	return out
}
