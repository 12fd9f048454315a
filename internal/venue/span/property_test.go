package span

// Goal: properties of the SPAN model on random BTC books (rapid): more cash
// never lowers health; a position and its exact opposite add nothing;
// requirements are ordered (0 ≤ maintenance ≤ initial); a long option's
// maintenance never exceeds its value.

import (
	"fmt"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

var propAsOf = time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)

func propMarket() *market.Snapshot {
	m, err := market.Load([]byte(`{"as_of": "2024-01-02T00:00:00Z", "assets": {"BTC": {"price": "40000", "vol": 0.6},
	  "USDC": {"price": "1"}}, "rates": {"USD": 0.05}}`), market.Options{})
	if err != nil {
		panic(err)
	}
	return m
}

func genPosition(t *rapid.T, i int) portfolio.Position {
	label := fmt.Sprint(i)
	q := float64(rapid.IntRange(-20, 20).Draw(t, "q"+label)) / 4
	if q == 0 {
		q = 1
	}
	p := portfolio.Position{Underlying: "BTC", QuantityF: q, Quantity: money.MustDecimal(fmt.Sprint(q))}
	days := []int{3, 30, 90, 180}[rapid.IntRange(0, 3).Draw(t, "expiry"+label)]
	p.Expiry = propAsOf.Add(time.Duration(days) * 24 * time.Hour)
	switch rapid.IntRange(0, 2).Draw(t, "kind"+label) {
	case 0:
		p.Kind = portfolio.KindFuture
	case 1:
		p.Kind = portfolio.KindPerp
		p.Expiry = time.Time{}
	default:
		p.Kind = portfolio.KindOption
		p.Right = pricing.Call
		if rapid.Bool().Draw(t, "put"+label) {
			p.Right = pricing.Put
		}
		p.StrikeF = float64(rapid.IntRange(20, 60).Draw(t, "strike"+label)) * 1000
	}
	return p
}

func genVenue(t *rapid.T) *portfolio.Venue {
	v := &portfolio.Venue{Path: "venues[0]", ID: "cme", Model: ModelName}
	cash := float64(rapid.IntRange(0, 100000).Draw(t, "cash"))
	v.Collateral = []portfolio.Collateral{{Asset: "USDC", AmountF: cash, Amount: money.MustDecimal(fmt.Sprint(cash))}}
	for i, n := 0, rapid.IntRange(1, 6).Draw(t, "n"); i < n; i++ {
		v.Positions = append(v.Positions, genPosition(t, i))
	}
	return v
}

func mustMargin(t *rapid.T, v *portfolio.Venue, m *market.Snapshot) venue.Result {
	r, err := Model{}.Margin(v, m)
	if err != nil {
		t.Fatalf("margin: %v", err)
	}
	return r
}

func TestPropertyMoreCashNeverLowersHealth(t *testing.T) {
	m := propMarket()
	rapid.Check(t, func(t *rapid.T) {
		v := genVenue(t)
		r0 := mustMargin(t, v, m)
		if r0.Maintenance < 0 || r0.Initial < r0.Maintenance {
			t.Fatalf("requirements out of order: %+v", r0)
		}
		more := *v
		add := float64(rapid.IntRange(1, 50000).Draw(t, "add"))
		more.Collateral = append(append([]portfolio.Collateral{}, v.Collateral...),
			portfolio.Collateral{Asset: "USDC", AmountF: add, Amount: money.MustDecimal(fmt.Sprint(add))})
		r1 := mustMargin(t, &more, m)
		if r0.Health != nil && *r1.Health < *r0.Health {
			t.Fatalf("health %v → %v", *r0.Health, *r1.Health)
		}
		if r1.Maintenance != r0.Maintenance {
			t.Fatalf("cash changed the requirement")
		}
	})
}

func TestPropertyOppositeAddsNothing(t *testing.T) {
	m := propMarket()
	rapid.Check(t, func(t *rapid.T) {
		v := genVenue(t)
		r0 := mustMargin(t, v, m)
		p := genPosition(t, 99)
		opp := p
		opp.QuantityF, opp.Quantity = -p.QuantityF, p.Quantity.Neg()
		both := *v
		both.Positions = append(append([]portfolio.Position{}, v.Positions...), p, opp)
		r1 := mustMargin(t, &both, m)
		tol := 1e-9 * math.Max(1, r0.Maintenance)
		if math.Abs(r1.Maintenance-r0.Maintenance) > tol || math.Abs(r1.Initial-r0.Initial) > 1.1*tol {
			t.Fatalf("a position and its opposite changed the requirement: %v → %v", r0.Maintenance, r1.Maintenance)
		}
		alone := portfolio.Venue{Path: v.Path, ID: v.ID, Model: v.Model, Positions: []portfolio.Position{p}}
		pair := alone
		pair.Positions = []portfolio.Position{p, opp}
		ra, rp := mustMargin(t, &alone, m), mustMargin(t, &pair, m)
		if rp.Initial > ra.Initial+tol {
			t.Fatalf("the pair costs %v, more than the position alone %v", rp.Initial, ra.Initial)
		}
	})
}

func TestPropertyLongOptionCoveredByItsValue(t *testing.T) {
	m := propMarket()
	rapid.Check(t, func(t *rapid.T) {
		p := genPosition(t, 0)
		p.Kind = portfolio.KindOption
		if p.StrikeF == 0 {
			p.StrikeF = 40000
		}
		if p.Expiry.IsZero() {
			p.Expiry = propAsOf.Add(30 * 24 * time.Hour)
		}
		p.QuantityF = math.Abs(p.QuantityF)
		p.Quantity = p.Quantity.Abs()
		v := &portfolio.Venue{Path: "venues[0]", ID: "cme", Model: ModelName, Positions: []portfolio.Position{p}}
		r := mustMargin(t, v, m)
		if r.Liquidatable() || r.Maintenance > r.Equity*(1+1e-12)+1e-9 {
			t.Fatalf("long option: equity %v, maintenance %v", r.Equity, r.Maintenance)
		}
	})
}
