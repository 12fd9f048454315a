// Tests of editing a compiled population: a book whose quantities were set
// margins exactly as Compute on a document holding them, a clone is
// independent of its origin, MarginBook allocates nothing, and
// MaxCountedMove is the set's largest counted move.
package margin

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// withQuantities is book with its items' quantities set from q (items in
// the population's order: venue by venue, collateral then positions).
func withQuantities(book *portfolio.Portfolio, q func(i int) float64) *portfolio.Portfolio {
	cp := *book
	cp.Venues = append([]portfolio.Venue(nil), book.Venues...)
	k := 0
	for vi := range cp.Venues {
		v := &cp.Venues[vi]
		v.Collateral = append([]portfolio.Collateral(nil), v.Collateral...)
		v.Positions = append([]portfolio.Position(nil), v.Positions...)
		for ci := range v.Collateral {
			v.Collateral[ci].AmountF = q(k)
			k++
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			switch {
			case p.Kind.IsDerivative():
				p.QuantityF = q(k)
			case p.Kind == portfolio.KindBorrow:
				p.AmountF = -q(k)
			default:
				p.AmountF = q(k)
			}
			k++
		}
	}
	return &cp
}

// TestPropertyEditedBookIsCompute: scale a random book's items in a clone,
// margin it on the next tick: the figures are (==) Compute's on the
// document holding the scaled quantities; closing shares of its items keeps
// their value (what stays + what realises); the origin is unchanged.
func TestPropertyEditedBookIsCompute(t *testing.T) {
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
		book := rapid.Custom(genBook).Draw(t, "book")
		if err := portfolio.Check(book, m1); err != nil {
			t.Skip("a dated instrument expires between the two markets")
		}
		p, err := c0.NewPopulation([]*portfolio.Portfolio{book})
		if err != nil {
			t.Fatal(err)
		}
		cl := p.Clone()
		var f []float64
		for i := range cl.Items(0) {
			f = append(f, rapid.Float64Range(0, 1.5).Draw(t, "scale"))
			cl.SetQuantity(0, i, f[i]*p.Quantity(0, i))
		}
		if err := cl.Retarget(c1); err != nil {
			t.Fatal(err)
		}
		var s Scratch
		got := cl.MarginBook(0, &s)
		edited := withQuantities(book, func(i int) float64 { return f[i] * p.Quantity(0, i) })
		if _, want := computeUnified(edited, c1); got != want.unified {
			t.Fatalf("edited book: %+v, Compute %+v", got, want.unified)
		}
		// closing shares keeps the value: what stays plus what realised
		total := func() float64 {
			v := 0.0
			for i := range cl.Items(0) {
				v += cl.Value(0, i)
			}
			return v
		}
		before, realised := total(), 0.0
		for i := range cl.Items(0) {
			realised += cl.Close(0, i, rapid.Float64Range(0, 1).Draw(t, "close"))
		}
		cl.MarginBook(0, &s)
		if after := total(); !closeRel(before, after+realised) {
			t.Fatalf("closing: value %v before, %v after + %v realised", before, after, realised)
		}
		out := make([]Unified, 1)
		if err := p.Remargin(c1, out); err != nil {
			t.Fatal(err)
		}
		if _, want := computeUnified(book, c1); out[0] != want.unified {
			t.Fatalf("the clone's edits reached its origin: %+v, Compute %+v", out[0], want.unified)
		}
	})
}

func closeRel(a, b float64) bool { return abs(a-b) <= 1e-9*max(abs(a), abs(b), 1) }

// TestMarginBookAllocatesNothing: once the instruments are compiled, one
// book's margin allocates nothing.
func TestMarginBookAllocatesNothing(t *testing.T) {
	c, err := Compile(propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.NewPopulation([]*portfolio.Portfolio{benchBook()})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Retarget(c); err != nil {
		t.Fatal(err)
	}
	var s Scratch
	p.MarginBook(0, &s)
	if n := testing.AllocsPerRun(20, func() { p.MarginBook(0, &s) }); n != 0 {
		t.Fatalf("MarginBook allocates %v times", n)
	}
}

// TestMaxCountedMove: on the defaults the largest counted move is a major's
// full range (ETH's 18% at fraction 1: the tails count at 0.036/|move| ×
// |move| = 3.6%, the depegs at 5%).
func TestMaxCountedMove(t *testing.T) {
	c, err := Compile(propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.MaxCountedMove(); got != 0.18 {
		t.Fatalf("max counted move %v, want 0.18", got)
	}
}

// TestCloneRetargetLeavesTheOriginal: a clone retargeted at another market
// leaves the original's compiled instruments alone (retarget copies the
// instruments into the population's own table: a clone sharing that table
// overwrote the original's with the other market's, and the original's
// next margin gave the other market's figures; this failed before Clone
// dropped the shared table).
func TestCloneRetargetLeavesTheOriginal(t *testing.T) {
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
	books := universeBooks(20)
	p, err := c0.NewPopulation(books)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Retarget(c0); err != nil {
		t.Fatal(err)
	}
	var s Scratch
	want := make([]Unified, p.Len())
	for b := range want {
		want[b] = p.MarginBook(b, &s)
	}
	cl := p.Clone()
	if err := cl.Retarget(c1); err != nil {
		t.Fatal(err)
	}
	moved := false
	for b := range want {
		moved = moved || cl.MarginBook(b, &s) != want[b]
		if got := p.MarginBook(b, &s); got != want[b] {
			t.Fatalf("book %d: the original margins %+v after its clone's retarget, %+v before", b, got, want[b])
		}
	}
	if !moved {
		t.Fatal("the second market moves no book's figures: the test cannot fail")
	}
}
