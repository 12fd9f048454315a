// The Model interface, its Result, and the registry of models by name: one
// entry a model, owning its parameters, its margin and its liquidation rule.
package venue

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Native is a requirement in the coin the venue margins in.
type Native struct {
	Currency    string  `json:"currency"`
	Initial     float64 `json:"initial"`
	Maintenance float64 `json:"maintenance"`
}

// Part is one named component of a venue's initial requirement, in USD.
type Part struct {
	Name string  `json:"name"`
	USD  float64 `json:"usd"`
}

// Result is one venue's isolated margin, in USD and equity terms.
type Result struct {
	CollateralValue float64 // posted collateral at the venue's oracle value
	Equity          float64 // collateral + mark-to-market of positions (debts negative)
	Initial         float64 // equity needed to open or withdraw
	Maintenance     float64 // equity below which the venue liquidates
	// Unbacked is the part of Equity the venue's liquidation test does not
	// count: a lending venue's supply that is not enabled as collateral
	// (DESIGN.md: it requires nothing, and liquidatable ⇔ equity − S <
	// maintenance). 0 for every other venue.
	Unbacked float64
	// Scenario is the part of Initial that is the venue's own worst-scenario
	// loss (risk-matrix models: Deribit PM, Derive PM, SPAN), and AddOns the
	// rest as the venue names it (roll shock, contingencies, spread
	// charges), so that Scenario + Σ AddOns = Initial. Rule-based models
	// leave both empty. They let a report set a single venue's own
	// portfolio margin beside the unified model, part by part.
	Scenario float64
	AddOns   []Part
	// ParamsSet names the built-in parameter set the figures used (the base
	// of any overrides): the one a venue names, else the set in force at the
	// market's as_of (SetAt). "" for a model without sets (custody).
	ParamsSet string
	Health    *float64
	Native    *Native
	Warnings  []string
	// ParamsUsed is every parameter the model used, resolved, for the audit
	// hash (params_version). It must marshal to JSON deterministically.
	ParamsUsed any
}

// EquityHealth is the health of a derivative venue, equity / maintenance;
// nil when nothing is required. Lending models set their health factor
// instead. Result.Health is then the one health every report shows
// (margin's venues[].health, liquidate's health_before and health_after):
// nil when undefined or infinite, and no caller derives another.
func EquityHealth(equity, maintenance float64) *float64 {
	if maintenance <= 0 {
		return nil
	}
	h := equity / maintenance
	return &h
}

// Cushion is what the venue's liquidation test compares: equity the venue
// counts (Equity − Unbacked) minus maintenance; negative means liquidatable.
// Liquidation prices are the prices where it changes sign.
func (r *Result) Cushion() float64 { return r.Equity - r.Unbacked - r.Maintenance }

// Liquidatable reports whether the venue would liquidate: equity − unbacked
// supply < maintenance (for every venue but a lending one with idle supply,
// equity < maintenance).
func (r *Result) Liquidatable() bool { return r.Equity-r.Unbacked < r.Maintenance }

// Param is one parameter a model accepts, with its default.
type Param struct {
	Name    string
	Default any
}

// Model is one venue kind's isolated margin rule.
type Model interface {
	// Name is the model's name in portfolio.json ("aave-v3").
	Name() string
	// Source says where the rule and default parameters come from, with dates.
	Source() string
	// Params lists the parameter names and defaults (venues --json).
	Params() []Param
	// Margin computes the venue's requirement. Input problems (unsupported
	// position kinds, bad params) are *input.Error values with JSON paths.
	Margin(v *portfolio.Venue, m *market.Snapshot) (Result, error)
	// Liquidation is how the venue liquidates v, resolved with v's params
	// exactly as Margin resolves them (liquidation_rule.go). Input
	// problems are Margin's.
	Liquidation(v *portfolio.Venue, m *market.Snapshot) (Liquidation, error)
}

var registry = map[string]Model{}

// Register adds a model; model packages call it from init. Duplicate names panic.
func Register(m Model) {
	if _, dup := registry[m.Name()]; dup {
		panic("venue: model registered twice: " + m.Name())
	}
	registry[m.Name()] = m
}

// Lookup returns the model of that name.
func Lookup(name string) (Model, bool) {
	m, ok := registry[name]
	return m, ok
}

// Models returns every registered model, sorted by name.
func Models() []Model {
	out := make([]Model, 0, len(registry))
	for _, m := range registry {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Names returns the sorted model names.
func Names() []string {
	var names []string
	for _, m := range Models() {
		names = append(names, m.Name())
	}
	return names
}

// ForVenue looks up v's model or returns an input error naming the field.
func ForVenue(v *portfolio.Venue) (Model, error) {
	m, ok := Lookup(v.Model)
	if !ok {
		return nil, input.Invalid(input.Join(v.Path, "model"), v.Model,
			"is not a known model (known: %s)", strings.Join(Names(), ", "))
	}
	return m, nil
}

// Margin runs v's model on m.
func Margin(v *portfolio.Venue, m *market.Snapshot) (Result, error) {
	model, err := ForVenue(v)
	if err != nil {
		return Result{}, err
	}
	r, err := model.Margin(v, m)
	if err != nil {
		return Result{}, err
	}
	if err := r.check(); err != nil {
		return Result{}, fmt.Errorf("venue %s (%s): %w", v.ID, v.Model, err)
	}
	return r, nil
}

// check asserts that a model returned finite, sane figures; a failure is a
// model bug, reported as an internal error rather than a wrong report.
func (r *Result) check() error {
	for _, f := range []float64{r.CollateralValue, r.Equity, r.Initial, r.Maintenance} {
		if f != f || f > 1e300 || f < -1e300 {
			return fmt.Errorf("model returned a non-finite figure: %+v", *r)
		}
	}
	if r.Initial < 0 || r.Maintenance < 0 {
		return fmt.Errorf("model returned a negative requirement: initial %g maintenance %g", r.Initial, r.Maintenance)
	}
	if len(r.AddOns) > 0 {
		sum, size := r.Scenario, math.Abs(r.Scenario)+1
		for _, p := range r.AddOns {
			sum, size = sum+p.USD, size+math.Abs(p.USD)
		}
		if math.Abs(sum-r.Initial) > 1e-9*size {
			return fmt.Errorf("model's parts sum to %g, not its initial %g", sum, r.Initial)
		}
	}
	return nil
}

// SupplyEarner is implemented by a lending model whose posted collateral is
// itself supplied to the pool and earns the asset's supply rate (Aave v3:
// collateral is an aToken balance). Compound v3 collateral earns nothing
// (only base supply accrues interest), so it does not implement it.
type SupplyEarner interface {
	CollateralEarnsSupply() bool
}

// CollateralEarnsSupply reports whether collateral posted at a venue of the
// named model earns the asset's supply rate (false for an unknown model).
func CollateralEarnsSupply(model string) bool {
	se, ok := registry[model].(SupplyEarner)
	return ok && se.CollateralEarnsSupply()
}
