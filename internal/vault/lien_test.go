// Goal: the lien state machine of DESIGN.md ("Lien states") holds whatever
// anyone does. Method: TestLienStates walks every transition and every
// forbidden one once, in order, with the error each refusal must carry;
// TestLienProperties is a rapid state machine on the in-memory store that
// keeps a model of each venue's lien (active amount, amounts held by
// pending draws) and drives one account through deposits, withdrawals,
// grants, releases by the venue, by an admin with and without a reason and
// by anyone else, draws and their settlement, book changes and market
// moves. A release must succeed exactly when the model says it may; every
// other success is checked against the rule that admitted it; every
// refusal leaves the store exactly as it was; after every step the store's
// liens equal the model's and vault.Verify holds.
package vault

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

func TestLienStates(t *testing.T) {
	m := NewMemory()
	c := Config{}
	refused := func(want error, f func(tx Tx) (LienChange, error)) {
		t.Helper()
		before := snapshot(m)
		if _, err := txn(t, &m, f); !errors.Is(err, want) {
			t.Fatalf("got %v, want %v", err, want)
		}
		if snapshot(m) != before {
			t.Fatal("a refusal changed the store")
		}
	}
	lien := func(venue, active, pending string) {
		t.Helper()
		l, _, _ := m.Account(lienAccount("fund-a", venue))
		if got := l.CreditBalance().Units(LienDecimals); got != active {
			t.Fatalf("lien to %s: %s USD active, want %s", venue, got, active)
		}
		if got := l.DebitsPending.Units(LienDecimals); got != pending {
			t.Fatalf("lien to %s: %s USD held by pending draws, want %s", venue, got, pending)
		}
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "10") })
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })

	// none → active: the account grants, under the margin rules.
	refused(ErrNoLien, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r0", VenueReleaser("dydx", ""), "fund-a", "dydx", "1")
	})
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "g1", "fund-a", "dydx", "10000") })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "g2", "fund-a", "aave", "5000") })
	lien("dydx", "10000", "0")

	// Forbidden: anyone but the venue or an admin, another venue, an admin
	// without a reason; above the lien.
	refused(ErrNotLienHolder, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r1", Releaser{}, "fund-a", "dydx", "1") // the account has no releaser
	})
	refused(ErrNotLienHolder, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r2", VenueReleaser("aave", "tidy up"), "fund-a", "dydx", "1")
	})
	refused(ErrNotLienHolder, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r3", Releaser{Admin: true, Venue: "aave", Reason: "x"}, "fund-a", "dydx", "1")
	})
	for _, reason := range []string{"", "   ", "line\nbreak", "\xff", strings.Repeat("é", 501)} {
		refused(ErrBadReason, func(tx Tx) (LienChange, error) {
			return ReleaseLien(tx, "r4", AdminReleaser(reason), "fund-a", "dydx", "1")
		})
	}
	refused(ErrExceedsLien, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r5", VenueReleaser("dydx", ""), "fund-a", "dydx", "10000.01")
	})
	// Forbidden: the book shrinking a lien.
	do(t, &m, func(tx Tx) (any, error) {
		return nil, SetPortfolio(tx, "fund-a", []byte(`{"account":"fund-a","venues":[]}`))
	})
	lien("dydx", "10000", "0")
	do(t, &m, func(tx Tx) (any, error) { return nil, SetPortfolio(tx, "fund-a", []byte(testBook)) })

	// active → active (less): the venue releases; an admin acting for it,
	// with a reason. Both are recorded with who and why.
	r := do(t, &m, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r6", VenueReleaser("dydx", ""), "fund-a", "dydx", "1000")
	})
	if r.By != "venue" || r.LienUSD != "9000" {
		t.Fatalf("venue release: %+v", r)
	}
	// 500 characters is the limit, whatever their bytes.
	do(t, &m, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r6b", AdminReleaser(strings.Repeat("é", 500)), "fund-a", "aave", "1")
	})
	r = do(t, &m, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r7", AdminReleaser("venue asked by mail, ticket 42"), "fund-a", "dydx", "500")
	})
	if r.By != "admin" || r.Reason != "venue asked by mail, ticket 42" || r.LienUSD != "8500" {
		t.Fatalf("admin release: %+v", r)
	}
	// The same request again is a replay; another releaser under it a conflict.
	journal := snapshot(m)
	if again := do(t, &m, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r7", AdminReleaser("venue asked by mail, ticket 42"), "fund-a", "dydx", "500")
	}); again != r || snapshot(m) != journal {
		t.Fatalf("replay: %+v, first %+v", again, r)
	}
	refused(ErrRequestConflict, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r7", VenueReleaser("dydx", ""), "fund-a", "dydx", "500")
	})

	// Forbidden: a withdrawal below Σ active liens (8500 + 5000 USD).
	if _, err := txn(t, &m, func(tx Tx) (Movement, error) { return Withdraw(tx, c, "w1", "fund-a", "WETH", "5.6") }); !errors.Is(err, ErrLiensExceedCollateral) && !errors.Is(err, ErrInitialMargin) {
		t.Fatalf("withdrawal below the liens: %v", err)
	}

	// active → held by a pending draw: only while liquidatable.
	if _, err := txn(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x1", "fund-a", "dydx", "WETH", "1200") }); !errors.Is(err, ErrNotLiquidatable) {
		t.Fatalf("draw while healthy: %v", err)
	}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("1200")) })
	do(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x2", "fund-a", "dydx", "WETH", "1200") })
	lien("dydx", "7300", "1200")
	// A release never touches what a pending draw holds.
	refused(ErrExceedsLien, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r8", VenueReleaser("dydx", ""), "fund-a", "dydx", "7300.01")
	})
	// held → active: settle void gives the amount back.
	do(t, &m, func(tx Tx) (Settlement, error) { return SettleDraw(tx, "s1", "x2", false) })
	lien("dydx", "8500", "0")
	// held → gone: settle post consumes it.
	do(t, &m, func(tx Tx) (Draw, error) { return DrawLien(tx, c, "x3", "fund-a", "dydx", "WETH", "2400") })
	do(t, &m, func(tx Tx) (Settlement, error) { return SettleDraw(tx, "s2", "x3", true) })
	lien("dydx", "6100", "0")
	// active → none: the venue releases the rest.
	do(t, &m, func(tx Tx) (LienChange, error) {
		return ReleaseLien(tx, "r9", VenueReleaser("dydx", "positions closed"), "fund-a", "dydx", "6100")
	})
	lien("dydx", "0", "0")
	lien("aave", "4999", "0")

	// The audit trail: every movement of the lien with who and why.
	h, err := LienHistory(m, "fund-a", "dydx")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(h)
	want := "[{g1 lien-grant 10000 account } {r6 lien-release-venue 1000 venue } " +
		"{r7 lien-release-admin 500 admin venue asked by mail, ticket 42} " +
		"{x2 lien-draw 1200 venue } {s1 lien-draw-voided 1200 venue } " +
		"{x3 lien-draw 2400 venue } {s2 lien-draw-posted 2400 venue } " +
		"{r9 lien-release-venue 6100 venue positions closed}]"
	if got != want {
		t.Fatalf("history\n got %s\nwant %s", got, want)
	}
	vl, err := LiensOf(m, "aave")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(vl) != "{aave [{fund-a 4999 0}] 4999}" {
		t.Fatalf("aave's liens: %+v", vl)
	}
	if vl, _ := LiensOf(m, "dydx"); len(vl.Liens) != 0 || vl.LiensUSD != "0" {
		t.Fatalf("dydx's liens after full release: %+v", vl)
	}
}

