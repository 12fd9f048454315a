// Deribit's legacy (pre-2024) portfolio-margin contingencies, kept only to
// reproduce the published WE-6 examples (deribit.com/pages/docs/portfoliomargin)
// and to contrast them with the current model, which replaced them with the
// roll and delta shocks (blockfer.com summary of Deribit's 2024 change). They
// are test helpers, not a model.
package deribit

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// legacyOptionContingency is rate coins per net short option per strike,
// calls and puts at one strike netted together.
func legacyOptionContingency(rate float64, netByStrike map[float64]float64) float64 {
	var c float64
	for _, net := range netByStrike {
		c += rate * math.Max(-net, 0)
	}
	return c
}

// legacyFuturesContingency is rate × the offsetting size: the smaller of the
// long and the short futures totals.
func legacyFuturesContingency(rate float64, sizes []float64) float64 {
	var long, short float64
	for _, s := range sizes {
		if s > 0 {
			long += s
		} else {
			short -= s
		}
	}
	return rate * math.Min(long, short)
}

// legacyContingencyCmd reads lines "option <strike> <call|put> <quantity>"
// and "future <name> <quantity>".
func legacyContingencyCmd(t *testing.T, d *datadriven.TestData) string {
	var optionRate, futuresRate string
	d.ScanArgs(t, "option_rate", &optionRate)
	d.ScanArgs(t, "futures_rate", &futuresRate)
	byStrike := map[float64]float64{}
	var futures []float64
	for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 4 && f[0] == "option":
			byStrike[parseF(t, f[1])] += parseF(t, f[3])
		case len(f) == 3 && f[0] == "future":
			futures = append(futures, parseF(t, f[2]))
		default:
			t.Fatalf("%s: bad line %q", d.Pos, line)
		}
	}
	var b strings.Builder
	strikes := make([]float64, 0, len(byStrike))
	for k := range byStrike {
		strikes = append(strikes, k)
	}
	sort.Float64s(strikes)
	for _, k := range strikes {
		fmt.Fprintf(&b, "strike %s: net %s\n", g(k), g(byStrike[k]))
	}
	fmt.Fprintf(&b, "option contingency: %s\n", g(legacyOptionContingency(parseF(t, optionRate), byStrike)))
	fmt.Fprintf(&b, "futures contingency: %s\n", g(legacyFuturesContingency(parseF(t, futuresRate), futures)))
	return b.String()
}
