// Built-in PMRM_2 parameter sets and collateral parameters, each quoted from
// the source it names.
package derive

import "github.com/unimargin/unimargin/internal/venue"

// paramSet is one built-in parameter set.
type paramSet struct {
	name   string
	source string
	params Params
}

// regularGrid is the ±18% regular grid in 4.5% steps common to every set:
// +18% vol up only, ±13.5% … 0 with vol up, none and down, −18% vol up only.
// order is the order of the vol moves within a spot step.
func regularGrid(order [3]VolShock) []Scenario {
	out := []Scenario{{SpotShock: 1.18, Vol: VolUp, Dampening: 1}}
	for _, shock := range []float64{1.135, 1.09, 1.045, 1, 0.955, 0.91, 0.865} {
		for _, v := range order {
			out = append(out, Scenario{SpotShock: shock, Vol: v, Dampening: 1})
		}
	}
	return append(out, Scenario{SpotShock: 0.82, Vol: VolUp, Dampening: 1})
}

func skewScenarios() []Scenario {
	return []Scenario{{SpotShock: 1, Vol: VolLinear, Dampening: 1}, {SpotShock: 1, Vol: VolAbs, Dampening: 1}}
}

func tails(shocks, dampening []float64) []Scenario {
	out := make([]Scenario, len(shocks))
	for i := range shocks {
		out[i] = Scenario{SpotShock: shocks[i], Vol: VolUp, Dampening: dampening[i]}
	}
	return out
}

