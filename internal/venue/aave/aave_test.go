package aave

// Goal: the golden files in testdata/ are the readable spec of the aave-v3
// model. Each case builds a market.json and a one-venue portfolio.json from a
// tiny DSL, runs them through the same parsing and validation as the CLI
// (market.Load, portfolio.Parse, portfolio.Check) and prints the pool's
// integer account data next to the equity-terms figures. Every case cites its
// source: an Aave publication or test whose figures it reproduces, or the
// hand computation written beside it.
//
// DSL (one command per case):
//
//	margin [emode=N] [params=SET] [audit]
//	price SYMBOL DECIMAL        market price (assets.SYMBOL.price)
//	venue-price SYMBOL DECIMAL  the venue's own oracle price (venue_prices)
//	oracle SYMBOL               market price = the set's oracleLatestAnswer / 1e8
//	decimals SYMBOL N           the market's decimals for SYMBOL (assets.SYMBOL.decimals)
//	override {JSON}             params as an object of overrides
//	collateral SYMBOL AMOUNT
//	supply SYMBOL AMOUNT
//	borrow SYMBOL AMOUNT
//	position {JSON}             any other position object, verbatim
//	----
//	the pool's account data, the result, warnings (or the error)
//
// Update the expectations with: go test ./internal/venue/aave -rewrite
// (then check every changed figure by hand: they are the specification).

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
			if d.Cmd != "margin" {
				d.Fatalf(t, "unknown command %q", d.Cmd)
			}
			c, err := parseCase(d)
			if err != nil {
				d.Fatalf(t, "%v", err)
			}
			return c.run(t)
		})
	})
}

// ddCase is one margin case of the DSL.
type ddCase struct {
	emode       *int
	setName     string
	audit       bool
	prices      map[string]string
	decimals    map[string]int
	venuePrices map[string]string
	override    json.RawMessage
	collateral  []map[string]any
	positions   []json.RawMessage
}

func parseCase(d *datadriven.TestData) (*ddCase, error) {
	c := &ddCase{prices: map[string]string{}, decimals: map[string]int{}, venuePrices: map[string]string{}}
	for _, a := range d.CmdArgs {
		switch a.Key {
		case "emode":
			n, err := strconv.Atoi(a.Vals[0])
			if err != nil {
				return nil, err
			}
			c.emode = &n
		case "params":
			c.setName = a.Vals[0]
		case "audit":
			c.audit = true
		default:
			return nil, fmt.Errorf("unknown argument %q", a.Key)
		}
	}
	for _, ln := range strings.Split(d.Input, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		if err := c.addLine(ln); err != nil {
			return nil, fmt.Errorf("%q: %w", ln, err)
		}
	}
	return c, nil
}

