// The unified model's governed parameters (DESIGN.md "Unified defaults") and
// the risk-params file that overrides them.
package margin

import (
	"encoding/json"
	"sort"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/scenario"
)

// RiskParams are every parameter of the unified model. The zero value is not
// usable; start from DefaultRiskParams or LoadRiskParams.
//
// Spot ranges resolve per root asset: Scenarios.Assets[sym] (the file's
// scenarios {ASSET: {price_range}}), else RangesBySymbol[sym], else
// RangesByClass[class].
type RiskParams struct {
	// MaintenanceFraction: maintenance = fraction × initial (Deribit mm_factor 0.8).
	MaintenanceFraction float64 `json:"maintenance_fraction"`
	// YieldRate prices redundant collateral: deadweight loss per year (5%).
	YieldRate float64 `json:"yield_rate"`
	// Scenarios holds per-asset range overrides and whether the stress
	// families (historical episodes and correlated moves, always reported
	// under stress) enter the requirement.
	Scenarios ScenarioParams `json:"scenarios"`
	// RangesByClass is the ± spot range per asset class (stable 0: depeg only).
	RangesByClass map[market.Class]float64 `json:"ranges_by_class"`
	// RangesBySymbol is the built-in range table by symbol (BTC 16%, ETH 18%,
	// …). A file's table replaces it whole (so an entry can be removed, and
	// that symbol falls back to its class); a file's RangesByClass entries
	// override one class each.
	RangesBySymbol map[string]float64 `json:"ranges_by_symbol"`
	// StepsPerSide is the number of grid steps on each side of 0 (4: nine steps).
	StepsPerSide int `json:"steps_per_side"`
	// VolShock is the vol-shock rule of the grid and tail scenarios.
	VolShock scenario.VolShock `json:"vol_shock"`
	// StableDepeg and WrapperDepeg are the depeg moves, each asset alone.
	StableDepeg  float64 `json:"stable_depeg"`
	WrapperDepeg float64 `json:"wrapper_depeg"`
	// TailMoves are the tail moves (vol up); each counts at
	// min(1, TailFraction/|move|) of its profit and loss.
	TailMoves    []float64 `json:"tail_moves"`
	TailFraction float64   `json:"tail_fraction"`
	// ShortOptionContingency is charged per net short option, as a fraction
	// of spot (0.5%).
	ShortOptionContingency float64 `json:"short_option_contingency"`
	// BasisAnnualMove and BasisMinMove set the basis/roll contingency rate
	// max(annual·T, min) on delta-1 size matched across venues.
	BasisAnnualMove float64 `json:"basis_annual_move"`
	BasisMinMove    float64 `json:"basis_min_move"`
	// RebalanceBuffer: a venue needs collateral when its health is below
	// 1 + buffer (0.1); rebalancing moves aim every venue at 1 + buffer.
	RebalanceBuffer float64 `json:"rebalance_buffer"`
	// ConcentrationThreshold flags a net exposure above threshold × the
	// asset's market depth (0.1) in the report's warnings.
	ConcentrationThreshold float64 `json:"concentration_threshold"`
	// Collateral haircut tiers by asset, chains, bridges and venues (by id).
	Collateral map[string]CollateralParams `json:"collateral"`
	Chains     map[string]ChainParams      `json:"chains"`
	Bridges    map[string]HaircutParams    `json:"bridges"`
	Venues     map[string]HaircutParams    `json:"venues"`
}

// ScenarioParams is the file's "scenarios" object: "historical" (the stress
// families enter the requirement) and, keyed by asset symbol, range overrides.
type ScenarioParams struct {
	Historical bool
	Assets     map[string]AssetScenario
}

// AssetScenario overrides one root asset's spot range.
type AssetScenario struct {
	PriceRange float64 `json:"price_range"`
}

// MarshalJSON flattens to {"historical": …, "BTC": {"price_range": …}, …}.
func (s ScenarioParams) MarshalJSON() ([]byte, error) {
	out := map[string]any{"historical": s.Historical}
	for sym, a := range s.Assets {
		out[sym] = a
	}
	return json.Marshal(out)
}

// CollateralParams are an asset's tiered collateral ratios.
type CollateralParams struct {
	Tiers []Tier `json:"tiers"`
}

// Tier counts the part of an asset's account-wide value up to UpToUSD (and
// above the previous tier) at Ratio, like tax brackets (Binance tiered
// collateral ratio). The last tier may be unbounded (UpToUSD nil); value
// above a bounded last tier counts 0.
type Tier struct {
	UpToUSD *float64 `json:"up_to_usd,omitempty"`
	Ratio   float64  `json:"ratio"`
}

