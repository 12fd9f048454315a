// Explain's waterfall: a hand-derived case (one perp, a price move only:
// the whole change is the price bar) and the sum identity as a rapid
// property over price, vol, time, trade and parameter moves together.
package margin

import (
	"fmt"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func explainBook(t interface{ Fatal(...any) }, qty, optQty string) *portfolio.Portfolio {
	doc := fmt.Sprintf(`{"account": "x", "venues": [{"id": "dex", "model": "test-flat", "chain": "offchain",
		"collateral": [{"asset": "USDC", "amount": "20000"}],
		"positions": [{"kind": "perp", "underlying": "BTC", "quantity": %q, "entry_price": "90000"}%s]}]}`, qty,
		map[bool]string{true: "", false: fmt.Sprintf(`, {"kind": "option", "underlying": "BTC", "right": "call",
		"strike": "95000", "expiry": "2027-03-26T08:00:00Z", "quantity": %q}`, optQty)}[optQty == ""])
	p, err := portfolio.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func explainMarket(asOf, price, vol string) []byte {
	return []byte(fmt.Sprintf(`{"as_of": %q, "assets": {"BTC": {"price": %q, "vol": %s}, "USDC": {"price": "1"}}}`,
		asOf, price, vol))
}

// One long BTC perp (entry 90,000) on 20,000 USDC, BTC 90,000 → 99,000,
// nothing else moving. By hand (lone_perp.txt's rule, scenario = 16% of
// the notional, maintenance 0.8 of it):
//
//	equity   20,000 + 1·(90,000 − 90,000) = 20,000 → 20,000 + 9,000 = 29,000: +9,000
//	initial  0.16 · 90,000 = 14,400 → 0.16 · 99,000 = 15,840: +1,440
//	maint    0.8 · 14,400 = 11,520 → 0.8 · 15,840 = 12,672: +1,152
//	excess   5,600 → 13,160: +7,560
//
// and every other bar is 0.
func TestExplainPriceOnly(t *testing.T) {
	const asOf = "2026-11-25T00:00:00Z"
	b := explainBook(t, "1", "")
	x, err := Explain(ExplainSide{Book: b, Market: explainMarket(asOf, "90000", "0.5")},
		ExplainSide{Book: b, Market: explainMarket(asOf, "99000", "0.5")}, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := ExplainFigures{Equity: 9000, Initial: 1440, Maintenance: 1152, Excess: 7560}
	const tol = 1e-6
	near := func(a, b ExplainFigures) bool {
		return math.Abs(a.Equity-b.Equity) < tol && math.Abs(a.Initial-b.Initial) < tol &&
			math.Abs(a.Maintenance-b.Maintenance) < tol && math.Abs(a.Excess-b.Excess) < tol
	}
	if !near(x.Total, want) {
		t.Fatalf("total %+v, want %+v", x.Total, want)
	}
	if len(x.Steps) != len(ExplainFactors) {
		t.Fatalf("%d steps, want %d", len(x.Steps), len(ExplainFactors))
	}
	for i, st := range x.Steps {
		if st.Factor != ExplainFactors[i] {
			t.Fatalf("step %d is %q, want %q", i, st.Factor, ExplainFactors[i])
		}
		w := ExplainFigures{}
		if st.Factor == "price" {
			w = want
		}
		if !near(st.Change, w) {
			t.Errorf("%s bar %+v, want %+v", st.Factor, st.Change, w)
		}
	}
}

// Every factor moves at once (price, vol, time to an option's expiry, a
// trade, a parameter): the bars sum to the total change of every figure,
// and the last step lands on the after report.
func TestExplainSumIdentity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p0 := rapid.IntRange(50000, 150000).Draw(t, "p0")
		p1 := rapid.IntRange(50000, 150000).Draw(t, "p1")
		v0 := rapid.IntRange(20, 120).Draw(t, "v0")
		v1 := rapid.IntRange(20, 120).Draw(t, "v1")
		days := rapid.IntRange(0, 60).Draw(t, "days")
		q0 := rapid.IntRange(-3, 3).Draw(t, "q0")
		q1 := rapid.IntRange(-3, 3).Draw(t, "q1")
		o1 := rapid.IntRange(-2, 2).Draw(t, "o1")
		rng := rapid.Float64Range(0.05, 0.4).Draw(t, "range")
		t0 := "2026-11-25T00:00:00Z"
		t1 := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days).Format(time.RFC3339)
		rp1 := DefaultRiskParams()
		rp1.RangesBySymbol = map[string]float64{"BTC": rng}
		before := ExplainSide{Book: explainBook(t, fmt.Sprint(q0), "-1"),
			Market: explainMarket(t0, fmt.Sprint(p0), fmt.Sprintf("%.2f", float64(v0)/100))}
		after := ExplainSide{Book: explainBook(t, fmt.Sprint(q1), fmt.Sprint(o1)),
			Market: explainMarket(t1, fmt.Sprint(p1), fmt.Sprintf("%.2f", float64(v1)/100)), Params: rp1}
		x, err := Explain(before, after, market.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var sum ExplainFigures
		for _, st := range x.Steps {
			sum = ExplainFigures{Equity: sum.Equity + st.Change.Equity, Initial: sum.Initial + st.Change.Initial,
				Maintenance: sum.Maintenance + st.Change.Maintenance, Excess: sum.Excess + st.Change.Excess}
		}
		scale := 1 + math.Abs(x.Before.Equity) + math.Abs(x.After.Equity) + x.Before.Initial + x.After.Initial
		for _, d := range []float64{sum.Equity - x.Total.Equity, sum.Initial - x.Total.Initial,
			sum.Maintenance - x.Total.Maintenance, sum.Excess - x.Total.Excess} {
			if math.Abs(d) > 1e-12*scale {
				t.Fatalf("Σ bars − total = %v (sum %+v, total %+v)", d, sum, x.Total)
			}
		}
		if last := x.Steps[len(x.Steps)-1].After; last != x.After {
			t.Fatalf("the last step ends at %+v, not the after report %+v", last, x.After)
		}
	})
}
