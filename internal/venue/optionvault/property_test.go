package optionvault

// Goal: the vault identities on random fully collateralised vaults (rapid):
// equity − maintenance = Σ_a (posted_a − locked_a)·price_a ≥ 0 at any
// prices (never liquidatable); more collateral never lowers health; a
// written option and its exact opposite add nothing.

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

var asOf = time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)

func genMarket(t *rapid.T) *market.Snapshot {
	eth := rapid.IntRange(500, 10000).Draw(t, "eth")
	usdc := 0.95 + float64(rapid.IntRange(0, 10).Draw(t, "usdc"))/100
	m, err := market.Load([]byte(fmt.Sprintf(`{"as_of": "2024-01-02T00:00:00Z", "assets": {"WETH": {"price": "%d", "vol": 0.7},
	  "USDC": {"price": "%g"}}, "rates": {"USD": 0.03}}`, eth, usdc)), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// genVault writes random calls and puts and posts at least what they lock.
func genVault(t *rapid.T) (*portfolio.Venue, map[string]float64) {
	v := &portfolio.Venue{Path: "venues[0]", ID: "vault", Model: ModelName}
	locked := map[string]float64{}
	for i, n := 0, rapid.IntRange(0, 6).Draw(t, "n"); i < n; i++ {
		q := float64(rapid.IntRange(1, 20).Draw(t, fmt.Sprint("q", i)))
		p := portfolio.Position{Kind: portfolio.KindOption, Underlying: "WETH", QuantityF: -q,
			Quantity: money.MustDecimal(fmt.Sprint(-q)), Right: pricing.Call,
			StrikeF: float64(rapid.IntRange(5, 100).Draw(t, fmt.Sprint("k", i))) * 100,
			Expiry:  asOf.Add(time.Duration(rapid.IntRange(1, 90).Draw(t, fmt.Sprint("d", i))) * 24 * time.Hour)}
		if rapid.Bool().Draw(t, fmt.Sprint("put", i)) {
			p.Right = pricing.Put
			locked["USDC"] += q * p.StrikeF
		} else {
			locked["WETH"] += q
		}
		v.Positions = append(v.Positions, p)
	}
	for _, a := range []string{"WETH", "USDC"} {
		amt := locked[a] + float64(rapid.IntRange(0, 1000).Draw(t, "extra"+a))
		v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: a, AmountF: amt, Amount: money.MustDecimal(fmt.Sprint(amt))})
	}
	return v, locked
}

func mustMargin(t *rapid.T, v *portfolio.Venue, m *market.Snapshot) venue.Result {
	r, err := Model{}.Margin(v, m)
	if err != nil {
		t.Fatalf("margin: %v", err)
	}
	return r
}

func TestPropertyExcessIsSurplusCollateral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMarket(t)
		v, locked := genVault(t)
		r := mustMargin(t, v, m)
		var surplus float64
		for _, c := range v.Collateral {
			surplus += (c.AmountF - locked[c.Asset]) * m.Spot(c.Asset)
		}
		tol := 1e-9 * math.Max(1, r.CollateralValue)
		if math.Abs(r.Equity-r.Maintenance-surplus) > tol || r.Liquidatable() || r.Initial != r.Maintenance {
			t.Fatalf("equity %v − maintenance %v ≠ surplus %v", r.Equity, r.Maintenance, surplus)
		}
	})
}

func TestPropertyMoreCollateralNeverLowersHealth(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMarket(t)
		v, _ := genVault(t)
		r0 := mustMargin(t, v, m)
		more := *v
		add := float64(rapid.IntRange(1, 1000).Draw(t, "add"))
		asset := rapid.SampledFrom([]string{"WETH", "USDC"}).Draw(t, "asset")
		more.Collateral = append(append([]portfolio.Collateral{}, v.Collateral...),
			portfolio.Collateral{Asset: asset, AmountF: add, Amount: money.MustDecimal(fmt.Sprint(add))})
		r1 := mustMargin(t, &more, m)
		if r0.Health != nil && *r1.Health < *r0.Health {
			t.Fatalf("health %v → %v", *r0.Health, *r1.Health)
		}
	})
}

func TestPropertyOppositeAddsNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMarket(t)
		v, _ := genVault(t)
		if len(v.Positions) == 0 {
			return
		}
		r0 := mustMargin(t, v, m)
		p := v.Positions[rapid.IntRange(0, len(v.Positions)-1).Draw(t, "i")]
		opp := p
		opp.QuantityF, opp.Quantity = -p.QuantityF, p.Quantity.Neg()
		both := *v
		both.Positions = append(append([]portfolio.Position{}, v.Positions...), p, opp)
		r1 := mustMargin(t, &both, m)
		if math.Abs(r1.Maintenance-r0.Maintenance) > 1e-9*math.Max(1, r0.Maintenance) {
			t.Fatalf("opposite pair changed the requirement %v → %v", r0.Maintenance, r1.Maintenance)
		}
	})
}
