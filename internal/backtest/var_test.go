// Goal: VaR and ES are the stated order statistics, the EWMA recursion is
// RiskMetrics', and the book's historical VaR is the data's own moves.
// Method: a hand-computed tiny P&L series; a two-return EWMA by hand; a
// custody book of 10 WETH whose 1-day losses are 10 · (S_t − S_{t+1}·S/S_t)
// computed from the daily closes directly, not through the venue models.
package backtest

import (
	"math"
	"sort"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

func TestVaRESHand(t *testing.T) {
	// sorted from the largest: 10 7 6 5 3 2 1 0 −1 −4 (n = 10)
	losses := []float64{3, -1, 7, 2, 10, 0, -4, 5, 1, 6}
	for _, c := range []struct {
		conf, v, es float64
	}{
		{0.90, 10, 10},        // k = ⌈1⌉ = 1
		{0.80, 7, 8.5},        // k = 2: (10 + 7)/2
		{0.75, 6, 23.0 / 3},   // k = ⌈2.5⌉ = 3: (10 + 7 + 6)/3
		{0.99, 10, 10},        // k = ⌈0.1⌉ = 1
		{0.50, 3, 31.0 / 5.0}, // k = 5: (10+7+6+5+3)/5
	} {
		v, es := VaRES(losses, c.conf)
		if math.Abs(v-c.v) > 1e-12 || math.Abs(es-c.es) > 1e-12 {
			t.Errorf("confidence %v: VaR %v ES %v, want %v %v", c.conf, v, es, c.v, c.es)
		}
	}
	if v, es := VaRES(nil, 0.99); v != 0 || es != 0 {
		t.Errorf("no losses: %v %v", v, es)
	}
}

// TestVaRESProperties: VaR ≤ ES ≤ the largest loss, and both rise with
// the confidence.
func TestVaRESProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		losses := rapid.SliceOfN(rapid.Float64Range(-1e6, 1e6), 1, 300).Draw(t, "losses")
		lo := rapid.Float64Range(0.5, 0.99).Draw(t, "lo")
		hi := rapid.Float64Range(lo, 0.999).Draw(t, "hi")
		vl, el := VaRES(losses, lo)
		vh, eh := VaRES(losses, hi)
		top := math.Inf(-1)
		for _, l := range losses {
			top = math.Max(top, l)
		}
		if vl > el+1e-6 || vh > eh+1e-6 || eh > top+1e-6 {
			t.Fatalf("VaR %v ES %v, VaR %v ES %v, max %v", vl, el, vh, eh, top)
		}
		if vh < vl || eh < el-1e-6 {
			t.Fatalf("not monotone: %v→%v, %v→%v", vl, vh, el, eh)
		}
	})
}

func TestEWMAHand(t *testing.T) {
	// σ²₀ = (0.01 + 0.04)/2 = 0.025; σ²₁ = 0.94·0.025 + 0.06·0.01 = 0.0241;
	// σ²₂ = 0.94·0.0241 + 0.06·0.04 = 0.025054
	got := EWMAVol([]float64{0.1, -0.2}, 0.94)
	want := []float64{math.Sqrt(0.025), math.Sqrt(0.0241), math.Sqrt(0.025054)}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("σ[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

func custodyBook(t *testing.T, asset, amount string) *portfolio.Portfolio {
	t.Helper()
	p, err := portfolio.Parse([]byte(`{"account": "t", "venues": [{"id": "w", "model": "custody", "chain": "ethereum",
		"collateral": [{"asset": "` + asset + `", "amount": "` + amount + `"}], "positions": []}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHistoricalVaROfLinearBook(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	last := len(h.Days) - 1
	m, err := h.DayMarket(last)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := h.VaR(t.Context(), custodyBook(t, "WETH", "10"), m, 0, last)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Spot("WETH")
	c := h.Close[0]
	var losses []float64
	for i := 0; i < last; i++ {
		losses = append(losses, 10*s*(1-c[i+1]/c[i]))
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(losses)))
	k := int(math.Ceil(0.01 * float64(len(losses))))
	row := rep.Rows[0]
	if row.Method != "historical" || row.Confidence != 0.99 || row.HorizonDays != 1 {
		t.Fatalf("first row %+v", row)
	}
	if math.Abs(row.VaR-losses[k-1]) > 1e-6*losses[k-1] {
		t.Errorf("1-day 99%% HS VaR = %v, want %v (the %d-th largest loss)", row.VaR, losses[k-1], k)
	}
	if row.Scenarios != len(losses) {
		t.Errorf("%d scenarios, want %d", row.Scenarios, len(losses))
	}
}

func TestVaRUnknownAsset(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	m, err := h.DayMarket(len(h.Days) - 1)
	if err != nil {
		t.Fatal(err)
	}
	// every asset of the day's market has a history; a book naming another
	// is refused by name before any valuation
	_, err = h.VaR(t.Context(), custodyBook(t, "SOL", "1"), m, 0, len(h.Days)-1)
	if err == nil || err.Error() != `venues[0].collateral[0].asset: "SOL" has no price history (the embedded data is ETH and BTC: their wrappers and stablecoins)` {
		t.Fatalf("err = %v", err)
	}
}
