// Golden tables: each testdata/*.txt file holds published worked examples
// (source URL in a comment) or hand-computed cases from the built-in sets,
// in a small DSL run with cockroachdb/datadriven (update with -rewrite):
//
//	market                       body: market.json; loads the snapshot
//	portfolio                    body: portfolio.json; parses and checks it
//	margin [venue=i] [params]    runs the venue's model; prints the result
//	liquidation-prices [venue=i] venue.LiquidationPrices of the venue
package gmx

import (
	"testing"

	"github.com/unimargin/unimargin/internal/venue/venuetest"
)

func TestGolden(t *testing.T) {
	venuetest.Golden(t, "testdata", nil)
}
