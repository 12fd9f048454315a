package compound

// Goal: properties that must hold for every Comet account, on random books
// over the built-in set's assets (pgregory.net/rapid). Books are built as
// portfolio.Venue values over a snapshot with exact decimal prices, as
// market.Load would store them; each property compares the model with itself
// under a controlled change, in Comet's integer figures where exact.

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

var propAssets = []string{"COMP", "WBTC", "WETH", "UNI", "LINK"}

func snapshot(prices map[string]string) *market.Snapshot {
	m := &market.Snapshot{Assets: map[string]*market.Asset{}, VenuePrices: map[string]map[string]float64{}}
	for sym, p := range prices {
		d := money.MustDecimal(p)
		dec, ok := money.BuiltinDecimals(sym)
		if !ok {
			dec = money.DefaultDecimals
		}
		m.Assets[sym] = &market.Asset{Asset: money.Asset{Symbol: sym, Decimals: dec}, Price: d.Float64(), PriceExact: d}
	}
	return m
}

func genDecimal(t *rapid.T, label string, maxWhole uint64, scale int) money.Decimal {
	whole := rapid.Uint64Range(0, maxWhole).Draw(t, label+"_whole")
	frac := rapid.Uint64Range(0, uint64(math.Pow10(scale))-1).Draw(t, label+"_frac")
	return money.MustDecimal(fmt.Sprintf("%d.%0*d", whole, scale, frac))
}

type book struct {
	venue  *portfolio.Venue
	market *market.Snapshot
}

func genBook(t *rapid.T) book {
	prices := map[string]string{"USDC": genDecimal(t, "usdc_price", 0, 4).String()}
	if prices["USDC"] == "0" {
		prices["USDC"] = "1"
	} else {
		prices["USDC"] = "0.9" + prices["USDC"][2:]
	}
	v := &portfolio.Venue{Path: "venues[0]", ID: "comet", Model: ModelName}
	for _, sym := range propAssets {
		p := genDecimal(t, sym+"_price", 50000, 4)
		if p.Sign() == 0 {
			p = money.MustDecimal("1")
		}
		prices[sym] = p.String()
	}
	for i, n := 0, rapid.IntRange(0, 5).Draw(t, "n_collateral"); i < n; i++ {
		sym := rapid.SampledFrom(propAssets).Draw(t, "asset")
		d := genDecimal(t, "amount", 1000, 6)
		v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: sym, Amount: d, AmountF: d.Float64()})
	}
	if rapid.Bool().Draw(t, "borrows") {
		d := genDecimal(t, "borrow", 200000, 6)
		v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindBorrow, Asset: "USDC", Amount: d, AmountF: d.Float64()})
	}
	return book{venue: v, market: snapshot(prices)}
}

func mustMargin(t *rapid.T, b book) (venue.Result, Liquidity) {
	r, l, err := margin(b.venue, b.market)
	if err != nil {
		t.Fatalf("margin: %v", err)
	}
	return r, l
}

// Liquidatable and the excess sign agree with Comet's own checks.
func TestPropertyAgreesWithComet(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		r, l := mustMargin(t, b)
		if r.Liquidatable() != l.Liquidatable() {
			t.Fatalf("liquidatable %v, isLiquidatable %v", r.Liquidatable(), l.Liquidatable())
		}
		if r.Initial < r.Maintenance || r.Maintenance < 0 {
			t.Fatalf("initial %v < maintenance %v", r.Initial, r.Maintenance)
		}
		if l.BorrowCollateralized() && r.Equity-r.Initial < -1e-6 {
			t.Fatalf("collateralized but excess %v", r.Equity-r.Initial)
		}
	})
}

