// Golden tables: each testdata/*.txt file holds published worked examples
// (source URL in a comment) or hand-computed cases from the built-in sets,
// in a small DSL run with cockroachdb/datadriven (update with -rewrite):
//
//	market                       body: market.json; loads the snapshot
//	portfolio                    body: portfolio.json; parses and checks it
//	margin [venue=i] [params]    runs the venue's model; prints the result
//	liquidation-prices [venue=i] venue.LiquidationPrices of the venue
//	tier-margin (coin= | max_leverage=) notional= [leverage=]
//	                             one position's initial and maintenance margin
//	                             by the margin-tier formula
package hyperliquid

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

func TestGolden(t *testing.T) {
	venuetest.Golden(t, "testdata", func(t *testing.T, d *datadriven.TestData) (string, bool) {
		if d.Cmd == "tier-margin" {
			return tierMarginCmd(t, d), true
		}
		return "", false
	})
}

func tierMarginCmd(t *testing.T, d *datadriven.TestData) string {
	var coin, notional string
	leverage, maxLeverage := 0, 0
	d.ScanArgs(t, "notional", &notional)
	var tiers []marginTier
	if d.HasArg("max_leverage") {
		d.ScanArgs(t, "max_leverage", &maxLeverage)
		tiers = []marginTier{{0, maxLeverage}}
	} else {
		d.ScanArgs(t, "coin", &coin)
		s := sets.Default()
		var ok bool
		if tiers, ok = s.tiersOf(s.assets[coin]); !ok {
			t.Fatalf("%s: no tiers for %s", d.Pos, coin)
		}
	}
	leverage = tiers[0].MaxLeverage
	if d.HasArg("leverage") {
		d.ScanArgs(t, "leverage", &leverage)
	}
	n, err := strconv.ParseFloat(notional, 64)
	if err != nil {
		t.Fatal(err)
	}
	f := marginOf(tiers, leverage, n)
	return fmt.Sprintf("tier %d (max leverage %d, maintenance rate %s)\ninitial: %s\nmaintenance: %s\n",
		f.tier, tiers[f.tier].MaxLeverage, g(1/(2*float64(tiers[f.tier].MaxLeverage))), g(f.initial), g(f.maintenance))
}

var g = venuetest.G