func (c *ddCase) addLine(ln string) error {
	word, rest, _ := strings.Cut(ln, " ")
	f := strings.Fields(rest)
	switch word {
	case "price", "venue-price":
		if len(f) != 2 {
			return fmt.Errorf("want SYMBOL DECIMAL")
		}
		if word == "price" {
			c.prices[f[0]] = f[1]
		} else {
			c.venuePrices[f[0]] = f[1]
		}
	case "oracle":
		r := sets.Default().Reserves[rest]
		if r == nil {
			return fmt.Errorf("no reserve %q", rest)
		}
		c.prices[rest] = e8Text(r.OracleE8)
	case "decimals":
		if len(f) != 2 {
			return fmt.Errorf("want SYMBOL N")
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		c.decimals[f[0]] = n
	case "override":
		c.override = json.RawMessage(rest)
	case "collateral":
		if len(f) != 2 {
			return fmt.Errorf("want SYMBOL AMOUNT")
		}
		c.collateral = append(c.collateral, map[string]any{"asset": f[0], "amount": f[1]})
	case "supply", "borrow":
		if len(f) != 2 {
			return fmt.Errorf("want SYMBOL AMOUNT")
		}
		b, _ := json.Marshal(map[string]string{"kind": word, "asset": f[0], "amount": f[1]})
		c.positions = append(c.positions, b)
	case "position":
		c.positions = append(c.positions, json.RawMessage(rest))
	default:
		return fmt.Errorf("unknown line")
	}
	return nil
}

// e8Text renders an 8-decimal integer as a decimal string.
func e8Text(v uint64) string {
	s := fmt.Sprintf("%09d", v)
	return strings.TrimRight(strings.TrimRight(s[:len(s)-8]+"."+s[len(s)-8:], "0"), ".")
}

func (c *ddCase) documents() (marketJSON, portfolioJSON []byte) {
	assets := map[string]any{}
	for sym, p := range c.prices {
		a := map[string]any{"price": p}
		if n, ok := c.decimals[sym]; ok {
			a["decimals"] = n
		}
		assets[sym] = a
	}
	mk := map[string]any{"as_of": "2023-10-31T12:00:00Z", "assets": assets}
	if len(c.venuePrices) > 0 {
		mk["venue_prices"] = map[string]any{"aave": c.venuePrices}
	}
	marketJSON, _ = json.Marshal(mk)
	v := map[string]any{"id": "aave", "model": ModelName, "chain": "ethereum",
		"collateral": c.collateral, "positions": c.positions}
	if c.collateral == nil {
		v["collateral"] = []any{}
	}
	if c.positions == nil {
		v["positions"] = []any{}
	}
	if c.emode != nil {
		v["emode"] = *c.emode
	}
	switch {
	case c.override != nil:
		v["params"] = c.override
	case c.setName != "":
		v["params"] = c.setName
	}
	portfolioJSON, _ = json.Marshal(map[string]any{"account": "test", "venues": []any{v}})
	return marketJSON, portfolioJSON
}

func (c *ddCase) run(t *testing.T) string {
	mj, pj := c.documents()
	m, err := market.Load(mj, market.Options{})
	if err != nil {
		return "error: market: " + err.Error() + "\n"
	}
	p, err := portfolio.Parse(pj)
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		return "error: portfolio: " + err.Error() + "\n"
	}
	v := &p.Venues[0]
	r, data, err := margin(v, m)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	// The registry path must agree (and pass venue's own result checks).
	rv, err := venue.Margin(v, m)
	if err != nil {
		t.Fatalf("venue.Margin: %v", err)
	}
	if rv.Liquidatable() != r.Liquidatable() || rv.Equity != r.Equity {
		t.Fatalf("venue.Margin disagrees with margin: %+v vs %+v", rv, r)
	}
	if r.Liquidatable() != (!data.DebtBase.IsZero() && data.HealthFactor.Lt(wad)) {
		t.Fatalf("liquidatable %v disagrees with the health factor %s", r.Liquidatable(), data.HealthFactor.Dec())
	}
	return formatCase(&r, &data, c.audit)
}

func formatCase(r *venue.Result, d *AccountData, audit bool) string {
	var b strings.Builder
	avail := d.AvailableBorrowsBase()
	fmt.Fprintf(&b, "collateral_base=%s debt_base=%s supply_base=%s\n",
		d.CollateralBase.Dec(), d.DebtBase.Dec(), d.SupplyBase.Dec())
	fmt.Fprintf(&b, "avg_ltv=%s avg_lt=%s available_borrows_base=%s\n",
		d.AvgLTV.Dec(), d.AvgLT.Dec(), avail.Dec())
	fmt.Fprintf(&b, "health_factor=%s\n", hfText(&d.HealthFactor))
	fmt.Fprintf(&b, "collateral_value=%s equity=%s\n", num(r.CollateralValue), num(r.Equity))
	fmt.Fprintf(&b, "initial=%s maintenance=%s excess=%s\n",
		num(r.Initial), num(r.Maintenance), num(r.Equity-r.Initial))
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
			panic(err)
		}
		fmt.Fprintf(&b, "params_used: %s\n", j)
	}
	return b.String()
}

func hfText(hf *uint256.Int) string {
	if hf.Eq(maxUint256) {
		return "max"
	}
	return hf.Dec()
}

func num(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Sprint(f)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
