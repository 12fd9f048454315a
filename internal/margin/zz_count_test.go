package margin

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

func TestZZCount(t *testing.T) {
	m, _ := market.Load(demo.MarketJSON, market.Options{AllowStale: true})
	in, _ := os.Open("/tmp/svc/books.jsonl")
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	type agg struct {
		n, evals, assets int
		dur        time.Duration
	}
	by := map[string]*agg{}
	k := 0
	var total time.Duration
	for sc.Scan() && k < 500 {
		k++
		book, _ := portfolio.Parse(sc.Bytes())
		for vi := range book.Venues {
			v := &book.Venues[vi]
			venue.ZZEvals = 0
			st := time.Now()
			lp, _ := venue.LiquidationPrices(v, m)
			d := time.Since(st)
			total += d
			a := by[v.Model+"/"+v.ID]
			if a == nil {
				a = &agg{}
				by[v.Model+"/"+v.ID] = a
			}
			a.n++
			a.evals += venue.ZZEvals
			a.assets += len(lp)
			a.dur += d
		}
	}
	keys := []string{}
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		a := by[key]
		fmt.Printf("%-32s n=%4d assets/venue=%.2f evals/venue=%6.1f  us/venue=%7.1f  us/eval=%5.2f share=%.1f%%\n", key, a.n, float64(a.assets)/float64(a.n), float64(a.evals)/float64(a.n), float64(a.dur.Microseconds())/float64(a.n), float64(a.dur.Microseconds())/float64(a.evals), 100*float64(a.dur)/float64(total))
	}
	fmt.Printf("per book: %.1f us\n", float64(total.Microseconds())/float64(k))
}
