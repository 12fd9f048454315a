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

// solvingRule is lendingRule with its own solver: ETH's factor is a fixed
// 0.25 (not the rule's root, so the test sees whose answer is reported);
// it declines USDC, which the generic search then finds.
type solvingRule struct{ lendingRule }

func (solvingRule) Name() string { return "test-solving" }
func (solvingRule) PriceSolver(*portfolio.Venue, *market.Snapshot) (PriceSolver, error) {
	return fixedSolver{}, nil
}

type fixedSolver struct{}

func (fixedSolver) Factor(moved []string) (*float64, bool) {
	if moved[0] == "ETH" {
		f := 0.25
		return &f, true
	}
	return nil, false
}

// A model's own solver answers for the assets it solves; an asset it
// declines gets the generic search, and SearchLiquidationPrices always
// searches.
func TestLiquidationPricesAskTheModelFirst(t *testing.T) {
	Register(solvingRule{lendingRule{lt: 0.8}})
	defer delete(registry, "test-solving")
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"ETH": {"price": "3000"}, "USDC": {"price": "1"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := &portfolio.Venue{ID: "lend", Model: "test-solving",
		Collateral: []portfolio.Collateral{{Asset: "ETH", AmountF: 10}},
		Positions:  []portfolio.Position{{Kind: portfolio.KindBorrow, Asset: "USDC", AmountF: 12000}},
	}
	got, err := LiquidationPrices(v, m)
	if err != nil {
		t.Fatal(err)
	}
	if got["ETH"] == nil || *got["ETH"] != 750 {
		t.Fatalf("ETH = %v, want the solver's 0.25 × 3000 = 750", got["ETH"])
	}
	if got["USDC"] == nil || math.Abs(*got["USDC"]-2) > 1e-9*2 {
		t.Fatalf("USDC = %v, want the search's 2 (the solver declined)", got["USDC"])
	}
	searched, err := SearchLiquidationPrices(v, m)
	if err != nil {
		t.Fatal(err)
	}
	if searched["ETH"] == nil || math.Abs(*searched["ETH"]-1500) > 1e-9*1500 {
		t.Fatalf("searched ETH = %v, want 1500", searched["ETH"])
	}
}

// Linear solves fixed + f·moving in closed form, a moved term by its
// slope, and has no root outside (1e-6, 1e6) or without a moving term.
func TestLinearFactor(t *testing.T) {
	form := &Linear{}
	form.Add("ETH", 24000, 24000.5) // 10 ETH × 3000 × 0.8 (slope: unfloored)
	form.Add("USDC", -12000, -12000)
	form.Add("", 0, 0) // dropped
	if len(form.Terms) != 2 {
		t.Fatalf("terms %v", form.Terms)
	}
	f, ok := form.Factor([]string{"ETH"})
	if !ok || f == nil || math.Abs(*f-12000/24000.5) > 1e-15 {
		t.Fatalf("ETH factor %v, want 12000/24000.5", f)
	}
	if f, _ := form.Factor([]string{"USDC"}); f == nil || *f != 2 {
		t.Fatalf("USDC factor %v, want 2", f)
	}
	if f, _ := form.Factor([]string{"BTC"}); f != nil {
		t.Fatalf("unmoved factor %v, want none", *f)
	}
	if f := LinearRoot(-1, 1e-7); f != nil {
		t.Fatalf("root 1e7 beyond the range: %v", *f)
	}
}
