// Properties of both models on random BTC books (rapid): hedging a position
// with its exact opposite, adding collateral, scaling the book, and the
// equity-terms identity of standard margin. Books are written as
// portfolio.json and go through the real parser, so they are the same inputs
// the CLI sees.
package deribit

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

// propMarket is a BTC market with a smile on three expiries.
const propMarket = `{"as_of": "2024-06-17T08:00:00Z",
 "assets": {"BTC": {"price": "65000", "vol": 0.55}, "USDC": {"price": "1"}},
 "vol_surfaces": {"BTC": [
   {"expiry": "2024-06-21T08:00:00Z", "strikes": ["50000","60000","65000","70000","80000"], "vols": [0.75,0.58,0.52,0.55,0.66]},
   {"expiry": "2024-07-26T08:00:00Z", "strikes": ["50000","60000","65000","70000","80000"], "vols": [0.68,0.56,0.53,0.54,0.60]},
   {"expiry": "2024-12-27T08:00:00Z", "strikes": ["50000","60000","65000","70000","80000"], "vols": [0.62,0.57,0.55,0.55,0.58]}]},
 "rates": {"USD": 0.05}}`

var propExpiries = []string{"2024-06-21T08:00:00Z", "2024-07-26T08:00:00Z", "2024-12-27T08:00:00Z"}

// Tolerances of the properties: requirements are rounded to 9 decimals of
// a coin as Deribit reports them, and summed in float64.
const (
	tolRoundingCoin = 2e-9
	tolRelative     = 1e-9
)

// fataler is what both *testing.T and *rapid.T offer.
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

// genPosition draws one position as a JSON object with quantity scaled by k
// (k = -1 gives the exact opposite).
type propPosition struct {
	kind, right, strike, expiry string
	milli                       int64 // quantity in thousandths
	entry                       int64 // entry price, 0 = none
}

func (p propPosition) json(k int64) string {
	q := fmt.Sprintf("%.3f", float64(p.milli*k)/1000)
	var b strings.Builder
	fmt.Fprintf(&b, `{"kind": %q, "underlying": "BTC", "quantity": %q`, p.kind, q)
	if p.kind != "perp" {
		fmt.Fprintf(&b, `, "expiry": %q`, p.expiry)
	}
	if p.kind == "option" {
		fmt.Fprintf(&b, `, "right": %q, "strike": %q`, p.right, p.strike)
	}
	if p.entry > 0 {
		fmt.Fprintf(&b, `, "entry_price": "%d"`, p.entry)
	}
	return b.String() + "}"
}

func genPosition(t *rapid.T, label string) propPosition {
	p := propPosition{
		kind:   rapid.SampledFrom([]string{"option", "option", "perp", "future"}).Draw(t, label+".kind"),
		right:  rapid.SampledFrom([]string{"call", "put"}).Draw(t, label+".right"),
		strike: fmt.Sprint(rapid.IntRange(30, 130).Draw(t, label+".strike") * 1000),
		expiry: rapid.SampledFrom(propExpiries).Draw(t, label+".expiry"),
		milli:  rapid.Int64Range(1, 50_000).Draw(t, label+".milli"),
	}
	if rapid.Bool().Draw(t, label+".short") {
		p.milli = -p.milli
	}
	if rapid.Bool().Draw(t, label+".hasEntry") {
		p.entry = rapid.Int64Range(40_000, 90_000).Draw(t, label+".entry")
	}
	return p
}

// propVenue builds a one-venue portfolio and returns its checked venue.
func propVenue(t fataler, m *market.Snapshot, model, params, collateral string, positions []string) *portfolio.Venue {
	doc := fmt.Sprintf(`{"account": "prop", "venues": [{"id": "d", "model": %q, "chain": "offchain",%s
 "collateral": [{"asset": "BTC", "amount": %q}], "positions": [%s]}]}`,
		model, params, collateral, strings.Join(positions, ", "))
	return checkedVenue(t, m, doc)
}

