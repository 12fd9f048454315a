package aave

// Goal: the whole 2023-10-31 Ethereum report (the aave-v3 model's embedded
// copy, MIT) imports into a market the engine accepts, with every price
// exact, and an imported subgraph account margins through the aave-v3 model
// exactly as the same account written by hand.

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/aave" // aave-v3
)

const reportFile = "../../venue/aave/params/aave_v3_ethereum_20231031_after.json"

func TestFullReport(t *testing.T) {
	data, err := os.ReadFile(reportFile)
	if err != nil {
		t.Fatal(err)
	}
	out, err := importer.Run("aave-reserves", data, importer.Options{AsOf: "2023-10-31T12:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	var doc importer.MarketDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"WETH": "1816.85499606", "1INCH": "0.30948038", "WBTC": "34814.14003279",
		"USDC": "0.99997427", "GHO": "1", "rETH": "1976.99300863"}
	if len(doc.Assets) != 25 {
		t.Fatalf("%d assets, want 25", len(doc.Assets))
	}
	for sym, p := range want {
		if doc.Assets[sym].Price != p {
			t.Errorf("%s price %q, want %q", sym, doc.Assets[sym].Price, p)
		}
	}
	if d := doc.Assets["WBTC"].Decimals; d == nil || *d != 8 {
		t.Errorf("WBTC decimals %v", d)
	}
	m, err := market.Load(out, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sub := `{"data": {"userReserves": [
	  {"currentATokenBalance": "10000000000000000000", "currentVariableDebt": "0", "usageAsCollateralEnabledOnUser": true,
	   "reserve": {"symbol": "WETH", "decimals": 18}},
	  {"currentATokenBalance": "0", "currentVariableDebt": "9000000000", "usageAsCollateralEnabledOnUser": false,
	   "reserve": {"symbol": "USDC", "decimals": 6}}]}}`
	pj, err := importer.Run("aave-user-reserves", []byte(sub), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hand := `{"account": "imported", "venues": [{"id": "aave", "model": "aave-v3", "chain": "ethereum",
	  "collateral": [{"asset": "WETH", "amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "9000"}]}]}`
	var results []venue.Result
	for _, doc := range [][]byte{pj, []byte(hand)} {
		p, err := portfolio.Parse(doc)
		if err == nil {
			err = portfolio.Check(p, m)
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := venue.Margin(&p.Venues[0], m)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	a, b := results[0], results[1]
	if a.Equity != b.Equity || a.Maintenance != b.Maintenance || *a.Health != *b.Health {
		t.Fatalf("imported %+v, by hand %+v", a, b)
	}
	// WETH LT 8300 (after the 2023-10-31 update): HF = 18168.5499606 × 0.83 /
	// (9000 × 0.99997427) = 1.675587…
	if h := *a.Health; h < 1.67558 || h > 1.67559 {
		t.Fatalf("health %v", h)
	}
}
