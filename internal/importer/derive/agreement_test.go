// The captured sub-account margins to Derive's own figures: at the
// document's mark price, the imported venue's equity is Derive's
// subaccount_value, and the reported requirements are Derive's standard
// margin, which portfolio margin does not reproduce (drift, by design).
package derive

import (
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/derive" // derive-pm
)

func TestCapturedSubaccountAgrees(t *testing.T) {
	body, err := os.ReadFile("testdata/get_all_portfolios_ccxt.json")
	if err != nil {
		t.Fatal(err)
	}
	// ETH at the collateral's mark_price; as_of the collateral's creation time.
	p, m := importertest.ImportAndLoad(t, Source, body, `{"as_of": "2025-01-14T13:15:33Z",
	  "assets": {"ETH": {"price": "3180.760325000000438272", "vol": 0.7}, "USDC": {"price": "1"}}}`)
	r, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	rep := p.Venues[0].Reported
	if rep == nil || rep.Equity == nil || rep.Initial == nil || rep.Maintenance == nil {
		t.Fatalf("no reported figures: %+v", rep)
	}
	// 0.1 ETH × 3,180.760325 = 318.0760325 = Derive's subaccount_value (to its float noise).
	if math.Abs(r.Equity-318.0760325) > 1e-9 || math.Abs(*rep.Equity-318.0760325) > 1e-9 {
		t.Errorf("equity: model %.10g, reported %.10g, want 318.0760325 both", r.Equity, *rep.Equity)
	}
	// Derive's requirements in equity terms, by hand: value − headroom.
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: %.12g, want %.12g", what, got, want)
		}
	}
	near("reported initial", *rep.Initial, 318.0760325-190.8456195)
	near("reported maintenance", *rep.Maintenance, 318.0760325-238.557024375)
	// The account is standard margin: Derive haircuts its idle ETH 40% / 25%,
	// while derive-pm (portfolio margin) charges the ETH's worst scenario
	// loss. The figures differ, and the reconciliation must say so: the
	// model's initial is below the reported one by more than 10%.
	if r.Initial >= 0.9**rep.Initial {
		t.Errorf("model initial %g unexpectedly close to standard margin's %g", r.Initial, *rep.Initial)
	}
}

// The constructed PM2 case of subaccount.txt (documented shape): the perp's
// entry is average_price, so at its mark_price the model's unrealised P&L is
// the document's unrealized_pnl: 2 × (3,100 − 3,000) = 200.
func TestPerpPnLAgrees(t *testing.T) {
	body := importertest.GoldenBody(t, "testdata/subaccount.txt", "import account=fund-a venue=derive-eth")
	p, m := importertest.ImportAndLoad(t, Source, body, `{"as_of": "2025-05-01T00:00:00Z",
	  "assets": {"ETH": {"price": "3100", "vol": 0.7}, "USDC": {"price": "1"}}}`)
	if got := importertest.UnrealisedPnL(p, m)["ETH"]; got != 200 {
		t.Errorf("unrealised P&L %v, the document's unrealized_pnl is 200", got)
	}
}
