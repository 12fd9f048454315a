package margin

import (
	"strings"
	"testing"
)

// Goal: a venue's warning names its venue exactly once. Venue models state
// their warnings without the venue; Compute prefixes "<venue id>: ". The demo
// book raises warnings at Aave, GMX and Hyperliquid (as_of before their sets,
// the transfer margin), so a second prefix ("gmx-btc: venue gmx-btc: …",
// "aave-eth: aave-eth: …", as before this test) shows here.
func TestVenueWarningsNameTheVenueOnce(t *testing.T) {
	book, m, _ := demoInputs(t)
	rep, err := Compute(book, m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, w := range rep.Warnings {
		for _, v := range book.Venues {
			prefix := v.ID + ": "
			if !strings.HasPrefix(w, prefix) {
				continue
			}
			named++
			rest := w[len(prefix):]
			if strings.HasPrefix(rest, prefix) || strings.HasPrefix(rest, "venue "+v.ID) {
				t.Errorf("warning names venue %s twice: %q", v.ID, w)
			}
		}
	}
	if named < 3 {
		t.Fatalf("%d venue warnings in the demo report, want ≥ 3 (the test would not see a double prefix): %q", named, rep.Warnings)
	}
}
