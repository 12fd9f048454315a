package margin

import (
	"encoding/json"
	"testing"

	"github.com/unimargin/unimargin/internal/pricing"
)

// An option the market values at exactly 0 (a put struck at 1 USD on BTC,
// days from expiry) moves no cash. Its cash leg once priced the asset as
// usd/amount = 0/0, so the what-if carried NaN and POST /v1/whatif answered
// 200 "error marshaling response" (found by a hostile client with a 1e15
// lot): every figure is finite and the cash leg is zero.
func TestTradeOfWorthlessOptionIsFinite(t *testing.T) {
	s, err := Prepare(benchBook(), propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []float64{1e6, -1e6} {
		w, err := s.Trade(&Trade{Venue: "deribit", Position: option("BTC", pricing.Put, 1, propExpiries[0], q)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(w); err != nil {
			t.Fatalf("quantity %g: %v (cash %+v)", q, err, w.Cash)
		}
		if w.Cash.Amount != 0 || w.Cash.USD != 0 || w.Cash.Borrowed != 0 {
			t.Fatalf("quantity %g: cash leg %+v of a worthless option, want none", q, w.Cash)
		}
	}
}
