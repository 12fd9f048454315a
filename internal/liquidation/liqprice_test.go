package liquidation

// Goal: Hyperliquid's published liquidation price,
//
//	liq = price − side·margin_available/size/(1 − l·side),  l = MMR,
//	margin_available = account_value − maintenance_required,
//
// (hyperliquid docs, Liquidations; defi-venues.md §5.2) is where the
// liquidation engine starts liquidating: just beyond it the venue is
// liquidatable and a liquidation happens, just inside it nothing happens.
// Method: a cross account with one BTC perp (long and short), MMR read from
// the model (maintenance / notional); compare the formula with
// venue.LiquidationPrices and run Run at liq·(1 ∓ 1e-6).
//
// Also Derive's auction fraction against its closed form.

import (
	"fmt"
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/venue"
)

func TestHyperliquidLiquidationPrice(t *testing.T) {
	for _, c := range []struct {
		qty, entry, collateral float64
	}{{2, 92000, 30000}, {-2, 88000, 30000}, {0.5, 95000, 8000}} {
		book := func(price float64) string {
			return fmt.Sprintf("asset BTC {\"price\": \"%s\"}\nasset USDC {\"price\": \"1\"}\n"+
				"venue {\"id\": \"hl\", \"model\": \"hyperliquid\", \"chain\": \"hyperliquid\", "+
				"\"collateral\": [{\"asset\": \"USDC\", \"amount\": \"%g\"}], \"positions\": [{\"kind\": \"perp\", "+
				"\"underlying\": \"BTC\", \"quantity\": \"%g\", \"entry_price\": \"%g\"}]}",
				trimFloat(price), c.collateral, c.qty, c.entry)
		}
		const price = 90000.0
		m, b := buildCase(t, book(price))
		r, err := modelMargin(&b.Venues[0], m)
		if err != nil {
			t.Fatal(err)
		}
		side := math.Copysign(1, c.qty)
		size := math.Abs(c.qty)
		l := r.Maintenance / (size * price)
		available := r.Equity - r.Maintenance
		want := price - side*available/size/(1-l*side)
		got, err := venue.LiquidationPrices(&b.Venues[0], m)
		if err != nil {
			t.Fatal(err)
		}
		if got["BTC"] == nil || math.Abs(*got["BTC"]-want) > 1e-6*want {
			t.Errorf("%+v: liquidation price %v, formula %v", c, got["BTC"], want)
		}
		for _, k := range []struct {
			factor float64
			liq    bool
		}{{1 - side*1e-6, true}, {1 + side*1e-6, false}} {
			m2, b2 := buildCase(t, book(want*k.factor))
			rep, err := Run(b2, m2, margin.DefaultRiskParams(), DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if v := rep.Venues[0]; v.Liquidatable != k.liq || (len(v.Actions) > 0) != k.liq {
				t.Errorf("%+v at %v (liq %v): liquidatable %v with %d actions", c, want*k.factor, want,
					v.Liquidatable, len(v.Actions))
			}
		}
	}
}

func trimFloat(x float64) string { return fmt.Sprintf("%.2f", x) }

func TestDeriveAuctionFraction(t *testing.T) {
	// MTM 10000, MM −2000: BM = −2000 + 0.15·(−12000) = −3800;
	// f = 3800/(3800 + 9500) = 0.285714…; price = 10000·0.95·f; the fee uses
	// f at d = 1: 3800/13800 · 10000 · 0.10.
	a := venue.Auction{StartDiscount: 0.95, BufferMargin: 0.15, FeeRate: 0.10, FractionDecimals: 6}
	f, price, fee := a.Start(10000, -2000)
	if math.Abs(f-3800.0/13300) > 1e-15 || math.Abs(price-9500*3800.0/13300) > 1e-9 ||
		math.Abs(fee-3800.0/13800*1000) > 1e-9 {
		t.Errorf("Auction.Start = %v, %v, %v", f, price, fee)
	}
	// The bidder's share restores the buffer margin: after selling f of the
	// book at d, BM' = (1−f)·BM + f·MTM·d·… ≥ 0 at equality by construction:
	// (1−f)·BM + f·MTM·d = 0.
	bm := -3800.0
	if x := (1-f)*bm + f*10000*0.95; math.Abs(x) > 1e-9 {
		t.Errorf("buffer margin after the bid = %v, want 0", x)
	}
}
