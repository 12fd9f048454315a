package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/unimargin/unimargin/internal/demo"
)

// Goal: Reader answers like State, with the market parsed once. Method: a
// store with the demo market, accounts holding each demo venue alone, the
// whole demo book, vault collateral with and without a book; Reader.State
// must equal State, and Reader.Unified State's unified margin, field for
// field; errors (unknown account, no market, a corrupt stored market) must
// match too.
func TestReaderAgreesWithState(t *testing.T) {
	m := NewMemory()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(SetMarket(m, demo.MarketJSON))
	var doc struct {
		Venues []json.RawMessage `json:"venues"`
	}
	must(json.Unmarshal(demo.PortfolioJSON, &doc))
	var ids []string
	for i, v := range doc.Venues {
		id := fmt.Sprintf("venue-%d", i)
		must(SetPortfolio(m, id, []byte(`{"account":"x","venues":[`+string(v)+`]}`)))
		ids = append(ids, id)
	}
	must(SetPortfolio(m, "whole", demo.PortfolioJSON))
	_, err := Deposit(m, "d1", "whole", "WETH", "10")
	must(err)
	_, err = Deposit(m, "d2", "vault-only", "WBTC", "2")
	must(err)
	ids = append(ids, "whole", "vault-only")

	rd, err := NewReader(m, Config{})
	must(err)
	for _, id := range ids {
		st, err := State(m, Config{}, id)
		must(err)
		got, err := rd.State(id)
		must(err)
		if !reflect.DeepEqual(got, st) {
			t.Fatalf("%s: Reader.State %+v, State %+v", id, got, st)
		}
		u, err := rd.Unified(id)
		must(err)
		if st.Unified == nil || u == nil || !reflect.DeepEqual(*u, *st.Unified) {
			t.Fatalf("%s: Reader.Unified %+v, State's %+v", id, u, st.Unified)
		}
	}
	if _, err := rd.Unified("nobody"); !errors.Is(err, ErrUnknownAccount) {
		t.Fatalf("unknown account: %v", err)
	}

	// A corrupt stored market is every account's error, as in State.
	must(m.PutMarket([]byte(`{"as_of": 1}`)))
	_, stErr := State(m, Config{}, "whole")
	rd, err = NewReader(m, Config{})
	must(err)
	_, uErr := rd.Unified("whole")
	if stErr == nil || uErr == nil || stErr.Error() != uErr.Error() {
		t.Fatalf("corrupt market: State %v, Reader.Unified %v", stErr, uErr)
	}

	// Without a market there is no unified margin and no error.
	bare := NewMemory()
	must(SetPortfolio(bare, "a", demo.PortfolioJSON))
	rd, err = NewReader(bare, Config{})
	must(err)
	if u, err := rd.Unified("a"); u != nil || err != nil {
		t.Fatalf("no market: %v, %v", u, err)
	}
}
