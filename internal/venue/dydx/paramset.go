// Built-in parameter sets: liquidity tiers and the market → tier assignment,
// exactly as the dYdX Chain genesis files state them.
package dydx

import "github.com/unimargin/unimargin/internal/venue"

// tier is one liquidity tier, with the protocol's own field names and units.
type tier struct {
	ID                     uint32 `json:"id"`
	Name                   string `json:"name"`
	InitialMarginPpm       uint32 `json:"initial_margin_ppm"`
	MaintenanceFractionPpm uint32 `json:"maintenance_fraction_ppm"`
	OpenInterestLowerCap   uint64 `json:"open_interest_lower_cap"` // quote quantums (1e6 = 1 USDC)
	OpenInterestUpperCap   uint64 `json:"open_interest_upper_cap"` // quote quantums; 0 = no OIMF
}

// Market types (proto PerpetualMarketType, lower-cased without the prefix).
const (
	marketCross    = "cross"
	marketIsolated = "isolated"
)

// marketParams is what the model needs of one perpetual market.
type marketParams struct {
	LiquidityTier uint32  `json:"liquidity_tier"`
	MarketType    string  `json:"market_type"`
	OpenInterest  float64 `json:"open_interest"`  // units of the underlying; a parameter, default 0
	CustomIMFPpm  uint32  `json:"custom_imf_ppm"` // the subaccount's configured IMF; 0 = none
}

// paramSet is one complete set: tiers by id and markets by symbol (BTC for
// the BTC-USD perpetual).
type paramSet struct {
	name, source string
	tiers        map[uint32]tier
	markets      map[string]marketParams
	parent       *paramSet // overrides: unset entries come from the parent
}

// tier returns tier id and whether it exists.
func (s *paramSet) tier(id uint32) (tier, bool) {
	if t, ok := s.tiers[id]; ok || s.parent == nil {
		return t, ok
	}
	return s.parent.tier(id)
}

// market returns the market of symbol and whether it exists.
func (s *paramSet) market(sym string) (marketParams, bool) {
	if m, ok := s.markets[sym]; ok || s.parent == nil {
		return m, ok
	}
	return s.parent.market(sym)
}

// tierIDs returns every tier id of the set (and its parent).
func (s *paramSet) tierIDs() []uint32 {
	var ids []uint32
	if s.parent != nil {
		ids = s.parent.tierIDs()
	}
	for id := range s.tiers {
		if s.parent == nil {
			ids = append(ids, id)
		} else if _, inParent := s.parent.tier(id); !inParent {
			ids = append(ids, id)
		}
	}
	return ids
}

// DefaultSet is the latest set, the default of `venues --json`; a venue
// that names none gets the set in force at the market's as_of (dated).
const DefaultSet = "dydx-v4-2025-10-22"

func crossMarkets(tierOf map[string]uint32) map[string]marketParams {
	out := make(map[string]marketParams, len(tierOf))
	for sym, t := range tierOf {
		out[sym] = marketParams{LiquidityTier: t, MarketType: marketCross}
	}
	return out
}

// genesisMarkets is the tier of each of the 33 perpetuals of dydx-mainnet-1's
// genesis (ids 0-32; MATIC-USD was renamed POL-USD in the file in 2024).
var genesisMarkets = map[string]uint32{
	"BTC": 0, "ETH": 0,
	"LINK": 1, "POL": 1, "CRV": 1, "SOL": 1, "ADA": 1, "AVAX": 1, "FIL": 1, "LTC": 1,
	"DOGE": 1, "ATOM": 1, "DOT": 1, "UNI": 1, "BCH": 1, "TRX": 1, "NEAR": 1, "XLM": 1,
	"ETC": 1, "WLD": 1, "APT": 1, "ARB": 1, "OP": 1, "PEPE": 1, "SHIB": 1, "SUI": 1, "XRP": 1,
	"MKR": 2, "COMP": 2, "APE": 2, "BLUR": 2, "LDO": 2, "SEI": 2,
}

// sets are the built-in sets, dated by the day in their name: the genesis
// (in force from the chain's launch) and the later default genesis file.
var sets = venue.NewParamSets[paramSet](Name, DefaultSet).Add("dydx-v4-genesis-2023-10-26", "2023-10-26", &paramSet{
	name: "dydx-v4-genesis-2023-10-26",
	source: "dydx-mainnet-1 genesis (genesis_time 2023-10-26T17:00:00Z), dydxprotocol/v4-chain " +
		"protocol/testing/mainnet/genesis.json @ c5eb7a9e0 (2025-10-20): app_state.perpetuals " +
		"liquidity_tiers 0-3 and perpetuals[].params.liquidity_tier; no open-interest caps (OIMF came with v5.0.0)",
	tiers: map[uint32]tier{
		0: {ID: 0, Name: "Large-Cap", InitialMarginPpm: 50_000, MaintenanceFractionPpm: 600_000},
		1: {ID: 1, Name: "Mid-Cap", InitialMarginPpm: 100_000, MaintenanceFractionPpm: 500_000},
		2: {ID: 2, Name: "Long-Tail", InitialMarginPpm: 200_000, MaintenanceFractionPpm: 500_000},
		3: {ID: 3, Name: "Safety", InitialMarginPpm: 1_000_000, MaintenanceFractionPpm: 200_000},
	},
	markets: crossMarkets(genesisMarkets),
}).Add(DefaultSet, "2025-10-22", &paramSet{
	name: DefaultSet,
	source: "dYdX Chain default genesis, dydxprotocol/v4-chain protocol/scripts/genesis/sample_pregenesis.json " +
		"@ 4d0c660c9 (2025-10-22): liquidity tiers 0-6 with open-interest caps (Large-Cap 2% since #2431, " +
		"2024-10-02; Isolated, Mid-Cap and FX tiers since #2093, 2024-08-26; OIMF caps of the v5.0.0 upgrade " +
		"handler initializeOIMFCaps) and its 35 perpetuals (EIGEN, BOME isolated). Mainnet governance may " +
		"assign markets to other tiers: override <SYMBOL>.liquidity_tier",
	tiers: map[uint32]tier{
		0: {ID: 0, Name: "Large-Cap", InitialMarginPpm: 20_000, MaintenanceFractionPpm: 600_000},
		1: {ID: 1, Name: "Small-Cap", InitialMarginPpm: 100_000, MaintenanceFractionPpm: 500_000,
			OpenInterestLowerCap: 20_000_000_000_000, OpenInterestUpperCap: 50_000_000_000_000},
		2: {ID: 2, Name: "Long-Tail", InitialMarginPpm: 200_000, MaintenanceFractionPpm: 500_000,
			OpenInterestLowerCap: 5_000_000_000_000, OpenInterestUpperCap: 10_000_000_000_000},
		3: {ID: 3, Name: "Safety", InitialMarginPpm: 1_000_000, MaintenanceFractionPpm: 200_000,
			OpenInterestLowerCap: 2_000_000_000_000, OpenInterestUpperCap: 5_000_000_000_000},
		4: {ID: 4, Name: "Isolated", InitialMarginPpm: 50_000, MaintenanceFractionPpm: 600_000,
			OpenInterestLowerCap: 500_000_000_000, OpenInterestUpperCap: 1_000_000_000_000},
		5: {ID: 5, Name: "Mid-Cap", InitialMarginPpm: 50_000, MaintenanceFractionPpm: 600_000,
			OpenInterestLowerCap: 40_000_000_000_000, OpenInterestUpperCap: 100_000_000_000_000},
		6: {ID: 6, Name: "FX", InitialMarginPpm: 10_000, MaintenanceFractionPpm: 500_000,
			OpenInterestLowerCap: 500_000_000_000, OpenInterestUpperCap: 1_000_000_000_000},
	},
	markets: withIsolated(crossMarkets(genesisMarkets), map[string]uint32{"EIGEN": 4, "BOME": 4}),
})

func withIsolated(m map[string]marketParams, isolated map[string]uint32) map[string]marketParams {
	for sym, t := range isolated {
		m[sym] = marketParams{LiquidityTier: t, MarketType: marketIsolated}
	}
	return m
}

// overlay returns an empty set over s that overrides write into, leaving s
// (a shared built-in) untouched.
func (s *paramSet) overlay() *paramSet {
	return &paramSet{name: s.name, source: s.source, parent: s,
		tiers: map[uint32]tier{}, markets: map[string]marketParams{}}
}
