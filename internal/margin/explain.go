// Explain: an additive waterfall of why an account's margin changed
// between two reports. Each step recomputes the whole report through the
// one margin path (Compute) with one group of inputs moved from "before"
// to "after", in this stated order:
//
//	price   before's book and params, before's market with after's spot
//	        prices, forwards and venue prices (market.FactorPrice)
//	vol     … and after's vols and vol surfaces (market.FactorVol)
//	time    after's whole market document: as_of (time decay of options,
//	        futures and accrual), oracle times, rates, depth, correlations,
//	        assets that only one side has
//	trades  after's book (position and collateral changes), before's params
//	params  after's risk parameters: the last step is Compute(after)
//
// A bar is the change of a figure over its step; the bars telescope, so
// they sum to after − before up to float64 rounding of the differences
// (the identity is tested). Order matters for the split (a price move
// is measured on the old book); the total does not.
package margin

import (
	"errors"
	"fmt"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// ExplainSide is one end of an explanation: a book, its market document
// (raw, so one group of factors can be spliced into the other's) and the
// unified model's parameters (nil: DefaultRiskParams).
type ExplainSide struct {
	Book   *portfolio.Portfolio
	Market []byte
	Params *RiskParams
}

// ExplainFigures are the headline figures a waterfall explains (USD).
type ExplainFigures struct {
	Equity      float64 `json:"equity"`
	Initial     float64 `json:"initial"`
	Maintenance float64 `json:"maintenance"`
	Excess      float64 `json:"excess"`
}

func figuresOf(r *Report) ExplainFigures {
	u := r.Unified
	return ExplainFigures{Equity: u.Equity, Initial: u.Initial, Maintenance: u.Maintenance, Excess: u.Excess}
}

func (a ExplainFigures) minus(b ExplainFigures) ExplainFigures {
	return ExplainFigures{Equity: a.Equity - b.Equity, Initial: a.Initial - b.Initial,
		Maintenance: a.Maintenance - b.Maintenance, Excess: a.Excess - b.Excess}
}

// Step is one bar of the waterfall: the figures' change over the step and
// the figures after it.
type Step struct {
	Factor string         `json:"factor"` // price, vol, time, trades, params
	Change ExplainFigures `json:"change"`
	After  ExplainFigures `json:"after"`
}

// Explanation is the waterfall: before, the steps in order, after, and the
// total change (after − before; Σ steps' changes equals it).
type Explanation struct {
	Before       ExplainFigures `json:"before"`
	After        ExplainFigures `json:"after"`
	Total        ExplainFigures `json:"total"`
	Steps        []Step         `json:"steps"`
	ParamsBefore string         `json:"params_version_before"`
	ParamsAfter  string         `json:"params_version_after"`
	AsOfBefore   string         `json:"as_of_before"`
	AsOfAfter    string         `json:"as_of_after"`
}

// ExplainFactors is the order of the steps.
var ExplainFactors = []string{"price", "vol", "time", "trades", "params"}

// ErrExplainStep marks a step whose mixed inputs cannot be margined (the
// old book does not fit the new market, say); the error names the step.
var ErrExplainStep = errors.New("explain step not computable")

// Explain computes the waterfall from before to after. Errors: either
// side's own market or book is invalid (the *input.Error of market.Load,
// portfolio.Check or the models, prefixed with "before"/"after"); a mixed
// step that cannot be margined (ErrExplainStep, naming the step).
func Explain(before, after ExplainSide, opts market.Options) (*Explanation, error) {
	mb, err := market.Load(before.Market, opts)
	if err != nil {
		return nil, fmt.Errorf("before: market: %w", err)
	}
	ma, err := market.Load(after.Market, opts)
	if err != nil {
		return nil, fmt.Errorf("after: market: %w", err)
	}
	rpB, rpA := paramsOr(before.Params), paramsOr(after.Params)
	r0, err := Compute(before.Book, mb, rpB)
	if err != nil {
		return nil, fmt.Errorf("before: %w", err)
	}
	rN, err := Compute(after.Book, ma, rpA)
	if err != nil {
		return nil, fmt.Errorf("after: %w", err)
	}
	priced, err := market.Splice(before.Market, after.Market, market.FactorPrice)
	if err != nil {
		return nil, err
	}
	volled, err := market.Splice(priced, after.Market, market.FactorVol)
	if err != nil {
		return nil, err
	}
	type step struct {
		doc    []byte
		snap   *market.Snapshot
		book   *portfolio.Portfolio
		params *RiskParams
	}
	steps := []step{
		{doc: priced, book: before.Book, params: rpB},
		{doc: volled, book: before.Book, params: rpB},
		{snap: ma, book: before.Book, params: rpB},
		{snap: ma, book: after.Book, params: rpB},
	}
	x := &Explanation{Before: figuresOf(r0), After: figuresOf(rN), ParamsBefore: r0.ParamsVersion,
		ParamsAfter: rN.ParamsVersion, AsOfBefore: r0.AsOf, AsOfAfter: rN.AsOf}
	x.Total = x.After.minus(x.Before)
	prev := x.Before
	for i, st := range steps {
		m := st.snap
		if m == nil {
			if m, err = market.Load(st.doc, opts); err != nil {
				return nil, fmt.Errorf("%w: %s: market: %v", ErrExplainStep, ExplainFactors[i], err)
			}
		}
		r, err := Compute(st.book, m, st.params)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrExplainStep, ExplainFactors[i], err)
		}
		f := figuresOf(r)
		x.Steps = append(x.Steps, Step{Factor: ExplainFactors[i], Change: f.minus(prev), After: f})
		prev = f
	}
	x.Steps = append(x.Steps, Step{Factor: "params", Change: x.After.minus(prev), After: x.After})
	return x, nil
}

func paramsOr(rp *RiskParams) *RiskParams {
	if rp == nil {
		return DefaultRiskParams()
	}
	return rp
}
