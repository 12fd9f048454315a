package gmx

// Goal: on a real position the import margins to the capture's own figures.
// testdata/arbitrum_gmx_interface_position.json holds the ETH long that
// gmx-interface copied from a live PositionInfo (SOURCES.md); the capture
// also carries what the interface derived from it at ETH 3046.2382 and USDC
// 0.99994982, and the gmx-v2 model must find the same equity.

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/importer/importertest"
	"github.com/unimargin/unimargin/internal/venue"
)

const captureFile = "testdata/arbitrum_gmx_interface_position.json"

func TestCapturedPositionAgrees(t *testing.T) {
	body, err := os.ReadFile(captureFile)
	if err != nil {
		t.Fatal(err)
	}
	// The capture's markPrice (0x9630ee7c4228a0ae237af8000000 = 3046.2382e30)
	// and its collateral price (collateralUsd / collateralAmount).
	p, m := importertest.ImportAndLoad(t, Source, body, `{"as_of": "2024-04-16T00:00:00Z",
	  "assets": {"ETH": {"price": "3046.2382"}, "USDC": {"price": "0.99994982", "class": "stable"}}}`)
	v := &p.Venues[0]
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	// The capture's netValue (0x2292dbfbb375b465f0d72ba799) plus its
	// closingFeeUsd (0x0903fc2db0a8d913f0bc3000): collateral + pnl − pending
	// fees, before the fee of closing.
	const capture = 2.741998463042873146561853380505
	if v.Reported == nil || v.Reported.Equity == nil || math.Abs(*v.Reported.Equity-capture) > 1e-15 {
		t.Fatalf("reported equity %v, want the capture's %v", v.Reported, capture)
	}
	// The model prices the position itself (entry rounded up at 18 places,
	// float arithmetic): within 1e-12 USD of the capture.
	if math.Abs(r.Equity-capture) > 1e-12 {
		t.Errorf("model equity %v, want the capture's %v", r.Equity, capture)
	}
	// The capture's entryPrice (0x6f0b60ef22cc9d66ddf3e1340000) is
	// sizeInUsd ÷ sizeInTokens truncated before scaling: 2252.248975451541.
	if e := v.Positions[0].EntryPrice; !strings.HasPrefix(e.String(), "2252.248975451541") {
		t.Errorf("entry %s, want the capture's 2252.248975451541 to its 15 places", e)
	}
}
