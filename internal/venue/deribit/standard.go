// deribit-standard: Deribit's standard (non-portfolio) margin.
//
// Deribit's own figures (Native), per unit of underlying, in the coin of an
// inverse book (mark = the option's coin mark, OTM = out-of-the-money amount
// over the option's underlying price, the forward):
//
//	short call  IM = max(0.15 − OTM, 0.10) + mark
//	            MM = 0.075 + mark
//	short put   MM = max(0.075, 0.075·mark) + mark
//	            IM = max(max(0.15 − OTM, 0.10) + mark, MM)
//	long option IM = MM = 0 (the premium is paid up front)
//	future/perp IM = (futures_initial + m_inc·|size|)·|size|
//	            MM = (futures_maintenance + m_inc·|size|)·|size|
//
// Deribit compares these with a margin balance that excludes option values
// (collateral + futures P&L). Our Equity includes them (short negative), so in
// equity terms, per unit:
//
//	short option  Initial = IM − mark, Maintenance = MM − mark
//	long option   Initial = Maintenance = mark (it is not collateral there)
//	future/perp   unchanged
//
// and Equity − Initial = margin balance − IM, Equity − Maintenance = margin
// balance − MM: excess and liquidation agree with Deribit exactly.
//
// A linear (USDC) book applies the same fractions to one unit of underlying
// valued at the index (inferred: Deribit's linear option formulas are not
// published; community re-implementations differ only for puts' floors).
package deribit

