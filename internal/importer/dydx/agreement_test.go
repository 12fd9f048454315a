// The imported subaccount margins to the indexer's own figures: the
// documented example (the indexer's test vector) reports equity 159,500 and
// freeCollateral 152,000 on a Large-Cap market at 5% (the genesis set).
package dydx

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
	_ "github.com/unimargin/unimargin/internal/venue/dydx" // dydx-v4
)

func TestImportAgreesWithIndexer(t *testing.T) {
	data, err := os.ReadFile("testdata/documented_example.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := importer.Run(Source, data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doc importer.PortfolioDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	doc.Venues[0].Params = "dydx-v4-genesis-2023-10-26"
	out, _ = json.Marshal(doc)
	m, err := market.Load([]byte(`{"as_of": "2024-01-01T00:00:00Z",
	  "assets": {"BTC": {"price": "15000"}, "USDC": {"price": "1"}}}`), market.Options{})
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
	r, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Equity-159500) > 1e-9 || math.Abs(r.Equity-r.Initial-152000) > 1e-9 {
		t.Fatalf("equity %g, free collateral %g; the indexer reports 159500 and 152000", r.Equity, r.Equity-r.Initial)
	}
	// The importer carries the indexer's figures for reconciliation: equity
	// 159,500 and initial = equity − freeCollateral = 7,500, which the model
	// reproduces (above).
	if rep := p.Venues[0].Reported; rep == nil || rep.Equity == nil || *rep.Equity != 159500 ||
		rep.Initial == nil || *rep.Initial != 7500 || math.Abs(r.Initial-*rep.Initial) > 1e-9 {
		t.Fatalf("reported %+v, want equity 159500 and initial 7500 = the model's %g", rep, r.Initial)
	}
	// The position's unrealizedPnl: 10 × (15,000 − 20,000) = −50,000.
	if got := importertest.UnrealisedPnL(p, m)["BTC"]; got != -50000 {
		t.Fatalf("unrealised P&L %g, the indexer reports -50000", got)
	}
}
