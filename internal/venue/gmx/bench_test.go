// Benchmark: margining a 20-position GMX account, which is 20 venues (GMX
// margins every position alone), the hot path of the report and bulk re-margin.
package gmx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func BenchmarkMargin20Positions(b *testing.B) {
	m := loadPropMarket(b)
	var venues []string
	for i := range 20 {
		p := propPosition{symbol: []string{"ETH", "BTC"}[i%2], milli: int64(700 * (i - 9)), entryPct: int64(80 + 2*i), fundingUSD: -int64(i)}
		if p.milli == 0 {
			p.milli = 300
		}
		params := ""
		if i%3 == 0 {
			params = `"params": {"open_interest_long": 90000000, "open_interest_short": 60000000},`
		}
		venues = append(venues, fmt.Sprintf(`{"id": "g%d", "model": "gmx-v2", "chain": "arbitrum", %s
 "collateral": [{"asset": "USDC", "amount": "%d"}], "positions": [%s]}`, i, params, 5000+100*i, p.json(1, m)))
	}
	pf, err := portfolio.Parse([]byte(`{"account": "bench", "venues": [` + strings.Join(venues, ", ") + `]}`))
	if err == nil {
		err = portfolio.Check(pf, m)
	}
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for i := range pf.Venues {
			if _, err := venue.Margin(&pf.Venues[i], m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
