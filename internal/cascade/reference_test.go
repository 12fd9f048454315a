// Independent references for the simulator's margin and liquidation: every
// synthetic book is written out as a portfolio.json account and run through
// margin.Compute (the unified model) and liquidation.Run (each venue's own
// mechanics, in integer contract arithmetic); the simulator's float64
// restatements must agree within the stated tolerances.
package cascade

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unimargin/unimargin/internal/liquidation"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// wstETHPerStETH is the embedded market's wrapping ratio (wstETH is worth
// 1.14512 stETH).
const wstETHPerStETH = 1.14512

func amountText(x float64) string { return strconv.FormatFloat(math.Abs(x), 'f', 6, 64) }

var underlying = [NumAssets]string{"ETH", "BTC", "stETH"}

// collateralSym is how a leg's holding of asset a is written.
func collateralSym(a int) (string, float64) {
	if a == aStETH {
		return "wstETH", 1 / wstETHPerStETH
	}
	return Assets[a], 1
}

// legJSON writes leg l of a synthetic account as a portfolio.json venue
// (entry prices and strikes at p0, the start of the population).
func legJSON(id string, l *Leg, p0 [NumAssets]float64, asOf time.Time) string {
	switch l.Kind {
	case KindAave, KindCompound:
		return lendingJSON(id, l)
	}
	var coll, pos []string
	equity := legEquity(l, &p0)
	for _, o := range l.Options {
		equity += -o.Quantity * o.greeks(0, 0).Price // the puts' value, back out of cash
		right := "call"
		if o.Put {
			right = "put"
		}
		expiry := asOf.Add(time.Duration(o.ExpiryYears * 365 * 24 * float64(time.Hour))).Format(time.RFC3339)
		pos = append(pos, fmt.Sprintf(`{"kind": "option", "underlying": %q, "right": %q, "strike": %q, "expiry": %q, "quantity": "-%s"}`,
			underlying[o.Asset], right, amountText(o.Strike), expiry, amountText(o.Quantity)))
	}
	for a := range NumAssets {
		if l.Units[a] != 0 && len(l.Options) == 0 {
			sign := ""
			if l.Units[a] < 0 {
				sign = "-"
			}
			pos = append(pos, fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%s%s", "entry_price": %q}`,
				underlying[a], sign, amountText(l.Units[a]), amountText(p0[a])))
		}
	}
	coll = append(coll, fmt.Sprintf(`{"asset": "USDC", "amount": %q}`, amountText(equity)))
	model := map[LegKind]string{KindHyperliquid: "hyperliquid", KindDYDX: "dydx-v4", KindReduce: "deribit-standard"}[l.Kind]
	return fmt.Sprintf(`{"id": %q, "model": %q, "chain": %q, "collateral": [%s], "positions": [%s]}`,
		id, model, l.Chain, strings.Join(coll, ", "), strings.Join(pos, ", "))
}

func lendingJSON(id string, l *Leg) string {
	var coll, pos []string
	for a := range NumAssets {
		sym, per := collateralSym(a)
		switch {
		case l.Units[a] > 0:
			coll = append(coll, fmt.Sprintf(`{"asset": %q, "amount": %q}`, sym, amountText(l.Units[a]*per)))
		case l.Units[a] < 0:
			pos = append(pos, fmt.Sprintf(`{"kind": "borrow", "asset": %q, "amount": %q}`, sym, amountText(l.Units[a])))
		}
	}
	if l.Cash < 0 {
		pos = append(pos, fmt.Sprintf(`{"kind": "borrow", "asset": "USDC", "amount": %q}`, amountText(l.Cash)))
	}
	model, extra := "compound-v3", ""
	if l.Kind == KindAave {
		model, extra = "aave-v3", `"params": "aave-v3-ethereum-2023-10-31", `
		if l.Venue == "aave-v3-emode@ethereum" {
			extra += `"emode": 1, `
		}
	}
	return fmt.Sprintf(`{"id": %q, "model": %q, "chain": %q, %s"collateral": [%s], "positions": [%s]}`,
		id, model, l.Chain, extra, strings.Join(coll, ", "), strings.Join(pos, ", "))
}

