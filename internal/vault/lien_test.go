// Goal: the lien rules hold whatever an account does. Method: a rapid state
// machine on the in-memory store drives one account through deposits,
// withdrawals, lien grants and releases, draws and their settlement, book
// changes and market moves; every operation that succeeds is checked
// against the rule that admitted it, every refusal must leave the store
// exactly as it was, and vault.Verify holds after every step.
package vault

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

func snapshot(m *Memory) string {
	as, _ := m.Accounts("")
	ts, _ := m.Transfers()
	vs, _ := m.Vaults()
	return fmt.Sprint(as, ts, vs)
}

func lienOf(t *rapid.T, m *Memory, venue string) money.Amount {
	a, ok, err := m.Account(lienAccount("acc", venue))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return money.Amount{}
	}
	return a.CreditBalance()
}

func TestLienProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := NewMemory()
		c := Config{}
		n := 0
		id := func() string { n++; return fmt.Sprintf("q%d", n) }
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(SetMarket(m, marketAt("3000")))
		if _, err := Deposit(m, id(), "acc", "WETH", "10"); err != nil {
			t.Fatal(err)
		}
		var draws []string
		// step runs op on a copy; a refusal must change nothing, a success
		// is kept and then checked by post.
		step := func(op func(tx Tx) error, post func()) {
			before := snapshot(m)
			cp := m.Clone()
			if err := op(cp); err != nil {
				if snapshot(m) != before {
					t.Fatalf("a refusal changed the store: %v", err)
				}
				return
			}
			m = cp
			if post != nil {
				post()
			}
			if err := Verify(m); err != nil {
				t.Fatal(err)
			}
		}
		// admitted: after a withdrawal or a grant the account meets unified
		// initial margin and Σ liens ≤ haircut collateral value.
		admitted := func() {
			v, err := evaluate(m, c, "acc", true)
			if err != nil {
				t.Fatal(err)
			}
			if v.report == nil {
				return
			}
			if v.report.Unified.Excess < 0 {
				t.Fatalf("admitted with excess %v", v.report.Unified.Excess)
			}
			if v.liens.Cmp(v.collateralUSD) > 0 {
				t.Fatalf("admitted with liens %s > collateral %s", v.LiensUSD, v.collateralUSD.Units(LienDecimals))
			}
		}
		usd := rapid.SampledFrom([]string{"500", "2000", "8000", "15000", "0.5"})
		venue := rapid.SampledFrom([]string{"dydx", "aave"})
		t.Repeat(map[string]func(*rapid.T){
			"deposit": func(t *rapid.T) {
				amt := rapid.SampledFrom([]string{"0.5", "2", "5"}).Draw(t, "amount")
				step(func(tx Tx) error { _, err := Deposit(tx, id(), "acc", "WETH", amt); return err }, nil)
			},
			"withdraw": func(t *rapid.T) {
				amt := rapid.SampledFrom([]string{"0.5", "2", "5", "9"}).Draw(t, "amount")
				step(func(tx Tx) error { _, err := Withdraw(tx, c, id(), "acc", "WETH", amt); return err }, admitted)
			},
			"grant": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				step(func(tx Tx) error { _, err := GrantLien(tx, c, id(), "acc", v, x); return err }, admitted)
			},
			"release": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				before := lienOf(t, m, v)
				want, _ := ledger.ParseUnits(x, LienDecimals)
				step(func(tx Tx) error { _, err := ReleaseLien(tx, id(), "acc", v, x); return err }, func() {
					if want.Cmp(before) > 0 {
						t.Fatalf("released %s of a lien of %s", x, before.Units(LienDecimals))
					}
				})
			},
			"draw": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				lien := lienOf(t, m, v)
				pre, err := evaluate(m, c, "acc", false)
				if err != nil {
					t.Fatal(err)
				}
				drawID := id()
				step(func(tx Tx) error { _, err := DrawLien(tx, c, drawID, "acc", v, "WETH", x); return err }, func() {
					amt, _ := ledger.ParseUnits(x, LienDecimals)
					if amt.Cmp(lien) > 0 {
						t.Fatalf("drew %s above the lien %s", x, lien.Units(LienDecimals))
					}
					if pre.report == nil || !pre.report.Unified.Liquidatable {
						t.Fatalf("drew from an account that was not liquidatable")
					}
					draws = append(draws, drawID)
				})
			},
			"settle": func(t *rapid.T) {
				if len(draws) == 0 {
					t.Skip("no draws")
				}
				d := rapid.SampledFrom(draws).Draw(t, "draw")
				post := rapid.Bool().Draw(t, "post")
				step(func(tx Tx) error { _, err := SettleDraw(tx, id(), d, post); return err }, nil)
			},
			"book": func(t *rapid.T) {
				qty := rapid.SampledFrom([]string{"0.1", "1", "3"}).Draw(t, "qty")
				step(func(tx Tx) error {
					return SetPortfolio(tx, "acc", []byte(replaceQty(qty)))
				}, nil)
			},
			"market": func(t *rapid.T) {
				p := rapid.SampledFrom([]string{"3000", "2000", "1200"}).Draw(t, "price")
				step(func(tx Tx) error { return SetMarket(tx, marketAt(p)) }, nil)
			},
		})
	})
}

func replaceQty(qty string) string {
	return fmt.Sprintf(`{"account":"acc","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
 "positions":[{"kind":"perp","underlying":"BTC","quantity":%q}]}]}`, qty)
}
