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
// in its own set).
func (a *account) pnl() []float64 {
	out := make([]float64, len(a.set.Scenarios))
	a.c.addPnL(out, a.items, &pnlScratch{})
	return out
}

// pnlScratch is addPnL's reusable working memory, per set asset.
type pnlScratch struct {
	acc      [][]float64 // the asset's P&L per state of its requirement moves
	exposure []float64   // Σ delta of the asset's delta-1 items
	options  []int32     // the asset's options; then where its terms start
	touched  []int32     // assets held, in first-touch order
	held     []bool
	terms    []axTerm // every option's quantity × compiled vector, by asset
}

// addPnL adds the items' profit and loss in every requirement scenario to
// out: per asset, the delta-1 items' exposure times the asset's returns,
// then each option's quantity times its compiled vector fused into that
// (fmaSum: the vector kernel), over the distinct states of the asset's
// requirement moves (32 states for 64 moves by default: every move of a
// state has the same return and the same vector entries, so the same sum,
// bit for bit), then each move's state's sum to the move's scenario (a run
// of moves at a time, assetMoves.reqRuns). This is the one place the unified model sums risk
// arrays (a book, or one trade on top of a book's sums).
// Sums run in item order within each asset.
func (c *Compiled) addPnL(out []float64, items []item, sc *pnlScratch) {
	if len(sc.held) < len(c.set.Assets) {
		n := len(c.set.Assets)
		sc.acc, sc.exposure = make([][]float64, n), make([]float64, n)
		sc.options, sc.held = make([]int32, n), make([]bool, n)
	}
	options := 0
	for i := range items {
		it := &items[i]
		if !sc.held[it.asset] {
			sc.held[it.asset] = true
			sc.touched = append(sc.touched, int32(it.asset))
		}
		if it.linear() {
			sc.exposure[it.asset] += it.delta
		} else {
			sc.options[it.asset]++
			options++
		}
	}
	// lay the terms out by asset (touched order), items in order within one
	if cap(sc.terms) < options {
		sc.terms = make([]axTerm, options, 2*options)
	}
	terms := sc.terms[:options]
	start := int32(0)
	for _, asset := range sc.touched {
		start, sc.options[asset] = start+sc.options[asset], start
	}
	for i := range items {
		if it := &items[i]; !it.linear() {
			t := &terms[sc.options[it.asset]] // field by field (no struct copy)
			t.v, t.q = it.inst.pnl, it.quantity
			sc.options[it.asset]++
		}
	}
	start = 0
	for _, asset := range sc.touched {
		am := &c.moves[asset]
		n := am.reqStates
		acc := sc.acc[asset]
		if len(acc) != n {
			acc = make([]float64, n)
			sc.acc[asset] = acc
		}
		e := sc.exposure[asset]
		ret := am.stateRet[:n]
		for k := range acc {
			acc[k] = e * ret[k]
		}
		end := sc.options[asset] // one past its terms now
		fmaSum(acc, terms[start:end])
		start = end
	}
	// then every asset's sums to its scenarios, a run at a time (out's
	// elements see the assets in the same order)
	for _, asset := range sc.touched {
		acc := sc.acc[asset]
		for _, r := range c.moves[asset].reqRuns {
			o, a := out[r.scenario:r.scenario+r.n], acc[r.state:r.state+r.n]
			for k := range o {
				o[k] += a[k]
			}
		}
		sc.exposure[asset], sc.held[asset], sc.options[asset] = 0, false, 0
	}
	clear(terms) // drop the vectors' references
	sc.touched = sc.touched[:0]
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
		dv = it.quantity * it.inst.pnl[am.stateOf[k]]
	}
	return -dv * a.set.Scenarios[s].Fraction
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