// bookOfAccount writes a whole account as a portfolio.
func bookOfAccount(t testing.TB, acc *Account, p0 [NumAssets]float64) *portfolio.Portfolio {
	t.Helper()
	m, err := Market(p0)
	if err != nil {
		t.Fatal(err)
	}
	var venues []string
	for li := range acc.Legs {
		venues = append(venues, legJSON(fmt.Sprintf("v%d", li), &acc.Legs[li], p0, m.AsOf))
	}
	doc := fmt.Sprintf(`{"account": %q, "venues": [%s]}`, acc.ID, strings.Join(venues, ", "))
	b, err := portfolio.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("%s: %v\n%s", acc.ID, err, doc)
	}
	return b
}

// sampleAccounts are the first synthetic account of every book kind and
// asset (and a whale).
func sampleAccounts(t testing.TB, p0 [NumAssets]float64) []Account {
	pop := testPop(t, 20_000, p0, 21)
	seen := map[string]bool{}
	var out []Account
	for _, acc := range pop.Accounts {
		a := 0
		for x := range NumAssets {
			if acc.Legs[0].Units[x] > 0 {
				a = x
			}
		}
		key := fmt.Sprint(acc.Book, a)
		if !seen[key] {
			seen[key] = true
			out = append(out, acc)
		}
	}
	return out
}

// Tolerances of the unified calibration against margin.Compute.
const (
	tolUnifiedStart = 1e-6 // relative, at the start prices: the same scenario set on the same book
	// tolUnifiedMoved: relative, prices −15%…+15%: exact for delta-one
	// books; option books carry the quadratic fitted at ±10%
	tolUnifiedMoved = 0.03
	// tolGammaEquity: an option book's delta-gamma equity against full
	// Black-76 repricing after a 10% move (the third-order term; vega
	// and theta are not simulated)
	tolGammaEquity = 0.02
	// tolAmountUSD: the books are written with 6 decimals per amount
	tolAmountUSD = 0.05
)

// TestUnifiedMatchesMarginCompute: the hub's per-account requirement is
// margin.Compute's unified initial at the start (to 1e-6 relative), and
// its linear carry stays within 15% of a full re-margin after every price
// moves ±10% (exact for delta-one books, which are homogeneous in prices);
// unified equity agrees with the simulator's.
func TestUnifiedMatchesMarginCompute(t *testing.T) {
	p0 := defaultStart
	prm := defaultUnifiedParams()
	rp := margin.DefaultRiskParams()
	for _, acc := range sampleAccounts(t, p0) {
		cal := calibrateAccount(&acc, p0, &prm)
		book := bookOfAccount(t, &acc, p0)
		for _, x := range []float64{1, 0.85, 0.95, 1.05, 1.15} {
			var p [NumAssets]float64
			for a := range NumAssets {
				p[a] = p0[a] * x
			}
			s := &sim{ref: p0}
			d := unifiedDomain(0, &acc, &cal)
			maint := s.maintenance(&d, &p)
			m, _ := Market(p)
			rep, err := margin.Compute(book, m, rp)
			if err != nil {
				t.Fatalf("%s: %v", acc.ID, err)
			}
			u := rep.Unified
			tol := tolUnifiedMoved
			if x == 1 {
				tol = tolUnifiedStart
				if !near(u.Initial, cal.initial, tol*(1+u.Initial)) {
					t.Errorf("%s (%s): initial %.2f, margin.Compute %.2f (%s)", acc.ID, acc.Book, cal.initial,
						u.Initial, u.WorstScenario.Name)
				}
			}
			if !near(u.Maintenance, maint, tol*(1+u.Maintenance)) {
				t.Errorf("%s (%s) at ×%.1f: maintenance %.2f, margin.Compute %.2f", acc.ID, acc.Book, x, maint,
					u.Maintenance)
			}
			tolEq := tolAmountUSD
			if hasOptions(&acc) {
				tolEq = tolGammaEquity * (1 + math.Abs(u.Equity))
			}
			if e := s.equity(&d, &p); !near(e, u.Equity, tolEq) {
				t.Errorf("%s (%s) at ×%.1f: equity %.2f, margin.Compute %.2f", acc.ID, acc.Book, x, e, u.Equity)
			}
		}
	}
}

func hasOptions(acc *Account) bool {
	for _, l := range acc.Legs {
		if len(l.Options) > 0 {
			return true
		}
	}
	return false
}

var _ = liquidation.Run
