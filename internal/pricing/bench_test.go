// Benchmarks of the hot paths: Greeks of one option, one implied-vol solve, CSV rows.

package pricing

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// sinkFloat keeps results alive so the compiler cannot drop the work.
var sinkFloat float64

// BenchmarkBlack76Greeks times price and five Greeks of one option, a
// 3-month 5% out-of-the-money call at 50% vol, the shape of a risk-array cell.
// Target: ≤ 50 ns/op.
func BenchmarkBlack76Greeks(b *testing.B) {
	for b.Loop() {
		g := Black76Greeks(Call, 100, 105, 0.5, 0.25, 0.03)
		sinkFloat += g.Price + g.Gamma
	}
}

// BenchmarkBlack76GreeksWings times the other pricing forms: a deep
// out-of-the-money call (erfc tails) and a 1-day option (σ√T series).
func BenchmarkBlack76GreeksWings(b *testing.B) {
	for _, c := range []struct {
		name                     string
		strike, vol, expiryYears float64
	}{{"tails", 160, 0.5, 0.25}, {"series", 101, 0.5, 1.0 / 365}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				g := Black76Greeks(Call, 100, c.strike, c.vol, c.expiryYears, 0.03)
				sinkFloat += g.Price + g.Gamma
			}
		})
	}
}

// ivBenchCases are the options BenchmarkImpliedVolBlack76 cycles through: at,
// in and out of the money, 1 day to 5 years, 1% to 300% vol.
var ivBenchCases = []struct {
	right                    Right
	strike, vol, expiryYears float64
}{
	{Call, 100, 0.5, 0.25}, {Put, 110, 0.8, 0.1}, {Call, 80, 0.2, 0.05}, {Put, 200, 3, 4},
	{Call, 100, 0.01, 1.0 / 365}, {Put, 20, 2, 2}, {Call, 130, 0.05, 1}, {Call, 95, 0.6, 0.5},
}

// BenchmarkImpliedVolBlack76 times one implied-vol solve, averaged over
// ivBenchCases. Target: ≤ 1 µs/op.
func BenchmarkImpliedVolBlack76(b *testing.B) {
	prices := make([]float64, len(ivBenchCases))
	for i, c := range ivBenchCases {
		prices[i] = Black76Price(c.right, 100, c.strike, c.vol, c.expiryYears, 0.03)
	}
	i := 0
	for b.Loop() {
		c := ivBenchCases[i]
		vol, err := ImpliedVolBlack76(c.right, prices[i], 100, c.strike, c.expiryYears, 0.03)
		if err != nil {
			b.Fatal(err)
		}
		sinkFloat += vol
		i = (i + 1) % len(ivBenchCases)
	}
}

// BenchmarkPriceCSV times the batch pricer per row on 1,000 rows.
func BenchmarkPriceCSV(b *testing.B) {
	var in strings.Builder
	in.WriteString("model,right,forward,strike,vol,expiry_years,rate\n")
	for i := range 1000 {
		fmt.Fprintf(&in, "black76,call,100,%d,0.%d,0.5,0.03\n", 50+i%100, 1+i%9)
	}
	input := in.String()
	var out bytes.Buffer
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		out.Reset()
		if err := PriceCSV(strings.NewReader(input), &out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/row")
}
