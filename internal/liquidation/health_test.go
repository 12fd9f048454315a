package liquidation

import (
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Goal: one health number (DESIGN.md): `liquidate`'s health_before is
// `margin`'s health for every venue, null together. Method: the demo book
// (every venue kind) plus two Aave venues without debt, one idle and one
// with a supply that is not collateral (the case where the two commands
// once read null and 4.545), margined and liquidated on the demo market.
func TestLiquidateHealthIsMarginHealth(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book, err := portfolio.Parse(demo.PortfolioJSON)
	if err != nil {
		t.Fatal(err)
	}
	idle, err := portfolio.Parse([]byte(`{"account": "x", "venues": [
	  {"id": "aave-idle", "model": "aave-v3", "chain": "ethereum",
	   "collateral": [{"asset": "WBTC", "amount": "2"}], "positions": []},
	  {"id": "aave-supply", "model": "aave-v3", "chain": "ethereum",
	   "collateral": [{"asset": "WETH", "amount": "10"}],
	   "positions": [{"kind": "supply", "asset": "USDC", "amount": "5000"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	book.Venues = append(book.Venues, idle.Venues...)
	if err := portfolio.Check(book, m); err != nil {
		t.Fatal(err)
	}
	rp := margin.DefaultRiskParams()
	rep, err := margin.Compute(book, m, rp)
	if err != nil {
		t.Fatal(err)
	}
	liq, err := Run(book, m, rp, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range rep.Venues {
		l := liq.Venues[i]
		if l.ID != v.ID {
			t.Fatalf("venue %d: liquidate lists %s, margin %s", i, l.ID, v.ID)
		}
		switch {
		case (v.Health == nil) != (l.HealthBefore == nil):
			t.Errorf("%s: margin health %v, liquidate health_before %v", v.ID, fmtHealth(v.Health), fmtHealth(l.HealthBefore))
		case v.Health != nil && *v.Health != *l.HealthBefore:
			t.Errorf("%s: margin health %v, liquidate health_before %v", v.ID, *v.Health, *l.HealthBefore)
		}
	}
}

func fmtHealth(h *float64) any {
	if h == nil {
		return "null"
	}
	return *h
}
