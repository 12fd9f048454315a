package liquidation

// Goal: the golden files are the readable spec of the liquidation engine.
//
// testdata/aave_call.txt drives one Aave liquidation call (aave.Call) with
// whole-unit inputs and prints the integer outcome in whole units. Its cases
// are the issue's own example, v3.0.2 LiquidationLogic semantics (the
// built-in set's code), and the worked examples of Aave v3.3
// (aave-dao/aave-v3-origin docs/3.3/Aave-v3.3-features.md §2.1–2.3).
//
//	call version=v3.0.2|v3.3 hf=DEC debt-price=DEC debt-decimals=N debt=UNITS
//	     coll-price=DEC coll-decimals=N coll=UNITS bonus=BPS fee=BPS
//	     [cover=UNITS] [total-debt-usd=DEC] [threshold-usd=DEC]
//
// testdata/venues.txt runs Run on a small book and prints each venue's and
// the unified result:
//
//	liquidate
//	asset SYM {market.json asset object}
//	venue {portfolio.json venue object}
//	----
//
// Update with: go test ./internal/liquidation -rewrite, then check every
// changed figure by hand.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue/aave"
)

func TestDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		if strings.HasSuffix(path, ".fail") { // rapid's failure files (testdata/rapid), not cases
			return
		}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "call":
				return runCall(t, d)
			case "liquidate":
				return runLiquidate(t, d)
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

func arg(d *datadriven.TestData, key string) (string, bool) {
	for _, a := range d.CmdArgs {
		if a.Key == key && len(a.Vals) > 0 {
			return a.Vals[0], true
		}
	}
	return "", false
}

func mustArg(t *testing.T, d *datadriven.TestData, key string) string {
	v, ok := arg(d, key)
	if !ok {
		t.Fatalf("%s: missing %s", d.Pos, key)
	}
	return v
}

// baseUnitsOf converts whole units to base units (exact).
func baseUnitsOf(t *testing.T, text string, decimals uint8) uint256.Int {
	a, err := money.AmountExact(money.MustDecimal(text), decimals)
	if err != nil {
		t.Fatal(err)
	}
	return *a.Uint256()
}

func e8(t *testing.T, text string) uint256.Int { return baseUnitsOf(t, text, 8) }

func runCall(t *testing.T, d *datadriven.TestData) string {
	var c aave.Call
	switch v := mustArg(t, d, "version"); v {
	case "v3.0.2":
		c.Version = aave.CallV302
	case "v3.3":
		c.Version = aave.CallV33
	default:
		t.Fatalf("unknown version %s", v)
	}
	c.HealthFactor = baseUnitsOf(t, mustArg(t, d, "hf"), 18)
	var n int
	fmt.Sscan(mustArg(t, d, "debt-decimals"), &n)
	c.DebtDecimals = uint8(n)
	fmt.Sscan(mustArg(t, d, "coll-decimals"), &n)
	c.CollDecimals = uint8(n)
	c.DebtPriceE8, c.CollPriceE8 = e8(t, mustArg(t, d, "debt-price")), e8(t, mustArg(t, d, "coll-price"))
	c.UserDebt = baseUnitsOf(t, mustArg(t, d, "debt"), c.DebtDecimals)
	c.UserCollateral = baseUnitsOf(t, mustArg(t, d, "coll"), c.CollDecimals)
	fmt.Sscan(mustArg(t, d, "bonus"), &n)
	c.Bonus = uint16(n)
	fmt.Sscan(mustArg(t, d, "fee"), &n)
	c.ProtocolFee = uint16(n)
	c.DebtToCover.SetAllOne()
	if v, ok := arg(d, "cover"); ok {
		c.DebtToCover = baseUnitsOf(t, v, c.DebtDecimals)
	}
	if v, ok := arg(d, "total-debt-usd"); ok {
		c.TotalDebtBase = e8(t, v)
	} else {
		c.TotalDebtBase = *new(uint256.Int).Div(new(uint256.Int).Mul(&c.DebtPriceE8, &c.UserDebt),
			new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(uint64(c.DebtDecimals))))
	}
	if v, ok := arg(d, "threshold-usd"); ok {
		th := e8(t, v)
		c.MinBaseThreshold = &th
	}
	out, err := c.Liquidate()
	var b strings.Builder
	fmt.Fprintf(&b, "max_liquidatable_debt %s\n", unitsText(&out.MaxLiquidatableDebt, c.DebtDecimals))
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		return b.String()
	}
	fmt.Fprintf(&b, "repay %s\nseize %s\nprotocol_fee %s\n", unitsText(&out.DebtRepaid, c.DebtDecimals),
		unitsText(&out.CollateralSeized, c.CollDecimals), unitsText(&out.ProtocolFee, c.CollDecimals))
	return b.String()
}

