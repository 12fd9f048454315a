package venue_test

// Goal: every registered model is one registry entry with a liquidation
// rule the engine can run (a model added without a case here fails), with
// the mechanism and headline figures its venue publishes; an unknown model
// is an error naming it.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	_ "github.com/unimargin/unimargin/internal/venue/catalog"
)

func TestEveryModelHasALiquidationRule(t *testing.T) {
	const (
		option = `"collateral": [{"asset": "BTC", "amount": "1"}], "positions": [{"kind": "option", ` +
			`"underlying": "BTC", "right": "call", "strike": "40000", "expiry": "2026-12-25T08:00:00Z", "quantity": "-1"}]`
		future = `"collateral": [{"asset": "USDC", "amount": "100000"}], "positions": [{"kind": "future", ` +
			`"underlying": "BTC", "expiry": "2026-12-25T08:00:00Z", "quantity": "1"}]`
		wallet = `"collateral": [{"asset": "USDC", "amount": "1"}], "positions": []`
	)
	cases := map[string]struct {
		venue string
		check func(r venue.Liquidation) bool
	}{
		"aave-v3": {lending, func(r venue.Liquidation) bool {
			// WETH's bonus in the 2023-10-31 set is 5% (10500 bps), its protocol fee 10%.
			return r.Mechanism == venue.MechCall && r.CloseFactor == 0.5 && r.FullCloseBelowHealth == 0.95 &&
				r.Penalty == 0.05 && r.ProtocolFee == 0.1 && r.PenaltyByAsset["WETH"] == 0.05
		}},
		"compound-v3": {lending, func(r venue.Liquidation) bool {
			// cUSDCv3 WETH liquidationFactor 0.95.
			return r.Mechanism == venue.MechAbsorb && almost(r.PenaltyByAsset["WETH"], 0.05)
		}},
		"hyperliquid": {perp, func(r venue.Liquidation) bool {
			return r.Mechanism == venue.MechClose && r.PartialAboveUSD == 100_000 && r.PartialFraction == 0.2 &&
				r.CooldownSeconds == 30 && r.Backstop != nil && r.Backstop.BelowMaintenance == 2.0/3 &&
				r.Order == venue.OrderLargestNotional && r.Shortfall == venue.ShortfallADL
		}},
		"dydx-v4": {perp, func(r venue.Liquidation) bool {
			return r.Mechanism == venue.MechClose && r.PartialFraction == 1 && r.Penalty == 0.005 && r.StopWhenHealthy
		}},
		"gmx-v2": {perp, func(r venue.Liquidation) bool {
			return r.Mechanism == venue.MechClose && r.Penalty == 0.002 && r.Shortfall == venue.ShortfallLPPool
		}},
		"deribit-standard": {coinPerp, func(r venue.Liquidation) bool {
			return r.Mechanism == venue.MechReduce && r.Clip == 0.1 && r.MaxSteps > 0
		}},
		"deribit-pm": {coinPerp, func(r venue.Liquidation) bool { return r.Mechanism == venue.MechReduce && r.Clip == 0.1 }},
		"span":       {future, func(r venue.Liquidation) bool { return r.Mechanism == venue.MechReduce && r.Clip == 0.1 }},
		"derive-pm": {`"collateral": [{"asset": "USDC", "amount": "1000"}], "positions": []`, func(r venue.Liquidation) bool {
			a := r.Auction
			return r.Mechanism == venue.MechAuction && a != nil && a.StartDiscount == 0.95 && a.BufferMargin == 0.15 &&
				a.FeeRate == 0.1 && a.FractionDecimals == 6
		}},
		"option-vault": {option, func(r venue.Liquidation) bool { return r.Mechanism == venue.MechNone }},
		"custody":      {wallet, func(r venue.Liquidation) bool { return r.Mechanism == venue.MechNone }},
	}
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"BTC": {"price": "30000", "vol": 0.6},
	  "ETH": {"price": "2000"}, "WETH": {"price": "2000"}, "USDC": {"price": "1"}}}`), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range venue.Names() {
		c, ok := cases[name]
		if !ok {
			if !strings.HasPrefix(name, "test-") {
				t.Errorf("model %s has no case here: add its rule's figures", name)
			}
			continue
		}
		p, err := portfolio.Parse([]byte(fmt.Sprintf(`{"account": "a", "venues": [{"id": "v", "model": %q,
		  "chain": "x", %s}]}`, name, c.venue)))
		if err == nil {
			err = portfolio.Check(p, m)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r, err := venue.LiquidationOf(&p.Venues[0], m)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if r.Model != name || !c.check(r) || r.Source == "" || r.Note == "" && r.Mechanism != venue.MechNone {
			t.Errorf("%s: rule %+v", name, r)
		}
	}
	v := portfolio.Venue{ID: "v", Model: "no-such-model", Path: "venues[0]"}
	if _, err := venue.LiquidationOf(&v, m); err == nil || !strings.Contains(err.Error(), "no-such-model") {
		t.Errorf("unknown model: %v, want an error naming it", err)
	}
}

func almost(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }
