// The imported positions reproduce Deribit's own profit and loss: the
// documented get_positions example (a BTC-PERPETUAL of 50 USD at an average
// of 7,440.18, mark 7,476.65) reports total_profit_loss 0.000032781 BTC.
package deribit

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/deribit" // deribit-standard
)

// Goal: an inverse perpetual imports as quantity N/A with entry A (DESIGN.md),
// so that both the unified valuation q·(m − entry) in USD and Deribit's own
// model, on a market at the mark, give the venue's reported P&L. The
// published figure has 9 decimals: agreement within 1e-9 BTC. (Taking
// size_currency = N/m as the quantity gave 0.0000326 BTC, A/m short.)
func TestImportReproducesDeribitPnL(t *testing.T) {
	body, err := os.ReadFile("testdata/documented_example.json")
	if err != nil {
		t.Fatal(err)
	}
	const mark, totalPnLBTC = 7476.65, 0.000032781
	out, err := importer.Run(positions{}.Source(), body, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load([]byte(`{"as_of": "2019-12-01T00:00:00Z",
	  "assets": {"BTC": {"price": "7476.65"}, "USDC": {"price": "1"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Parse(out)
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatal(err)
	}
	if usd := importertest.UnrealisedPnL(p, m)["BTC"]; math.Abs(usd/mark-totalPnLBTC) > 1e-9 {
		t.Errorf("unified P&L %.10g USD = %.10g BTC, Deribit reports %.9f BTC", usd, usd/mark, totalPnLBTC)
	}
	r, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	if pnl := r.Equity / mark; math.Abs(pnl-totalPnLBTC) > 1e-9 { // no collateral: equity is the P&L
		t.Errorf("deribit-standard equity %.10g BTC, Deribit reports %.9f BTC", pnl, totalPnLBTC)
	}
	var doc struct {
		Result []struct {
			TotalProfitLoss float64 `json:"total_profit_loss"`
		}
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Result[0].TotalProfitLoss != totalPnLBTC {
		t.Fatalf("the example's total_profit_loss: %v %v", doc, err)
	}
}
