package vault

import (
	"errors"
	"fmt"
	"testing"
)

// Goal: the account's stored book never releases or shrinks a lien (issue
// 15: the book is self-asserted, so an account could drop a venue's
// positions from it, have the lien released automatically and withdraw
// the collateral). Method: grant liens to a venue with positions and to one
// without; store books that close the first venue's positions, drop the
// venue, or hold nothing at all; after each, both liens are unchanged and
// no transfer was posted, and a withdrawal that would leave the haircut
// collateral below Σ liens is still refused.
func TestStoringABookNeverReleasesALien(t *testing.T) {
	m := NewMemory()
	c := Config{}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "acc", "WETH", "10") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "acc", []byte(replaceQty("0.1"))) })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "g1", "acc", "dydx", "15000") })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "g2", "acc", "aave-later", "5000") })
	journal := fmt.Sprint(m.Transfers())

	for i, b := range []struct{ name, book string }{
		{"dydx closed", `{"account":"acc","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],"positions":[]}]}`},
		{"dydx gone", `{"account":"acc","venues":[{"id":"cold","model":"custody","chain":"ethereum","collateral":[],"positions":[]}]}`},
		{"empty", `{"account":"acc","venues":[]}`},
	} {
		name, book := b.name, b.book
		do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "acc", []byte(book)) })
		for venue, want := range map[string]string{"dydx": "15000", "aave-later": "5000"} {
			l, _, err := m.Account(lienAccount("acc", venue))
			if err != nil {
				t.Fatal(err)
			}
			if got := l.CreditBalance().Units(LienDecimals); got != want {
				t.Errorf("%s: lien to %s is %s USD, want %s", name, venue, got, want)
			}
		}
		if after := fmt.Sprint(m.Transfers()); after != journal {
			t.Fatalf("%s: storing a book posted transfers", name)
		}
		// 10 WETH at 3000 back 20000 USD of liens: taking 5 WETH out would
		// leave 15000 USD, below the liens, whatever the book says.
		_, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, fmt.Sprintf("w%d", i), "acc", "WETH", "5") })
		if !errors.Is(err, ErrLiensExceedCollateral) {
			t.Fatalf("%s: withdrawal below the liens: %v, want %v", name, err, ErrLiensExceedCollateral)
		}
	}
}
