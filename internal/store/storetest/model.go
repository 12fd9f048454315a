// Goal: a store is a faithful, crash-atomic home for the collateral layer.
// Method: thousands of random operations — deposits, mints, withdrawals,
// redemptions, accruals, lien grants, releases (by the venue, by an admin
// with or without a reason, by another venue), draws and their settlement,
// market moves, retries and conflicting reuses of request ids, malformed and
// zero amounts — run against the store and against vault.Memory (the
// model). A share of the steps crash (store.Fault): a random call inside
// the operation fails, or a write is done and then fails (torn), or the
// transaction is aborted after the operation completed; the store must then
// be exactly as before, and no operation may carry on past a failed call. After every step the outcome (result or
// refusal text) must equal the model's, the store's accounts, journal and
// vaults must equal the model's, and every invariant (vault.Verify) must
// hold (the journal replay on the store every fullCheckEvery steps and at
// the end, since it grows with the run; on the model every step). The seed is printed on failure; UNIMARGIN_SEED replays one.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
	_ "github.com/unimargin/unimargin/internal/venue/catalog" // venue models of the stored books
)

const modelMarket = `{"as_of": "2026-11-25T00:00:00Z",
 "assets": {"BTC": {"price": "90000", "vol": 0.55, "depth_usd": "250000000"},
            "WETH": {"price": "PRICE", "vol": 0.70, "depth_usd": "80000000"},
            "USDC": {"price": "1", "depth_usd": "500000000"}},
 "rates": {"USD": 0.04}, "correlations": {"BTC/WETH": 0.8}}`

const modelBook = `{"account": "x", "venues": [{"id": "dydx", "model": "dydx-v4", "chain": "dydx",
 "collateral": [], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "QTY"}]}]}`

func marketAt(price string) string { return strings.Replace(modelMarket, "PRICE", price, 1) }

func bookWith(qty string) string { return strings.Replace(modelBook, "QTY", qty, 1) }

// errAbort ends a crash step whose fault did not strike: the process died
// after the operation's work, just before the commit.
var errAbort = errors.New("process died before commit")

// op is one operation: a request id, a description and the call.
type op struct {
	desc string
	run  func(tx vault.Tx) (string, error)
}

func show(r any, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%+v", r), nil
}

type gen struct {
	r      *rand.Rand
	n      int
	past   []op     // ops that may be retried
	draws  []string // request ids of draws
	config vault.Config
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) id() string {
	g.n++
	return "r" + strconv.Itoa(g.n)
}

func (g *gen) next() op {
	acct := g.pick("a", "b", "c")
	asset := g.pick("WETH", "USDC", "WETH", "NOPE")
	amount := g.pick("0.5", "1", "2", "3.25", "10", "40", "0", "-1", "1e2", "x", "0.0000001")
	shares := g.pick("0.5", "1", "2.5", "100", "0.000000000001")
	usd := g.pick("100", "1000", "5000", "20000", "0")
	venue := g.pick("dydx", "aave")
	id := g.id()
	c := g.config
	var o op
	switch k := g.r.IntN(100); {
	case k < 22:
		o = op{"deposit " + acct + " " + amount + " " + asset, func(tx vault.Tx) (string, error) {
			return show(vault.Deposit(tx, id, acct, asset, amount))
		}}
	case k < 27:
		o = op{"mint " + acct + " " + shares + " " + asset, func(tx vault.Tx) (string, error) {
			return show(vault.Mint(tx, id, acct, asset, shares))
		}}
	case k < 40:
		o = op{"withdraw " + acct + " " + amount + " " + asset, func(tx vault.Tx) (string, error) {
			return show(vault.Withdraw(tx, c, id, acct, asset, amount))
		}}
	case k < 47:
		o = op{"redeem " + acct + " " + shares + " " + asset, func(tx vault.Tx) (string, error) {
			return show(vault.Redeem(tx, c, id, acct, asset, shares))
		}}
	case k < 52:
		o = op{"accrue " + amount + " " + asset, func(tx vault.Tx) (string, error) {
			return show(vault.Accrue(tx, id, asset, amount))
		}}
	case k < 64:
		o = op{"grant " + acct + " " + venue + " " + usd, func(tx vault.Tx) (string, error) {
			return show(vault.GrantLien(tx, c, id, acct, venue, usd))
		}}
	case k < 70:
		// The venue itself, another venue, an admin with and without a
		// reason: the refusals must match the model's too.
		by := []vault.Releaser{vault.VenueReleaser(venue, ""), vault.VenueReleaser("gmx", ""),
			vault.AdminReleaser("ticket 7"), vault.AdminReleaser("")}[g.r.IntN(4)]
		o = op{fmt.Sprintf("release %s %s %s by %+v", acct, venue, usd, by), func(tx vault.Tx) (string, error) {
			return show(vault.ReleaseLien(tx, id, by, acct, venue, usd))
		}}
	case k < 76:
		g.draws = append(g.draws, id)
		o = op{"draw " + acct + " " + venue + " " + usd, func(tx vault.Tx) (string, error) {
			return show(vault.DrawLien(tx, c, id, acct, venue, "WETH", usd))
		}}
	case k < 80 && len(g.draws) > 0:
		d := g.draws[g.r.IntN(len(g.draws))]
		post := g.r.IntN(2) == 0
		o = op{fmt.Sprintf("settle %s post=%v", d, post), func(tx vault.Tx) (string, error) {
			return show(vault.SettleDraw(tx, id, d, post))
		}}
	case k < 85:
		price := g.pick("3000", "1500", "1200", "800")
		o = op{"market WETH " + price, func(tx vault.Tx) (string, error) {
			return "", vault.SetMarket(tx, []byte(marketAt(price)))
		}}
	case k < 88:
		qty := g.pick("0.1", "1", "-0.5", "20", "100")
		o = op{"portfolio " + acct + " " + qty, func(tx vault.Tx) (string, error) {
			return "", vault.SetPortfolio(tx, acct, []byte(bookWith(qty)))
		}}
	case k < 95 && len(g.past) > 0:
		prev := g.past[g.r.IntN(len(g.past))]
		return op{"retry " + prev.desc, prev.run}
	case len(g.past) > 0:
		// Reuse an old request id with a new body: always a conflict or,
		// for the same body by chance, a replay.
		old := "r" + strconv.Itoa(1+g.r.IntN(g.n))
		o = op{"reuse " + old, func(tx vault.Tx) (string, error) {
			return show(vault.Deposit(tx, old, "a", "USDC", "777"))
		}}
	default:
		o = op{"state " + acct, func(tx vault.Tx) (string, error) { return show(vault.State(tx, c, acct)) }}
	}
	o.desc = id + " " + o.desc
	g.past = append(g.past, o)
	return o
}

