package compound

// Goal: the golden files in testdata/ are the readable spec of the
// compound-v3 model. Each case builds a market.json and a one-venue
// portfolio.json from a tiny DSL, runs them through the same parsing and
// validation as the CLI (market.Load, portfolio.Parse, portfolio.Check) and
// prints Comet's integer liquidity next to the equity-terms figures. Every
// case cites its source: a Comet test (compound-finance/comet test/*.ts at
// d5a30b0a) whose assertions it reproduces, or the hand computation beside it.
//
// DSL:
//
//	margin [params=SET] [audit] | absorb [params=SET] | quote asset=SYM base=UNITS
//	price SYMBOL DECIMAL        market price
//	venue-price SYMBOL DECIMAL  the venue's own oracle price
//	override {JSON}             params as an object of overrides
//	collateral SYMBOL AMOUNT
//	supply SYMBOL AMOUNT | borrow SYMBOL AMOUNT
//	position {JSON}             any other position object, verbatim
//	----
//	the figures, warnings (or the error)
//
// Update with: go test ./internal/venue/compound -rewrite (then check every
// changed figure by hand: they are the specification).

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		if strings.HasSuffix(path, ".fail") { // rapid's failure files (testdata/rapid), not cases
			return
		}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			c, err := parseCase(d)
			if err != nil {
				d.Fatalf(t, "%v", err)
			}
			v, m, errText := c.load()
			if errText != "" {
				return errText
			}
			switch d.Cmd {
			case "margin":
				return runMargin(t, v, m, c.audit)
			case "absorb":
				return runAbsorb(v, m)
			case "quote":
				return runQuote(t, d, v, m)
			}
			d.Fatalf(t, "unknown command %q", d.Cmd)
			return ""
		})
	})
}

type ddCase struct {
	setName     string
	audit       bool
	prices      map[string]string
	venuePrices map[string]string
	override    json.RawMessage
	collateral  []map[string]any
	positions   []json.RawMessage
}

func parseCase(d *datadriven.TestData) (*ddCase, error) {
	c := &ddCase{prices: map[string]string{}, venuePrices: map[string]string{}}
	for _, a := range d.CmdArgs {
		switch a.Key {
		case "params":
			c.setName = a.Vals[0]
		case "audit":
			c.audit = true
		case "asset", "base":
		default:
			return nil, fmt.Errorf("unknown argument %q", a.Key)
		}
	}
	for _, ln := range strings.Split(d.Input, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		word, rest, _ := strings.Cut(ln, " ")
		f := strings.Fields(rest)
		switch word {
		case "price", "venue-price", "collateral", "supply", "borrow":
			if len(f) != 2 {
				return nil, fmt.Errorf("%q: want SYMBOL DECIMAL", ln)
			}
		}
		switch word {
		case "price":
			c.prices[f[0]] = f[1]
		case "venue-price":
			c.venuePrices[f[0]] = f[1]
		case "override":
			c.override = json.RawMessage(rest)
		case "collateral":
			c.collateral = append(c.collateral, map[string]any{"asset": f[0], "amount": f[1]})
		case "supply", "borrow":
			b, _ := json.Marshal(map[string]string{"kind": word, "asset": f[0], "amount": f[1]})
			c.positions = append(c.positions, b)
		case "position":
			c.positions = append(c.positions, json.RawMessage(rest))
		default:
			return nil, fmt.Errorf("%q: unknown line", ln)
		}
	}
	return c, nil
}

func (c *ddCase) load() (*portfolio.Venue, *market.Snapshot, string) {
	assets := map[string]any{}
	for sym, p := range c.prices {
		assets[sym] = map[string]any{"price": p}
	}
	mk := map[string]any{"as_of": "2022-08-26T12:00:00Z", "assets": assets}
	if len(c.venuePrices) > 0 {
		mk["venue_prices"] = map[string]any{"comet": c.venuePrices}
	}
	mj, _ := json.Marshal(mk)
	v := map[string]any{"id": "comet", "model": ModelName, "chain": "ethereum",
		"collateral": c.collateral, "positions": c.positions}
	if c.collateral == nil {
		v["collateral"] = []any{}
	}
	if c.positions == nil {
		v["positions"] = []any{}
	}
	switch {
	case c.override != nil:
		v["params"] = c.override
	case c.setName != "":
		v["params"] = c.setName
	}
	pj, _ := json.Marshal(map[string]any{"account": "test", "venues": []any{v}})
	m, err := market.Load(mj, market.Options{})
	if err != nil {
		return nil, nil, "error: market: " + err.Error() + "\n"
	}
	p, err := portfolio.Parse(pj)
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		return nil, nil, "error: portfolio: " + err.Error() + "\n"
	}
	return &p.Venues[0], m, ""
}

