package margin

import (
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

// What-if equals margining the book with the trade applied: for random books
// and random positions at a random venue, Session.WhatIf agrees with the
// full unified computation on the applied book in every figure (up to
// float64 summation order), and its worst scenario loses, in the full
// computation's risk array, what the full computation's worst loses.
func TestPropertyWhatIfEqualsFullMargin(t *testing.T) {
	m := propMarket(t)
	rp := DefaultRiskParams()
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		s, err := Prepare(b, m, rp)
		if err != nil {
			t.Fatal(err)
		}
		vi := rapid.IntRange(0, len(b.Venues)-1).Draw(t, "venue")
		p := genPosition(t)
		got, err := s.WhatIf(b.Venues[vi].ID, &p)
		if err != nil {
			t.Fatal(err)
		}
		want := unifiedOf(t, withPosition(b, vi, &p), m, rp).unified
		scale := want.Initial + 1
		pairs := [][2]float64{
			{got.Initial, want.Initial}, {got.Maintenance, want.Maintenance},
			{got.Components.Scenario, want.Components.Scenario},
			{got.Components.Liquidity, want.Components.Liquidity},
			{got.Components.Contingency, want.Components.Contingency},
			{got.WorstScenario.Loss, want.WorstScenario.Loss},
			{got.CollateralValue, want.CollateralValue},
		}
		for k, pr := range pairs {
			if !close(pr[0], pr[1], scale) {
				t.Fatalf("figure %d: what-if %v, full %v\nwhat-if %+v\nfull    %+v", k, pr[0], pr[1], got, want)
			}
		}
		if !close(got.Equity, want.Equity, scale+abs(want.Equity)) || got.Liquidatable != want.Liquidatable &&
			!close(got.Equity, got.Maintenance, scale) {
			t.Fatalf("equity %v / %v liquidatable %v / %v", got.Equity, want.Equity, got.Liquidatable, want.Liquidatable)
		}
		// The session is unchanged by a what-if.
		if again := s.Unified(); again != unifiedOf(t, b, m, rp).unified {
			t.Fatalf("the session changed: %+v", again)
		}
	})
}

// A position on an asset outside the book's scenario set is margined in full.
func TestWhatIfNewAsset(t *testing.T) {
	m := propMarket(t)
	b := &portfolio.Portfolio{Account: "a", Venues: []portfolio.Venue{{ID: "a", Model: "test-flat",
		Chain: "offchain", Settlement: "USDC", Collateral: []portfolio.Collateral{collateral("USDC", 1e6)},
		Positions: []portfolio.Position{derivative(portfolio.KindPerp, "BTC", 1)}}}}
	s, err := Prepare(b, m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	p := derivative(portfolio.KindPerp, "WETH", 10)
	got, err := s.WhatIf("a", &p)
	if err != nil {
		t.Fatal(err)
	}
	want := unifiedOf(t, withPosition(b, 0, &p), m, DefaultRiskParams()).unified
	if got != want {
		t.Fatalf("what-if %+v, full %+v", got, want)
	}
}

// Trade files: the position follows portfolio.json's rules and its errors
// name paths under "position"; an unknown venue names "venue".
func TestTradeErrors(t *testing.T) {
	m := propMarket(t)
	s, err := Prepare(benchBook(), m, DefaultRiskParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ doc, want string }{
		{`{"venue": "nope", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}}`,
			`venue: "nope" is not a venue of the portfolio`},
		{`{"venue": "dydx", "position": {"kind": "option", "underlying": "BTC", "right": "put", "strike": "-90000", "expiry": "2026-12-25T08:00:00Z", "quantity": "1"}}`,
			`position.strike: "-90000"`},
		{`{"venue": "dydx", "position": {"kind": "perp", "underlying": "DOGE", "quantity": "1"}}`,
			`position.underlying: "DOGE" is an asset missing from the market`},
		{`{"venue": "dydx", "position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}, "x": 1}`,
			`x: unknown field`},
		{`{"position": {"kind": "perp", "underlying": "BTC", "quantity": "1"}}`, `venue`},
	} {
		tr, err := ParseTrade([]byte(c.doc))
		if err == nil {
			err = s.CheckTrade(tr)
		}
		var ie *input.Error
		if err == nil || !asInput(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.doc, err, c.want)
		}
	}
	tr, err := ParseTrade([]byte(`{"venue": "dydx", "position": {"kind": "option", "underlying": "BTC", "right": "call", "strike": "100000", "expiry": "2026-12-25T08:00:00Z", "quantity": "-2.5"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckTrade(tr); err != nil {
		t.Fatal(err)
	}
	if tr.Position.Right != pricing.Call || tr.Position.QuantityF != -2.5 {
		t.Fatalf("parsed %+v", tr.Position)
	}
}

func asInput(err error, target **input.Error) bool { return errors.As(err, target) }
