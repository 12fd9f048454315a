// Risk arrays: the account's profit and loss in every scenario, and the worst
// loss that sets the scenario component.
package margin

import (
	"slices"

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
// requirement scenario of the compiled set (0 in the others, and in
// scenarios outside the book's mask, which move nothing it holds or are not
// in its own set). Per asset, the delta-1 items' exposure times the asset's
// returns plus each option's quantity times its compiled vector, over the
// asset's requirement moves; then each asset's sum goes to its scenarios.
func (a *account) pnl() []float64 {
	out := make([]float64, len(a.set.Scenarios))
	a.addPnL(out, nil)
	return out
}

// addPnL adds the items' P&L (and extra's, when not nil) to out, over the
// requirement moves of each asset they are on.
func (a *account) addPnL(out []float64, extra *item) {
	exposure := make([]float64, len(a.set.Assets))
	held := make([]bool, len(a.set.Assets))
	hold := func(it *item) {
		held[it.asset] = true
		if it.linear() {
			exposure[it.asset] += it.delta
		}
	}
	for i := range a.items {
		hold(&a.items[i])
	}
	if extra != nil {
		hold(extra)
	}
	var acc []float64
	for asset, isHeld := range held {
		if !isHeld {
			continue
		}
		am := &a.c.moves[asset]
		n := am.reqLen
		acc = resize(acc, n)
		e := exposure[asset]
		for k, r := range am.ret[:n] {
			acc[k] = e * r
		}
		addOption := func(it *item) {
			if it.kind != kindOption || it.asset != asset {
				return
			}
			q := it.quantity
			for k, v := range it.opt.pnl[:n] {
				acc[k] += q * v
			}
		}
		for i := range a.items {
			addOption(&a.items[i])
		}
		if extra != nil {
			addOption(extra)
		}
		for k, sc := range am.scenario[:n] {
			out[sc] += acc[k]
		}
	}
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
// among the book's scenarios in the requirement (the first one on ties) and
// that loss; −1 and 0 when no scenario loses.
func (a *account) worst(pnl []float64) (int, float64) {
	best, loss := -1, 0.0
	for _, s := range a.mask.IDs() {
		sc := &a.set.Scenarios[s]
		if !sc.InRequirement {
			continue
		}
		if l := -pnl[s] * sc.Fraction; l > loss {
			best, loss = int(s), l
		}
	}
	return best, loss
}

// itemLoss is item i's counted loss in scenario s: −ΔV_i(s) × fraction.
// These sum over items to the scenario's loss (Euler allocation of the
// scenario component: a homogeneous max of linear risk arrays).
func (a *account) itemLoss(i, s int) float64 {
	it := &a.items[i]
	am := &a.c.moves[it.asset]
	k, ok := slices.BinarySearch(am.scenario, int32(s))
	if !ok {
		return 0
	}
	dv := it.delta * am.ret[k]
	if !it.linear() {
		dv = it.quantity * it.opt.pnl[k]
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
	for _, id := range a.mask.IDs() {
		s := int(id)
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
