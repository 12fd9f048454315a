package margin

import (
	"errors"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// tickHolders names, per asset of propMarket, the holdings a price tick of
// it reaches: the asset and the wrappers it backs (the market's backed_by).
var tickHolders = map[string][]string{
	"BTC": {"BTC", "WBTC"}, "WBTC": {"WBTC"}, "WETH": {"WETH", "wstETH"}, "wstETH": {"wstETH"}, "USDC": {"USDC"},
}

// TestPropertyTickRemarginsHoldersOnly: after a one-asset price tick
// (Compiled.Tick), RemarginTick re-margins exactly the books that hold the
// asset or a wrapper of it — a book that does not is not recomputed (its
// figures, replaced by a sentinel beforehand, stay the sentinel) — and the
// figures it writes equal a full re-margin on the ticked market exactly.
// Only instruments on moved assets are valued anew.
func TestPropertyTickRemarginsHoldersOnly(t *testing.T) {
	m0 := propMarket(t)
	c0, err := Compile(m0, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		books := rapid.SliceOfN(rapid.Custom(genBook), 1, 30).Draw(t, "books")
		sym := rapid.SampledFrom([]string{"BTC", "WBTC", "WETH", "wstETH", "USDC"}).Draw(t, "asset")
		factor := rapid.SampledFrom([]float64{0.93, 0.999, 1.02, 1.3}).Draw(t, "factor")
		p, err := c0.NewPopulation(books)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]Unified, p.Len())
		if err := p.Remargin(c0, out); err != nil {
			t.Fatal(err)
		}
		c1, err := c0.Tick(m0.WithPriceScaled(sym, factor))
		if err != nil {
			t.Fatal(err)
		}
		const sentinel = -12345.5
		var holders int
		for i, b := range books {
			if holdsAny(b, tickHolders[sym]) {
				holders++
			} else {
				out[i].Initial = sentinel
			}
		}
		n, err := p.RemarginTick(c1, out)
		if err != nil {
			t.Fatal(err)
		}
		if n != holders {
			t.Fatalf("tick of %s re-margined %d books, %d hold it", sym, n, holders)
		}
		full := make([]Unified, p.Len())
		if err := p.Remargin(c1, full); err != nil {
			t.Fatal(err)
		}
		for i, b := range books {
			if !holdsAny(b, tickHolders[sym]) {
				if out[i].Initial != sentinel {
					t.Fatalf("book %d does not hold %s and was recomputed", i, sym)
				}
				out[i].Initial = full[i].Initial
			}
			if out[i] != full[i] {
				t.Fatalf("book %d after a %s tick: incremental %+v, full %+v", i, sym, out[i], full[i])
			}
			if _, want := computeUnified(b, c1); full[i] != want.unified {
				t.Fatalf("book %d: population %+v, Compute %+v", i, full[i], want.unified)
			}
		}
		for key := range c1.instruments {
			if in0 := c0.instruments[key]; in0 != nil && in0 != c1.instruments[key] && !slices.Contains(tickHolders[sym], c1.set.Assets[key.asset]) {
				t.Fatalf("instrument %+v on an unmoved asset was valued again", key)
			}
		}
	})
}

// holdsAny reports whether book has collateral in or a position on one of syms.
func holdsAny(book *portfolio.Portfolio, syms []string) bool {
	for _, sym := range bookAssets(book) {
		if slices.Contains(syms, sym) {
			return true
		}
	}
	return false
}

// TestTickReusesUnmovedInstruments: a tick of nothing values nothing and
// re-margins nothing; a WETH price tick values WETH's instruments anew and
// no other (wstETH keeps its own price and its moves: it has not moved,
// though its holders are re-margined through its root); a tick a day later
// (every expiry nearer) moves every asset.
func TestTickReusesUnmovedInstruments(t *testing.T) {
	m0 := propMarket(t)
	c0, err := Compile(m0, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c0.NewPopulation([]*portfolio.Portfolio{benchBook()})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Unified, 1)
	if err := p.Remargin(c0, out); err != nil {
		t.Fatal(err)
	}
	same, err := c0.Tick(m0)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := p.RemarginTick(same, out); err != nil || n != 0 || same.Valued() != 0 {
		t.Fatalf("an unchanged tick re-margined %d books (%v), valued %d instruments", n, err, same.Valued())
	}
	c1, err := same.Tick(m0.WithPriceScaled("WETH", 1.01))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := p.RemarginTick(c1, out); err != nil || n != 1 {
		t.Fatalf("a WETH tick re-margined %d books (%v)", n, err)
	}
	wethKeys := 0
	for _, k := range p.keys {
		if c1.set.Assets[k.asset] == "WETH" {
			wethKeys++
		}
	}
	if c1.Valued() != wethKeys {
		t.Fatalf("WETH tick valued %d instruments, the book holds %d on WETH", c1.Valued(), wethKeys)
	}
	later, err := c1.Tick(tickMarket(t))
	if err != nil {
		t.Fatal(err)
	}
	for i, mv := range later.tick.moved {
		if !mv {
			t.Fatalf("a day later %s did not move", later.set.Assets[i])
		}
	}
}

// TestTickRefusesBadNumbers: a NaN, infinite or negative price or vol in a
// tick is refused before compilation with an error naming the field, and
// the previous compiled market and the population's figures stay as they
// were.
func TestTickRefusesBadNumbers(t *testing.T) {
	m0 := propMarket(t)
	c0, err := Compile(m0, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	if err := m0.CheckNumbers(); err != nil {
		t.Fatalf("a loaded market fails the tick check: %v", err)
	}
	p, err := c0.NewPopulation([]*portfolio.Portfolio{benchBook()})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]Unified, 1)
	if err := p.Remargin(c0, want); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		edit func(m *market.Snapshot)
	}{
		{"assets.BTC.price", func(m *market.Snapshot) { m.Assets["BTC"].Price = math.NaN() }},
		{"assets.WETH.price", func(m *market.Snapshot) { m.Assets["WETH"].Price = math.Inf(1) }},
		{"assets.USDC.price", func(m *market.Snapshot) { m.Assets["USDC"].Price = -1 }},
		{"assets.WETH.vol", func(m *market.Snapshot) { m.Assets["WETH"].Vol = math.NaN() }},
		{"assets.BTC.vol", func(m *market.Snapshot) { m.Assets["BTC"].Vol = -0.5 }},
		{"vol_surfaces.BTC[1].vols[2]", func(m *market.Snapshot) { m.Surfaces["BTC"].Smiles[1].Vols[2] = math.Inf(-1) }},
		{"rates.USD", func(m *market.Snapshot) { m.Rates["USD"] = math.NaN() }},
	} {
		m := propMarket(t) // a fresh snapshot: the edit stays in it
		c.edit(m)
		next, err := c0.Tick(m)
		var ie *input.Error
		if next != nil || !errors.As(err, &ie) || ie.Path != c.path {
			t.Fatalf("%s: Tick = %v, %v; want an error at %s", c.path, next, err, c.path)
		}
		out := slices.Clone(want)
		if n, err := p.RemarginTick(c0, out); err != nil || n != 0 || out[0] != want[0] {
			t.Fatalf("%s: the previous market changed: %d books re-margined (%v), %+v", c.path, n, err, out[0])
		}
	}
}
