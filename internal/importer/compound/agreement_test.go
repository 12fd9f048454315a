// Goal: an imported Comet position margins through the compound-v3 model
// exactly as the same account written by hand, and its health is Comet's
// liquidity ratio computed by hand from the cUSDCv3 launch parameters.
package compound

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/compound" // compound-v3
)

func TestImportedPositionMarginsAsByHand(t *testing.T) {
	golden, err := os.ReadFile("testdata/positions.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(golden), "import account=fund-a\n")
	body, _, _ := strings.Cut(rest, "\n----")
	imported, err := importer.Run(Source, []byte(body), importer.Options{Account: "fund-a"})
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
