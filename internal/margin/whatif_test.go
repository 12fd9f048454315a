package margin

import (
	"encoding/json"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
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

// TestPropertyWhatIfResumesTheKernelExactly: a what-if resumes the kernel
// from its book's gathered state (figuresAfter) instead of walking the
// book's items again; on random books and trades of every kind the figures
// are bit for bit (==) those of the kernel on all the items (figures), and
// a scratch reused across trades stays clean.
func TestPropertyWhatIfResumesTheKernelExactly(t *testing.T) {
	c, err := Compile(propMarket(t), DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		book := genBook(t)
		if err := portfolio.Check(book, c.m); err != nil {
			t.Skip(err)
		}
		a := newAccount(book, c)
		g := c.gatherBook(a.items)
		var reused kernelScratch
		for range rapid.IntRange(1, 3).Draw(t, "trades") {
			p := genPosition(t)
			vi := rapid.IntRange(0, len(book.Venues)-1).Draw(t, "venue")
			items := append(slices.Clone(a.items), a.position(vi, len(book.Venues[vi].Positions), &p))
			pnl := make([]float64, len(c.set.Scenarios))
			c.addPnL(pnl, items, &pnlScratch{})
			want := c.figures(items, a.mask, pnl, &kernelScratch{})
			if got := c.figuresAfter(items, g, a.mask, pnl, &reused); got != want {
				t.Fatalf("resumed %+v\nfull    %+v", got, want)
			}
		}
	})
}
