package compound

import (
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// benchBook is a 20-entry Comet account: 15 collateral lots over the five
// assets and five base borrows (a book cannot both supply and borrow base).
func benchBook(b *testing.B) (*portfolio.Venue, *market.Snapshot) {
	doc := `{"account": "bench", "venues": [{"id": "comet", "model": "compound-v3", "chain": "ethereum",
	  "collateral": [
	    {"asset": "WETH", "amount": "10.5"}, {"asset": "WBTC", "amount": "0.12345678"}, {"asset": "COMP", "amount": "150"},
	    {"asset": "UNI", "amount": "2000"}, {"asset": "LINK", "amount": "1500.25"}, {"asset": "WETH", "amount": "3.25"},
	    {"asset": "WBTC", "amount": "1.5"}, {"asset": "COMP", "amount": "20.000000000000000001"}, {"asset": "UNI", "amount": "10"},
	    {"asset": "LINK", "amount": "99"}, {"asset": "WETH", "amount": "0.75"}, {"asset": "WBTC", "amount": "0.01"},
	    {"asset": "COMP", "amount": "5"}, {"asset": "UNI", "amount": "333.333"}, {"asset": "LINK", "amount": "1"}],
	  "positions": [
	    {"kind": "borrow", "asset": "USDC", "amount": "40000"}, {"kind": "borrow", "asset": "USDC", "amount": "12000.5"},
	    {"kind": "borrow", "asset": "USDC", "amount": "1000"}, {"kind": "borrow", "asset": "USDC", "amount": "7777.777777"},
	    {"kind": "borrow", "asset": "USDC", "amount": "250"}]}]}`
	p, err := portfolio.Parse([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	m := snapshot(map[string]string{"WETH": "1816.85", "WBTC": "34830.12", "COMP": "45.2", "UNI": "4.31",
		"LINK": "10.86", "USDC": "0.99995"})
	if err := portfolio.Check(p, m); err != nil {
		b.Fatal(err)
	}
	return &p.Venues[0], m
}

// BenchmarkMargin20 is one isolated Comet margin of a 20-entry account.
func BenchmarkMargin20(b *testing.B) {
	v, m := benchBook(b)
	model := Model{}
	if r, err := model.Margin(v, m); err != nil || r.Health == nil {
		b.Fatalf("setup: %+v, %v", r, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
