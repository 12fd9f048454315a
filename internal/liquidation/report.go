// The report: the JSON shape of `liquidate --json` (issue 7).
package liquidation

// Action kinds.
const (
	KindRepay         = "repay"           // debt repaid by the liquidator
	KindSeize         = "seize"           // collateral leaving the account (fee included)
	KindProtocolFee   = "protocol_fee"    // part of the seized collateral sent to the treasury
	KindAbsorb        = "absorb"          // Comet takes the collateral
	KindCredit        = "credit"          // base credited to the account by absorb
	KindClose         = "close"           // position (part) closed at the mark
	KindSell          = "sell"            // collateral sold (unified)
	KindAuction       = "auction"         // a share of the portfolio sold in the Dutch auction
	KindBackstop      = "backstop"        // taken over by the venue's backstop liquidator
	KindFee           = "liquidation_fee" // fee to the venue's insurance fund or security module
	KindPenalty       = "penalty"         // unified: penalty to the insurance fund
	KindInsuranceFund = "insurance_fund"  // bad debt covered by an insurance fund or reserves
	KindSocialise     = "socialise"       // bad debt spread over other users (ADL, deleveraging)
	KindBadDebt       = "bad_debt"        // debt left on an account without collateral (the lenders bear it)
)

// Action is one step. Amount is a decimal string in whole units of Asset
// ("USD" for bad-debt figures).
type Action struct {
	Kind   string `json:"kind"`
	Venue  string `json:"venue,omitempty"`
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

// Venue is what one venue would do by its own rules.
type Venue struct {
	ID           string   `json:"id"`
	Model        string   `json:"model"`
	Liquidatable bool     `json:"liquidatable"`
	Actions      []Action `json:"actions"`
	HealthBefore *float64 `json:"health_before"`
	HealthAfter  *float64 `json:"health_after"`
	BadDebtUSD   float64  `json:"bad_debt_usd"`
	// SoldUSD is the value that leaves the account: collateral seized or
	// sold at the venue's price, and notional of positions closed.
	SoldUSD float64  `json:"sold_usd"`
	Notes   []string `json:"notes"`
}

// Unified is what the unified engine would do.
type Unified struct {
	Liquidatable      bool     `json:"liquidatable"`
	Actions           []Action `json:"actions"`
	EquityBefore      float64  `json:"equity_before"`
	MaintenanceBefore float64  `json:"maintenance_before"`
	Target            float64  `json:"target"`
	EquityAfter       float64  `json:"equity_after"`
	InitialAfter      float64  `json:"initial_after"`
	MaintenanceAfter  float64  `json:"maintenance_after"`
	HealthBefore      *float64 `json:"health_before"`
	HealthAfter       *float64 `json:"health_after"`
	Closed            bool     `json:"closed"`
	SoldUSD           float64  `json:"sold_usd"`
	CostUSD           float64  `json:"cost_usd"`
	PenaltyUSD        float64  `json:"penalty_usd"`
	BadDebtUSD        float64  `json:"bad_debt_usd"`
	InsuranceFundUSD  float64  `json:"insurance_fund_usd"`
	SocialisedUSD     float64  `json:"socialised_usd"`
	Steps             int      `json:"steps"`
	// SaleBudgetUSD is what the isolated venues together would sell now
	// (Σ venues[].sold_usd); a partial unified liquidation never sells more.
	SaleBudgetUSD float64 `json:"sale_budget_usd"`
	// BudgetBound says the budget stopped the engine before the target.
	BudgetBound bool `json:"budget_bound"`
}

// Report is `liquidate --json`.
type Report struct {
	Venues  []Venue `json:"venues"`
	Unified Unified `json:"unified"`
}