func concat(parts ...[]Scenario) []Scenario {
	var out []Scenario
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Set names.
const (
	setMainnet = "derive-pmrm2-mainnet-2025-06"
	setCases   = "derive-pmrm2-cases-2025-04"
)

// The built-in sets. The first is the default.
var paramSets = []paramSet{
	{
		name: setMainnet,
		source: "derivexyz/v2-core scripts/config-mainnet.sol getPMRM2Params and getDefaultPM2Scenarios " +
			"(last changed in 42a4e48c, 2025-06-10, 'pm2 deploy'; read at 7736900d, 2026-01-21); " +
			"applied to every PMRM_2 by scripts/deploy-pm2.s.sol",
		params: Params{
			// 23 regular, 8 tail (dampening 0.0693/|move|), 2 skew: 33 scenarios.
			Scenarios: concat(
				regularGrid([3]VolShock{VolUp, VolNone, VolDown}),
				tails([]float64{0.34, 0.67, 1.5, 2, 3, 4, 5, 6},
					[]float64{0.21, 0.42, 0.2772, 0.1386, 0.0693, 0.0462, 0.03465, 0.02772}),
				skewScenarios()),
			VolRangeUp: 0.5, VolRangeDown: 0.3, ShortTermPower: 0.3, LongTermPower: 0.13,
			DTEFloorDays: 1, MinVolUpShock: 0.4,
			IMFactor: 1, MMFactor: 0.8,
			ShortRateMultScale: 0, LongRateMultScale: 0, ShortRateAddScale: 0.16, LongRateAddScale: 0.16,
			// As written in config-mainnet.sol: short 0.95, long 1.05. Every
			// case file has these the other way round (long 0.95, short 1.04),
			// which is the direction that discounts both longs and shorts
			// against the account; see README.md.
			ShortBaseStaticDiscount: 0.95, LongBaseStaticDiscount: 1.05,
			ScenarioSpotUp: 1.045, ScenarioSpotDown: 0.955, BasisContAddFactor: 0.5, BasisContMultFactor: 2,
			PegLossThreshold: 0.99, PegLossFactor: 4, ConfThreshold: 0.55, ConfMargin: 1,
			MMPerpPercent: 0.03, IMPerpPercent: 0.01, MMOptionPercent: 0.003, IMOptionPercent: 0.002,
			LinearBaseCap: 0.25, AbsBaseCap: 0.25, LinearCBase: -0.1, AbsCBase: -0.1,
			MinKStar: 0.01, WidthScale: 4, VolParamStatic: 0.6, VolParamScale: 0,
		},
	},
	{
		name: setCases,
		source: "derivexyz/v2-core test/risk-managers/unit-tests/PMRM_2/portfolio_cases (57cdd00b, 2025-04-18): " +
			"the parameters every case uses unless it sweeps one (e.g. test_13_risk_cancelling_btc_covered_call.json)",
		params: Params{
			// 23 regular, 6 tail (dampening 0.036/|move|), 2 skew: 31 scenarios.
			Scenarios: concat(
				regularGrid([3]VolShock{VolDown, VolNone, VolUp}),
				tails([]float64{0.34, 0.67, 1.5, 2, 3, 4},
					[]float64{0.036 / 0.66, 0.036 / 0.33, 0.072, 0.036, 0.018, 0.012}),
				skewScenarios()),
			VolRangeUp: 0.5, VolRangeDown: 0.275, ShortTermPower: 0.3, LongTermPower: 0.13,
			DTEFloorDays: 1, MinVolUpShock: 0.45,
			IMFactor: 1, MMFactor: 0.8,
			ShortRateMultScale: 0.5, LongRateMultScale: 1, ShortRateAddScale: 0.08, LongRateAddScale: 0.08,
			ShortBaseStaticDiscount: 1.04, LongBaseStaticDiscount: 0.95,
			ScenarioSpotUp: 1.045, ScenarioSpotDown: 0.955, BasisContAddFactor: 0.5, BasisContMultFactor: 2,
			PegLossThreshold: 0.98, PegLossFactor: 2, ConfThreshold: 0.55, ConfMargin: 1,
			MMPerpPercent: 0.015, IMPerpPercent: 0.005, MMOptionPercent: 0.003, IMOptionPercent: 0.002,
			LinearBaseCap: 0.15, AbsBaseCap: 0.15, LinearCBase: -0.05, AbsCBase: -0.05,
			MinKStar: 0.01, WidthScale: 4, VolParamStatic: 0.6, VolParamScale: -0.1,
		},
	},
}

// sets are the built-in sets (venue.ParamSets): the mainnet deployment,
// dated; the test vectors' set, chosen by name only.
var sets = venue.NewParamSets[paramSet](modelName, setMainnet).
	Add(setMainnet, "2025-06-10", &paramSets[0]).
	Add(setCases, "", &paramSets[1])

func paramSetNamed(name string) *paramSet {
	s, _ := sets.Lookup(name)
	return s
}

// CollateralParams is one collateral asset's PMRMLib_2.CollateralParameters.
type CollateralParams struct {
	RiskCancelling bool    `json:"risk_cancelling"`
	MMHaircut      float64 `json:"mm_haircut"`
	IMHaircut      float64 `json:"im_haircut"`
}

// collateralSource says where the collateral table comes from: the repository
// publishes no mainnet collateral parameters (config-mainnet.sol has none), so
// the values are those the case files give each asset.
const collateralSource = "collateral haircuts and risk-cancelling flags: the PMRM_2 portfolio cases " +
	"(e.g. test_4 for the ETH manager, test_5 for the BTC manager, test_2 and test_3 for stables); " +
	"config-mainnet.sol publishes none"

// stableCollaterals are accepted by both managers, never risk-cancelling.
var stableCollaterals = map[string]CollateralParams{
	"USDT":  {MMHaircut: 0.02, IMHaircut: 0.03},
	"DAI":   {MMHaircut: 0.08, IMHaircut: 0.02},
	"SDAI":  {MMHaircut: 0.12, IMHaircut: 0.03},
	"USDE":  {MMHaircut: 0.2, IMHaircut: 0.05},
	"SUSDE": {MMHaircut: 0.25, IMHaircut: 0.1},
}

// collateralTables are the assets each manager accepts, keyed by upper-case
// symbol (WETH and WBTC are read as ETH and BTC, the assets Derive wraps).
var collateralTables = map[string]map[string]CollateralParams{
	"ETH": {
		"ETH":    {RiskCancelling: true, MMHaircut: 0.015, IMHaircut: 0.005},
		"RSWETH": {RiskCancelling: true, MMHaircut: 0.03, IMHaircut: 0.01},
		"WEETH":  {RiskCancelling: true, MMHaircut: 0.05, IMHaircut: 0.01},
		"BTC":    {MMHaircut: 0.25, IMHaircut: 0.05},
		"CBBTC":  {MMHaircut: 0.35, IMHaircut: 0.1},
		"LBTC":   {MMHaircut: 0.3, IMHaircut: 0.05},
	},
	"BTC": {
		"BTC":    {RiskCancelling: true, MMHaircut: 0.02, IMHaircut: 0.01},
		"CBBTC":  {RiskCancelling: true, MMHaircut: 0.04, IMHaircut: 0.015},
		"LBTC":   {RiskCancelling: true, MMHaircut: 0.03, IMHaircut: 0.015},
		"ETH":    {MMHaircut: 0.15, IMHaircut: 0.05},
		"RSWETH": {MMHaircut: 0.2, IMHaircut: 0.05},
		"WEETH":  {MMHaircut: 0.25, IMHaircut: 0.1},
	},
}

// collateralKey is the table key of a market symbol.
func collateralKey(symbol string) string {
	key := upper(symbol)
	switch key {
	case "WETH":
		return "ETH"
	case "WBTC":
		return "BTC"
	}
	return key
}

// defaultCollateral returns the built-in parameters of symbol under the
// manager of underlying.
func defaultCollateral(underlying, symbol string) (CollateralParams, bool) {
	key := collateralKey(symbol)
	if c, ok := collateralTables[underlying][key]; ok {
		return c, true
	}
	c, ok := stableCollaterals[key]
	return c, ok
}