// checkedVenue parses a one-venue portfolio.json and checks it on m.
func checkedVenue(t fataler, m *market.Snapshot, doc string) *portfolio.Venue {
	p, err := portfolio.Parse([]byte(doc))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	return &p.Venues[0]
}

func mustMargin(t fataler, v *portfolio.Venue, m *market.Snapshot) venue.Result {
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A position and its exact opposite on the same venue cost no more than
// either alone (Deribit nets them into one instrument, so the pair costs
// nothing), under deribit-pm and deribit-standard.
func TestPropertyOppositeCostsNoMore(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPosition(t, "p")
		for _, model := range []string{pmName, standardName} {
			alone := mustMargin(t, propVenue(t, m, model, "", "1", []string{p.json(1)}), m)
			opposite := mustMargin(t, propVenue(t, m, model, "", "1", []string{p.json(-1)}), m)
			both := mustMargin(t, propVenue(t, m, model, "", "1", []string{p.json(1), p.json(-1)}), m)
			limit := math.Min(alone.Initial, opposite.Initial)
			if both.Initial > limit+tolRoundingCoin*m.Spot("BTC") {
				t.Fatalf("%s: position and opposite require %g > min(%g, %g)", model, both.Initial, alone.Initial, opposite.Initial)
			}
			if both.Maintenance > math.Min(alone.Maintenance, opposite.Maintenance)+tolRoundingCoin*m.Spot("BTC") {
				t.Fatalf("%s: maintenance %g > min(%g, %g)", model, both.Maintenance, alone.Maintenance, opposite.Maintenance)
			}
		}
	})
}

// Adding collateral never lowers health (and never changes requirements).
func TestPropertyCollateralNeverLowersHealth(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 6).Draw(t, "n")
		var positions []string
		for i := range n {
			positions = append(positions, genPosition(t, fmt.Sprint("p", i)).json(1))
		}
		c1 := rapid.IntRange(0, 1000).Draw(t, "c1")
		c2 := c1 + rapid.IntRange(1, 1000).Draw(t, "extra")
		for _, model := range []string{pmName, standardName} {
			lo := mustMargin(t, propVenue(t, m, model, "", fmt.Sprint(c1), positions), m)
			hi := mustMargin(t, propVenue(t, m, model, "", fmt.Sprint(c2), positions), m)
			if lo.Initial != hi.Initial || lo.Maintenance != hi.Maintenance {
				t.Fatalf("%s: collateral changed requirements: %+v vs %+v", model, lo, hi)
			}
			if (lo.Health == nil) != (hi.Health == nil) {
				t.Fatalf("%s: health defined in one book only", model)
			}
			if lo.Health != nil && *hi.Health < *lo.Health {
				t.Fatalf("%s: health fell from %g to %g when collateral rose %d → %d", model, *lo.Health, *hi.Health, c1, c2)
			}
		}
	})
}

// Scaling the book by k scales the risk-matrix margin by k once the
// size-dependent parts are switched off: the extended dampener (a fixed
// amount), the cap on offsetable gains and the delta shock's threshold.
func TestPropertyPMScalesWithBook(t *testing.T) {
	m := loadPropMarket(t)
	params := `
 "params": {"extended_dampener": 0, "max_offsetable_pnl": 1e25, "pnl_offset": 0.5, "delta_total_liq_shock_threshold": 1e25},`
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 6).Draw(t, "n")
		k := rapid.Int64Range(2, 20).Draw(t, "k")
		var base, scaled []string
		for i := range n {
			p := genPosition(t, fmt.Sprint("p", i))
			p.entry = 0
			base, scaled = append(base, p.json(1)), append(scaled, p.json(k))
		}
		r1 := mustMargin(t, propVenue(t, m, pmName, params, "1", base), m)
		rk := mustMargin(t, propVenue(t, m, pmName, params, "1", scaled), m)
		want := float64(k) * r1.Native.Initial
		tol := tolRelative*want + float64(k+1)*tolRoundingCoin
		if math.Abs(rk.Native.Initial-want) > tol {
			t.Fatalf("k=%d: initial %.12g, want k × %.12g = %.12g", k, rk.Native.Initial, r1.Native.Initial, want)
		}
		wantMM := float64(k) * r1.Native.Maintenance
		if math.Abs(rk.Native.Maintenance-wantMM) > tolRelative*wantMM+float64(k+1)*tolRoundingCoin {
			t.Fatalf("k=%d: maintenance %.12g, want %.12g", k, rk.Native.Maintenance, wantMM)
		}
	})
}

