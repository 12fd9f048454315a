// Properties of derive-pm on random ETH sub-accounts (rapid): scaling the
// book scales every figure, adding cash never lowers health, the
// requirements are ordered (initial ≥ maintenance ≥ 0), and closing every
// position leaves the collateral's requirement only. Books are written as
// portfolio.json and go through the real parser and checks, so they are the
// inputs the CLI sees.
package derive

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// propMarket is an ETH market with a smile on three expiries; USDC slightly
// off its peg so the cash-unit conversion is exercised.
const propMarket = `{"as_of": "2026-11-25T00:00:00Z",
 "assets": {"ETH": {"price": "3000", "vol": 0.65}, "USDC": {"price": "0.9995"},
   "WETH": {"price": "3000", "backed_by": {"ETH": "1"}},
   "rswETH": {"price": "3120", "backed_by": {"ETH": "1.04"}},
   "USDT": {"price": "1.0002"}, "wstETH": {"price": "3550", "backed_by": {"ETH": "1.18"}}},
 "vol_surfaces": {"ETH": [
   {"expiry": "2026-11-27T08:00:00Z", "strikes": ["2400","2800","3000","3200","3600"], "vols": [0.82,0.68,0.62,0.64,0.74]},
   {"expiry": "2026-12-25T08:00:00Z", "strikes": ["2400","2800","3000","3200","3600"], "vols": [0.75,0.66,0.63,0.64,0.69]},
   {"expiry": "2027-03-26T08:00:00Z", "strikes": ["2400","2800","3000","3200","3600"], "vols": [0.70,0.65,0.64,0.64,0.66]}]},
 "rates": {"USD": 0.04}}`

var propExpiries = []string{"2026-11-27T08:00:00Z", "2026-12-25T08:00:00Z", "2027-03-26T08:00:00Z"}

// Tolerances: figures are float sums over scenarios; scaling is exact up to
// rounding of the products.
const tolScaling = 1e-9

