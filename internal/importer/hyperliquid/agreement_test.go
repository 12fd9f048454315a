// The imported account margins to Hyperliquid's own figures: the documented
// example's withdrawable, isolated marginUsed, account value and liquidation
// price, and the self-consistent cross account of clearinghouse.txt.
package hyperliquid

import (
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/hyperliquid" // hyperliquid
)

// importAndLoad imports body and loads it with the market document.
func importAndLoad(t *testing.T, body []byte, marketDoc string) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	return importertest.ImportAndLoad(t, Source, body, marketDoc)
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s: %.10g, Hyperliquid reports %.10g", what, got, want)
	}
}

func TestDocumentedExampleAgrees(t *testing.T) {
	body, err := os.ReadFile("testdata/documented_example.json")
	if err != nil {
		t.Fatal(err)
	}
	// Mark = positionValue / szi = 100.02765 / 0.0335.
	p, m := importAndLoad(t, body, `{"as_of": "2024-02-22T17:19:58Z",
	  "assets": {"ETH": {"price": "2985.9"}, "USDC": {"price": "1"}}}`)
	cross, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	iso, err := venue.Margin(&p.Venues[1], m)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-9
	near(t, "cross excess (withdrawable)", cross.Equity-cross.Initial, 13104.514502, tol)
	near(t, "cross maintenance (crossMaintenanceMarginUsed)", cross.Maintenance, 0, tol)
	near(t, "isolated equity (marginUsed)", iso.Equity, 4.967826, tol)
	near(t, "unrealizedPnl", importertest.UnrealisedPnL(p, m)["ETH"], -0.0134, tol) // 0.0335 × (2985.9 − 2986.3)
	near(t, "account value", cross.Equity+iso.Equity, 13109.482328, tol)
	liq, err := venue.LiquidationPrices(&p.Venues[1], m)
	if err != nil {
		t.Fatal(err)
	}
	// rawUsd is published to 6 decimals: 5e-7 USD moves this price by 1.5e-5.
	near(t, "liquidationPx", *liq["ETH"], 2866.26936529, 2e-5)
}

func TestCrossAccountAgrees(t *testing.T) {
	body := importertest.GoldenBody(t, "testdata/clearinghouse.txt", "import account=fund-a venue=hl-main chain=hyperliquid-mainnet")
	p, m := importAndLoad(t, body, `{"as_of": "2024-12-12T00:00:00Z",
	  "assets": {"BTC": {"price": "100000"}, "ETH": {"price": "3200"}, "PURR": {"price": "0.25"}, "USDC": {"price": "1"}}}`)
	r, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "account value", r.Equity, 12250.5, 1e-9)
	near(t, "crossMaintenanceMarginUsed", r.Maintenance, 1466.666666, 1e-6)
	// Initial is Σ notional/leverage: the account's totalMarginUsed
	// (50,000/20 + 40,000/10 + 250/3); withdrawals must also leave 10% of
	// totalNtlPos 90,250, which binds here.
	near(t, "initial (totalMarginUsed)", r.Initial, 6583.333333, 1e-6)
	near(t, "withdrawable", r.Equity-math.Max(r.Initial, 0.1*90250), 3225.5, 1e-9)
	pnl := importertest.UnrealisedPnL(p, m)                 // each position's unrealizedPnl
	near(t, "BTC unrealizedPnl", pnl["BTC"], 2500, 1e-9)    // 0.5 × (100,000 − 95,000)
	near(t, "ETH unrealizedPnl", pnl["ETH"], 134.375, 1e-9) // −12.5 × (3,200 − 3,210.75)
	near(t, "PURR unrealizedPnl", pnl["PURR"], 0, 1e-9)
	// The importer carries the venue's own figures for reconciliation
	// (margin's venues[].reported): the same three the model reproduces above.
	rep := p.Venues[0].Reported
	if rep == nil || rep.Equity == nil || rep.Initial == nil || rep.Maintenance == nil {
		t.Fatalf("cross venue carries no reported figures: %+v", rep)
	}
	near(t, "reported equity", *rep.Equity, 12250.5, 1e-9)
	near(t, "reported initial", *rep.Initial, 6583.333333, 1e-9)
	near(t, "reported maintenance", *rep.Maintenance, 1466.666666, 1e-9)
	tol := 0.01 // the hyperliquid model's default relative tolerance (margin.ToleranceOf)
	for _, c := range []struct{ model, reported float64 }{{r.Equity, *rep.Equity}, {r.Initial, *rep.Initial}, {r.Maintenance, *rep.Maintenance}} {
		if math.Abs(c.model-c.reported) > tol*math.Abs(c.reported) {
			t.Errorf("model %v drifts from reported %v", c.model, c.reported)
		}
	}
}