func modelSeed(t *testing.T) uint64 {
	if s := os.Getenv("UNIMARGIN_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("UNIMARGIN_SEED: %v", err)
		}
		return n
	}
	return 20261125
}

func testModel(t *testing.T, open Open, steps int) {
	db := open(t)
	defer db.Close()
	seed := modelSeed(t)
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	model := vault.NewMemory()
	ctx := context.Background()
	accepted, crashes := map[string]int{}, 0
	defer func() { t.Logf("seed %d: %d steps, %d crashes, accepted by kind %v", seed, steps, crashes, accepted) }()
	for i := range steps {
		o := g.next()
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d step %d (%s): %s", seed, i, o.desc, fmt.Sprintf(format, args...))
		}
		if g.r.IntN(5) == 0 { // a crash: inside the operation or just before commit
			crashes++
			before := dumpBalances(t, db)
			f := &store.Fault{Kind: store.FaultCall, At: g.r.IntN(40)}
			if g.r.IntN(2) == 0 { // or a torn write: one write done, then the failure
				f = &store.Fault{Kind: store.FaultTorn, At: g.r.IntN(12)}
			}
			db.Arm(f)
			err := db.Update(ctx, func(tx vault.Tx) error {
				if _, err := o.run(tx); err != nil {
					return err
				}
				if !f.Fired() {
					return errAbort // the process died just before committing
				}
				return nil
			})
			if f.Swallowed() {
				fail("an injected %s failure was swallowed and the transaction committed", f.Kind)
			}
			if err == nil {
				fail("crashed transaction committed")
			}
			if after := dumpBalances(t, db); !reflect.DeepEqual(before, after) {
				fail("a crashed transaction changed the store")
			}
		}
		mc := model.Clone()
		want, wantErr := o.run(mc)
		if os.Getenv("UNIMARGIN_MODEL_TRACE") != "" {
			t.Logf("%s → %s %v", o.desc, want, wantErr)
		}
		if wantErr == nil {
			model = mc
			kind := strings.Fields(o.desc)[0]
			if kind != "retry" {
				kind = strings.Fields(o.desc)[1]
			}
			accepted[kind]++
		}
		var got string
		gotErr := db.Update(ctx, func(tx vault.Tx) (err error) { got, err = o.run(tx); return })
		if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
			fail("store error %v, model error %v", gotErr, wantErr)
		}
		if got != want {
			fail("store result %s, model %s", got, want)
		}
		full := i%fullCheckEvery == fullCheckEvery-1 || i == steps-1
		checkAgainstModel(t, db, model, full, fail)
		if errors.Is(gotErr, store.ErrInjected) || errors.Is(gotErr, errAbort) {
			fail("crash leaked into a normal step")
		}
	}
}

// fullCheckEvery is how often the store's whole journal is compared and
// replayed; accounts and vaults are compared after every step.
const fullCheckEvery = 25

func checkAgainstModel(t *testing.T, db *store.DB, model *vault.Memory, full bool, fail func(string, ...any)) {
	t.Helper()
	var ms, ss State
	if err := dumpTx(model, &ms); err != nil {
		t.Fatal(err)
	}
	if err := vault.Verify(model); err != nil {
		fail("model invariant: %v", err)
	}
	err := db.View(context.Background(), func(tx vault.Tx) error {
		if !full {
			var err error
			if ss.Accounts, err = tx.LedgerAccounts(""); err != nil {
				return err
			}
			ss.Vaults, err = tx.Vaults()
			return err
		}
		if err := dumpTx(tx, &ss); err != nil {
			return err
		}
		if err := vault.Verify(tx); err != nil {
			fail("store invariant: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !full {
		ms.Transfers = nil
		if len(ss.Accounts) == 0 {
			ss.Accounts = nil
		}
		if len(ss.Vaults) == 0 {
			ss.Vaults = nil
		}
	}
	if !reflect.DeepEqual(ss, ms) {
		fail("store state differs from the model")
	}
}

// dumpBalances is the store's accounts and vaults (not the journal, which
// the periodic full check compares).
func dumpBalances(t *testing.T, db *store.DB) State {
	t.Helper()
	var s State
	err := db.View(context.Background(), func(tx vault.Tx) (err error) {
		if s.Accounts, err = tx.LedgerAccounts(""); err != nil {
			return err
		}
		s.Vaults, err = tx.Vaults()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