func snapshot(m *Memory) string {
	as, _ := m.Accounts("")
	ts, _ := m.Transfers()
	vs, _ := m.Vaults()
	return fmt.Sprint(as, ts, vs)
}

// lienModel is what the rules say each venue's lien is.
type lienModel struct {
	active  map[string]money.Amount // venue → active lien
	pending map[string]pendingDraw  // draw request id → what it holds
}

type pendingDraw struct {
	venue  string
	amount money.Amount
}

func (l *lienModel) check(t *rapid.T, m *Memory) {
	for _, venue := range []string{"dydx", "aave"} {
		a, _, err := m.Account(lienAccount("acc", venue))
		if err != nil {
			t.Fatal(err)
		}
		var held money.Amount
		for _, p := range l.pending {
			if p.venue == venue {
				held = mustAmount(held.Add(p.amount))
			}
		}
		if a.CreditBalance().Cmp(l.active[venue]) != 0 || a.DebitsPending.Cmp(held) != 0 {
			t.Fatalf("lien to %s: active %s held %s, model %s held %s", venue,
				a.CreditBalance().Units(LienDecimals), a.DebitsPending.Units(LienDecimals),
				l.active[venue].Units(LienDecimals), held.Units(LienDecimals))
		}
	}
}

// mustAmount unwraps an amount whose error would be a bug of the test
// (the amounts are small and valid); rapid reports the panic.
func mustAmount(a money.Amount, err error) money.Amount {
	if err != nil {
		panic(err)
	}
	return a
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
		model := &lienModel{active: map[string]money.Amount{}, pending: map[string]pendingDraw{}}
		// step runs op on a copy; a refusal must change nothing, a success
		// is kept and then checked by post. It returns op's error.
		step := func(op func(tx Tx) error, post func()) error {
			before := snapshot(m)
			cp := m.Clone()
			if err := op(cp); err != nil {
				if snapshot(m) != before {
					t.Fatalf("a refusal changed the store: %v", err)
				}
				return err
			}
			m = cp
			if post != nil {
				post()
			}
			must(Verify(m))
			return nil
		}
		// admitted: after a withdrawal or a grant the account meets unified
		// initial margin and Σ active liens ≤ haircut collateral value.
		admitted := func() {
			v, err := evaluate(m, c, "acc", true)
			must(err)
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
		// release is a release by r of x from v's lien: it must succeed
		// exactly when allowed and x is within the active lien.
		release := func(t *rapid.T, r Releaser, v, x string, allowed bool) {
			amt := mustAmount(ledger.ParseUnits(x, LienDecimals))
			active := model.active[v]
			want := allowed && !active.IsZero() && amt.Cmp(active) <= 0
			err := step(func(tx Tx) error { _, err := ReleaseLien(tx, id(), r, "acc", v, x); return err }, func() {
				model.active[v] = mustAmount(active.Sub(amt))
			})
			if (err == nil) != want {
				t.Fatalf("release of %s from a lien of %s by %+v: %v, want success %v", x, active.Units(LienDecimals), r, err, want)
			}
		}
		t.Repeat(map[string]func(*rapid.T){
			"deposit": func(t *rapid.T) {
				amt := rapid.SampledFrom([]string{"0.5", "2", "5"}).Draw(t, "amount")
				step(func(tx Tx) error { _, err := Deposit(tx, id(), "acc", "WETH", amt); return err }, nil)
			},
			"withdraw": func(t *rapid.T) {
				amt := rapid.SampledFrom([]string{"0.5", "2", "5", "9"}).Draw(t, "amount")
				step(func(tx Tx) error { _, err := Withdraw(tx, c, id(), "acc", "WETH", amt); return err }, admitted)
			},
			"grant by the account": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				step(func(tx Tx) error { _, err := GrantLien(tx, c, id(), "acc", v, x); return err }, func() {
					model.active[v] = mustAmount(model.active[v].Add(mustAmount(ledger.ParseUnits(x, LienDecimals))))
					admitted()
				})
			},
			"release by the venue": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				release(t, VenueReleaser(v, ""), v, x, true)
			},
			"release by an admin": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				reason := rapid.SampledFrom([]string{"court order 7", "", " ", "a\tb"}).Draw(t, "reason")
				release(t, AdminReleaser(reason), v, x, reason == "court order 7")
			},
			"release by anyone else": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				other := rapid.SampledFrom([]Releaser{{}, {Venue: "acc"}, {Venue: "gmx"},
					{Venue: map[string]string{"dydx": "aave", "aave": "dydx"}[v]}}).Draw(t, "releaser")
				release(t, other, v, x, false)
			},
			"draw by the venue": func(t *rapid.T) {
				x, v := usd.Draw(t, "usd"), venue.Draw(t, "venue")
				pre, err := evaluate(m, c, "acc", false)
				must(err)
				drawID := id()
				step(func(tx Tx) error { _, err := DrawLien(tx, c, drawID, "acc", v, "WETH", x); return err }, func() {
					amt := mustAmount(ledger.ParseUnits(x, LienDecimals))
					if amt.Cmp(model.active[v]) > 0 {
						t.Fatalf("drew %s above the lien %s", x, model.active[v].Units(LienDecimals))
					}
					if pre.report == nil || !pre.report.Unified.Liquidatable {
						t.Fatalf("drew from an account that was not liquidatable")
					}
					model.active[v] = mustAmount(model.active[v].Sub(amt))
					model.pending[drawID] = pendingDraw{v, amt}
				})
			},
			"settle": func(t *rapid.T) {
				ids := slices.Sorted(maps.Keys(model.pending))
				if len(ids) == 0 {
					t.Skip("no pending draws")
				}
				d := rapid.SampledFrom(ids).Draw(t, "draw")
				post := rapid.Bool().Draw(t, "post")
				err := step(func(tx Tx) error { _, err := SettleDraw(tx, id(), d, post); return err }, func() {
					if p := model.pending[d]; !post {
						model.active[p.venue] = mustAmount(model.active[p.venue].Add(p.amount))
					}
					delete(model.pending, d)
				})
				if err != nil {
					t.Fatalf("settling pending draw %s: %v", d, err)
				}
			},
			"book": func(t *rapid.T) {
				book := rapid.SampledFrom([]string{replaceQty("0.1"), replaceQty("1"), replaceQty("3"),
					`{"account":"acc","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],"positions":[]}]}`,
					`{"account":"acc","venues":[]}`}).Draw(t, "book")
				step(func(tx Tx) error { return SetPortfolio(tx, "acc", []byte(book)) }, nil)
			},
			"market": func(t *rapid.T) {
				p := rapid.SampledFrom([]string{"3000", "2000", "1200"}).Draw(t, "price")
				step(func(tx Tx) error { return SetMarket(tx, marketAt(p)) }, nil)
			},
			"": func(t *rapid.T) { model.check(t, m) },
		})
	})
}

