// The report: exactly the JSON shape of DESIGN.md's `margin --json` contract.
package margin

import "github.com/unimargin/unimargin/internal/venue"

// Report is the fragmented-versus-unified margin report of one account.
type Report struct {
	Account             string             `json:"account"`
	AsOf                string             `json:"as_of"`
	Venues              []VenueReport      `json:"venues"`
	Fragmented          Totals             `json:"fragmented"`
	Unified             Unified            `json:"unified"`
	Savings             Savings            `json:"savings"`
	CapitalEfficiency   CapitalEfficiency  `json:"capital_efficiency"`
	Greeks              map[string]Greeks  `json:"greeks"`
	ExposureByRootAsset map[string]float64 `json:"exposure_by_root_asset"`
	// CollateralByChain splits posted collateral by the chain of its venue:
	// at market and as the unified model counts it (after haircuts).
	CollateralByChain map[string]ChainCollateral `json:"collateral_by_chain"`
	// LongestBackingChain is the longest chain of backing assets from a
	// held asset down to a root ([wstETH, WETH]).
	LongestBackingChain []string      `json:"longest_backing_chain"`
	Attribution         []Attribution `json:"attribution"`
	Rebalance           []Move        `json:"rebalance"`
	ParamsVersion       string        `json:"params_version"`
	Warnings            []string      `json:"warnings"`
	Stress              []Stress      `json:"stress"`
	// Reconciliation sets a single-venue book's unified requirement beside
	// the venue's own, part by part; null when the book spans venues.
	Reconciliation *Reconciliation `json:"reconciliation"`
}

// Reconciliation explains unified initial margin against one venue's own
// initial margin on a book held wholly at that venue (DESIGN.md). Figures
// are USD; the venue's parts are converted at its own index price. Two
// identities hold:
//
//	venue_initial   = venue_scenario + Σ venue_add_ons
//	unified_initial = venue_scenario + scenario_set + numeraire_effect
//	                  + liquidity + short_option + basis
type Reconciliation struct {
	Venue string `json:"venue"`
	Model string `json:"model"`
	// Numeraire is what the venue margins in: the coin of a coin-margined
	// (inverse) book, else USD. The unified model always margins in USD.
	Numeraire     string       `json:"numeraire"`
	VenueInitial  float64      `json:"venue_initial"`
	VenueScenario float64      `json:"venue_scenario"` // the venue's own worst-scenario part (0: a rule-based venue)
	VenueAddOns   []venue.Part `json:"venue_add_ons"`  // the rest of venue_initial, named as the venue names it
	// ScenarioSet is the unified worst loss measured in the venue's numeraire
	// minus venue_scenario: what the two scenario sets (grids, tails, vol
	// shocks, gain offsets, depegs) and valuations make of the same book.
	ScenarioSet float64 `json:"scenario_set"`
	// NumeraireEffect is the unified worst loss in USD minus the same in the
	// venue's numeraire: the USD price risk of what the venue counts in its
	// coin (coin collateral and coin P&L). 0 for a USD venue.
	NumeraireEffect float64 `json:"numeraire_effect"`
	Liquidity       float64 `json:"liquidity"`    // unified liquidity add-on
	ShortOption     float64 `json:"short_option"` // unified short-option contingency
	Basis           float64 `json:"basis"`        // unified basis contingency (0 on one venue)
	UnifiedInitial  float64 `json:"unified_initial"`
}

// VenueReport is one venue's isolated result.
type VenueReport struct {
	ID    string `json:"id"`
	Model string `json:"model"`
	VenueFigures
	Native            *venue.Native       `json:"native,omitempty"`
	LiquidationPrices map[string]*float64 `json:"liquidation_prices,omitempty"`
	// ParamsSet is the built-in parameter set the venue's figures used (the
	// one it names, else the one in force at the market's as_of); null for
	// a model without sets (custody).
	ParamsSet *string `json:"params_set"`
	// Reported sets the venue's own reported figures beside the model's;
	// absent when the book gives none for the venue (reported.go).
	Reported *ReportedCheck `json:"reported,omitempty"`
	// Carry is the venue's yearly carry at market rates (carry.go).
	Carry *Carry `json:"carry,omitempty"`
}

// Totals are the fragmented sums over venues.
type Totals struct {
	CollateralValue float64 `json:"collateral_value"`
	Equity          float64 `json:"equity"`
	Initial         float64 `json:"initial"`
	Maintenance     float64 `json:"maintenance"`
}

// Unified is the unified portfolio-margin result.
type Unified struct {
	CollateralValue float64    `json:"collateral_value"`
	Equity          float64    `json:"equity"`
	Initial         float64    `json:"initial"`
	Maintenance     float64    `json:"maintenance"`
	Excess          float64    `json:"excess"`
	Liquidatable    bool       `json:"liquidatable"`
	WorstScenario   Worst      `json:"worst_scenario"`
	Components      Components `json:"components"`
}

// Worst names the scenario that set the scenario component and its loss (USD).
type Worst struct {
	Name string  `json:"name"`
	Loss float64 `json:"loss"`
}

// Components split the unified initial requirement; they sum to it.
type Components struct {
	Scenario    float64 `json:"scenario"`
	Liquidity   float64 `json:"liquidity"`
	Contingency float64 `json:"contingency"`
}

// Savings of unified over fragmented initial margin.
type Savings struct {
	Initial  float64 `json:"initial"`
	Fraction float64 `json:"fraction"`
}

// CapitalEfficiency is gross notional per unit of initial requirement.
type CapitalEfficiency struct {
	Fragmented            float64 `json:"fragmented"`
	Unified               float64 `json:"unified"`
	DeadweightLossPerYear float64 `json:"deadweight_loss_per_year"`
	// DeadweightRate is the yearly rate the loss is priced at and
	// DeadweightRateSource where it comes from: the market's supply APRs
	// of the book's collateral, else the governed yield (carry.go).
	DeadweightRate       float64 `json:"deadweight_rate"`
	DeadweightRateSource string  `json:"deadweight_rate_source"`
}

// Greeks of the account per root asset (DESIGN.md units).
type Greeks struct {
	Delta    float64 `json:"delta"`
	Gamma    float64 `json:"gamma"`
	Vega     float64 `json:"vega"`
	Theta    float64 `json:"theta"`
	DeltaUSD float64 `json:"delta_usd"`
	GammaUSD float64 `json:"gamma_usd"`
	VegaUSD  float64 `json:"vega_usd"`
	ThetaUSD float64 `json:"theta_usd"`
}

// Attribution is one position's or collateral entry's share of unified initial.
type Attribution struct {
	Venue      string  `json:"venue"`
	Position   *int    `json:"position,omitempty"`
	Collateral *int    `json:"collateral,omitempty"`
	Initial    float64 `json:"initial"`
}

// Move is one suggested collateral transfer between venues.
type Move struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

// Stress is one stress scenario (a historical episode or a correlated move)
// and the account's counted loss in it, whether or not it enters the
// requirement (DESIGN.md: reported under stress).
type Stress struct {
	Name          string  `json:"name"`
	Kind          string  `json:"kind"`
	Loss          float64 `json:"loss"` // USD, counted (× fraction); negative: a gain
	InRequirement bool    `json:"in_requirement"`
}
