// Properties every cross-margined perp venue model must have, on random
// books (rapid) built through portfolio.Parse like the CLI's: collateral
// never lowers health, opposite positions cost no more than either alone,
// and figures stay finite at any price the liquidation-price search tries.
package venuetest

import (
	"fmt"
	"math"
	"strings"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Fataler is what the helpers need of *testing.T and *rapid.T.
type Fataler interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// PerpBooks describes the random books of one perp model: a USDC-collateral
// cross account of Model on Chain, with perps on Symbols priced by Market.
type PerpBooks struct {
	Market  string // a market.json with USDC and every symbol
	Symbols []string
	Model   string
	Chain   string
	// StressParams is the venue params fragment the extreme-price property
	// margins with (e.g. ` "params": {"SOL.leverage": 3},`).
	StressParams string
}

// LoadMarket parses Market.
func (b PerpBooks) LoadMarket(t Fataler) *market.Snapshot {
	m, err := market.Load([]byte(b.Market), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// PerpPosition is a random perp: Milli thousandths of Symbol, entry at
// Entry percent of spot (0: none).
type PerpPosition struct {
	Symbol string
	Milli  int64
	Entry  int64
}

// JSON is the position scaled by k as a portfolio.json position.
func (p PerpPosition) JSON(k int64, m *market.Snapshot) string {
	s := fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%.3f"`, p.Symbol, float64(p.Milli*k)/1000)
	if p.Entry > 0 {
		s += fmt.Sprintf(`, "entry_price": "%.2f"`, m.Spot(p.Symbol)*float64(p.Entry)/100)
	}
	return s + "}"
}

// Position draws a position: up to 20 units long or short, half with an
// entry price between 50% and 150% of spot.
func (b PerpBooks) Position(t *rapid.T, label string) PerpPosition {
	p := PerpPosition{
		Symbol: rapid.SampledFrom(b.Symbols).Draw(t, label+".symbol"),
		Milli:  rapid.Int64Range(1, 20_000).Draw(t, label+".milli"),
	}
	if rapid.Bool().Draw(t, label+".short") {
		p.Milli = -p.Milli
	}
	if rapid.Bool().Draw(t, label+".hasEntry") {
		p.Entry = rapid.Int64Range(50, 150).Draw(t, label+".entry")
	}
	return p
}

// positions draws one to six positions as JSON.
func (b PerpBooks) positions(t *rapid.T, m *market.Snapshot) []string {
	var out []string
	for i := range rapid.IntRange(1, 6).Draw(t, "n") {
		out = append(out, b.Position(t, fmt.Sprint("p", i)).JSON(1, m))
	}
	return out
}

// Venue parses and checks a one-venue book; params is a JSON fragment
// ending in a comma, or "".
func (b PerpBooks) Venue(t Fataler, m *market.Snapshot, params, collateral string, positions []string) *portfolio.Venue {
	doc := fmt.Sprintf(`{"account": "prop", "venues": [{"id": "v", "model": %q, "chain": %q,%s
 "collateral": [{"asset": "USDC", "amount": %q}], "positions": [%s]}]}`,
		b.Model, b.Chain, params, collateral, strings.Join(positions, ", "))
	p, err := portfolio.Parse([]byte(doc))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	return &p.Venues[0]
}

// MustMargin margins v, failing t on error.
func MustMargin(t Fataler, v *portfolio.Venue, m *market.Snapshot) venue.Result {
	r, err := venue.Margin(v, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// CheckCollateralNeverLowersHealth: more collateral leaves requirements
// unchanged and never lowers health.
func (b PerpBooks) CheckCollateralNeverLowersHealth(rt *rapid.T, m *market.Snapshot) {
	positions := b.positions(rt, m)
	c1 := rapid.IntRange(0, 100_000).Draw(rt, "c1")
	c2 := c1 + rapid.IntRange(1, 100_000).Draw(rt, "extra")
	lo := MustMargin(rt, b.Venue(rt, m, "", fmt.Sprint(c1), positions), m)
	hi := MustMargin(rt, b.Venue(rt, m, "", fmt.Sprint(c2), positions), m)
	if lo.Initial != hi.Initial || lo.Maintenance != hi.Maintenance {
		rt.Fatalf("collateral changed requirements: %+v vs %+v", lo, hi)
	}
	if (lo.Health == nil) != (hi.Health == nil) {
		rt.Fatalf("health defined in one book only")
	}
	if lo.Health != nil && *hi.Health < *lo.Health {
		rt.Fatalf("health fell from %g to %g when collateral rose %d → %d", *lo.Health, *hi.Health, c1, c2)
	}
}

// CheckOppositeCostsNoMore: a position and its opposite together require no
// more than either alone.
func (b PerpBooks) CheckOppositeCostsNoMore(rt *rapid.T, m *market.Snapshot) {
	p := b.Position(rt, "p")
	alone := MustMargin(rt, b.Venue(rt, m, "", "1000", []string{p.JSON(1, m)}), m)
	opposite := MustMargin(rt, b.Venue(rt, m, "", "1000", []string{p.JSON(-1, m)}), m)
	both := MustMargin(rt, b.Venue(rt, m, "", "1000", []string{p.JSON(1, m), p.JSON(-1, m)}), m)
	if both.Initial > math.Min(alone.Initial, opposite.Initial) {
		rt.Fatalf("initial %g > min(%g, %g)", both.Initial, alone.Initial, opposite.Initial)
	}
	if both.Maintenance > math.Min(alone.Maintenance, opposite.Maintenance) {
		rt.Fatalf("maintenance %g > min(%g, %g)", both.Maintenance, alone.Maintenance, opposite.Maintenance)
	}
}

// CheckExtremePricesStayFinite: the model answers at any price from 1e-6 to
// 1e6 times spot (venue.Margin refuses non-finite figures).
func (b PerpBooks) CheckExtremePricesStayFinite(rt *rapid.T, m *market.Snapshot) {
	positions := b.positions(rt, m)
	sym := rapid.SampledFrom(b.Symbols).Draw(rt, "sym")
	factor := math.Pow(10, rapid.Float64Range(-6, 6).Draw(rt, "log10 factor"))
	MustMargin(rt, b.Venue(rt, m, b.StressParams, "5000", positions), m.WithPriceScaled(sym, factor))
}

// CheckLiquidationSolver: the model's own liquidation-price solver agrees
// with the generic search on a random book (CheckLiquidationSolver).
func (b PerpBooks) CheckLiquidationSolver(rt *rapid.T, m *market.Snapshot) {
	positions := b.positions(rt, m)
	c := rapid.IntRange(0, 200_000).Draw(rt, "collateral")
	CheckLiquidationSolver(rt, b.Venue(rt, m, "", fmt.Sprint(c), positions), m)
}