// buildCase turns the DSL lines into a market and a book.
// fataler is what buildCase needs of a test (*testing.T, *rapid.T).
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func buildCase(t fataler, input string) (*market.Snapshot, *portfolio.Portfolio) {
	assets := map[string]json.RawMessage{}
	var venues []json.RawMessage
	for _, line := range strings.Split(strings.TrimSpace(input), "\n") {
		word, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch word {
		case "asset":
			sym, obj, _ := strings.Cut(rest, " ")
			assets[sym] = json.RawMessage(obj)
		case "venue":
			venues = append(venues, json.RawMessage(rest))
		case "":
		default:
			t.Fatalf("unknown line %q", line)
		}
	}
	mdoc, _ := json.Marshal(map[string]any{"as_of": "2026-11-25T00:00:00Z", "assets": assets,
		"rates": map[string]any{"USD": 0.04}})
	m, err := market.Load(mdoc, market.Options{})
	if err != nil {
		t.Fatalf("market: %v\n%s", err, mdoc)
	}
	pdoc, _ := json.Marshal(map[string]any{"account": "test", "venues": venues})
	b, err := portfolio.Parse(pdoc)
	if err != nil {
		t.Fatalf("portfolio: %v", err)
	}
	if err := portfolio.Check(b, m); err != nil {
		t.Fatalf("portfolio: %v", err)
	}
	return m, b
}

func runLiquidate(t *testing.T, d *datadriven.TestData) string {
	m, b := buildCase(t, d.Input)
	rp := margin.DefaultRiskParams()
	rep, err := Run(b, m, rp, DefaultOptions())
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var s strings.Builder
	for _, v := range rep.Venues {
		fmt.Fprintf(&s, "%s liquidatable=%v health=%s after=%s sold_usd=%.2f bad_debt_usd=%.2f\n", v.ID,
			v.Liquidatable, fig(v.HealthBefore), fig(v.HealthAfter), v.SoldUSD, v.BadDebtUSD)
		for _, a := range v.Actions {
			fmt.Fprintf(&s, "  %s %s %s\n", a.Kind, a.Asset, a.Amount)
		}
	}
	u := rep.Unified
	fmt.Fprintf(&s, "unified liquidatable=%v closed=%v health=%s after=%s equity=%.2f→%.2f target=%.2f "+
		"initial_after=%.2f sold_usd=%.2f budget_usd=%.2f budget_bound=%v bad_debt_usd=%.2f fund=%.2f socialised=%.2f\n",
		u.Liquidatable, u.Closed, fig(u.HealthBefore), fig(u.HealthAfter), u.EquityBefore, u.EquityAfter, u.Target,
		u.InitialAfter, u.SoldUSD, u.SaleBudgetUSD, u.BudgetBound, u.BadDebtUSD, u.InsuranceFundUSD, u.SocialisedUSD)
	for _, a := range u.Actions {
		fmt.Fprintf(&s, "  %s %s %s %s\n", a.Kind, a.Venue, a.Asset, a.Amount)
	}
	return s.String()
}

func fig(x *float64) string {
	if x == nil {
		return "null"
	}
	return fmt.Sprintf("%.4f", *x)
}