import (
	"math"
	"strings"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const standardName = "deribit-standard"

// stdParams are the standard-margin rates. Deribit publishes them as prose
// formulas, not named parameters; m_inc is Deribit's own name for the size
// increment (pme/simulate model_params; the "Increase Factor" of its 2022
// announcement).
type stdParams struct {
	OptionInitialBase  float64 `json:"option_initial_base"`  // 0.15
	OptionInitialFloor float64 `json:"option_initial_floor"` // 0.10
	OptionMaintenance  float64 `json:"option_maintenance"`   // 0.075
	FuturesInitial     float64 `json:"futures_initial"`
	FuturesMaintenance float64 `json:"futures_maintenance"`
	MInc               float64 `json:"m_inc"` // per unit of position size
}

type stdSet struct {
	name, underlying, source string
	from                     string // the day it took effect; "" = by name only (undated)
	params                   stdParams
}

// Options: tslab's reproduction of Deribit's published formulas
// (doc.tslab.pro/…/deribit-margin-requirements-calculation, read 2026-11),
// same structure as Aevo's docs.
var stdOptions = stdParams{OptionInitialBase: 0.15, OptionInitialFloor: 0.10, OptionMaintenance: 0.075}

func withFutures(p stdParams, initial, maintenance, mInc float64) stdParams {
	p.FuturesInitial, p.FuturesMaintenance, p.MInc = initial, maintenance, mInc
	return p
}

var stdSets = []stdSet{
	{
		// Undated: a historical spec page; chosen by name only.
		name: "deribit-standard-btc", underlying: "BTC",
		source: "futures: test.deribit.com/pages/docs/futures ('IM 2.0% + 0.5% per 100 BTC, MM 1.5% + 0.5% per " +
			"100 BTC', as quoted in shared/reference/margin-methods.md §1.3, read 2026-11); m_inc 0.00005 = the " +
			"btc_usd m_inc of docs.deribit.com pme/simulate (2024-06-17)",
		params: withFutures(stdOptions, 0.02, 0.015, 0.00005),
	},
	{
		name: "deribit-standard-btc-2022-01", underlying: "BTC", from: "2022-01-11",
		source: "support.deribit.com '11 January 2022': BTC IM 2% + size×0.005%, MM 1% + size×0.005%",
		params: withFutures(stdOptions, 0.02, 0.01, 0.00005),
	},
	{
		name: "deribit-standard-eth-2022-01", underlying: "ETH", from: "2022-01-11",
		source: "support.deribit.com '11 January 2022': ETH IM 2% + size×0.0004%, MM 1% + size×0.0004% " +
			"(m_inc 0.000004 also in the eth_usd model_params captured 2026-02-15)",
		params: withFutures(stdOptions, 0.02, 0.01, 0.000004),
	},
}

// stdByName holds every set (venue.ParamSets, chosen by name only) and
// stdByUnderlying each underlying's sets, dated by the day they took effect.
var stdByName, stdByUnderlying = func() (*venue.ParamSets[stdSet], map[string]*venue.ParamSets[stdSet]) {
	all := venue.NewParamSets[stdSet](standardName, stdSets[0].name)
	per := map[string]*venue.ParamSets[stdSet]{}
	for i := range stdSets {
		s := &stdSets[i]
		all.Add(s.name, "", s)
		if per[s.underlying] == nil {
			per[s.underlying] = venue.NewParamSets[stdSet](standardName, s.name) // the first listed is its default
		}
		per[s.underlying].Add(s.name, s.from, s)
	}
	return all, per
}()

func stdSetNamed(name string) *stdSet {
	s, _ := stdByName.Lookup(name)
	return s
}

// stdSetAt is the underlying's set in force at asOf among the dated ones
// (its warning into b), else the underlying's first set listed, else the
// first set.
func (b *book) stdSetAt(underlying string) *stdSet {
	sets := stdByUnderlying[underlying]
	if sets == nil {
		return &stdSets[0]
	}
	if len(sets.Dated()) == 0 {
		return sets.Default()
	}
	_, set, warnings := sets.At(b.asOf)
	b.warnings = append(b.warnings, warnings...)
	return set
}

var stdSpecs = venue.FloatParams[stdParams]{
	{Name: "option_initial_base", Field: func(p *stdParams) *float64 { return &p.OptionInitialBase }, Max: 10},
	{Name: "option_initial_floor", Field: func(p *stdParams) *float64 { return &p.OptionInitialFloor }, Max: 10},
	{Name: "option_maintenance", Field: func(p *stdParams) *float64 { return &p.OptionMaintenance }, Max: 10},
	{Name: "futures_initial", Field: func(p *stdParams) *float64 { return &p.FuturesInitial }, Max: 10},
	{Name: "futures_maintenance", Field: func(p *stdParams) *float64 { return &p.FuturesMaintenance }, Max: 10},
	{Name: "m_inc", Field: func(p *stdParams) *float64 { return &p.MInc }, Max: 1},
}

type stdParamsUsed struct {
	Set         string               `json:"set"`
	Settlement  string               `json:"settlement"`
	Underlyings map[string]stdParams `json:"underlyings"`
}

type standard struct{}

func init() { venue.Register(standard{}) }

func (standard) Name() string { return standardName }

func (standard) Source() string {
	return "Deribit standard margin: option formulas as published by Deribit (reproduced at doc.tslab.pro, read " +
		"2026-11); futures IM/MM per parameter set (test.deribit.com/pages/docs/futures; support.deribit.com " +
		"'11 January 2022')"
}

func (standard) Params() []venue.Param { return stdSpecs.List(stdSets[0].params) }

// Margin computes Deribit standard margin of v in equity terms. Input errors:
// unsupported settlement, position kinds or underlyings, unknown parameter
// sets or names, parameters out of range.
func (standard) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	b, err := newBook(v, m, standardName)
	if err != nil {
		return venue.Result{}, err
	}
	params, used, err := resolveStandard(v, b)
	if err != nil {
		return venue.Result{}, err
	}
	return standardResult(b, params, used), nil
}

// standardResult is the standard margin of a built book.
func standardResult(b *book, params map[string]stdParams, used stdParamsUsed) venue.Result {
	f := standardTotals(b, params)
	native := &venue.Native{Currency: b.settle, Initial: f.nativeIM, Maintenance: f.nativeMM}
	res := b.result(f.initial, f.maintenance, native, used)
	res.ParamsSet = used.Set
	return res
}

