// The imported positions margin through the gmx-v2 model to GMX's own
// figures: at the prices the Reader's basePnlUsd was computed at, the
// model's equity (collateral + pnl + funding) is the reported equity
// (collateral + basePnlUsd − pending fees), and the figures are the gmx-v2
// model's hand-computed goldens (internal/venue/gmx/testdata/builtin.txt).
package gmx

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/gmx" // gmx-v2
)

func TestImportedPositionsAgree(t *testing.T) {
	body := importertest.GoldenBody(t, "testdata/positions.txt", "import account=trader")
	// ETH 4,100 gives the first position's basePnlUsd 2·(4,100 − 4,000) =
	// 200; BTC 100,000 the second's 95,000 − 100,000 = −5,000.
	p, m := importertest.ImportAndLoad(t, Source, body, `{"as_of": "2026-03-13T00:00:00Z",
	  "assets": {"ETH": {"price": "4100"}, "WETH": {"price": "4100"}, "BTC": {"price": "100000"},
	             "WBTC": {"price": "100000"}, "USDC": {"price": "1", "class": "stable"}}}`)
	want := []struct{ equity, maintenance float64 }{
		{1196.5, 44.8}, // builtin.txt: 40 + 8,000 × 0.06% close fee
		{5000, 532},    // builtin.txt: 475 + 57
	}
	for i, w := range want {
		v := &p.Venues[i]
		r, err := venue.Margin(v, m)
		if err != nil {
			t.Fatal(err)
		}
		if v.Reported == nil || v.Reported.Equity == nil {
			t.Fatalf("%s: no reported equity", v.ID)
		}
		if math.Abs(r.Equity-w.equity) > 1e-9 || math.Abs(*v.Reported.Equity-w.equity) > 1e-9 {
			t.Errorf("%s: equity model %v, reported %v, want %v both", v.ID, r.Equity, *v.Reported.Equity, w.equity)
		}
		if math.Abs(r.Maintenance-w.maintenance) > 1e-9 {
			t.Errorf("%s: maintenance %v, want %v", v.ID, r.Maintenance, w.maintenance)
		}
	}
}
