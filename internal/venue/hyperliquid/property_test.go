// Properties of hyperliquid on random cross accounts (rapid): adding
// collateral never lowers health; a position with its exact opposite costs no
// more than either alone (Hyperliquid holds one position per asset, so they
// net to none); maintenance is continuous across margin tiers and never above
// the initial margin at max leverage. Books go through portfolio.Parse, the
// same input path as the CLI.
package hyperliquid

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const propMarket = `{"as_of": "2025-11-01T00:00:00Z",
 "assets": {"BTC": {"price": "100000"}, "ETH": {"price": "4000"}, "SOL": {"price": "200"},
            "HYPE": {"price": "40"}, "USDC": {"price": "1", "class": "stable"}}}`

var propSymbols = []string{"BTC", "ETH", "SOL", "HYPE"}

type fataler interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func loadPropMarket(t fataler) *market.Snapshot {
	m, err := market.Load([]byte(propMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type propPosition struct {
	symbol string
	milli  int64 // quantity in thousandths
	entry  int64 // percent of spot, 0 = none
}

func (p propPosition) json(k int64, m *market.Snapshot) string {
	s := fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%.3f"`, p.symbol, float64(p.milli*k)/1000)
	if p.entry > 0 {
		s += fmt.Sprintf(`, "entry_price": "%.2f"`, m.Spot(p.symbol)*float64(p.entry)/100)
	}
	return s + "}"
}

func genPosition(t *rapid.T, label string) propPosition {
	p := propPosition{
		symbol: rapid.SampledFrom(propSymbols).Draw(t, label+".symbol"),
		milli:  rapid.Int64Range(1, 20_000).Draw(t, label+".milli"),
	}
	if rapid.Bool().Draw(t, label+".short") {
		p.milli = -p.milli
	}
	if rapid.Bool().Draw(t, label+".hasEntry") {
		p.entry = rapid.Int64Range(50, 150).Draw(t, label+".entry")
	}
	return p
}

func propVenue(t fataler, m *market.Snapshot, params, collateral string, positions []string) *portfolio.Venue {
	doc := fmt.Sprintf(`{"account": "prop", "venues": [{"id": "h", "model": "hyperliquid", "chain": "hyperliquid",%s
 "collateral": [{"asset": "USDC", "amount": %q}], "positions": [%s]}]}`,
		params, collateral, strings.Join(positions, ", "))
	p, err := portfolio.Parse([]byte(doc))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	return &p.Venues[0]
}

func mustMargin(t fataler, v *portfolio.Venue, m *market.Snapshot) venue.Result {
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPropertyCollateralNeverLowersHealth(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		var positions []string
		for i := range rapid.IntRange(1, 6).Draw(t, "n") {
			positions = append(positions, genPosition(t, fmt.Sprint("p", i)).json(1, m))
		}
		c1 := rapid.IntRange(0, 100_000).Draw(t, "c1")
		c2 := c1 + rapid.IntRange(1, 100_000).Draw(t, "extra")
		lo := mustMargin(t, propVenue(t, m, "", fmt.Sprint(c1), positions), m)
		hi := mustMargin(t, propVenue(t, m, "", fmt.Sprint(c2), positions), m)
		if lo.Initial != hi.Initial || lo.Maintenance != hi.Maintenance {
			t.Fatalf("collateral changed requirements: %+v vs %+v", lo, hi)
		}
		if (lo.Health == nil) != (hi.Health == nil) {
			t.Fatalf("health defined in one book only")
		}
		if lo.Health != nil && *hi.Health < *lo.Health {
			t.Fatalf("health fell from %g to %g when collateral rose %d → %d", *lo.Health, *hi.Health, c1, c2)
		}
	})
}

func TestPropertyOppositeCostsNoMore(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPosition(t, "p")
		alone := mustMargin(t, propVenue(t, m, "", "1000", []string{p.json(1, m)}), m)
		opposite := mustMargin(t, propVenue(t, m, "", "1000", []string{p.json(-1, m)}), m)
		both := mustMargin(t, propVenue(t, m, "", "1000", []string{p.json(1, m), p.json(-1, m)}), m)
		if both.Initial > math.Min(alone.Initial, opposite.Initial) {
			t.Fatalf("initial %g > min(%g, %g)", both.Initial, alone.Initial, opposite.Initial)
		}
		if both.Maintenance > math.Min(alone.Maintenance, opposite.Maintenance) {
			t.Fatalf("maintenance %g > min(%g, %g)", both.Maintenance, alone.Maintenance, opposite.Maintenance)
		}
	})
}

// Maintenance is continuous in notional across every tier boundary of every
// table of the set, and at most the initial margin at max leverage (half of
// it in tier 0).
func TestPropertyTiersContinuous(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := sets[DefaultSet]
		ids := []int{51, 52, 53, 54, 55, 56}
		tiers := s.tables[rapid.SampledFrom(ids).Draw(t, "table")]
		for _, tr := range tiers[1:] {
			below := marginOf(tiers, tiers[0].MaxLeverage, tr.LowerBound*(1-1e-12))
			at := marginOf(tiers, tiers[0].MaxLeverage, tr.LowerBound)
			if math.Abs(at.maintenance-below.maintenance) > 1e-9*at.maintenance {
				t.Fatalf("maintenance jumps at %g: %g → %g", tr.LowerBound, below.maintenance, at.maintenance)
			}
		}
		n := rapid.Float64Range(0, 1e9).Draw(t, "notional")
		f := marginOf(tiers, tiers[0].MaxLeverage, n)
		if f.maintenance > f.initial/2*(1+1e-12) {
			t.Fatalf("notional %g: maintenance %g above half the initial margin at max leverage %g", n, f.maintenance, f.initial)
		}
	})
}

// Figures stay finite at any price the liquidation-price search may try.
func TestPropertyExtremePricesStayFinite(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		var positions []string
		for i := range rapid.IntRange(1, 6).Draw(t, "n") {
			positions = append(positions, genPosition(t, fmt.Sprint("p", i)).json(1, m))
		}
		sym := rapid.SampledFrom(propSymbols).Draw(t, "sym")
		factor := math.Pow(10, rapid.Float64Range(-6, 6).Draw(t, "log10 factor"))
		mustMargin(t, propVenue(t, m, ` "params": {"SOL.leverage": 3},`, "5000", positions),
			m.WithPriceScaled(sym, factor))
	})
}