type fataler interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func loadPropMarket(t fataler) *market.Snapshot {
	m, err := market.Load([]byte(propMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// propPosition is one generated position; json(k) writes it with its
// quantity, entry-based P&L and funding scaled by k.
type propPosition struct {
	kind, right, strike, expiry string
	milli                       int64 // quantity in thousandths
	entry                       int64 // entry price, 0 = none
	fundingCents                int64
}

func (p propPosition) json(k int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"kind": %q, "underlying": "ETH", "quantity": "%s"`, p.kind, thousandths(p.milli*k))
	if p.kind == "option" {
		fmt.Fprintf(&b, `, "right": %q, "strike": %q, "expiry": %q`, p.right, p.strike, p.expiry)
	}
	if p.entry > 0 {
		fmt.Fprintf(&b, `, "entry_price": "%d"`, p.entry)
	}
	if p.fundingCents != 0 {
		fmt.Fprintf(&b, `, "funding": "%s"`, cents(p.fundingCents*k))
	}
	return b.String() + "}"
}

func thousandths(n int64) string { return fmt.Sprintf("%.3f", float64(n)/1000) }
func cents(n int64) string       { return fmt.Sprintf("%.2f", float64(n)/100) }

type propBook struct {
	positions []propPosition
	usdcCents int64
	wethMilli int64
	rswMilli  int64
	usdtCents int64
}

func genBook(t *rapid.T) propBook {
	n := rapid.IntRange(1, 8).Draw(t, "positions")
	b := propBook{
		usdcCents: rapid.Int64Range(0, 10_000_000).Draw(t, "usdc"),
		wethMilli: rapid.Int64Range(0, 20_000).Draw(t, "weth"),
		rswMilli:  rapid.Int64Range(0, 5_000).Draw(t, "rsweth"),
		usdtCents: rapid.Int64Range(0, 1_000_000).Draw(t, "usdt"),
	}
	for i := range n {
		label := fmt.Sprintf("p%d", i)
		p := propPosition{kind: rapid.SampledFrom([]string{"option", "option", "option", "perp"}).Draw(t, label+".kind")}
		p.milli = rapid.Int64Range(-20_000, 20_000).Filter(func(x int64) bool { return x != 0 }).Draw(t, label+".milli")
		if p.kind == "option" {
			p.right = rapid.SampledFrom([]string{"call", "put"}).Draw(t, label+".right")
			p.strike = rapid.SampledFrom([]string{"2400", "2700", "3000", "3300", "3600"}).Draw(t, label+".strike")
			p.expiry = rapid.SampledFrom(propExpiries).Draw(t, label+".expiry")
		} else {
			p.entry = rapid.Int64Range(0, 4000).Draw(t, label+".entry")
			p.fundingCents = rapid.Int64Range(-100_000, 100_000).Draw(t, label+".funding")
		}
		b.positions = append(b.positions, p)
	}
	return b
}

// json writes the book as one derive-pm venue, everything scaled by k;
// with positions false only the collateral is written.
func (b propBook) json(k int64, extraUSDCCents int64, positions bool) string {
	var ps []string
	if positions {
		for _, p := range b.positions {
			ps = append(ps, p.json(k))
		}
	}
	coll := []string{
		fmt.Sprintf(`{"asset": "USDC", "amount": "%s"}`, cents(b.usdcCents*k+extraUSDCCents)),
		fmt.Sprintf(`{"asset": "WETH", "amount": "%s"}`, thousandths(b.wethMilli*k)),
		fmt.Sprintf(`{"asset": "rswETH", "amount": "%s"}`, thousandths(b.rswMilli*k)),
		fmt.Sprintf(`{"asset": "USDT", "amount": "%s"}`, cents(b.usdtCents*k)),
	}
	return fmt.Sprintf(`{"account": "prop", "venues": [{"id": "derive", "model": "derive-pm", "chain": "derive",
	  "collateral": [%s], "positions": [%s]}]}`, strings.Join(coll, ", "), strings.Join(ps, ", "))
}

func margin(t fataler, m *market.Snapshot, book string) venue.Result {
	p, err := portfolio.Parse([]byte(book))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, book)
	}
	r, err := venue.Margin(&p.Venues[0], m)
	if err != nil {
		t.Fatalf("%v\n%s", err, book)
	}
	return r
}

func closeTo(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// Scaling every quantity and collateral amount by k scales equity and both
// requirements by k (PMRM_2 is positively homogeneous: every term is linear
// in the holdings and the worst loss is a minimum of linear functions), so
// health does not move.
func TestPropertyScaling(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		k := rapid.Int64Range(2, 50).Draw(t, "k")
		r1 := margin(t, m, b.json(1, 0, true))
		rk := margin(t, m, b.json(k, 0, true))
		fk := float64(k)
		if !closeTo(rk.Equity, fk*r1.Equity, tolScaling) || !closeTo(rk.Maintenance, fk*r1.Maintenance, tolScaling) ||
			!closeTo(rk.Initial, fk*r1.Initial, tolScaling) || !closeTo(rk.CollateralValue, fk*r1.CollateralValue, tolScaling) {
			t.Fatalf("scaling by %d: %+v vs %+v", k, rk, r1)
		}
		if (r1.Health == nil) != (rk.Health == nil) || r1.Health != nil && !closeTo(*rk.Health, *r1.Health, tolScaling) {
			t.Fatalf("health moved under scaling by %d", k)
		}
	})
}

// Adding USDC raises equity by its value and leaves both requirements
// unchanged (cash has no scenario risk and no haircut), so health never
// falls and a venue never becomes liquidatable by it.
func TestPropertyAddingCashNeverLowersHealth(t *testing.T) {
	m := loadPropMarket(t)
	usdc := m.Spot("USDC")
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		extra := rapid.Int64Range(1, 100_000_000).Draw(t, "extra cents")
		r0 := margin(t, m, b.json(1, 0, true))
		r1 := margin(t, m, b.json(1, extra, true))
		if !closeTo(r1.Equity, r0.Equity+float64(extra)/100*usdc, tolScaling) {
			t.Fatalf("equity %g → %g adding %s USDC", r0.Equity, r1.Equity, cents(extra))
		}
		if !closeTo(r1.Maintenance, r0.Maintenance, tolScaling) || !closeTo(r1.Initial, r0.Initial, tolScaling) {
			t.Fatalf("requirements moved adding cash: %+v → %+v", r0, r1)
		}
		if r0.Health != nil && *r1.Health < *r0.Health {
			t.Fatalf("health %g → %g adding cash", *r0.Health, *r1.Health)
		}
		if r0.Liquidatable() == false && r1.Liquidatable() {
			t.Fatalf("adding cash made the venue liquidatable")
		}
	})
}

// initial ≥ maintenance ≥ 0: im_factor ≥ mm_factor and the IM contingencies
// add to the MM ones; liquidatable exactly when equity < maintenance.
func TestPropertyRequirementsOrdered(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		r := margin(t, m, genBook(t).json(1, 0, true))
		if r.Maintenance < 0 || r.Initial < r.Maintenance-1e-9*math.Max(1, r.Maintenance) {
			t.Fatalf("initial %g, maintenance %g", r.Initial, r.Maintenance)
		}
		if r.Maintenance > 0 && (r.Health == nil || !closeTo(*r.Health, r.Equity/r.Maintenance, 1e-15)) {
			t.Fatalf("health %v, equity/maintenance %g", r.Health, r.Equity/r.Maintenance)
		}
	})
}

// Closing every option and perp (adding its exact opposite, funding and
// entry included) leaves the requirement of the collateral alone.
func TestPropertyExactHedgeLeavesCollateral(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		hedged := b
		for _, p := range b.positions {
			q := p
			q.milli, q.fundingCents = -p.milli, -p.fundingCents
			hedged.positions = append(hedged.positions, q)
		}
		rh := margin(t, m, hedged.json(1, 0, true))
		rc := margin(t, m, b.json(1, 0, false))
		if !closeTo(rh.Maintenance, rc.Maintenance, 1e-9) || !closeTo(rh.Initial, rc.Initial, 1e-9) ||
			!closeTo(rh.Equity, rc.Equity, 1e-9) {
			t.Fatalf("hedged %+v, collateral only %+v", rh, rc)
		}
	})
}
