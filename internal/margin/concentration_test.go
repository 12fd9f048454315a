package margin

import (
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Concentration: a net exposure above concentration_threshold × depth is
// flagged (BTC: 40 BTC of perps = 3.6M USD against 30M of depth, 12% > 10%),
// one just below is not; a wrapper's own holding is flagged against its own
// depth. The longest backing chain follows backed_by to a root.
func TestConcentrationAndBackingChain(t *testing.T) {
	m, err := market.Load([]byte(`{
  "as_of": "2026-11-25T00:00:00Z",
  "assets": {
    "BTC":    {"price": "90000", "vol": 0.55, "depth_usd": "30000000"},
    "WETH":   {"price": "3000", "vol": 0.7, "depth_usd": "80000000"},
    "stETH":  {"price": "3000", "backed_by": {"WETH": "1"}, "depth_usd": "1000000"},
    "wstETH": {"price": "3550", "backed_by": {"stETH": "1.18"}},
    "USDC":   {"price": "1"}
  }}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book := func(btc float64) *portfolio.Portfolio {
		return &portfolio.Portfolio{Account: "a", Venues: []portfolio.Venue{
			{ID: "x", Model: "test-flat", Chain: "offchain", Settlement: "USDC",
				Collateral: []portfolio.Collateral{collateral("USDC", 1e7), collateral("stETH", 100)},
				Positions:  []portfolio.Position{derivative(portfolio.KindPerp, "BTC", btc)}},
			{ID: "w", Model: "custody", Chain: "ethereum", Collateral: []portfolio.Collateral{collateral("wstETH", 1)}},
		}}
	}
	rep, err := Compute(book(40), m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(rep.Warnings, "\n")
	if !strings.Contains(all, "concentration: BTC net exposure after look-through of 3600000 USD is 12.0%") {
		t.Errorf("no BTC concentration warning:\n%s", all)
	}
	if !strings.Contains(all, "concentration: stETH net holding of 300000 USD is 30.0%") {
		t.Errorf("no stETH concentration warning:\n%s", all)
	}
	if got := strings.Join(rep.LongestBackingChain, " "); got != "wstETH stETH WETH" {
		t.Errorf("longest backing chain %q", got)
	}
	rep, err = Compute(book(33), m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(rep.Warnings, "\n"), "concentration: BTC") {
		t.Errorf("33 BTC (9.9%% of depth) flagged: %v", rep.Warnings)
	}
}
