// Goal: the liquidation-price search on its own goroutine (venuePrices)
// leaves Compute's answer what the one-goroutine loop gave: the first error
// in the order venue 0's margin, venue 0's prices, venue 1's margin, …, and
// a model's panic on the caller's goroutine (where the server's recovery
// answers it), not on one that ends the process. Method: a stand-in model
// that fails its margin or its price search, or panics in the search, when
// the venue's id says so.
package margin

import (
	"errors"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// failingModel is flatModel whose margin fails on a venue id containing
// "margin-fails", whose price search fails on "prices-fail" and panics on
// "prices-panic".
type failingModel struct{ flatModel }

func init() { venue.Register(failingModel{}) }

func (failingModel) Name() string { return "test-failing" }

func (f failingModel) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	if strings.Contains(v.ID, "margin-fails") {
		return venue.Result{}, errors.New(v.ID + ": margin failed")
	}
	return f.flatModel.Margin(v, m)
}

func (failingModel) PriceSolver(v *portfolio.Venue, _ *market.Snapshot) (venue.PriceSolver, error) {
	switch {
	case strings.Contains(v.ID, "prices-panic"):
		panic(v.ID + ": search panicked")
	case strings.Contains(v.ID, "prices-fail"):
		return nil, errors.New(v.ID + ": prices failed")
	}
	return nil, nil
}

func TestComputeErrorsInTheSequentialOrder(t *testing.T) {
	m, err := market.Load([]byte(carryMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book := func(ids ...string) *portfolio.Portfolio {
		b := &portfolio.Portfolio{Account: "order"}
		for _, id := range ids {
			b.Venues = append(b.Venues, portfolio.Venue{ID: id, Model: "test-failing", Chain: "offchain",
				Settlement: "USDC", Collateral: []portfolio.Collateral{{Asset: "USDC", Amount: money.MustDecimal("1000"), AmountF: 1000}}})
		}
		return b
	}
	for _, c := range []struct {
		venues []string
		want   string
	}{
		{[]string{"a-prices-fail", "b-margin-fails"}, "a-prices-fail: prices failed"},
		{[]string{"a-margin-fails", "b-prices-fail"}, "a-margin-fails: margin failed"},
		{[]string{"a-margin-fails-prices-fail"}, "a-margin-fails-prices-fail: margin failed"},
		{[]string{"a", "b-prices-fail", "c-prices-fail"}, "b-prices-fail: prices failed"},
		{[]string{"a", "b"}, ""},
	} {
		_, err := Compute(book(c.venues...), m, DefaultRiskParams())
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%v: error %q, want %q", c.venues, got, c.want)
		}
	}
	func() {
		defer func() {
			if p := recover(); p != "a-prices-panic: search panicked" {
				t.Errorf("recovered %v, want the search's panic on the caller's goroutine", p)
			}
		}()
		_, _ = Compute(book("a-prices-panic", "b"), m, DefaultRiskParams())
	}()
}
