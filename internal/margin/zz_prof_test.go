package margin

import (
	"bufio"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

func BenchmarkZZDistinct(b *testing.B) {
	m, _ := market.Load(demo.MarketJSON, market.Options{AllowStale: true})
	c, _ := Compile(m, DefaultRiskParams())
	in, _ := os.Open("/tmp/svc/books.jsonl")
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var books []*portfolio.Portfolio
	for sc.Scan() && len(books) < 1000 {
		bk, _ := portfolio.Parse(sc.Bytes())
		books = append(books, bk)
	}
	i := 0
	for b.Loop() {
		if _, err := c.Compute(books[i%len(books)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
