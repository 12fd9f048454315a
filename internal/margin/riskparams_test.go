package margin

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
)

// `risk-params --defaults` prints a valid risk-params file: reading it back
// gives the defaults, with or without a market (asset keys are checked only
// against a market), and printing is deterministic.
func TestDefaultsRoundTrip(t *testing.T) {
	want := DefaultRiskParams()
	text, err := want.MarshalDefaults()
	if err != nil {
		t.Fatal(err)
	}
	m := propMarket(t)
	for _, mk := range []*market.Snapshot{nil, m} {
		got, err := LoadRiskParams(text, mk)
		if err != nil {
			t.Fatalf("reading the defaults back: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, want)
		}
	}
	again, _ := DefaultRiskParams().MarshalDefaults()
	if !bytes.Equal(text, again) {
		t.Fatal("MarshalDefaults is not deterministic")
	}
}

// An overridden file round-trips too, numbers given as decimal strings.
func TestRiskParamsRoundTrip(t *testing.T) {
	m := propMarket(t)
	rp, err := LoadRiskParams([]byte(`{
	  "maintenance_fraction": "0.75", "yield_rate": 0.04,
	  "scenarios": {"historical": true, "BTC": {"price_range": "0.2"}},
	  "ranges_by_class": {"long_tail": 0.5},
	  "vol_shock": {"up": 0.4, "min_up": "0.45"},
	  "tail_moves": [-0.5, 1],
	  "collateral": {"WBTC": {"tiers": [{"up_to_usd": "1000000", "ratio": 1}, {"ratio": 0.9}]}},
	  "chains": {"arbitrum": {"haircut": 0.005}},
	  "bridges": {"wbtc-custodian": {"haircut": 0.01}},
	  "venues": {"deribit": {"haircut": "0.02"}}}`), m)
	if err != nil {
		t.Fatal(err)
	}
	if rp.MaintenanceFraction != 0.75 || !rp.Scenarios.Historical || rp.Scenarios.Assets["BTC"].PriceRange != 0.2 ||
		rp.RangesByClass[market.ClassLongTail] != 0.5 || rp.RangesByClass[market.ClassMajor] != 0.25 ||
		rp.VolShock.Up != 0.4 || rp.VolShock.Down != 0.25 || rp.VolShock.MinUp != 0.45 ||
		*rp.Collateral["WBTC"].Tiers[0].UpToUSD != 1e6 || rp.Collateral["WBTC"].Tiers[1].UpToUSD != nil ||
		rp.Venues["deribit"].Haircut != 0.02 {
		t.Fatalf("overrides not applied: %+v", rp)
	}
	if rp.Range(m.Asset("BTC")) != 0.2 || rp.Range(m.Asset("WETH")) != 0.18 || rp.Range(m.Asset("USDC")) != 0 {
		t.Fatalf("ranges: BTC %v WETH %v USDC %v", rp.Range(m.Asset("BTC")), rp.Range(m.Asset("WETH")), rp.Range(m.Asset("USDC")))
	}
	text, err := rp.MarshalDefaults()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadRiskParams(text, m)
	if err != nil {
		t.Fatalf("reading back %s: %v", text, err)
	}
	if !reflect.DeepEqual(back, rp) {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", back, rp)
	}
}

// Tiered collateral ratios count value bracket by bracket.
func TestTiered(t *testing.T) {
	up := func(x float64) *float64 { return &x }
	tiers := []Tier{{up(100), 1}, {up(120), 0.5}, {nil, 0.25}}
	cases := []struct{ value, want float64 }{
		{0, 0}, {50, 50}, {100, 100}, {110, 105}, {120, 110}, {200, 130},
	}
	for _, c := range cases {
		if got := tiered(c.value, tiers); got != c.want {
			t.Errorf("tiered(%v) = %v, want %v", c.value, got, c.want)
		}
	}
	bounded := tiers[:2]
	if got := tiered(500, bounded); got != 110 {
		t.Errorf("above a bounded last tier: %v, want 110 (the rest counts 0)", got)
	}
	if got := tiered(7, nil); got != 7 {
		t.Errorf("no tiers: %v", got)
	}
}
