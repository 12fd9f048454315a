package margin

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// tickMarket is propMarket after a tick: BTC −7%, WETH +4%, the BTC vol
// surface up, and a day later (every option and future nearer expiry).
func tickMarket(t tb) *market.Snapshot {
	doc := strings.NewReplacer(
		`"price": "90000"`, `"price": "83700"`,
		`"price": "3000"`, `"price": "3120"`,
		`[0.62, 0.55, 0.53]`, `[0.70, 0.63, 0.60]`,
		`"as_of": "2026-11-25T00:00:00Z"`, `"as_of": "2026-11-26T00:00:00Z"`,
	).Replace(propMarketJSON)
	m, err := market.Load([]byte(doc), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPropertyPopulationEqualsCompute: a population of random books
// re-margined on its own market and then on the next tick gives, book by
// book, exactly (==) the unified figures Compute's path gives on that
// book and market: the same kernel on the same items.
func TestPropertyPopulationEqualsCompute(t *testing.T) {
	m0, m1 := propMarket(t), tickMarket(t)
	rp := DefaultRiskParams()
	c0, err := Compile(m0, rp)
	if err != nil {
		t.Fatal(err)
	}
	c1, err := Compile(m1, rp)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		books := rapid.SliceOfN(rapid.Custom(genBook), 1, 40).Draw(t, "books")
		for _, b := range books {
			if err := portfolio.Check(b, m1); err != nil {
				t.Skip("a dated instrument expires between the two markets")
			}
		}
		p, err := c0.NewPopulation(books)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]Unified, p.Len())
		for _, c := range []*Compiled{c0, c1, c0} {
			if err := p.Remargin(c, out); err != nil {
				t.Fatal(err)
			}
			for i, b := range books {
				_, want := computeUnified(b, c)
				if out[i] != want.unified {
					t.Fatalf("book %d on %s: population %+v, Compute %+v", i, c.m.AsOf, out[i], want.unified)
				}
			}
		}
	})
}

// TestPopulationAllocatesPerCallNotPerBook: the per-book loop allocates
// nothing: a re-margin of 4,000 books allocates what one of 400 does
// (goroutines and their scratch), once the instruments are compiled.
func TestPopulationAllocatesPerCallNotPerBook(t *testing.T) {
	m := propMarket(t)
	c, err := Compile(m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	// n copies of the bench book, margined once (warm: scratch sized,
	// instruments cached)
	population := func(n int) (*Population, []Unified) {
		books := make([]*portfolio.Portfolio, n)
		for i := range books {
			books[i] = benchBook()
		}
		p, err := c.NewPopulation(books)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]Unified, n)
		if err := p.Remargin(c, out); err != nil {
			t.Fatal(err)
		}
		return p, out
	}
	allocs := func(n int) float64 {
		p, out := population(n)
		return testing.AllocsPerRun(5, func() { _ = p.Remargin(c, out) })
	}
	small, large := allocs(400), allocs(4000)
	if large > small+2 {
		t.Fatalf("4,000 books allocate %v per re-margin, 400 books %v: the per-book loop allocates", large, small)
	}
	// a tick (compile, value the moved asset's instruments, re-margin its
	// holders) allocates per tick, not per book
	tickAllocs := func(n int) float64 {
		p, out := population(n)
		last, k := c, 0
		return testing.AllocsPerRun(5, func() {
			k++
			next, err := last.Tick(m.WithPriceScaled("WETH", 1+float64(k)/1000))
			if err != nil {
				t.Fatal(err)
			}
			if got, err := p.RemarginTick(next, out); err != nil || got != n {
				t.Fatalf("tick re-margined %d of %d books: %v", got, n, err)
			}
			last = next
		})
	}
	small, large = tickAllocs(400), tickAllocs(4000)
	if large > small+2 {
		t.Fatalf("a tick of 4,000 books allocates %v, of 400 books %v: the per-book loop allocates", large, small)
	}
}

// TestPopulationAssetDropped: a market without an asset the books hold is
// refused and nothing is written.
func TestPopulationAssetDropped(t *testing.T) {
	m := propMarket(t)
	c, err := Compile(m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.NewPopulation([]*portfolio.Portfolio{benchBook()})
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(propMarketJSON, `"wstETH": {"price": "3550", "backed_by": {"WETH": "1.18"}},`, "", 1)
	m2, err := market.Load([]byte(doc), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Compile(m2, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	out := []Unified{{Initial: -1}}
	held := false
	for _, b := range benchBook().Venues {
		for _, cl := range b.Collateral {
			held = held || cl.Asset == "wstETH"
		}
		for _, pos := range b.Positions {
			held = held || pos.HoldingAsset() == "wstETH"
		}
	}
	err = p.Remargin(c2, out)
	if held != errors.Is(err, ErrAssetDropped) || out[0].Initial != -1 && held {
		t.Fatalf("bench book holds wstETH: %v; Remargin: %v, out %+v", held, err, out[0])
	}
}

// BenchmarkPopulationRemargin is bulk re-margin of 2,000 books of the
// benchmark book's shape on the compiled kernel (per book: revalue, risk
// arrays, worst, liquidity, contingencies, haircuts).
func BenchmarkPopulationRemargin(b *testing.B) {
	m := propMarket(b)
	c, err := Compile(m, DefaultRiskParams())
	if err != nil {
		b.Fatal(err)
	}
	books := make([]*portfolio.Portfolio, 2000)
	for i := range books {
		books[i] = benchBook()
	}
	p, err := c.NewPopulation(books)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]Unified, p.Len())
	b.ReportAllocs()
	done := reportCPU(b)
	for b.Loop() {
		if err := p.Remargin(c, out); err != nil {
			b.Fatal(err)
		}
	}
	done()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*p.Len()), "ns/book")
}

// TestPopulationCompactTable: after a re-margin every instrument the
// population's items read is its compiled market's, copied (the same
// figures, its P&L vector equal element for element) with the vector
// starting on a 64-byte line.
func TestPopulationCompactTable(t *testing.T) {
	c, p := universePopulation(t, 50)
	options := 0
	for k, key := range p.keys {
		got, want := &p.insts[k], c.instrument(key)
		if !slices.Equal(got.pnl, want.pnl) || got.price != want.price || got.delta != want.delta || got.key != want.key {
			t.Fatalf("instrument %d: the copy %+v differs from the compiled %+v", k, *got, *want)
		}
		if len(got.pnl) > 0 {
			options++
			if a := uintptr(unsafe.Pointer(&got.pnl[0])); a%64 != 0 {
				t.Fatalf("instrument %d: its P&L vector starts at %#x, not on a 64-byte line", k, a)
			}
		}
	}
	if options == 0 {
		t.Fatal("no option in the population: the vectors' layout is not checked")
	}
}