// standardTotals are a built book's requirements in settlement units:
// Deribit's own and in equity terms, summed over its instruments.
func standardTotals(b *book, params map[string]stdParams) stdFigures {
	var t stdFigures
	for _, g := range b.groups {
		p := params[g.underlying]
		unit := b.underlyingUnits(g)
		for k := range g.insts {
			in := &g.insts[k]
			var f stdFigures
			if in.kind == portfolio.KindOption {
				markFraction := in.priceUSD / g.indexUSD
				f = standardOption(&p, in.right > 0, in.quantity, in.forwardUSD, in.strike, markFraction)
			} else {
				f = standardDeltaOne(&p, in.quantity)
			}
			t.nativeIM += f.nativeIM * unit
			t.nativeMM += f.nativeMM * unit
			t.initial += f.initial * unit
			t.maintenance += f.maintenance * unit
		}
	}
	return t
}

// stdFigures are one position's requirements in units of the underlying (coins
// for an inverse book): Deribit's own and in equity terms.
type stdFigures struct {
	nativeIM, nativeMM   float64
	initial, maintenance float64
}

// standardOption applies Deribit's option formulas to quantity options
// (negative = short) with mark in units of the underlying per option and
// forward the option's underlying price.
func standardOption(p *stdParams, call bool, quantity, forward, strike, mark float64) stdFigures {
	q := math.Abs(quantity)
	if quantity >= 0 {
		return stdFigures{initial: q * mark, maintenance: q * mark}
	}
	otm := math.Max(strike-forward, 0) / forward
	if !call {
		otm = math.Max(forward-strike, 0) / forward
	}
	base := math.Max(p.OptionInitialBase-otm, p.OptionInitialFloor)
	var im, mm float64
	if call {
		im, mm = base+mark, p.OptionMaintenance+mark
	} else {
		mm = math.Max(p.OptionMaintenance, p.OptionMaintenance*mark) + mark
		im = math.Max(base+mark, mm)
	}
	return stdFigures{nativeIM: q * im, nativeMM: q * mm, initial: q * (im - mark), maintenance: q * (mm - mark)}
}

// standardDeltaOne is Deribit's futures margin: rate + m_inc × |size|, per
// instrument, on |size| units of underlying.
func standardDeltaOne(p *stdParams, quantity float64) stdFigures {
	q := math.Abs(quantity)
	im := (p.FuturesInitial + p.MInc*q) * q
	mm := (p.FuturesMaintenance + p.MInc*q) * q
	return stdFigures{nativeIM: im, nativeMM: mm, initial: im, maintenance: mm}
}

func resolveStandard(v *portfolio.Venue, b *book) (map[string]stdParams, stdParamsUsed, error) {
	ps, set, err := resolveByUnderlying(v, b, stdByName, stdSpecs, standardName, b.stdSetAt,
		func(s *stdSet) stdParams { return s.params }, func(s *stdSet) string { return s.name })
	return ps, stdParamsUsed{Set: set, Settlement: b.settle, Underlyings: ps}, err
}

// resolveByUnderlying returns the parameters of each of b's underlyings
// (both models): the named set's, else the underlying's own set (setFor,
// which may warn into b), then the venue's overrides; and the set used (the
// named one, or each underlying's joined by "+" in book order).
func resolveByUnderlying[S, P any](v *portfolio.Venue, b *book, byName *venue.ParamSets[S], specs venue.FloatParams[P],
	model string, setFor func(underlying string) *S, params func(*S) P, nameOf func(*S) string) (map[string]P, string, error) {
	name, overrides, err := venue.ParamSource(v)
	if err != nil {
		return nil, "", err
	}
	var named *S
	if name != "" {
		var ok bool
		if named, ok = byName.Lookup(name); !ok {
			return nil, "", venue.UnknownSet(v, name, byName.Names())
		}
	}
	setters, err := specs.Parse(overrides, model)
	if err != nil {
		return nil, "", err
	}
	out := map[string]P{}
	var names []string
	for _, g := range b.groups {
		set := named
		if set == nil {
			set = setFor(g.underlying)
			names = append(names, nameOf(set))
		}
		p := params(set)
		for _, s := range setters {
			s(&p)
		}
		out[g.underlying] = p
	}
	if named == nil {
		name = strings.Join(names, "+")
	}
	return out, name, nil
}
