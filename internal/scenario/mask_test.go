package scenario

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
)

// maskMarket has every family in play: two correlated risk roots and one
// uncorrelated (PEPE), a risk root with a correlation only to an asset
// outside most books (SOL/ETH), wrappers two deep, a multi-asset wrapper
// (LPT), a stable, and a non-stable root without a range (RNDR).
const maskMarket = `{
  "as_of": "2026-11-25T00:00:00Z",
  "assets": {
    "BTC":    {"price": "90000", "vol": 0.5},
    "WBTC":   {"price": "89900", "backed_by": {"BTC": "1"}},
    "ETH":    {"price": "3000", "vol": 0.7},
    "stETH":  {"price": "2990", "backed_by": {"ETH": "1"}},
    "wstETH": {"price": "3550", "backed_by": {"stETH": "1.18"}},
    "USDC":   {"price": "1"},
    "LPT":    {"price": "180000", "backed_by": {"BTC": "1", "USDC": "90000"}},
    "PEPE":   {"price": "0.00001"},
    "SOL":    {"price": "150", "vol": 0.9},
    "RNDR":   {"price": "5"}
  },
  "correlations": {"BTC/ETH": 0.8, "SOL/ETH": 0.6}
}`

// TestWithinEqualsBuild: for random books, the masked market-wide set is
// the book's own set, scenario by scenario: same names, families, vol
// columns, fractions and requirement flags in the same order, and every
// asset of the book's closure moves by exactly the same return.
func TestWithinEqualsBuild(t *testing.T) {
	m, err := market.Load([]byte(maskMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	symbols := m.Symbols()
	rapid.Check(t, func(t *rapid.T) {
		ranges := map[string]float64{
			"BTC": 0.16, "ETH": 0.18, "PEPE": 0.4,
			"SOL": rapid.SampledFrom([]float64{0, 0.25}).Draw(t, "sol range"),
		}
		p := &Params{
			Range: func(s string) float64 { return ranges[s] }, StepsPerSide: rapid.IntRange(1, 4).Draw(t, "steps"),
			StableDepeg: 0.05, WrapperDepeg: rapid.SampledFrom([]float64{0, 0.05}).Draw(t, "wrapper depeg"),
			TailMoves: []float64{-0.66, -0.33, 0.5, 1, 2}, TailFraction: 0.036,
			Historical: rapid.Bool().Draw(t, "historical"),
		}
		book := rapid.SliceOfNDistinct(rapid.SampledFrom(symbols), 0, len(symbols), rapid.ID).Draw(t, "book")
		full, err := Build(m, symbols, p)
		if err != nil {
			t.Fatal(err)
		}
		own, err := Build(m, book, p)
		if err != nil {
			t.Fatal(err)
		}
		mask := full.Within(m, book)
		ids := mask.IDs()
		if len(ids) != len(own.Scenarios) {
			t.Fatalf("book %v: mask has %d scenarios, its own set %d", book, len(ids), len(own.Scenarios))
		}
		for j, sc := range ids {
			a, b := &own.Scenarios[j], &full.Scenarios[sc]
			if own.Name(j) != full.Name(int(sc)) || a.Kind != b.Kind || a.Vol != b.Vol ||
				a.Fraction != b.Fraction || a.InRequirement != b.InRequirement {
				t.Fatalf("book %v: scenario %d is %q %+v in its own set, %q %+v in the mask",
					book, j, own.Name(j), *a, full.Name(int(sc)), *b)
			}
			if !mask.Has(sc) {
				t.Fatalf("Has(%d) false for a masked scenario", sc)
			}
			for ai, sym := range own.Assets {
				fi, _ := full.Index(sym)
				mo, okO := own.MoveOf(ai, j)
				mf, okF := full.MoveOf(fi, int(sc))
				if okO != okF || mo.Return != mf.Return || okO && mo.Vol != mf.Vol {
					t.Fatalf("book %v, scenario %q, %s: own %v %+v, market-wide %v %+v",
						book, own.Name(j), sym, okO, mo, okF, mf)
				}
			}
		}
		for sc := range full.Scenarios {
			in := false
			for _, id := range ids {
				in = in || int(id) == sc
			}
			if mask.Has(int32(sc)) != in {
				t.Fatalf("Has(%d) = %v, listed %v", sc, mask.Has(int32(sc)), in)
			}
		}
	})
}
