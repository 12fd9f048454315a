package aave

// Goal: Aave v3.2's liquid eModes (a category's collateral and borrowable
// sets, several categories per reserve) are one rule with v3.0.2's single
// eModeCategory, applied at one place (account.collateralParams,
// account.canBorrow) by the health factor, the borrow gate and the
// liquidation call. Method: random books (property_test.go's genBook) are
// margined twice, through the built-in set and through the same set with
// membership restated as lists, and compared in the pool's integer figures;
// the liquidation bonuses are checked on the hand cases of
// testdata/liquid_emodes.txt.

import (
	"encoding/json"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// withParams returns a copy of v with params set to the JSON text p.
func withParams(t interface{ Fatal(...any) }, v *portfolio.Venue, p string) *portfolio.Venue {
	n, err := input.Decode([]byte(p))
	if err != nil {
		t.Fatal(err)
	}
	n.Path = "venues[0].params"
	c := *v
	c.Params = &n
	return &c
}

type marginRun struct {
	result float64s
	data   AccountData
	state  *LiquidationState
	err    string
}

func runBoth(v *portfolio.Venue, b book) marginRun {
	r, d, err := margin(v, b.market)
	if err != nil {
		return marginRun{err: err.Error()}
	}
	st, err := ReserveParams(v, b.market)
	if err != nil {
		return marginRun{err: "reserve params: " + err.Error()}
	}
	return marginRun{result: float64s{r.CollateralValue, r.Equity, r.Initial, r.Maintenance, r.Liquidatable()},
		data: d, state: st}
}

// The v3.0.2 set's category 1 (WETH, cbETH, rETH, wstETH) restated as v3.2
// lists margins every book exactly as the set: same account data, same
// requirement, same liquidation bonuses, same refusals (borrowing USDC in
// e-mode 1).
func TestPropLegacyEModeEqualsItsLists(t *testing.T) {
	const lists = `{"emodes": {"1": {"collateral": ["WETH", "cbETH", "rETH", "wstETH"],
		"borrowable": ["WETH", "cbETH", "rETH", "wstETH"]}}}`
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		if rapid.Bool().Draw(t, "emode") {
			b.venue.HasEMode, b.venue.EMode = true, 1
		}
		want := runBoth(b.venue, b)
		got := runBoth(withParams(t, b.venue, lists), b)
		if got.err != want.err || got.result != want.result || got.data != want.data ||
			!reflect.DeepEqual(got.state, want.state) {
			t.Fatalf("lists %+v\nset   %+v", got, want)
		}
	})
}

// An account in no category (emode 0) is margined exactly as before liquid
// eModes, whatever the categories list: their sets apply only to a user in
// the category (GenericLogic: userEModeCategory != 0 && bit set).
func TestPropCategoryZeroIgnoresLists(t *testing.T) {
	syms := propReserves
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		pick := func(label string) []string {
			out := []string{} // an empty list, not null
			for _, s := range syms {
				if rapid.Bool().Draw(t, label+"_"+s) {
					out = append(out, s)
				}
			}
			return out
		}
		p, _ := json.Marshal(map[string]any{"emodes": map[string]any{
			"1": map[string]any{"collateral": pick("c1"), "borrowable": pick("b1")},
			"5": map[string]any{"ltv": 9500, "liquidationThreshold": 9700, "liquidationBonus": 10100,
				"collateral": pick("c5"), "borrowable": pick("b5")}}})
		want := runBoth(b.venue, b)
		got := runBoth(withParams(t, b.venue, string(p)), b)
		if got.err != want.err || got.result != want.result || got.data != want.data ||
			!reflect.DeepEqual(got.state, want.state) {
			t.Fatalf("params %s\nlists %+v\nset   %+v", p, got, want)
		}
	})
}

// The liquidation bonus follows the collateral set of the user's category
// (LiquidationLogic v3.2: the category's bonus when the collateral's bit is
// set in its collateralBitmap, else the reserve's own), through the same
// account.collateralParams as the health factor. The book of
// testdata/liquid_emodes.txt: 10 WETH + 10 wstETH, 15 WETH borrowed.
func TestLiquidationBonusFollowsCollateralSet(t *testing.T) {
	const over = `{"emodes": {"1": {"ltv": 9000, "liquidationThreshold": 9300, "liquidationBonus": 10200,
		"label": "ETH correlated", "collateral": ["WETH", "cbETH", "wstETH"], "borrowable": ["WETH", "cbETH", "wstETH"]},
		"7": {"ltv": 9350, "liquidationThreshold": 9550, "liquidationBonus": 10100, "label": "wstETH/ETH",
		"collateral": ["wstETH"], "borrowable": ["WETH"]}}}`
	m := snapshot(map[string]string{"WETH": "2000", "wstETH": "2300"})
	base := &portfolio.Venue{Path: "venues[0]", ID: "aave", Model: ModelName,
		Collateral: []portfolio.Collateral{{Asset: "WETH", Amount: money.MustDecimal("10")}, {Asset: "wstETH", Amount: money.MustDecimal("10")}},
		Positions:  []portfolio.Position{{Kind: portfolio.KindBorrow, Asset: "WETH", Amount: money.MustDecimal("15")}}}
	for _, c := range []struct {
		emode        int
		weth, wsteth float64 // penalty = bonus − 100%
		seized       string
	}{
		{0, 0.05, 0.06, "wstETH"}, // own: WETH 10500, wstETH 10600
		{1, 0.02, 0.02, "wstETH"}, // both in 1's collateral set: 10200; wstETH the larger
		{7, 0.05, 0.01, "WETH"},   // only wstETH in 7's: 10100; WETH its own 10500
	} {
		v := withParams(t, base, over)
		v.HasEMode, v.EMode = c.emode != 0, c.emode
		l, err := Model{}.Liquidation(v, m)
		if err != nil {
			t.Fatal(err)
		}
		got := l.PenaltyByAsset
		if !near(got["WETH"], c.weth) || !near(got["wstETH"], c.wsteth) {
			t.Errorf("emode %d: penalties %v, want WETH %v wstETH %v", c.emode, got, c.weth, c.wsteth)
		}
		// The liquidator's pair (aave.Pair): the highest bonus, then the
		// larger collateral value (wstETH 23,000 against WETH 20,000).
		st, err := ReserveParams(v, m)
		if err != nil {
			t.Fatal(err)
		}
		_, coll, ok := Pair(st)
		if want := c.seized; !ok || coll.Symbol != want {
			t.Errorf("emode %d: seizes %v, want %s", c.emode, coll, want)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }
