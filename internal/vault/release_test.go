package vault

import (
	"fmt"
	"testing"
)

// Goal: a lien ends when the positions it backs close. Method: grant liens
// to a venue with positions and to one without any yet; a new book that
// closes the first venue's positions releases its lien in full and leaves
// the pre-granted one; the ledger's invariants hold throughout.
func TestSetPortfolioReleasesLiensOfClosedVenues(t *testing.T) {
	m := NewMemory()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(SetMarket(m, marketAt("3000")))
	_, err := Deposit(m, "d1", "acc", "WETH", "10")
	must(err)
	must(SetPortfolio(m, "acc", []byte(replaceQty("0.1"))))
	_, err = GrantLien(m, Config{}, "g1", "acc", "dydx", "5000")
	must(err)
	_, err = GrantLien(m, Config{}, "g2", "acc", "aave-later", "2000")
	must(err)

	closed := `{"account":"acc","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],"positions":[]}]}`
	must(SetPortfolio(m, "acc", []byte(closed)))
	for venue, want := range map[string]string{"dydx": "0", "aave-later": "2000"} {
		l, _, err := m.Account(lienAccount("acc", venue))
		must(err)
		if got := l.CreditBalance().Units(LienDecimals); got != want {
			t.Errorf("lien to %s after the book closed dydx: %s USD, want %s", venue, got, want)
		}
	}
	// Setting the closed book again changes nothing (no lien left to release).
	before := fmt.Sprint(m.Transfers())
	must(SetPortfolio(m, "acc", []byte(closed)))
	if after := fmt.Sprint(m.Transfers()); after != before {
		t.Fatal("re-setting the same book posted transfers")
	}
	must(Verify(m))
}
