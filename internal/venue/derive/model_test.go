// The derive-pm venue model's contract: input errors with JSON paths,
// parameter sets and override spellings, collateral handling, equity terms.
package derive

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// venueDoc wraps one derive-pm venue's fields into a portfolio document.
func venueDoc(fields string) string {
	return `{"account": "t", "venues": [{"id": "derive", "model": "derive-pm", "chain": "derive", ` + fields + `}]}`
}

const (
	callETH = `{"kind": "option", "underlying": "ETH", "right": "call", "strike": "3300", "expiry": "2026-12-25T08:00:00Z", "quantity": "-2"}`
	perpETH = `{"kind": "perp", "underlying": "ETH", "quantity": "1", "entry_price": "2900", "funding": "12.5"}`
)

func marginErr(t *testing.T, doc string) (venue.Result, error) {
	t.Helper()
	m := loadPropMarket(t)
	p, err := portfolio.Parse([]byte(doc))
	if err == nil {
		err = portfolio.Check(p, m)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	return venue.Margin(&p.Venues[0], m)
}

func TestInputErrors(t *testing.T) {
	for _, tc := range []struct {
		name, fields, want string
	}{
		{"future", `"collateral": [], "positions": [{"kind": "future", "underlying": "ETH", "expiry": "2026-12-25T08:00:00Z", "quantity": "1"}]`,
			`venues[0].positions[0].kind: "future" is not margined by derive-pm`},
		{"spot", `"collateral": [], "positions": [{"kind": "spot", "asset": "ETH", "amount": "1"}]`,
			`venues[0].positions[0].kind: "spot" is not margined`},
		{"borrow other than USDC", `"collateral": [], "positions": [{"kind": "borrow", "asset": "USDT", "amount": "1"}]`,
			`venues[0].positions[0].kind: "borrow" is not margined`},
		{"no manager", `"collateral": [], "positions": [{"kind": "perp", "underlying": "rswETH", "quantity": "1"}]`,
			`venues[0].positions[0].underlying: "rswETH" has no PMRM_2`},
		{"unknown set", `"params": "derive-pmrm2-1999", "collateral": [], "positions": []`,
			`venues[0].params: "derive-pmrm2-1999" is not a parameter set of derive-pm (known: derive-pmrm2-cases-2025-04, derive-pmrm2-mainnet-2025-06)`},
		{"unknown param", `"params": {"mm_facter": 0.8}, "collateral": [], "positions": []`,
			`venues[0].params.mm_facter: "0.8" is not a parameter of derive-pm`},
		{"out of bounds", `"params": {"mm_factor": 20}, "collateral": [], "positions": []`,
			`venues[0].params.mm_factor: "20" mm_factor must be in [0.1, 10]`},
		{"not a number", `"params": {"vol_range_up": "high"}, "collateral": [], "positions": []`,
			`venues[0].params.vol_range_up: "high" is not a finite decimal number`},
		{"skew with spot move", `"params": {"scenarios": [{"spot_shock": 1.1, "vol_shock": "linear", "dampening_factor": 1}]}, "collateral": [], "positions": []`,
			`venues[0].params.scenarios[0]: a LINEAR scenario must have spot shock 1`},
		{"bad vol shock", `"params": {"scenarios": [{"spot_shock": 1.1, "vol_shock": "sideways", "dampening_factor": 1}]}, "collateral": [], "positions": []`,
			`venues[0].params.scenarios[0].vol_shock: "sideways" is not a vol shock`},
		{"empty scenarios", `"params": {"scenarios": []}, "collateral": [], "positions": []`,
			`PMRM_2 takes 1 to 40 scenarios, not 0`},
		{"haircuts above 1", `"params": {"collaterals": {"WETH": {"mm_haircut": 0.7, "im_haircut": 0.5, "risk_cancelling": true}}}, "collateral": [], "positions": []`,
			`venues[0].params.collaterals.WETH: mm_haircut + im_haircut must be ≤ 1`},
		{"settlement", `"settlement": "USDT", "collateral": [], "positions": []`,
			`venues[0].settlement: "USDT" is not Derive's settlement (USDC)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := marginErr(t, venueDoc(tc.fields))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestMixedUnderlyingsRefused(t *testing.T) {
	m := loadPropMarket(t)
	doc := venueDoc(`"collateral": [], "positions": [` + callETH + `, {"kind": "perp", "underlying": "BTC", "quantity": "1"}]`)
	p, err := portfolio.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	// BTC is not in propMarket; the model refuses before looking it up.
	_, err = venue.Margin(&p.Venues[0], m)
	want := `venues[0].positions[1].underlying: "BTC" differs from ETH: a Derive PMRM_2 sub-account margins one underlying`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// Every spelling of a parameter reaches the same field: the snake_case of
// the Solidity name, its camelCase, and the case files' name in either case.
func TestParamSpellings(t *testing.T) {
	base, err := marginErr(t, venueDoc(`"params": {"mm_factor": 0.5}, "collateral": [], "positions": [`+callETH+`]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, spelling := range []string{"mmFactor", "MM_LOSS_FACTOR", "mm_loss_factor"} {
		r, err := marginErr(t, venueDoc(`"params": {"`+spelling+`": 0.5}, "collateral": [], "positions": [`+callETH+`]`))
		if err != nil {
			t.Fatalf("%s: %v", spelling, err)
		}
		if r.Maintenance != base.Maintenance {
			t.Errorf("%s: maintenance %g, mm_factor gives %g", spelling, r.Maintenance, base.Maintenance)
		}
	}
	// Solidity's leading-capital names.
	for _, pair := range [][2]string{{"MMPerpPercent", "mm_perp_percent"}, {"IMOptionPercent", "im_option_percent"},
		{"volRangeUp", "vol_range_up"}, {"minKStar", "min_k_star"}, {"VOLRANGEUP", "vol_range_up"},
		{"MIN_VOL_EVAL_SHOCKED", "min_vol_up_shock"}, {"BASE_STATIC_DISCOUNT_NEG", "short_base_static_discount"}} {
		spec := paramAliases[venue.SnakeCase(pair[0])]
		if spec == nil || spec.name != pair[1] {
			t.Errorf("%s resolves to %v, want %s", pair[0], spec, pair[1])
		}
	}
}

// No two specs share a spelling, and every spec is reachable by its names.
func TestParamAliasesUnambiguous(t *testing.T) {
	owner := map[string]string{}
	for i := range paramSpecs {
		s := &paramSpecs[i]
		for _, alias := range []string{s.name, camel(s.name), s.caseName, strings.ToLower(s.caseName)} {
			key := venue.SnakeCase(alias)
			if prev, dup := owner[key]; dup && prev != s.name {
				t.Errorf("%q names both %s and %s", alias, prev, s.name)
			}
			owner[key] = s.name
			if paramAliases[key] != s {
				t.Errorf("%q does not resolve to %s", alias, s.name)
			}
		}
	}
}

// The cases set is exactly the parameters of the cases that sweep nothing
// (test_13), and every built-in set passes PMRM_2's own checks.
func TestParamSetsQuoted(t *testing.T) {
	data, err := os.ReadFile("testdata/pmrm2/test_13_risk_cancelling_btc_covered_call.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCase(data)
	if err != nil {
		t.Fatal(err)
	}
	// The files write decimals as Python floats (0.005000000000000001 for
	// 0.005; 0.036/0.66 as 0.054545454545454536): compare within 1e-15.
	got, want := paramSetNamed(setCases).params, c.Params()
	for _, spec := range paramSpecs {
		if g, w := *spec.field(&got), *spec.field(&want); math.Abs(g-w) > 1e-15 {
			t.Errorf("%s: set %g, file %g", spec.name, g, w)
		}
	}
	if len(got.Scenarios) != len(want.Scenarios) {
		t.Fatalf("%d scenarios, file %d", len(got.Scenarios), len(want.Scenarios))
	}
	for i := range want.Scenarios {
		g, w := got.Scenarios[i], want.Scenarios[i]
		if g.Vol != w.Vol || math.Abs(g.SpotShock-w.SpotShock) > 1e-15 || math.Abs(g.Dampening-w.Dampening) > 1e-15 {
			t.Errorf("scenario %d: %+v, file %+v", i, g, w)
		}
	}
	for _, s := range paramSets {
		if i, reason := checkScenarios(s.params.Scenarios); i >= 0 {
			t.Errorf("%s: scenario %d: %s", s.name, i, reason)
		}
		for _, spec := range paramSpecs {
			if x := *spec.field(&s.params); x < spec.min || x > spec.max {
				t.Errorf("%s: %s = %g outside [%g, %g]", s.name, spec.name, x, spec.min, spec.max)
			}
		}
	}
	if n := len(paramSetNamed(setMainnet).params.Scenarios); n != 33 {
		t.Errorf("mainnet set has %d scenarios, config-mainnet.sol has 33", n)
	}
}

// Collateral: USDC is cash, known assets are valued at market with their
// haircuts, an asset Derive does not take is valued 0 with a warning, and
// an override makes any asset collateral.
func TestCollateral(t *testing.T) {
	usdc := loadPropMarket(t).Spot("USDC")
	r, err := marginErr(t, venueDoc(`"collateral": [{"asset": "USDC", "amount": "10000"}, {"asset": "WETH", "amount": "2"},
	  {"asset": "USDT", "amount": "0"}], "positions": [`+callETH+`, `+perpETH+`]`))
	if err != nil {
		t.Fatal(err)
	}
	if want := 10000*usdc + 2*3000; math.Abs(r.CollateralValue-want) > 1e-9 {
		t.Errorf("collateral value %g, want %g", r.CollateralValue, want)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings %v", r.Warnings)
	}
	used := r.ParamsUsed.(ParamsUsed)
	if used.Set != setMainnet || used.Underlying != "ETH" || !used.Collaterals["WETH"].RiskCancelling {
		t.Errorf("params used %+v", used)
	}

	book := `"collateral": [{"asset": "USDC", "amount": "10000"}, {"asset": "wstETH", "amount": "3"}], "positions": [` + callETH + `]`
	plain, err := marginErr(t, venueDoc(`"collateral": [{"asset": "USDC", "amount": "10000"}], "positions": [`+callETH+`]`))
	if err != nil {
		t.Fatal(err)
	}
	refused, err := marginErr(t, venueDoc(book))
	if err != nil {
		t.Fatal(err)
	}
	if len(refused.Warnings) != 1 || !strings.Contains(refused.Warnings[0], "collateral[1] wstETH is not a collateral of Derive's ETH PMRM_2; valued 0") {
		t.Errorf("warnings %v", refused.Warnings)
	}
	if refused.Equity != plain.Equity || refused.Maintenance != plain.Maintenance || refused.CollateralValue != plain.CollateralValue {
		t.Errorf("refused collateral counted: %+v vs %+v", refused, plain)
	}
	accepted, err := marginErr(t, venueDoc(`"params": {"collaterals": {"wstETH": {"mm_haircut": 0.02, "im_haircut": 0.01, "risk_cancelling": true}}}, `+book))
	if err != nil {
		t.Fatal(err)
	}
	if want := plain.CollateralValue + 3*3550; math.Abs(accepted.CollateralValue-want) > 1e-9 || len(accepted.Warnings) != 0 {
		t.Errorf("accepted collateral value %g, want %g (%v)", accepted.CollateralValue, want, accepted.Warnings)
	}
	if math.Abs(accepted.Equity-plain.Equity-3*3550) > 1e-6 {
		t.Errorf("equity %g, want %g", accepted.Equity, plain.Equity+3*3550)
	}
}

// Without derivatives the manager follows the risk-cancelling collateral.
func TestManagerWithoutDerivatives(t *testing.T) {
	for _, tc := range []struct{ collateral, want string }{
		{`[{"asset": "USDC", "amount": "5"}]`, "ETH"},
		{`[{"asset": "WETH", "amount": "5"}]`, "ETH"},
	} {
		r, err := marginErr(t, venueDoc(`"collateral": `+tc.collateral+`, "positions": []`))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ParamsUsed.(ParamsUsed).Underlying; got != tc.want {
			t.Errorf("%s: manager %s, want %s", tc.collateral, got, tc.want)
		}
	}
}

// Cash only: no requirement, health undefined; a USDC borrow is negative
// cash.
func TestCashOnly(t *testing.T) {
	r, err := marginErr(t, venueDoc(`"collateral": [{"asset": "USDC", "amount": "1000"}],
	  "positions": [{"kind": "borrow", "asset": "USDC", "amount": "400"}]`))
	if err != nil {
		t.Fatal(err)
	}
	usdc := loadPropMarket(t).Spot("USDC")
	if r.Maintenance != 0 || r.Initial != 0 || r.Health != nil || math.Abs(r.Equity-600*usdc) > 1e-9 {
		t.Errorf("cash only: %+v", r)
	}
}
