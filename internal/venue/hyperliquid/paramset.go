// Built-in parameter sets: margin tables and each asset's table, as the
// Hyperliquid meta info response and docs state them.
package hyperliquid

import "github.com/unimargin/unimargin/internal/venue"

// marginTier is one row of a margin table (the API's marginTiers[]).
type marginTier struct {
	LowerBound  float64 `json:"lower_bound"` // position notional, USD
	MaxLeverage int     `json:"max_leverage"`
}

// assetParams is one asset's parameters; MarginTiers is resolved from the
// table id (or overridden) before margining.
type assetParams struct {
	MaxLeverage   int          `json:"max_leverage"`
	MarginTableID int          `json:"margin_table_id"`
	MarginTiers   []marginTier `json:"margin_tiers"`
	Leverage      int          `json:"leverage"` // the user's setting; 0 = max leverage
}

// venueParams are the account-level rules.
type venueParams struct {
	LeverageType                     string  `json:"leverage_type"`
	TransferMarginRatio              float64 `json:"transfer_margin_ratio"`
	PartialLiquidationThresholdUSD   float64 `json:"partial_liquidation_threshold_usd"`
	PartialLiquidationFraction       float64 `json:"partial_liquidation_fraction"`
	PartialLiquidationCooldownSecond float64 `json:"partial_liquidation_cooldown_seconds"`
	BackstopLiquidationRatio         float64 `json:"backstop_liquidation_ratio"`
}

const (
	leverageCross    = "cross"
	leverageIsolated = "isolated"
)

// defaultVenue: docs trading/margining (10% of total notional), trading/liquidations
// (partial liquidation of positions over $100,000: 20%, then a 30 s cooldown;
// backstop below 2/3 of maintenance), read 2026-11.
var defaultVenue = venueParams{
	LeverageType:                     leverageCross,
	TransferMarginRatio:              0.1,
	PartialLiquidationThresholdUSD:   100_000,
	PartialLiquidationFraction:       0.2,
	PartialLiquidationCooldownSecond: 30,
	BackstopLiquidationRatio:         2.0 / 3,
}

type paramSet struct {
	name, source string
	tables       map[int][]marginTier
	assets       map[string]assetParams
}

// DefaultSet is used when a venue names none.
const DefaultSet = "hyperliquid-mainnet-2026-11"

// singleTierBelow is the table id below which a table is one tier whose max
// leverage is the id (docs trading/margin-tiers).
const singleTierBelow = 50

func tiered(maxLeverage int, bound float64, above int) []marginTier {
	return []marginTier{{0, maxLeverage}, {bound, above}}
}

func withTable(id int, coins ...string) map[string]assetParams {
	out := map[string]assetParams{}
	for _, c := range coins {
		out[c] = assetParams{MarginTableID: id}
	}
	return out
}

// sets are the built-in sets, dated by the day their tables were read.
var sets = venue.NewParamSets[paramSet](Name, DefaultSet).Add(DefaultSet, "2026-11-01", &paramSet{
	name: DefaultSet,
	source: "Hyperliquid mainnet margin tiers (hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers, " +
		"read 2026-11) with the meta info response's universe[].maxLeverage/marginTableId and marginTables " +
		"51-56 ('tiered 10x' … 'tiered 40x'; id 56 also at alchemy.com/docs/data/hypercore/rest-api/asset-context/" +
		"margin-table); assets whose tiers both sources state",
	tables: map[int][]marginTier{
		51: tiered(10, 3_000_000, 5),
		52: tiered(10, 20_000_000, 5),
		53: tiered(20, 40_000_000, 10),
		54: tiered(20, 70_000_000, 10),
		55: tiered(25, 100_000_000, 15),
		56: tiered(40, 150_000_000, 20),
	},
	assets: merge(
		withTable(56, "BTC"), withTable(55, "ETH"), withTable(54, "SOL"), withTable(53, "XRP"),
		withTable(52, "DOGE", "kPEPE", "SUI", "WLD", "TRUMP", "LTC", "ENA", "AAVE", "kBONK", "LINK", "CRV",
			"AVAX", "ADA", "UNI", "NEAR", "TIA", "APT", "BCH", "HYPE", "FARTCOIN"),
		withTable(51, "OP", "ARB", "LDO", "TON", "ONDO", "JUP", "INJ", "kSHIB", "SEI", "TRX", "BNB", "DOT"),
	),
})

func merge(ms ...map[string]assetParams) map[string]assetParams {
	out := map[string]assetParams{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// tiersOf resolves an asset's margin tiers: its own (overridden) tiers, a
// single tier for a table id below 50, or the set's table.
func (s *paramSet) tiersOf(a assetParams) ([]marginTier, bool) {
	switch {
	case len(a.MarginTiers) > 0:
		return a.MarginTiers, true
	case a.MarginTableID > 0 && a.MarginTableID < singleTierBelow:
		return []marginTier{{0, a.MarginTableID}}, true
	}
	t, ok := s.tables[a.MarginTableID]
	return t, ok
}

// MaxLeverage returns a coin's max leverage in the default set, for importers
// that must say when an account's figure differs.
func MaxLeverage(coin string) (int, bool) {
	s := sets.Default()
	a, ok := s.assets[coin]
	if !ok {
		return 0, false
	}
	t, ok := s.tiersOf(a)
	if !ok {
		return 0, false
	}
	return t[0].MaxLeverage, true
}
