package vault

import (
	"errors"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
)

// Report is the report behind State's figures, and UnifiedBook is the book
// it margins: computing it again gives the same unified margin.
func TestReportAndUnifiedBookAgreeWithState(t *testing.T) {
	m := NewMemory()
	c := Config{}
	if _, err := Report(m, c, "fund-a"); !errors.Is(err, ErrUnknownAccount) {
		t.Fatalf("unknown account: %v", err)
	}
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "USDC", "50000") })
	if _, err := Report(m, c, "fund-a"); !errors.Is(err, ErrNoMarket) {
		t.Fatalf("no market: %v", err)
	}
	if _, _, err := UnifiedBook(m, "fund-a"); !errors.Is(err, ErrNoMarket) {
		t.Fatalf("no market: %v", err)
	}
	do(t, &m, func(tx Tx) (struct{}, error) { return struct{}{}, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (struct{}, error) { return struct{}{}, SetPortfolio(tx, "fund-a", []byte(testBook)) })
	st, err := State(m, c, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Report(m, c, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unified != *st.Unified {
		t.Fatalf("report unified %+v != state %+v", rep.Unified, *st.Unified)
	}
	book, mk, err := UnifiedBook(m, "fund-a")
	if err != nil {
		t.Fatal(err)
	}
	last := book.Venues[len(book.Venues)-1]
	if len(book.Venues) != 2 || last.ID != VaultVenueID || len(last.Collateral) != 1 || last.Collateral[0].Asset != "USDC" {
		t.Fatalf("unified book venues %+v", book.Venues)
	}
	again, err := margin.Compute(book, mk, c.params())
	if err != nil {
		t.Fatal(err)
	}
	if again.Unified != rep.Unified {
		t.Fatalf("recomputed unified %+v != report %+v", again.Unified, rep.Unified)
	}
}
