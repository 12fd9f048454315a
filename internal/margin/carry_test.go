// Goal: carry per venue and the deadweight rate follow the market's rates
// exactly as DESIGN.md's Carry section states, and fall back to the flat
// yield when the market gives none. Method: a three-venue book whose carry is
// worked by hand below; then the same book without rates.
package margin

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

const carryBook = `{"account": "carry", "venues": [
 {"id": "aave", "model": "aave-v3", "chain": "ethereum",
  "collateral": [{"asset": "WETH", "amount": "10"}],
  "positions": [{"kind": "borrow", "asset": "USDC", "amount": "5000"}]},
 {"id": "comet", "model": "compound-v3", "chain": "ethereum",
  "collateral": [{"asset": "WETH", "amount": "2"}], "positions": []},
 {"id": "hl", "model": "test-flat", "chain": "arbitrum",
  "collateral": [{"asset": "USDC", "amount": "10000"}],
  "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "-1"},
                {"kind": "perp", "underlying": "SOL", "quantity": "10"}]}]}`

const carryMarket = `{"as_of": "2026-11-25T00:00:00Z",
 "assets": {"BTC": {"price": "90000", "vol": 0.5}, "SOL": {"price": "200", "vol": 0.8},
  "WETH": {"price": "3000", "vol": 0.7, "supply_apr": 0.02},
  "USDC": {"price": "1", "supply_apr": 0.04, "borrow_apr": 0.05}},
 "funding": {"BTC": 0.1095}}`

func computeDocs(t *testing.T, book, mkt string) *Report {
	t.Helper()
	p, err := portfolio.Parse([]byte(book))
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load([]byte(mkt), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compute(p, m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestCarryAtMarketRates(t *testing.T) {
	rep := computeDocs(t, carryBook, carryMarket)
	// aave: collateral is supplied: 10 WETH × 3,000 × 2% = 600; debt 5,000 × 5% = −250.
	// comet: Compound v3 collateral earns nothing: 0, and nothing unpriced.
	// hl: short 1 BTC at 90,000 with funding 10.95% (longs pay): +9,855; SOL has
	// no funding rate: unpriced, not a silent 0. Its USDC collateral earns nothing.
	want := map[string]Carry{
		"aave":  {Supply: 600, Borrow: -250, Total: 350, Unpriced: []string{}},
		"comet": {Unpriced: []string{}},
		"hl":    {Funding: 9855, Total: 9855, Unpriced: []string{"SOL funding"}},
	}
	for _, v := range rep.Venues {
		w, got := want[v.ID], v.Carry
		if got == nil {
			t.Fatalf("%s: no carry", v.ID)
		}
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }
		if !near(got.Supply, w.Supply) || !near(got.Borrow, w.Borrow) || !near(got.Funding, w.Funding) ||
			!near(got.Total, w.Total) || !slices.Equal(got.Unpriced, w.Unpriced) {
			t.Errorf("%s: carry %+v, want %+v", v.ID, *got, w)
		}
	}
	// Deadweight rate: collateral with a supply APR, value-weighted:
	// WETH 12 × 3,000 = 36,000 at 2%, USDC 10,000 at 4%: 1,120 / 46,000.
	ce := rep.CapitalEfficiency
	if wantRate := 1120.0 / 46000; math.Abs(ce.DeadweightRate-wantRate) > 1e-15 || ce.DeadweightRateSource != RateSourceMarket {
		t.Errorf("deadweight rate %v (%s), want %v (%s)", ce.DeadweightRate, ce.DeadweightRateSource, wantRate, RateSourceMarket)
	}
	if got, want := ce.DeadweightLossPerYear, rep.Savings.Initial*1120/46000; math.Abs(got-want) > 1e-9 {
		t.Errorf("deadweight loss %v, want savings × rate = %v", got, want)
	}
}

func TestCarryFallsBackToFlatYield(t *testing.T) {
	plain := strings.NewReplacer(`, "supply_apr": 0.02`, "", `, "supply_apr": 0.04, "borrow_apr": 0.05`, "",
		`,
 "funding": {"BTC": 0.1095}`, "").Replace(carryMarket)
	rep := computeDocs(t, carryBook, plain)
	for _, v := range rep.Venues {
		if v.Carry != nil {
			t.Errorf("%s: carry %+v without any rate in the market", v.ID, *v.Carry)
		}
	}
	ce := rep.CapitalEfficiency
	if ce.DeadweightRate != 0.05 || ce.DeadweightRateSource != RateSourceYield {
		t.Errorf("deadweight rate %v (%s), want the governed 0.05", ce.DeadweightRate, ce.DeadweightRateSource)
	}
}

func TestCarryRatesRefusedNameField(t *testing.T) {
	for _, c := range []struct{ edit, field string }{
		{`"supply_apr": 0.02`, `"supply_apr": -0.02`},
		{`"borrow_apr": 0.05`, `"borrow_apr": 11`},
		{`"BTC": 0.1095`, `"BTC": -12`},
		{`"funding": {"BTC"`, `"funding": {"DOGE"`},
	} {
		bad := strings.Replace(carryMarket, c.edit, c.field, 1)
		_, err := market.Load([]byte(bad), market.Options{})
		if err == nil {
			t.Errorf("%s: accepted", c.field)
			continue
		}
		name := strings.Trim(strings.SplitN(c.field, ":", 2)[0], `"`)
		if name == "DOGE" {
			name = "funding.DOGE"
		}
		if !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %q does not name %s", c.field, err, name)
		}
	}
}
