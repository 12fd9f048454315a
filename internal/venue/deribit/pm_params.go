// deribit-pm parameters, named exactly as Deribit publishes them in the
// model_params of private/pme/simulate, and the built-in sets.
package deribit

import (
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// pmParams is the resolved parameter set for one underlying of one book.
// Money parameters (max_offsetable_pnl, extended_dampener,
// delta_total_liq_shock_threshold) are USD (inferred: see README.md); the
// model converts them to settlement units at the venue's price.
type pmParams struct {
	// currency_pair block (btc_usd, eth_usd)
	PriceRange                  float64 `json:"price_range"`
	VolatilityRangeUp           float64 `json:"volatility_range_up"`
	VolatilityRangeDown         float64 `json:"volatility_range_down"`
	ShortTermVegaPower          float64 `json:"short_term_vega_power"`
	LongTermVegaPower           float64 `json:"long_term_vega_power"`
	MinVolatilityForShockUp     float64 `json:"min_volatility_for_shock_up"`
	ExtendedTableFactor         float64 `json:"extended_table_factor"`
	MaxDeltaShock               float64 `json:"max_delta_shock"`
	DeltaTotalLiqShockThreshold float64 `json:"delta_total_liq_shock_threshold"`
	// currency block (the settlement currency: btc, eth or usd)
	AnnualisedMoveRisk float64 `json:"annualised_move_risk"`
	MinAnnualisedMove  float64 `json:"min_annualised_move"`
	PnlOffset          float64 `json:"pnl_offset"`
	MaxOffsetablePnl   float64 `json:"max_offsetable_pnl"`
	ExtendedDampener   float64 `json:"extended_dampener"`
	// general block
	MmFactor float64 `json:"mm_factor"`
}

// pmCurrency is one currency block of Deribit's model_params.
type pmCurrency struct {
	annualisedMoveRisk, minAnnualisedMove, pnlOffset, maxOffsetablePnl, extendedDampener float64
}

// pmSet is one built-in parameter set: a currency_pair block, the currency
// block of its coin (inverse books) and of usd (linear USDC books).
type pmSet struct {
	name       string
	underlying string
	from       string // the day its parameters were published (model_params timestamp)
	source     string
	pair       pmParams // currency_pair and general fields only
	coin, usd  pmCurrency
}

func (s *pmSet) resolve(inverse bool) pmParams {
	p := s.pair
	c := s.usd
	if inverse {
		c = s.coin
	}
	p.AnnualisedMoveRisk, p.MinAnnualisedMove = c.annualisedMoveRisk, c.minAnnualisedMove
	p.PnlOffset, p.MaxOffsetablePnl, p.ExtendedDampener = c.pnlOffset, c.maxOffsetablePnl, c.extendedDampener
	return p
}

// Built-in sets. Every value is quoted from the source named in the set.
var pmSets = []*pmSet{
	{
		name:       "deribit-pm-btc-2024-06",
		underlying: "BTC",
		from:       "2024-06-17",
		source: "docs.deribit.com/api-reference/account-management/private-simulate, " +
			"example response, model_params timestamp 1718619740501 (2024-06-17)",
		pair: pmParams{
			PriceRange: 0.16, VolatilityRangeUp: 0.5, VolatilityRangeDown: 0.25,
			ShortTermVegaPower: 0.3, LongTermVegaPower: 0.13, MinVolatilityForShockUp: 0.5,
			ExtendedTableFactor: 1, MaxDeltaShock: 0.1, DeltaTotalLiqShockThreshold: 20_000_000,
			MmFactor: 0.8,
		},
		coin: pmCurrency{annualisedMoveRisk: 0.075, minAnnualisedMove: 0.01, extendedDampener: 100_000},
		usd:  pmCurrency{annualisedMoveRisk: 0.1, minAnnualisedMove: 0.01, extendedDampener: 25_000},
	},
	{
		name:       "deribit-pm-eth-2026-02",
		underlying: "ETH",
		from:       "2026-02-15",
		source: "mainnet private/pme/simulate response captured 2026-02-15 23:20 UTC " +
			"(model_params timestamp 1771197609587), quoted in shared/reference/margin-methods.md §1.1",
		pair: pmParams{
			PriceRange: 0.18, VolatilityRangeUp: 0.4, VolatilityRangeDown: 0.25,
			ShortTermVegaPower: 0.3, LongTermVegaPower: 0.13, MinVolatilityForShockUp: 0.5,
			ExtendedTableFactor: 1, MaxDeltaShock: 0.1, DeltaTotalLiqShockThreshold: 20_000_000,
			MmFactor: 0.8,
		},
		coin: pmCurrency{annualisedMoveRisk: 0.05, minAnnualisedMove: 0.005, pnlOffset: 0.6,
			maxOffsetablePnl: 20_000_000, extendedDampener: 200_000},
		usd: pmCurrency{annualisedMoveRisk: 0.1, minAnnualisedMove: 0.01, pnlOffset: 0.4,
			maxOffsetablePnl: 1_000_000, extendedDampener: 25_000},
	},
}

// pmByName holds every set (venue.ParamSets); a set is chosen by name, or
// by its underlying (pmDefaultSet) and then dated by its from.
var pmByName = func() *venue.ParamSets[pmSet] {
	all := venue.NewParamSets[pmSet](pmName, pmSets[0].name)
	for _, s := range pmSets {
		all.Add(s.name, "", s)
	}
	return all
}()

// pmDefaultSet is the set for an underlying when the venue names none: the
// set published for that coin (a coin book's only underlying is its coin).
func pmDefaultSet(underlying string) *pmSet {
	for _, s := range pmSets {
		if s.underlying == underlying {
			return s
		}
	}
	return pmSets[0]
}

var pmSpecs = venue.FloatParams[pmParams]{
	{Name: "price_range", Field: func(p *pmParams) *float64 { return &p.PriceRange }, Min: 0, Max: 1, OpenMin: true, OpenMax: true},
	{Name: "volatility_range_up", Field: func(p *pmParams) *float64 { return &p.VolatilityRangeUp }, Max: 100},
	{Name: "volatility_range_down", Field: func(p *pmParams) *float64 { return &p.VolatilityRangeDown }, Max: 100},
	{Name: "short_term_vega_power", Field: func(p *pmParams) *float64 { return &p.ShortTermVegaPower }, Max: 10},
	{Name: "long_term_vega_power", Field: func(p *pmParams) *float64 { return &p.LongTermVegaPower }, Max: 10},
	{Name: "min_volatility_for_shock_up", Field: func(p *pmParams) *float64 { return &p.MinVolatilityForShockUp }, Max: 100},
	{Name: "annualised_move_risk", Field: func(p *pmParams) *float64 { return &p.AnnualisedMoveRisk }, Max: 100},
	{Name: "min_annualised_move", Field: func(p *pmParams) *float64 { return &p.MinAnnualisedMove }, Max: 1},
	{Name: "pnl_offset", Field: func(p *pmParams) *float64 { return &p.PnlOffset }, Max: 1},
	{Name: "max_offsetable_pnl", Field: func(p *pmParams) *float64 { return &p.MaxOffsetablePnl }, Max: 1e30},
	{Name: "extended_dampener", Field: func(p *pmParams) *float64 { return &p.ExtendedDampener }, Max: 1e30},
	{Name: "extended_table_factor", Field: func(p *pmParams) *float64 { return &p.ExtendedTableFactor }, Max: 100},
	{Name: "max_delta_shock", Field: func(p *pmParams) *float64 { return &p.MaxDeltaShock }, Max: 1},
	{Name: "delta_total_liq_shock_threshold", Field: func(p *pmParams) *float64 { return &p.DeltaTotalLiqShockThreshold }, Max: 1e30},
	{Name: "mm_factor", Field: func(p *pmParams) *float64 { return &p.MmFactor }, Max: 1, OpenMin: true},
}

// pmParamsUsed is what ParamsUsed reports: the set (the named one, or each
// underlying's set joined by "+"), the settlement and the resolved
// parameters per underlying.
type pmParamsUsed struct {
	Set         string              `json:"set"`
	Settlement  string              `json:"settlement"`
	Underlyings map[string]pmParams `json:"underlyings"`
}

// resolvePM returns the parameters of each of b's underlyings: the named set
// or the underlying's default set, then the venue's overrides.
func resolvePM(v *portfolio.Venue, b *book) (map[string]pmParams, pmParamsUsed, error) {
	setFor := func(underlying string) *pmSet {
		set := pmDefaultSet(underlying)
		_, warnings := venue.SetAt(pmName, []venue.Dated{{Name: set.name, From: venue.Day(set.from)}}, b.asOf)
		b.warnings = append(b.warnings, warnings...)
		return set
	}
	ps, set, err := resolveByUnderlying(v, b, pmByName, pmSpecs, "deribit-pm", setFor,
		func(s *pmSet) pmParams { return s.resolve(b.inverse) }, func(s *pmSet) string { return s.name })
	return ps, pmParamsUsed{Set: set, Settlement: b.settle, Underlyings: ps}, err
}