// Standard margin in equity terms leaves the excess over each requirement
// exactly as Deribit computes it: equity − Initial = margin balance − IM,
// where Deribit's margin balance is collateral + futures P&L (option values
// left out) and IM is its own figure (Native).
func TestPropertyStandardEquityTermsMatchDeribit(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 6).Draw(t, "n")
		var positions []string
		for i := range n {
			positions = append(positions, genPosition(t, fmt.Sprint("p", i)).json(1))
		}
		v := propVenue(t, m, standardName, "", "3", positions)
		r := mustMargin(t, v, m)
		b, err := newBook(v, m, standardName)
		if err != nil {
			t.Fatal(err)
		}
		balance := b.collateral
		for _, g := range b.groups {
			for _, in := range g.insts {
				if in.kind != portfolio.KindOption {
					balance += in.valueUnits
				}
			}
		}
		index := m.Spot("BTC")
		gotIM, wantIM := r.Equity/index-r.Initial/index, balance-r.Native.Initial
		gotMM, wantMM := r.Equity/index-r.Maintenance/index, balance-r.Native.Maintenance
		if math.Abs(gotIM-wantIM) > 1e-9 || math.Abs(gotMM-wantMM) > 1e-9 {
			t.Fatalf("excess over IM %g vs Deribit %g; over MM %g vs %g", gotIM, wantIM, gotMM, wantMM)
		}
	})
}

// Netting is the same whether instruments are found by scan (small books) or
// by map (more than smallBook positions): k copies of a book margin like the
// book with every quantity × k.
func TestLargeBookNetsLikeSmall(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 10).Draw(t, "n")
		k := int64(smallBook/n + 1) // k·n > smallBook
		var copies, scaled []string
		for i := range n {
			p := genPosition(t, fmt.Sprint("p", i))
			p.entry = 0
			scaled = append(scaled, p.json(k))
			for range k {
				copies = append(copies, p.json(1))
			}
		}
		for _, model := range []string{pmName, standardName} {
			big := mustMargin(t, propVenue(t, m, model, "", "1", copies), m)
			netted := mustMargin(t, propVenue(t, m, model, "", "1", scaled), m)
			if math.Abs(big.Initial-netted.Initial) > 1e-9*math.Max(1, netted.Initial) {
				t.Fatalf("%s: %d positions initial %g, netted %g", model, len(copies), big.Initial, netted.Initial)
			}
		}
	})
}

// Figures stay finite and requirements non-negative at any price the
// liquidation-price search may try (1e-6 to 1e6 times the spot);
// venue.Margin's own check rejects anything else.
func TestPropertyExtremePricesStayFinite(t *testing.T) {
	m := loadPropMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 6).Draw(t, "n")
		var positions []string
		for i := range n {
			positions = append(positions, genPosition(t, fmt.Sprint("p", i)).json(1))
		}
		factor := math.Pow(10, rapid.Float64Range(-6, 6).Draw(t, "log10 factor"))
		shifted := m.WithPriceScaled("BTC", factor)
		for _, model := range []string{pmName, standardName} {
			mustMargin(t, propVenue(t, m, model, "", "2", positions), shifted)
		}
	})
}
