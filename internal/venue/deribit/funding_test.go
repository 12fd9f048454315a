package deribit

import (
	"math"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Accrued funding on a perp is part of Deribit's margin balance: it moves
// equity by exactly its USD amount and leaves the requirements alone.
func TestPerpFundingCountsInEquity(t *testing.T) {
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"BTC": {"price": "90000", "vol": 0.5}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, model := range []string{"deribit-standard", "deribit-pm"} {
		v := portfolio.Venue{ID: "d", Model: model, Chain: "offchain",
			Collateral: []portfolio.Collateral{{Asset: "BTC", Amount: money.MustDecimal("2"), AmountF: 2}},
			Positions: []portfolio.Position{{Kind: portfolio.KindPerp, Underlying: "BTC",
				Quantity: money.MustDecimal("-3"), QuantityF: -3, EntryPrice: money.MustDecimal("88000"), EntryF: 88000, HasEntry: true}}}
		before, err := venue.Margin(&v, m)
		if err != nil {
			t.Fatal(err)
		}
		v.Positions[0].Funding, v.Positions[0].FundingF = money.MustDecimal("-450"), -450
		after, err := venue.Margin(&v, m)
		if err != nil {
			t.Fatal(err)
		}
		if d := after.Equity - before.Equity; math.Abs(d+450) > 1e-9 {
			t.Errorf("%s: funding -450 moved equity by %v", model, d)
		}
		if after.Initial != before.Initial || after.Maintenance != before.Maintenance {
			t.Errorf("%s: funding changed requirements", model)
		}
	}
}