// ChainParams are a chain's haircut, finality (seconds until a transfer is
// final; 0 = not set) and canonical bridge (the bridge collateral moved onto
// the chain comes over; "" = the bridge named "<chain>-canonical" when the
// bridges table has one, else none).
type ChainParams struct {
	Haircut         float64 `json:"haircut"`
	FinalitySeconds float64 `json:"finality_seconds"`
	CanonicalBridge string  `json:"canonical_bridge,omitempty"`
}

// CanonicalBridge returns the bridge collateral moved onto chain comes over
// ("" for none): the chain's canonical_bridge, else "<chain>-canonical" when
// the bridges table has it.
func (rp *RiskParams) CanonicalBridge(chain string) string {
	if b := rp.Chains[chain].CanonicalBridge; b != "" {
		return b
	}
	if _, ok := rp.Bridges[chain+"-canonical"]; ok {
		return chain + "-canonical"
	}
	return ""
}

// HaircutParams is a bridge's or a venue's haircut.
type HaircutParams struct {
	Haircut float64 `json:"haircut"`
}

// DefaultRiskParams returns the defaults of DESIGN.md's "Unified defaults".
func DefaultRiskParams() *RiskParams {
	return &RiskParams{
		MaintenanceFraction: 0.8,
		YieldRate:           0.05,
		Scenarios:           ScenarioParams{Assets: map[string]AssetScenario{}},
		RangesByClass: map[market.Class]float64{
			market.ClassStable: 0, market.ClassMajor: 0.25, market.ClassLongTail: 0.40,
		},
		RangesBySymbol: map[string]float64{
			"BTC": 0.16, "WBTC": 0.16, "ETH": 0.18, "WETH": 0.18, "stETH": 0.18, "wstETH": 0.18,
		},
		StepsPerSide:           4,
		VolShock:               scenario.DefaultVolShock(),
		StableDepeg:            0.05,
		WrapperDepeg:           0.05,
		TailMoves:              []float64{-0.66, -0.33, 0.5, 1, 2},
		TailFraction:           0.036,
		ShortOptionContingency: 0.005,
		BasisAnnualMove:        0.075,
		BasisMinMove:           0.01,
		RebalanceBuffer:        0.1,
		ConcentrationThreshold: 0.1,
		Collateral:             map[string]CollateralParams{},
		Chains:                 map[string]ChainParams{},
		Bridges:                map[string]HaircutParams{},
		Venues:                 map[string]HaircutParams{},
	}
}

// MarshalDefaults renders the parameters as indented JSON with sorted keys
// (`risk-params --defaults`); the output is a valid risk-params file.
func (rp *RiskParams) MarshalDefaults() ([]byte, error) {
	b, err := json.MarshalIndent(rp, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Range returns the ± spot range of an asset: its override, else its
// symbol's built-in range, else its class's.
func (rp *RiskParams) Range(a *market.Asset) float64 {
	if o, ok := rp.Scenarios.Assets[a.Symbol]; ok {
		return o.PriceRange
	}
	if r, ok := rp.RangesBySymbol[a.Symbol]; ok {
		return r
	}
	return rp.RangesByClass[a.Class]
}

// scenarioParams resolves the scenario-set parameters over market m.
func (rp *RiskParams) scenarioParams(m *market.Snapshot) *scenario.Params {
	rangeOf := func(sym string) float64 {
		if a := m.Asset(sym); a != nil {
			return rp.Range(a)
		}
		return 0
	}
	return &scenario.Params{
		Range: rangeOf, StepsPerSide: rp.StepsPerSide, StableDepeg: rp.StableDepeg,
		WrapperDepeg: rp.WrapperDepeg, TailMoves: rp.TailMoves, TailFraction: rp.TailFraction,
		Historical: rp.Scenarios.Historical,
	}
}

// knownChains are the chain names a risk-params file may set (portfolio
// venues name their chain with the same words).
var knownChains = []string{
	"aptos", "arbitrum", "avalanche", "base", "bitcoin", "blast", "bsc", "celo", "dydx",
	"ethereum", "fantom", "gnosis", "hyperliquid", "linea", "mantle", "metis", "mode",
	"offchain", "optimism", "polygon", "polygon-zkevm", "scroll", "solana", "sonic",
	"starknet", "sui", "tron", "unichain", "zksync",
}

// KnownChains returns the chain names a risk-params file may configure, sorted.
func KnownChains() []string {
	out := append([]string(nil), knownChains...)
	sort.Strings(out)
	return out
}
