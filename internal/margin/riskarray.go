// Risk arrays: the account's profit and loss in every scenario, and the worst
// loss that sets the scenario component.
package margin

import (
	"github.com/unimargin/unimargin/internal/scenario"
)

// optionState is a distinct (return, vol column) pair of one underlying: the
// alone grid, the joint grid and the tails share most of them, so each option
// is priced once per state, not once per scenario.
type optionState struct {
	ret float64
	vol scenario.Vol
}

// pnl returns the account's profit and loss (USD, before fractions) in every
// scenario of the set that enters the requirement (0 in the others). Delta-1
// items are summed per asset first (their P&L is exposure × return); options
// are repriced only in the scenarios that move their underlying, once per
// distinct state.
func (a *account) pnl() []float64 {
	set := a.set
	out := make([]float64, len(set.Scenarios))
	exposure := make([]float64, len(set.Assets))
	optionsOn := make([][]int, len(set.Assets))
	for i := range a.items {
		it := &a.items[i]
		if it.linear() {
			exposure[it.asset] += it.delta
		} else {
			optionsOn[it.asset] = append(optionsOn[it.asset], i)
		}
	}
	for asset, e := range exposure {
		if e == 0 {
			continue
		}
		for _, mv := range set.RequirementMoves(asset) {
			out[mv.Scenario] += e * mv.Return
		}
	}
	var states []optionState
	var stateOf []int32
	var prices []float64
	for asset, opts := range optionsOn {
		if len(opts) == 0 {
			continue
		}
		moves := set.RequirementMoves(asset)
		states, stateOf = distinctStates(moves, states[:0], stateOf[:0])
		prices = resize(prices, len(states))
		for _, i := range opts {
			it := &a.items[i]
			for k, st := range states {
				prices[k] = it.priceAt(st.ret, st.vol, a.rate)
			}
			for k, mv := range moves {
				out[mv.Scenario] += it.quantity * (prices[stateOf[k]] - it.price)
			}
		}
	}
	return out
}

// distinctStates lists the distinct (return, vol) states of moves and, per
// move, its state's index. States per asset are few (about 31 by default), so
// a linear search beats a map.
func distinctStates(moves []scenario.Move, states []optionState, stateOf []int32) ([]optionState, []int32) {
	for _, mv := range moves {
		st := optionState{mv.Return, mv.Vol}
		k := 0
		for k < len(states) && states[k] != st {
			k++
		}
		if k == len(states) {
			states = append(states, st)
		}
		stateOf = append(stateOf, int32(k))
	}
	return states, stateOf
}

// worst returns the scenario with the largest counted loss −pnl×fraction
// among those in the requirement (the first one on ties) and that loss;
// −1 and 0 when no scenario loses.
func (a *account) worst(pnl []float64) (int, float64) {
	best, loss := -1, 0.0
	for s := range a.set.Scenarios {
		sc := &a.set.Scenarios[s]
		if !sc.InRequirement {
			continue
		}
		if l := -pnl[s] * sc.Fraction; l > loss {
			best, loss = s, l
		}
	}
	return best, loss
}

// itemLoss is item i's counted loss in scenario s: −ΔV_i(s) × fraction.
// These sum over items to the scenario's loss (Euler allocation of the
// scenario component: a homogeneous max of linear risk arrays).
func (a *account) itemLoss(i, s int) float64 {
	it := &a.items[i]
	mv, ok := a.set.MoveOf(it.asset, s)
	if !ok {
		return 0
	}
	var dv float64
	if it.linear() {
		dv = it.delta * mv.Return
	} else {
		dv = it.quantity * (it.priceAt(mv.Return, mv.Vol, a.rate) - it.price)
	}
	return -dv * a.set.Scenarios[s].Fraction
}

// resize returns buf with length n, reusing its storage when it can.
func resize(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// stress lists the stress scenarios (correlated moves, historical episodes)
// with the account's counted loss in each.
func (a *account) stress() []Stress {
	out := []Stress{}
	for s := range a.set.Scenarios {
		sc := &a.set.Scenarios[s]
		if sc.Kind != scenario.KindCorrelated && sc.Kind != scenario.KindHistorical {
			continue
		}
		var loss float64
		for i := range a.items {
			loss += a.itemLoss(i, s)
		}
		out = append(out, Stress{Name: a.set.Name(s), Kind: sc.Kind.String(), Loss: loss, InRequirement: sc.InRequirement})
	}
	return out
}
