package venue

import (
	"errors"
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// lendingRule is a minimal lending rule for testing the generic solver:
// equity = Σc·p − debt, maintenance = Σc·p·(1 − lt). Its liquidation price
// is known in closed form: p* = debt / (c·lt).
type lendingRule struct{ lt float64 }

func (lendingRule) Name() string    { return "test-lending" }
func (lendingRule) Source() string  { return "test" }
func (lendingRule) Params() []Param { return nil }
func (lendingRule) Liquidation(*portfolio.Venue, *market.Snapshot) (Liquidation, error) {
	return Liquidation{Mechanism: MechAbsorb, CloseFactor: 1, PartialFraction: 1, Source: "test"}, nil
}
func (r lendingRule) Margin(v *portfolio.Venue, m *market.Snapshot) (Result, error) {
	var coll, debt float64
	for _, c := range v.Collateral {
		coll += c.AmountF * m.VenueSpot(v.ID, c.Asset)
	}
	for _, p := range v.Positions {
		debt += p.AmountF * m.VenueSpot(v.ID, p.Asset)
	}
	return Result{CollateralValue: coll, Equity: coll - debt, Maintenance: coll * (1 - r.lt)}, nil
}

func TestLiquidationPricesClosedForm(t *testing.T) {
	Register(lendingRule{lt: 0.8})
	defer delete(registry, "test-lending")
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"ETH": {"price": "3000"}, "USDC": {"price": "1"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := &portfolio.Venue{ID: "lend", Model: "test-lending",
		Collateral: []portfolio.Collateral{{Asset: "ETH", AmountF: 10}},
		Positions:  []portfolio.Position{{Kind: portfolio.KindBorrow, Asset: "USDC", AmountF: 12000}},
	}
	got, err := LiquidationPrices(v, m)
	if err != nil {
		t.Fatal(err)
	}
	wantETH := 12000 / (10 * 0.8) // 1500
	if got["ETH"] == nil || math.Abs(*got["ETH"]-wantETH) > 1e-9*wantETH {
		t.Fatalf("ETH liquidation price = %v, want %v", got["ETH"], wantETH)
	}
	wantUSDC := 10 * 3000 * 0.8 / 12000.0 // 2: the debt asset doubling liquidates
	if got["USDC"] == nil || math.Abs(*got["USDC"]-wantUSDC) > 1e-9*wantUSDC {
		t.Fatalf("USDC liquidation price = %v, want %v", got["USDC"], wantUSDC)
	}
	v.Positions = nil
	got, err = LiquidationPrices(v, m)
	if err != nil || got["ETH"] != nil {
		t.Fatalf("no debt: got %v, %v; want nil (no price liquidates)", got["ETH"], err)
	}
}

// refusingRule is lendingRule refusing any ETH price above a ceiling, as an
// on-chain model refuses amounts that would overflow.
type refusingRule struct {
	lendingRule
	ceilingETH float64
}

func (refusingRule) Name() string { return "test-refusing" }
func (r refusingRule) Margin(v *portfolio.Venue, m *market.Snapshot) (Result, error) {
	if m.Spot("ETH") > r.ceilingETH {
		return Result{}, errors.New("price overflows the model")
	}
	return r.lendingRule.Margin(v, m)
}

// A model that refuses far-away prices still yields the liquidation price on
// the side it can evaluate, and no error: the report must not fail for a
// price nobody will see.
func TestLiquidationPricesSurviveRefusedPrices(t *testing.T) {
	Register(refusingRule{lendingRule{lt: 0.8}, 6000})
	defer delete(registry, "test-refusing")
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"ETH": {"price": "3000"}, "USDC": {"price": "1"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := &portfolio.Venue{ID: "lend", Model: "test-refusing",
		Collateral: []portfolio.Collateral{{Asset: "ETH", AmountF: 10}},
		Positions:  []portfolio.Position{{Kind: portfolio.KindBorrow, Asset: "USDC", AmountF: 12000}},
	}
	got, err := LiquidationPrices(v, m)
	if err != nil {
		t.Fatalf("a refused far price failed the search: %v", err)
	}
	if got["ETH"] == nil || math.Abs(*got["ETH"]-1500) > 1e-9*1500 {
		t.Fatalf("ETH liquidation price = %v, want 1500", got["ETH"])
	}
}
