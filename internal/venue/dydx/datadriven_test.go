// Golden tables: each testdata/*.txt file holds published worked examples
// (source URL in a comment) or hand-computed cases from the built-in sets,
// in a small DSL run with cockroachdb/datadriven (update with -rewrite):
//
//	market                       body: market.json; loads the snapshot
//	portfolio                    body: portfolio.json; parses and checks it
//	margin [venue=i] [params]    runs the venue's model; prints the result
//	liquidation-prices [venue=i] venue.LiquidationPrices of the venue
//	oimf initial_margin_ppm= open_interest_lower_cap= open_interest_upper_cap=
//	     open_interest_quantums= quote_quantums=
//	                             the protocol's OIMF and initial margin in quote
//	                             quantums (its liquidity_tier_test.go cases)
package dydx

import (
	"fmt"
	"math"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

func TestGolden(t *testing.T) {
	venuetest.Golden(t, "testdata", func(t *testing.T, d *datadriven.TestData) (string, bool) {
		if d.Cmd == "oimf" {
			return oimfCmd(t, d), true
		}
		return "", false
	})
}

func oimfCmd(t *testing.T, d *datadriven.TestData) string {
	var imf, lower, upper, oi, quote uint64
	d.ScanArgs(t, "initial_margin_ppm", &imf)
	d.ScanArgs(t, "quote_quantums", &quote)
	if d.HasArg("open_interest_lower_cap") {
		d.ScanArgs(t, "open_interest_lower_cap", &lower)
		d.ScanArgs(t, "open_interest_upper_cap", &upper)
		d.ScanArgs(t, "open_interest_quantums", &oi)
	}
	tr := tier{InitialMarginPpm: uint32(imf), OpenInterestLowerCap: lower, OpenInterestUpperCap: upper}
	ppm := adjustedIMFPpm(tr, float64(oi))
	imr := math.Min(math.Ceil(float64(quote)*ppm/onePpm), float64(quote))
	return fmt.Sprintf("imf_ppm: %s\ninitial_margin_quote_quantums: %s\n", g(ppm), g(imr))
}

var g = venuetest.G
