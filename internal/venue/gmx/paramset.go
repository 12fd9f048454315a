// Built-in parameter sets (venue.ParamSets, dated by their snapshot): GMX v2
// market configuration, as
// gmx-io/gmx-synthetics config/markets.ts and config/general.ts set it.
package gmx

import "github.com/unimargin/unimargin/internal/venue"

// marketParams are one market's DataStore values (names as the config and
// DataStore keys spell them, snake_case) and its pool's open interest.
type marketParams struct {
	Name       string   `json:"market"`
	IndexToken string   `json:"index_token"`
	Underlying []string `json:"-"` // accepted portfolio underlyings
	LongToken  []string `json:"long_token"`
	ShortToken []string `json:"short_token"`

	MinCollateralUSD                             float64 `json:"min_collateral_usd"`
	MinCollateralFactor                          float64 `json:"min_collateral_factor"`
	MinCollateralFactorForLiquidation            float64 `json:"min_collateral_factor_for_liquidation"`
	MinCollateralFactorForOpenInterestMultiplier float64 `json:"min_collateral_factor_for_open_interest_multiplier"`
	PositionFeeFactorForPositiveImpact           float64 `json:"position_fee_factor_for_positive_impact"`
	PositionFeeFactorForNegativeImpact           float64 `json:"position_fee_factor_for_negative_impact"`
	PositivePositionImpactFactor                 float64 `json:"positive_position_impact_factor"`
	NegativePositionImpactFactor                 float64 `json:"negative_position_impact_factor"`
	PositivePositionImpactExponentFactor         float64 `json:"positive_position_impact_exponent_factor"`
	NegativePositionImpactExponentFactor         float64 `json:"negative_position_impact_exponent_factor"`
	MaxPositionImpactFactorForLiquidations       float64 `json:"max_position_impact_factor_for_liquidations"`
	LiquidationFeeFactor                         float64 `json:"liquidation_fee_factor"`
	// Pool state, not configuration: USD; negative = not given.
	OpenInterestLong  float64 `json:"open_interest_long"`
	OpenInterestShort float64 `json:"open_interest_short"`
}

type paramSet struct {
	name, source string
	markets      []marketParams
}

// DefaultSet is used when a venue names none.
const DefaultSet = "gmx-v2-arbitrum-2026-03-13"

// arbitrumBase is config/markets.ts baseMarketConfig as the two markets use
// it, with config/general.ts minCollateralUsd (1 USD).
var arbitrumBase = marketParams{
	MinCollateralUSD:                             1,
	MinCollateralFactor:                          0.005, // "200x leverage"
	MinCollateralFactorForLiquidation:            0.005,
	MinCollateralFactorForOpenInterestMultiplier: 6e-11, // "0.5% when open interest is 83,000,000 USD"
	PositionFeeFactorForPositiveImpact:           0.0004,
	PositionFeeFactorForNegativeImpact:           0.0006,
	PositivePositionImpactFactor:                 3e-11,
	NegativePositionImpactFactor:                 9e-11,
	PositivePositionImpactExponentFactor:         1,
	NegativePositionImpactExponentFactor:         2,
	MaxPositionImpactFactorForLiquidations:       0,
	LiquidationFeeFactor:                         0.002,
	OpenInterestLong:                             -1,
	OpenInterestShort:                            -1,
}

func newMarket(name, index string, underlying, long, short []string) marketParams {
	m := arbitrumBase
	m.Name, m.IndexToken, m.Underlying, m.LongToken, m.ShortToken = name, index, underlying, long, short
	return m
}

var sets = venue.NewParamSets[paramSet](Name, DefaultSet).Add(DefaultSet, "2026-03-13", &paramSet{
	name: DefaultSet,
	source: "gmx-io/gmx-synthetics config/markets.ts (arbitrum: ETH/USD [WETH-USDC], BTC/USD [WBTC.e-USDC]; " +
		"baseMarketConfig) and config/general.ts (minCollateralUsd) @ a5c0c88 (2026-03-13)",
	markets: []marketParams{
		newMarket("ETH/USD [WETH-USDC]", "WETH", []string{"ETH", "WETH"}, []string{"WETH", "ETH"}, []string{"USDC"}),
		newMarket("BTC/USD [WBTC.e-USDC]", "BTC", []string{"BTC", "WBTC"}, []string{"WBTC.e", "WBTC"}, []string{"USDC"}),
	},
})

// marketFor returns the set's market for a position underlying.
func (s *paramSet) marketFor(underlying string) (marketParams, bool) {
	for _, m := range s.markets {
		for _, u := range m.Underlying {
			if u == underlying {
				return m, true
			}
		}
	}
	return marketParams{}, false
}

// accepts reports whether asset is one of the market's collateral tokens.
func (m *marketParams) accepts(asset string) bool {
	for _, xs := range [][]string{m.LongToken, m.ShortToken} {
		for _, x := range xs {
			if x == asset {
				return true
			}
		}
	}
	return false
}
