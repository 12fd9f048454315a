package portfolio_test

import (
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// BenchmarkParseDistinct parses the service's distinct books (demo.Book),
// as POST /v1/margin does for each loadtest --distinct request.
func BenchmarkParseDistinct(b *testing.B) {
	books := make([][]byte, 256)
	for i := range books {
		books[i] = demo.Book(1, i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := portfolio.Parse(books[i%len(books)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
