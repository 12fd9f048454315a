// Properties of gmx-v2 on random positions (rapid): adding collateral never
// lowers health; liquidatable agrees with GMX's own test written out
// independently (remaining collateral against max(min_collateral_usd,
// size × factor)); maintenance never exceeds initial. A position and its
// exact opposite cannot share a gmx-v2 venue (GMX margins every position
// alone), so the netting property of the cross-margin models becomes: the
// model refuses the pair with an input error.
package gmx

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

const propMarket = `{"as_of": "2026-03-13T00:00:00Z",
 "assets": {"ETH": {"price": "4000"}, "WETH": {"price": "4000"}, "BTC": {"price": "100000"},
            "WBTC": {"price": "100000"}, "USDC": {"price": "1", "class": "stable"}}}`

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
	symbol     string
	milli      int64 // quantity in thousandths
	entryPct   int64 // entry as percent of spot
	fundingUSD int64
}

func (p propPosition) json(k int64, m *market.Snapshot) string {
	return fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%.3f", "entry_price": "%.2f", "funding": "%d"}`,
		p.symbol, float64(p.milli*k)/1000, m.Spot(p.symbol)*float64(p.entryPct)/100, p.fundingUSD)
}

func genPosition(t *rapid.T) propPosition {
	p := propPosition{
		symbol:     rapid.SampledFrom([]string{"ETH", "BTC"}).Draw(t, "symbol"),
		milli:      rapid.Int64Range(1, 100_000).Draw(t, "milli"),
		entryPct:   rapid.Int64Range(50, 150).Draw(t, "entry"),
		fundingUSD: -rapid.Int64Range(0, 500).Draw(t, "fees"),
	}
	if rapid.Bool().Draw(t, "short") {
		p.milli = -p.milli
	}
	return p
}

func propVenue(t fataler, m *market.Snapshot, params string, collateral []string, positions []string) (*portfolio.Venue, error) {
	doc := fmt.Sprintf(`{"account": "prop", "venues": [{"id": "g", "model": "gmx-v2", "chain": "arbitrum",%s
 "collateral": [%s], "positions": [%s]}]}`, params, strings.Join(collateral, ", "), strings.Join(positions, ", "))
	p, err := portfolio.Parse([]byte(doc))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	_, err = venue.Margin(&p.Venues[0], m)
	return &p.Venues[0], err
}

func mustMargin(t fataler, v *portfolio.Venue, m *market.Snapshot) venue.Result {
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func usdc(amount int) string { return fmt.Sprintf(`{"asset": "USDC", "amount": "%d"}`, amount) }

func TestPropertyCollateralNeverLowersHealth(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPosition(t).json(1, m)
		c1 := rapid.IntRange(0, 1_000_000).Draw(t, "c1")
		c2 := c1 + rapid.IntRange(1, 1_000_000).Draw(t, "extra")
		vLo, _ := propVenue(t, m, "", []string{usdc(c1)}, []string{p})
		vHi, _ := propVenue(t, m, "", []string{usdc(c2)}, []string{p})
		lo, hi := mustMargin(t, vLo, m), mustMargin(t, vHi, m)
		if lo.Initial != hi.Initial || lo.Maintenance != hi.Maintenance {
			t.Fatalf("collateral changed requirements: %+v vs %+v", lo, hi)
		}
		if *hi.Health < *lo.Health {
			t.Fatalf("health fell from %g to %g when collateral rose %d → %d", *lo.Health, *hi.Health, c1, c2)
		}
	})
}

// The liquidation test of PositionUtils.isPositionLiquidatable, written out
// from the contract for the default markets (no impact counts: the max impact
// factor for liquidations is 0; no open interest: the 0.06% close fee).
func TestPropertyLiquidatableAgreesWithGMX(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPosition(t)
		amount := rapid.IntRange(0, 200_000).Draw(t, "collateral")
		v, err := propVenue(t, m, "", []string{usdc(amount)}, []string{p.json(1, m)})
		if err != nil {
			t.Fatal(err)
		}
		r := mustMargin(t, v, m)
		q := math.Abs(float64(p.milli) / 1000)
		price := m.Spot(p.symbol)
		sizeUSD := q * math.Round(price*float64(p.entryPct)) / 100
		pnl := q*price - sizeUSD
		if p.milli < 0 {
			pnl = -pnl
		}
		remaining := float64(amount) + pnl + float64(p.fundingUSD) - sizeUSD*0.0006
		threshold := math.Max(1, sizeUSD*0.005)
		gmx := remaining < threshold || remaining <= 0
		if math.Abs(remaining-threshold) < 1e-6*math.Max(1, threshold) {
			return // float64 summation order decides exact ties
		}
		if r.Liquidatable() != gmx {
			t.Fatalf("model liquidatable %v, GMX %v (remaining %g, threshold %g, %+v)",
				r.Liquidatable(), gmx, remaining, threshold, r)
		}
		if r.Maintenance > r.Initial {
			t.Fatalf("maintenance %g above initial %g", r.Maintenance, r.Initial)
		}
	})
}

func TestPropertyOppositeCannotShareVenue(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPosition(t)
		_, err := propVenue(t, m, "", []string{usdc(1000)}, []string{p.json(1, m), p.json(-1, m)})
		if err == nil || !strings.Contains(err.Error(), "one isolated position") {
			t.Fatalf("a position and its opposite in one venue: %v", err)
		}
	})
}