func runMargin(t *testing.T, v *portfolio.Venue, m *market.Snapshot, audit bool) string {
	r, l, err := margin(v, m)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	rv, err := venue.Margin(v, m)
	if err != nil {
		t.Fatalf("venue.Margin: %v", err)
	}
	if rv.Liquidatable() != l.Liquidatable() || r.Liquidatable() != l.Liquidatable() {
		t.Fatalf("liquidatable %v / %v disagrees with isLiquidatable %v", r.Liquidatable(), rv.Liquidatable(), l.Liquidatable())
	}
	if (r.Equity-r.Initial >= 0) != l.BorrowCollateralized() && math.Abs(r.Equity-r.Initial) > 1e-6 {
		t.Fatalf("excess %v disagrees with isBorrowCollateralized %v", r.Equity-r.Initial, l.BorrowCollateralized())
	}
	var b strings.Builder
	sign := ""
	if l.Borrower && !l.BaseE8.IsZero() {
		sign = "-"
	}
	fmt.Fprintf(&b, "collateral_e8=%s borrow_cf_e8=%s liquidate_cf_e8=%s base_e8=%s%s\n",
		l.CollateralE8.Dec(), l.BorrowCFE8.Dec(), l.LiquidateE8.Dec(), sign, l.BaseE8.Dec())
	fmt.Fprintf(&b, "is_borrow_collateralized=%v is_liquidatable=%v\n", l.BorrowCollateralized(), l.Liquidatable())
	fmt.Fprintf(&b, "collateral_value=%s equity=%s\n", num(r.CollateralValue), num(r.Equity))
	fmt.Fprintf(&b, "initial=%s maintenance=%s excess=%s\n", num(r.Initial), num(r.Maintenance), num(r.Equity-r.Initial))
	health := "null"
	if r.Health != nil {
		health = num(*r.Health)
	}
	fmt.Fprintf(&b, "health=%s liquidatable=%v\n", health, r.Liquidatable())
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	if audit {
		j, err := json.Marshal(r.ParamsUsed)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "params_used: %s\n", j)
	}
	return b.String()
}

func runAbsorb(v *portfolio.Venue, m *market.Snapshot) string {
	a, err := Absorb(v, m)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	for _, s := range a.Seized {
		fmt.Fprintf(&b, "absorb_collateral %s amount=%s usd_value_e8=%s\n", s.Asset, s.Amount.Dec(), s.ValueE8.Dec())
	}
	fmt.Fprintf(&b, "delta_value_e8=%s delta_balance=%s penalty_e8=%s\n", a.DeltaValueE8.Dec(), a.DeltaBalance.Dec(), a.LiquidationE8.Dec())
	fmt.Fprintf(&b, "old_balance=-%s new_balance=%s\n", a.OldBalance.Dec(), a.NewBalance.Dec())
	fmt.Fprintf(&b, "absorb_debt base_paid_out=%s usd_value_e8=%s reserves_loss=%s\n", a.BasePaidOut.Dec(), a.ValuePaidE8.Dec(), a.ReservesLoss.Dec())
	return b.String()
}

func runQuote(t *testing.T, d *datadriven.TestData, v *portfolio.Venue, m *market.Snapshot) string {
	var asset, base string
	d.ScanArgs(t, "asset", &asset)
	d.ScanArgs(t, "base", &base)
	var amt uint256.Int
	if err := amt.SetFromDecimal(base); err != nil {
		t.Fatalf("base=%s: %v", base, err)
	}
	q, err := QuoteCollateral(v, m, asset, &amt)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return fmt.Sprintf("quote %s=%s\n", asset, q.Dec())
}

func num(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Sprint(f)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
