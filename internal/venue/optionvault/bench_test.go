package optionvault

import (
	"fmt"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// BenchmarkMargin20 is one vault margin with 20 written options (10 calls,
// 10 puts over three expiries).
func BenchmarkMargin20(b *testing.B) {
	m, err := market.Load([]byte(`{"as_of": "2024-01-02T00:00:00Z", "assets": {"WETH": {"price": "3000", "vol": 0.7},
	  "USDC": {"price": "1"}}, "rates": {"USD": 0.05}}`), market.Options{})
	if err != nil {
		b.Fatal(err)
	}
	expiries := []string{"2024-01-26T08:00:00Z", "2024-02-23T08:00:00Z", "2024-03-29T08:00:00Z"}
	pos := ""
	for i := 0; i < 20; i++ {
		right, strike := "call", 3000+100*i
		if i%2 == 1 {
			right, strike = "put", 3000-100*i
		}
		if i > 0 {
			pos += ","
		}
		pos += fmt.Sprintf(`{"kind": "option", "underlying": "WETH", "right": %q, "strike": "%d", "expiry": %q, "quantity": "-%d"}`,
			right, strike, expiries[i%3], 1+i%4)
	}
	p, err := portfolio.Parse([]byte(`{"account": "bench", "venues": [{"id": "vault", "model": "option-vault", "chain": "ethereum",
	  "collateral": [{"asset": "WETH", "amount": "40"}, {"asset": "USDC", "amount": "100000"}], "positions": [` + pos + `]}]}`))
	if err != nil {
		b.Fatal(err)
	}
	if err := portfolio.Check(p, m); err != nil {
		b.Fatal(err)
	}
	v := &p.Venues[0]
	if _, err := (Model{}).Margin(v, m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (Model{}).Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
