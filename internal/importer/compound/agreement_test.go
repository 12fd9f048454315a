// Goal: an imported Comet position margins through the compound-v3 model
// exactly as the same account written by hand, and its health is Comet's
// liquidity ratio computed by hand from the cUSDCv3 launch parameters.
package compound

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/compound" // compound-v3
)

func TestImportedPositionMarginsAsByHand(t *testing.T) {
	body := importertest.GoldenBody(t, "testdata/positions.txt", "import account=fund-a")
	imported, err := importer.Run(Source, body, importer.Options{Account: "fund-a"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := market.Load([]byte(`{"as_of": "2024-01-01T00:00:00Z", "assets": {"WETH": {"price": "2000"},
	  "WBTC": {"price": "30000"}, "LINK": {"price": "15"}, "USDC": {"price": "1", "class": "stable"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hand := `{"account": "fund-a", "venues": [{"id": "compound-usdc", "model": "compound-v3", "chain": "ethereum",
	  "collateral": [{"asset": "WETH", "amount": "2"}, {"asset": "WBTC", "amount": "0.12345678"}],
	  "positions": [{"kind": "borrow", "asset": "USDC", "amount": "1050.000001"}]}]}`
	var results []venue.Result
	for _, doc := range [][]byte{imported, []byte(hand)} {
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
	if a.Equity != b.Equity || a.Initial != b.Initial || a.Maintenance != b.Maintenance || *a.Health != *b.Health {
		t.Fatalf("imported %+v, by hand %+v", a, b)
	}
	// liquidateCF WETH 0.895, WBTC 0.77 (cUSDCv3 at launch):
	// (2 × 2,000 × 0.895 + 0.12345678 × 30,000 × 0.77) / 1,050.000001
	// = (3,580 + 2,851.851618) / 1,050.000001 = 6.12557296…
	if want := 6431.851618 / 1050.000001; math.Abs(*a.Health-want) > 1e-6 {
		t.Fatalf("health %v, want %v", *a.Health, want)
	}
}

// Goal: an imported cWETHv3 position margins on its own market's
// parameters (compound-v3-ethereum-weth: wstETH borrowCF 0.90, liquidateCF
// 0.93), not on the default cUSDCv3 set, which refuses a WETH borrow. Before
// the importer named the set, this margin call failed with "cannot be
// borrowed on Comet compound-v3-ethereum-usdc".
func TestImportedWETHPositionMarginsOnItsMarket(t *testing.T) {
	body := importertest.GoldenBody(t, "testdata/positions.txt", "import venue=cmp")
	p, m := importertest.ImportAndLoad(t, Source, body, `{"as_of": "2024-01-01T00:00:00Z", "assets": {
	  "WETH": {"price": "2000"}, "wstETH": {"price": "2300"}, "USDC": {"price": "1", "class": "stable"}}}`)
	v := &p.Venues[1]
	if v.ID != "compound-weth" {
		t.Fatalf("venue %q", v.ID)
	}
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	// C = 2 × 2300 = 4600, D = 1.5 × 2000 = 3000: health = 4600 × 0.93 / 3000
	// = 1.426; initial = ⌈D·(C − 0.90·C)/(0.90·C)⌉ = 3000 × 460 / 4140 =
	// 333.33333334 (8-decimal ceiling); equity 1600.
	if r.Health == nil || math.Abs(*r.Health-1.426) > 1e-12 || r.Equity != 1600 || math.Abs(r.Initial-333.33333334) > 1e-9 {
		t.Fatalf("health %v equity %v initial %v, want 1.426, 1600, 333.33333334", r.Health, r.Equity, r.Initial)
	}
}

// Goal: the real Base and Polygon positions (testdata/SOURCES.md) margin on
// their own markets' launch parameters. Before the sets existed, the Base
// cWETHv3 borrow was refused ("WETH" cannot be borrowed on Comet
// compound-v3-ethereum-usdc) and the Polygon cUSDCv3 one margined on
// Ethereum's factors (WBTC liquidateCF 0.77 instead of Polygon's 0.75).
func TestImportedL2PositionsMarginOnTheirMarkets(t *testing.T) {
	for _, c := range []struct {
		file, chain, market string
		health              float64
		liquidatable        bool
	}{
		// Base: 758.346337368055852029 cbETH × 2,100 × liquidateCF 0.93 /
		// (649.875203684528082724 WETH × 2,000) = 1,481,050.39688… /
		// 1,299,750.40737… = 1.139488…
		{"base_weth_papercliplabs.json", "base", `"WETH": {"price": "2000"}, "cbETH": {"price": "2100"}`,
			758.346337368055852029 * 2100 * 0.93 / (649.875203684528082724 * 2000), false},
		// Polygon: 210 WBTC × 31,000 × 0.75 / 4,883,313.422509 USDC =
		// 4,882,500 / 4,883,313.422509 = 0.99983…: liquidatable (on
		// Ethereum's 0.77 it would be 1.0265…, not).
		{"polygon_usdc_papercliplabs.json", "polygon", `"WBTC": {"price": "31000"}, "USDC": {"price": "1", "class": "stable"}`,
			210 * 31000 * 0.75 / 4883313.422509, true},
	} {
		body, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		p, m := importertest.ImportAndLoadWith(t, Source, body, importer.Options{Chain: c.chain},
			`{"as_of": "2024-01-01T00:00:00Z", "assets": {`+c.market+`}}`)
		r, err := venue.Margin(&p.Venues[0], m)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if r.Health == nil || math.Abs(*r.Health-c.health) > 1e-7 || r.Liquidatable() != c.liquidatable {
			t.Fatalf("%s: health %v liquidatable %v, want %v %v", c.file, r.Health, r.Liquidatable(), c.health, c.liquidatable)
		}
	}
}
