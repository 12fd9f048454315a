package liquidation

// Goal: the liquidation properties of issue 7 and STYLE.md on random books:
// the unified liquidation never lowers the account's health unless it closes
// the account; a partial unified liquidation sells no more (USD) than the
// isolated venues together on the same book; no action takes more than the
// account holds; the same input gives the same report.
// Method: rapid draws a book of up to four venues (Aave and Comet loans
// against WETH, a Hyperliquid BTC perp, a custody wallet) at a drawn WETH
// price, runs Run, and checks each property on the report.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

func cents(t *rapid.T, label string, lo, hi int) string {
	n := rapid.IntRange(lo, hi).Draw(t, label)
	return fmt.Sprintf("%d.%02d", n/100, n%100)
}

func drawBook(t *rapid.T) string {
	weth := rapid.IntRange(800, 3000).Draw(t, "weth")
	var lines []string
	lines = append(lines,
		fmt.Sprintf(`asset WETH {"price": "%d", "vol": 0.7, "depth_usd": "80000000", "spread_bps": 2}`, weth),
		`asset BTC {"price": "90000", "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1}`,
		`asset USDC {"price": "1", "depth_usd": "500000000"}`)
	if rapid.Bool().Draw(t, "aave") {
		lines = append(lines, fmt.Sprintf(`venue {"id": "aave", "model": "aave-v3", "chain": "ethereum", `+
			`"collateral": [{"asset": "WETH", "amount": "%s"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "%s"}]}`,
			cents(t, "aave_c", 100, 5000), cents(t, "aave_d", 1, 4_000_000)))
	}
	if rapid.Bool().Draw(t, "comet") {
		lines = append(lines, fmt.Sprintf(`venue {"id": "comet", "model": "compound-v3", "chain": "ethereum", `+
			`"collateral": [{"asset": "WETH", "amount": "%s"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "%s"}]}`,
			cents(t, "comet_c", 100, 5000), cents(t, "comet_d", 10_000, 4_000_000)))
	}
	if rapid.Bool().Draw(t, "hl") {
		q := cents(t, "hl_q", 1, 600)
		if rapid.Bool().Draw(t, "hl_short") {
			q = "-" + q
		}
		lines = append(lines, fmt.Sprintf(`venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", `+
			`"collateral": [{"asset": "USDC", "amount": "%s"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "%s", "entry_price": "%d"}]}`,
			cents(t, "hl_c", 100_000, 5_000_000), q, rapid.IntRange(80000, 100000).Draw(t, "hl_entry")))
	}
	if rapid.Bool().Draw(t, "wallet") {
		lines = append(lines, fmt.Sprintf(`venue {"id": "wallet", "model": "custody", "chain": "ethereum", `+
			`"collateral": [{"asset": "WETH", "amount": "%s"}], "positions": []}`, cents(t, "wallet_c", 1, 300)))
	}
	if len(lines) == 3 {
		lines = append(lines, `venue {"id": "wallet", "model": "custody", "chain": "ethereum", "collateral": [{"asset": "USDC", "amount": "1"}], "positions": []}`)
	}
	return strings.Join(lines, "\n")
}

func TestPropertiesUnifiedLiquidation(t *testing.T) {
	var seen struct{ books, isolated, unified, closed, bound int }
	defer func() {
		t.Logf("books %d: isolated liquidations %d, unified %d (closed %d, budget bound %d)",
			seen.books, seen.isolated, seen.unified, seen.closed, seen.bound)
	}()
	rapid.Check(t, func(rt *rapid.T) {
		text := drawBook(rt)
		m, b := buildCase(t, text)
		rep, err := Run(b, m, margin.DefaultRiskParams(), DefaultOptions())
		if err != nil {
			rt.Fatalf("run: %v\n%s", err, text)
		}
		u := rep.Unified
		seen.books++
		for _, v := range rep.Venues {
			if v.Liquidatable {
				seen.isolated++
			}
		}
		if u.Liquidatable {
			seen.unified++
		}
		if u.Closed {
			seen.closed++
		}
		if u.BudgetBound {
			seen.bound++
		}
		if u.Liquidatable && !u.Closed && u.HealthBefore != nil {
			if u.HealthAfter == nil || *u.HealthAfter < *u.HealthBefore*(1-1e-9) {
				rt.Fatalf("unified health fell: %v → %v\n%s", *u.HealthBefore, fig(u.HealthAfter), text)
			}
		}
		if !u.Closed && u.SoldUSD > u.SaleBudgetUSD*(1+1e-9)+1e-6 {
			rt.Fatalf("unified sold %v > isolated %v\n%s", u.SoldUSD, u.SaleBudgetUSD, text)
		}
		for i := range rep.Venues {
			checkWithinBalances(rt, &b.Venues[i], rep.Venues[i].Actions, text)
		}
		for i := range b.Venues {
			var mine []Action
			for _, a := range u.Actions {
				if a.Venue == b.Venues[i].ID {
					mine = append(mine, a)
				}
			}
			checkWithinBalances(rt, &b.Venues[i], mine, text)
		}
		again, err := Run(b, m, margin.DefaultRiskParams(), DefaultOptions())
		if err != nil {
			rt.Fatal(err)
		}
		x, _ := json.Marshal(rep)
		y, _ := json.Marshal(again)
		if string(x) != string(y) {
			rt.Fatalf("not deterministic:\n%s\n%s", x, y)
		}
	})
}

// checkWithinBalances: no action takes more of an asset than the venue
// holds (collateral for seize/absorb/sell/backstop/auction of an asset,
// borrows for repay, |quantity| for a close of an instrument).
func checkWithinBalances(t *rapid.T, v *portfolio.Venue, actions []Action, text string) {
	held := map[string]money.Decimal{}
	owed := map[string]money.Decimal{}
	size := map[string]money.Decimal{}
	for _, c := range v.Collateral {
		held[c.Asset] = addDecimal(held[c.Asset], c.Amount)
	}
	for i := range v.Positions {
		p := &v.Positions[i]
		switch {
		case p.Kind == portfolio.KindBorrow:
			owed[p.Asset] = addDecimal(owed[p.Asset], p.Amount)
		case p.Kind.IsDerivative():
			size[instrument(p)] = addDecimal(size[instrument(p)], p.Quantity.Abs())
		}
	}
	sums := map[string]money.Decimal{}
	for _, a := range actions {
		amt, err := money.ParseDecimal(a.Amount)
		if err != nil || amt.Sign() < 0 {
			t.Fatalf("action %+v: bad amount", a)
		}
		var limit money.Decimal
		var ok bool
		switch a.Kind {
		case KindSeize, KindAbsorb, KindSell, KindBackstop, KindAuction:
			limit, ok = held[a.Asset]
			if !ok {
				limit, ok = size[a.Asset]
			}
		case KindRepay:
			limit, ok = owed[a.Asset]
		case KindClose:
			limit, ok = size[a.Asset]
		default:
			continue
		}
		key := a.Kind + "|" + a.Asset
		sums[key] = addDecimal(sums[key], amt)
		if !ok || sums[key].Cmp(limit) > 0 {
			t.Fatalf("venue %s: %s %s %s exceeds what the account holds (%s)\n%s", v.ID, a.Kind, a.Asset,
				sums[key].String(), limit.String(), text)
		}
	}
}
