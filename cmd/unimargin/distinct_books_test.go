// The distinct books of loadtest --distinct (demo.Book) are valid, realistic enough to
// exercise every venue kind, reproducible and never repeated.
package main

import (
	"bytes"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Every book margins without error on the demo market (a request of the
// run would otherwise be a 422), the same (seed, i) gives the same bytes,
// no two books of a run are equal, and across them every venue model of
// the generator appears.
func TestDistinctBooksValid(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := margin.Compile(m, margin.DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	n := 300
	if testing.Short() {
		n = 60
	}
	seen := map[string]int{}
	models := map[string]bool{}
	for i := range n {
		doc := demo.Book(7, i)
		if !bytes.Equal(doc, demo.Book(7, i)) {
			t.Fatalf("book %d differs between two draws", i)
		}
		if j, dup := seen[string(doc)]; dup {
			t.Fatalf("books %d and %d are equal", j, i)
		}
		seen[string(doc)] = i
		book, err := portfolio.Parse(doc)
		if err != nil {
			t.Fatalf("book %d: %v\n%s", i, err, doc)
		}
		if _, err := c.Compute(book); err != nil {
			t.Fatalf("book %d: %v\n%s", i, err, doc)
		}
		for _, v := range book.Venues {
			models[v.Model] = true
		}
	}
	for _, want := range []string{"aave-v3", "compound-v3", "deribit-pm", "deribit-standard", "dydx-v4", "hyperliquid", "gmx-v2", "custody"} {
		if !models[want] {
			t.Errorf("no book holds a %s venue", want)
		}
	}
	if bytes.Equal(demo.Book(7, 0), demo.Book(8, 0)) {
		t.Error("seeds 7 and 8 give the same first book")
	}
}