func replaceQty(qty string) string {
	return fmt.Sprintf(`{"account":"acc","venues":[{"id":"dydx","model":"dydx-v4","chain":"dydx","collateral":[],
 "positions":[{"kind":"perp","underlying":"BTC","quantity":%q}]}]}`, qty)
}

// An account has liens with at most MaxLienVenues venues. A lien is a
// ledger account that stays once opened, and a venue's list of its liens
// (LiensOf) reads every account's: with 1 USD of collateral an account
// could open a 1e-18 USD lien to millions of made-up venues and slow every
// venue's list. A grant to one more venue is refused and changes nothing;
// grants to venues it already has go on.
func TestLienVenuesAreBounded(t *testing.T) {
	m := NewMemory()
	c := Config{}
	do(t, &m, func(tx Tx) (any, error) { return nil, SetMarket(tx, marketAt("3000")) })
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d1", "fund-a", "WETH", "1") })
	for i := range MaxLienVenues {
		do(t, &m, func(tx Tx) (LienChange, error) {
			return GrantLien(tx, c, fmt.Sprintf("g%d", i), "fund-a", fmt.Sprintf("v%d", i), "0.000000000000000001")
		})
	}
	before := snapshot(m)
	_, err := txn(t, &m, func(tx Tx) (LienChange, error) {
		return GrantLien(tx, c, "one-more", "fund-a", "v-new", "0.000000000000000001")
	})
	if !errors.Is(err, ErrTooManyLienVenues) || snapshot(m) != before {
		t.Fatalf("grant to venue %d: %v (store changed: %v), want ErrTooManyLienVenues", MaxLienVenues+1, err, snapshot(m) != before)
	}
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "again", "fund-a", "v0", "1") })
	// Another account's liens are its own.
	do(t, &m, func(tx Tx) (Movement, error) { return Deposit(tx, "d2", "fund-b", "WETH", "1") })
	do(t, &m, func(tx Tx) (LienChange, error) { return GrantLien(tx, c, "b1", "fund-b", "v-new", "1") })
}