// Adding collateral never lowers health, and on an account that is not
// liquidatable never lowers the liquidation margin equity − maintenance =
// C·(1 − D/LC) (C and LC both rise). Below the line that margin is
// C·(1 − D/LC) < 0 and may fall as C grows; the health still rises.
func TestPropertyMoreCollateralNeverLowersHealth(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		r0, l0 := mustMargin(t, b)
		sym := rapid.SampledFrom(propAssets).Draw(t, "added")
		d := genDecimal(t, "added_amount", 100, 6)
		more := *b.venue
		more.Collateral = append(append([]portfolio.Collateral{}, b.venue.Collateral...),
			portfolio.Collateral{Asset: sym, Amount: d, AmountF: d.Float64()})
		r1, l1 := mustMargin(t, book{&more, b.market})
		if l1.LiquidateE8.Lt(&l0.LiquidateE8) || l1.BorrowCFE8.Lt(&l0.BorrowCFE8) {
			t.Fatalf("collateral sums fell")
		}
		if r0.Health != nil && (r1.Health == nil || *r1.Health < *r0.Health) {
			t.Fatalf("health %v → %v", *r0.Health, r1.Health)
		}
		if !r0.Liquidatable() && r1.Equity-r1.Maintenance < r0.Equity-r0.Maintenance-1e-9 {
			t.Fatalf("equity − maintenance %v → %v", r0.Equity-r0.Maintenance, r1.Equity-r1.Maintenance)
		}
		if l0.BorrowCollateralized() && !l1.BorrowCollateralized() {
			t.Fatalf("collateral made the account undercollateralized")
		}
	})
}

// A book that both borrows and supplies the base asset is not a Comet
// account (the base balance is one signed principal): an input error naming
// the entry that made it so, whatever the amounts.
func TestPropertyBaseSupplyAndBorrowRefused(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		d := genDecimal(t, "opposite", 100000, 6)
		if d.Sign() == 0 {
			d = money.MustDecimal("0.000001")
		}
		both := *b.venue
		both.Positions = append(append([]portfolio.Position{}, b.venue.Positions...),
			portfolio.Position{Kind: portfolio.KindBorrow, Asset: "USDC", Amount: d, AmountF: d.Float64()},
			portfolio.Position{Kind: portfolio.KindSupply, Asset: "USDC", Amount: d, AmountF: d.Float64()})
		_, _, err := margin(&both, b.market)
		var ie *input.Error
		want := fmt.Sprintf("venues[0].positions[%d].asset", len(both.Positions)-1)
		if !errors.As(err, &ie) || ie.Path != want {
			t.Fatalf("error %v, want an input error at %s", err, want)
		}
	})
}

// The generic liquidation price lands where Comet flips.
func TestLiquidationPriceFlipsComet(t *testing.T) {
	b := book{market: snapshot(map[string]string{"WETH": "1600", "USDC": "1"}),
		venue: &portfolio.Venue{Path: "venues[0]", ID: "comet", Model: ModelName,
			Collateral: []portfolio.Collateral{{Asset: "WETH", Amount: money.MustDecimal("10"), AmountF: 10}},
			Positions: []portfolio.Position{{Kind: portfolio.KindBorrow, Asset: "USDC",
				Amount: money.MustDecimal("10000"), AmountF: 10000}}}}
	prices, err := venue.LiquidationPrices(b.venue, b.market)
	if err != nil {
		t.Fatal(err)
	}
	p := prices["WETH"]
	if p == nil || math.Abs(*p-10000/(10*0.895)) > 1e-6 {
		t.Fatalf("WETH liquidation price %v, want %v", p, 10000/(10*0.895))
	}
}

// The model's liquidation-price solver (solve.go) agrees with the generic
// search and Comet flips at its price, on random books (suppliers of base,
// which have no liquidation price, included). A dust debt (under 1 USDC)
// is left out: Comet floors its value to 1e-8 USD, so within the search's
// range it floors to 0 and the account stops being liquidatable there, a
// step no linear form has (a real account's debt is far above it).
func TestPropLiquidationSolverAgreesWithSearch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		for _, p := range b.venue.Positions {
			if p.AmountF < 1 {
				t.Skip("dust debt")
			}
		}
		venuetest.CheckLiquidationSolver(t, b.venue, b.market)
	})
}
