// Benchmarks of the unified model on a 20-position account spread over four
// venues: 10 options on BTC and WETH, perps, a future, a borrow, and four
// collateral entries (two of them wrappers), on 103 scenarios.
package margin

import (
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

func benchBook() *portfolio.Portfolio {
	dec, mar, jun := propExpiries[2], propExpiries[3], propExpiries[4]
	return &portfolio.Portfolio{Account: "bench", Venues: []portfolio.Venue{
		{ID: "deribit", Model: "test-flat", Chain: "offchain",
			Collateral: []portfolio.Collateral{collateral("BTC", 10)},
			Positions: []portfolio.Position{
				option("BTC", pricing.Put, 80000, dec, -20), option("BTC", pricing.Call, 100000, dec, -10),
				option("BTC", pricing.Call, 110000, mar, 15), option("BTC", pricing.Put, 70000, mar, 10),
				option("BTC", pricing.Put, 85000, jun, -5), option("BTC", pricing.Call, 95000, propExpiries[1], 8),
				derivative(portfolio.KindPerp, "BTC", -6)}},
		{ID: "lyra", Model: "test-flat", Chain: "arbitrum",
			Collateral: []portfolio.Collateral{collateral("USDC", 500000)},
			Positions: []portfolio.Position{
				option("WETH", pricing.Call, 3500, dec, -100), option("WETH", pricing.Put, 2500, dec, -150),
				option("WETH", pricing.Call, 4000, mar, 80), option("WETH", pricing.Put, 2800, jun, 60),
				derivative(portfolio.KindPerp, "WETH", 40), derivative(portfolio.KindPerp, "WETH", -15)}},
		{ID: "aave", Model: "test-flat", Chain: "ethereum",
			Collateral: []portfolio.Collateral{collateral("wstETH", 400), collateral("WBTC", 5)},
			Positions: []portfolio.Position{
				holding(portfolio.KindBorrow, "USDC", 400000), holding(portfolio.KindBorrow, "WETH", 150),
				holding(portfolio.KindSupply, "USDC", 50000)}},
		{ID: "dydx", Model: "test-flat", Chain: "dydx",
			Positions: []portfolio.Position{
				derivative(portfolio.KindPerp, "BTC", 3), derivativeExpiring(portfolio.KindFuture, "WETH", -30, mar),
				derivative(portfolio.KindPerp, "WETH", 5), derivative(portfolio.KindPerp, "BTC", -1)}},
	}}
}

func derivativeExpiring(kind portfolio.Kind, underlying string, q float64, expiry time.Time) portfolio.Position {
	p := derivative(kind, underlying, q)
	p.Expiry = expiry
	return p
}

// BenchmarkUnified is the unified requirement of one book on a compiled
// market: item valuation with Greeks, the compiled risk arrays, worst
// scenario, liquidity add-on, contingencies, haircuts and attribution.
func BenchmarkUnified(b *testing.B) {
	m, book := propMarket(b), benchBook()
	if err := portfolio.Check(book, m); err != nil {
		b.Fatal(err)
	}
	c, err := Compile(m, DefaultRiskParams())
	if err != nil {
		b.Fatal(err)
	}
	a, _ := computeUnified(book, c)
	b.ReportMetric(float64(a.mask.Len()), "scenarios")
	b.ReportMetric(float64(len(a.items)), "items")
	b.ReportAllocs()
	for b.Loop() {
		computeUnified(book, c)
	}
}

// BenchmarkUnifiedCompiling is BenchmarkUnified with the market compiled
// for every book (what one margin.Compute call pays).
func BenchmarkUnifiedCompiling(b *testing.B) {
	m, book := propMarket(b), benchBook()
	if err := portfolio.Check(book, m); err != nil {
		b.Fatal(err)
	}
	rp := DefaultRiskParams()
	b.ReportAllocs()
	for b.Loop() {
		c, err := Compile(m, rp)
		if err != nil {
			b.Fatal(err)
		}
		computeUnified(book, c)
	}
}

// BenchmarkRiskArrays is the hot loop alone: the account's profit and loss
// in every scenario (items valued and options compiled beforehand).
func BenchmarkRiskArrays(b *testing.B) {
	m, book := propMarket(b), benchBook()
	c, err := Compile(m, DefaultRiskParams())
	if err != nil {
		b.Fatal(err)
	}
	a := newAccount(book, c)
	b.ReportAllocs()
	for b.Loop() {
		a.pnl()
	}
}

// BenchmarkCompute is the whole report with the stand-in venue model,
// liquidation-price searches included.
func BenchmarkCompute(b *testing.B) {
	m, book := propMarket(b), benchBook()
	rp := DefaultRiskParams()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := Compute(book, m, rp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWhatIf is one what-if on the cached 20-position account: an
// option on a new instrument each call (two strikes alternate, so nothing is
// cached; long puts and short calls, whose price bounds prune differently),
// the same option at a new size (its state prices reused, as in a hedge
// search), and a perp.
func BenchmarkWhatIf(b *testing.B) {
	m, book := propMarket(b), benchBook()
	s, err := Prepare(book, m, DefaultRiskParams())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		p    []portfolio.Position
	}{
		{"option", []portfolio.Position{option("BTC", pricing.Put, 85000, propExpiries[3], 5),
			option("BTC", pricing.Put, 86000, propExpiries[3], 5)}},
		{"option-short", []portfolio.Position{option("BTC", pricing.Call, 100000, propExpiries[3], -5),
			option("BTC", pricing.Call, 101000, propExpiries[3], -5)}},
		{"option-resized", []portfolio.Position{option("BTC", pricing.Put, 85000, propExpiries[3], 5),
			option("BTC", pricing.Put, 85000, propExpiries[3], 7)}},
		{"perp", []portfolio.Position{derivative(portfolio.KindPerp, "WETH", -12)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			i := 0
			for b.Loop() {
				if _, err := s.WhatIf("dydx", &c.p[i%len(c.p)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkHedges is the whole hedge search on the cached benchmark account
// (candidate generation, venue acceptance checks, one what-if per candidate).
func BenchmarkHedges(b *testing.B) {
	m, book := propMarket(b), benchBook()
	s, err := Prepare(book, m, DefaultRiskParams())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(s.hedgeCandidates())), "candidates")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Hedges(5); err != nil {
			b.Fatal(err)
		}
	}
}
