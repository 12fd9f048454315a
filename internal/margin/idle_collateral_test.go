package margin

import (
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/portfolio"
)

// Goal: idle collateral never moves the savings (DESIGN.md "Every requirement
// is in equity terms": a requirement is what a venue's positions and debt
// need). Method: the real venue models on the demo market; a book of a few
// demo venues (Aave with debt, Deribit, dYdX, Compound, custody) plus one
// holding of idle collateral, placed first at one idle place — a custody
// wallet, an Aave v3 pool with no debt, a Compound v3 market with no borrow
// (supplied collateral, or USDC as a base supply) — then moved to another
// idle place. Fragmented and unified initial and maintenance are the same
// before and after; only where the excess sits changes. (Until 2026-12-06
// Aave and Compound charged Σc·(1 − LTV) on any collateral: an idle Aave
// supply of 1 WBTC then cost 9,400 USD of fragmented initial margin.)
func TestPropertyIdleCollateralNeverMovesRequirements(t *testing.T) {
	demoBook, m, _ := demoInputs(t)
	rp := DefaultRiskParams()
	type place struct {
		model, chain string
		assets       []string // what the place accepts as collateral
	}
	places := []place{
		{"custody", "ethereum", []string{"WBTC", "WETH", "wstETH", "USDC"}},
		{"custody", "base", []string{"WBTC", "WETH", "wstETH", "USDC"}},
		{"aave-v3", "ethereum", []string{"WBTC", "WETH", "wstETH", "USDC"}},
		{"compound-v3", "ethereum", []string{"WBTC", "WETH", "USDC"}},
	}
	rapid.Check(t, func(t *rapid.T) {
		book := &portfolio.Portfolio{Account: demoBook.Account}
		for _, v := range demoBook.Venues {
			if rapid.Bool().Draw(t, "keep "+v.ID) {
				book.Venues = append(book.Venues, v)
			}
		}
		asset := rapid.SampledFrom([]string{"WBTC", "WETH", "USDC", "wstETH"}).Draw(t, "asset")
		amount := math.Round(rapid.Float64Range(0.01, 2_000_000).Draw(t, "usd")/m.Spot(asset)*1e4) / 1e4
		accepting := func(label string) place {
			for {
				p := rapid.SampledFrom(places).Draw(t, label)
				for _, a := range p.assets {
					if a == asset {
						return p
					}
				}
			}
		}
		from, to := accepting("from"), accepting("to")
		at := func(p place) *portfolio.Portfolio {
			b := cloneBook(book)
			b.Venues = append(b.Venues, portfolio.Venue{ID: "idle", Model: p.model, Chain: p.chain,
				Path:       fmt.Sprintf("venues[%d]", len(b.Venues)),
				Collateral: []portfolio.Collateral{collateral(asset, amount)}, Positions: []portfolio.Position{}})
			return b
		}
		before, err := Compute(at(from), m, rp)
		if err != nil {
			t.Fatalf("%s at %s: %v", asset, from.model, err)
		}
		after, err := Compute(at(to), m, rp)
		if err != nil {
			t.Fatalf("%s at %s: %v", asset, to.model, err)
		}
		for _, f := range []struct {
			name    string
			b, a    float64
			exactly bool
		}{
			{"fragmented initial", before.Fragmented.Initial, after.Fragmented.Initial, true},
			{"fragmented maintenance", before.Fragmented.Maintenance, after.Fragmented.Maintenance, true},
			{"unified initial", before.Unified.Initial, after.Unified.Initial, false},
			{"unified maintenance", before.Unified.Maintenance, after.Unified.Maintenance, false},
			{"idle venue's initial", before.Venues[len(book.Venues)].Initial, 0, true},
			{"idle venue's maintenance", before.Venues[len(book.Venues)].Maintenance, 0, true},
		} {
			if f.exactly && f.b != f.a || !close(f.a, f.b, 1) {
				t.Fatalf("%s: %v with %v %s at %s/%s, %v at %s/%s", f.name, f.b, amount, asset,
					from.model, from.chain, f.a, to.model, to.chain)
			}
		}
	})
}
