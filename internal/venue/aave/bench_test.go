package aave

import (
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// benchBook is a 20-entry account on the 2023-10-31 set at its own oracle
// prices: 10 collateral reserves, 5 plain supplies, 5 borrows, no e-mode.
func benchBook(b *testing.B) (*portfolio.Venue, *market.Snapshot) {
	doc := `{"account": "bench", "venues": [{"id": "aave", "model": "aave-v3", "chain": "ethereum",
	  "params": "aave-v3-ethereum-2023-10-31",
	  "collateral": [
	    {"asset": "WETH", "amount": "120.5"}, {"asset": "wstETH", "amount": "80.25"},
	    {"asset": "WBTC", "amount": "3.12345678"}, {"asset": "USDC", "amount": "150000.5"},
	    {"asset": "DAI", "amount": "90000.123456789012345678"}, {"asset": "LINK", "amount": "5000"},
	    {"asset": "cbETH", "amount": "10"}, {"asset": "rETH", "amount": "12.5"},
	    {"asset": "LUSD", "amount": "25000"}, {"asset": "sDAI", "amount": "40000"}],
	  "positions": [
	    {"kind": "supply", "asset": "GHO", "amount": "1000"}, {"kind": "supply", "asset": "RPL", "amount": "50"},
	    {"kind": "supply", "asset": "UNI", "amount": "700"}, {"kind": "supply", "asset": "BAL", "amount": "300"},
	    {"kind": "supply", "asset": "ENS", "amount": "120"},
	    {"kind": "borrow", "asset": "USDT", "amount": "100000"}, {"kind": "borrow", "asset": "DAI", "amount": "50000"},
	    {"kind": "borrow", "asset": "WETH", "amount": "40"}, {"kind": "borrow", "asset": "GHO", "amount": "30000"},
	    {"kind": "borrow", "asset": "USDC", "amount": "60000"}]}]}`
	p, err := portfolio.Parse([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	prices := map[string]string{}
	for sym, r := range sets.Default().Reserves {
		prices[sym] = e8Text(r.OracleE8)
	}
	m := snapshot(prices)
	if err := portfolio.Check(p, m); err != nil {
		b.Fatal(err)
	}
	return &p.Venues[0], m
}

// BenchmarkMargin20 is one isolated Aave margin of a 20-entry account.
func BenchmarkMargin20(b *testing.B) {
	v, m := benchBook(b)
	model := Model{}
	if r, err := model.Margin(v, m); err != nil || len(r.Warnings) != 0 || r.Health == nil {
		b.Fatalf("setup: %+v, %v", r, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.Margin(v, m); err != nil {
			b.Fatal(err)
		}
	}
}
