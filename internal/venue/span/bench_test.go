package span

import (
	"fmt"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// BenchmarkMargin20 is one SPAN margin of a 20-position BTC account: 16
// options over three expiries, two futures, two perpetuals (16 × 16 Black-76
// revaluations).
func BenchmarkMargin20(b *testing.B) {
	m, err := market.Load([]byte(`{"as_of": "2024-01-02T00:00:00Z", "assets": {"BTC": {"price": "40000", "vol": 0.6},
	  "USDC": {"price": "1"}}, "rates": {"USD": 0.05}}`), market.Options{})
	if err != nil {
		b.Fatal(err)
	}
	pos := `{"kind": "future", "underlying": "BTC", "quantity": "2", "expiry": "2024-03-29T16:00:00Z"},
	  {"kind": "future", "underlying": "BTC", "quantity": "-1.5", "expiry": "2024-06-28T16:00:00Z"},
	  {"kind": "perp", "underlying": "BTC", "quantity": "0.5"}, {"kind": "perp", "underlying": "BTC", "quantity": "-3"}`
	expiries := []string{"2024-01-26T08:00:00Z", "2024-03-29T08:00:00Z", "2024-06-28T08:00:00Z"}
	for i := 0; i < 16; i++ {
		right := []string{"call", "put"}[i%2]
		pos += fmt.Sprintf(`, {"kind": "option", "underlying": "BTC", "right": %q, "strike": "%d", "expiry": %q, "quantity": "%d"}`,
			right, 30000+2000*i, expiries[i%3], i%5-2+1)
	}
	doc := `{"account": "bench", "venues": [{"id": "cme", "model": "span", "chain": "offchain",
	  "collateral": [{"asset": "USDC", "amount": "100000"}], "positions": [` + pos + `]}]}`
	p, err := portfolio.Parse([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	if err := portfolio.Check(p, m); err != nil {
		b.Fatal(err)
	}
	v := &p.Venues[0]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (Model{}).Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
