// Contingencies: charges the scenarios cannot see. A short option's tail
// beyond the grid (0.5% of spot per net short option) and the basis/roll
// risk of delta-1 positions hedged across venues (a perp against a perp at
// the 1% floor; a dated leg at 7.5% a year to its own expiry). The kernel
// (kernel.go) computes the charges; this file states each rule once and
// allocates the charges to items for the report.
package margin

import (
	"cmp"
	"math"
	"slices"
)

// contingencyAlloc is each item's Euler allocation of the two charges (the
// kernel computes the charges themselves; the allocations sum to them).
func (a *account) contingencyAlloc() []float64 {
	alloc := make([]float64, len(a.items))
	a.shortOptionAlloc(alloc)
	a.basisAlloc(alloc)
	return alloc
}

// optionSeries is one (underlying, expiry, strike); calls and puts net.
type optionSeries struct {
	asset  int32
	expiry int64
	strike float64
}

// seriesCharge is the short-option contingency of one series whose net
// quantity is net on an underlying at spot: ShortOptionContingency × spot
// per net short option. The account (with its allocation) and the what-if
// session both charge through it.
func (rp *RiskParams) seriesCharge(net, spot float64) float64 {
	return rp.ShortOptionContingency * spot * max(0, -net) // the builtin: math.Max's rules, inlined
}

// shortOptionAlloc allocates the short-option contingency (kernel.go,
// shortOptionCharge: seriesCharge per series (underlying, expiry, strike),
// netted account-wide across venues, calls against puts — Derive's size,
// Deribit's netting). Each option of a net-short series is allocated
// −rate × quantity: shorts pay, longs of the same series earn back, and the
// allocations sum to the charge.
func (a *account) shortOptionAlloc(alloc []float64) {
	net := map[optionSeries]float64{}
	for i := range a.items {
		if it := &a.items[i]; it.kind == kindOption {
			net[optionSeries{it.asset, it.inst.key.expiryUnix, it.inst.key.strike}] += it.quantity
		}
	}
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindOption || net[optionSeries{it.asset, it.inst.key.expiryUnix, it.inst.key.strike}] >= 0 {
			continue
		}
		alloc[i] += -a.rp.ShortOptionContingency * it.inst.spot * it.quantity
	}
}

// basisLeg is the delta-1 (perp and future) position of one underlying at one venue.
type basisLeg struct {
	asset, venue int32
}

// legNet is one basis leg's net quantities: its perps, and its futures of
// every expiry together, with the longest expiry (years) among its long and
// among its short futures.
type legNet struct {
	leg                   basisLeg
	perp, dated           float64
	longYears, shortYears float64
}

// add puts a perp or future item into the leg.
func (l *legNet) add(it *item) {
	if it.kind == kindPerp {
		l.perp += it.quantity
		return
	}
	l.dated += it.quantity
	if it.quantity > 0 {
		l.longYears = math.Max(l.longYears, it.inst.years)
	} else {
		l.shortYears = math.Max(l.shortYears, it.inst.years)
	}
}

// basisPart is what one leg holds at one time to expiry after the venue has
// netted its own spread: a signed size (long > 0) and its years (perps 0).
type basisPart struct {
	size, years float64
	dated       bool // the futures' part (else the perps', or a netted residual led by perps)
}

// parts splits the leg. Perps and futures on the same side are two parts,
// at 0 and at the longest expiry of the futures on that side; on opposite
// sides the venue nets them (it margins that spread itself) and the
// residual keeps the time of the larger side. Either way a perp is never
// charged at a future's expiry unless a future of the same venue and side
// outweighs it.
func (l *legNet) parts() legParts {
	years := l.longYears
	if l.dated < 0 {
		years = l.shortYears
	}
	switch {
	case l.perp*l.dated >= 0:
		return legParts{n: 2, p: [2]basisPart{{size: l.perp}, {size: l.dated, years: years, dated: true}}}
	case math.Abs(l.perp) > math.Abs(l.dated):
		return legParts{n: 1, p: [2]basisPart{{size: l.perp + l.dated}}}
	}
	return legParts{n: 1, p: [2]basisPart{{size: l.perp + l.dated, years: years, dated: true}}}
}

// legParts is a leg's one or two parts, by value (the kernel allocates
// nothing per book).
type legParts struct {
	p [2]basisPart
	n int
}

// all returns the parts.
func (lp *legParts) all() []basisPart { return lp.p[:lp.n] }

// basisRate is the basis charge per unit of matched size on an underlying
// at spot between legs whose longer time to expiry is years:
// spot × max(BasisAnnualMove·T, BasisMinMove) (Deribit's roll shock; a
// perp-vs-perp match pays the floor: its risk is funding and venue price
// divergence, not a roll).
func (rp *RiskParams) basisRate(spot, years float64) float64 {
	return spot * math.Max(rp.BasisAnnualMove*years, rp.BasisMinMove)
}

// basisTerms lays the legs on asset out as the charge's terms. Matching
// longs with shorts shortest expiry first (perps with perps, then near
// with near), the size matched among parts of at most τ years is
// M(τ) = min(L(τ), S(τ)), L and S the long and short sizes up to τ; each
// increment of M is charged at the rate of the expiry that admits it:
//
//	charge = Σ_i rate(τ_i)·(M(τ_i) − M(τ_{i−1})) = Σ_i w_i·M(τ_i),
//	w_i = rate(τ_i) − rate(τ_{i+1}), w_last = rate(τ_last),
//
// over the distinct expiries τ_i of the parts. This is the cheapest
// pairing of longs with shorts (the rate rises with the longer leg's
// expiry), homogeneous of degree 1, and a pair's charge depends on its own
// two legs only. It returns the terms in ascending τ.
func (rp *RiskParams) basisTerms(legs []legNet, asset int32, spot float64) []basisTerm {
	return rp.appendBasisTerms(nil, legs, asset, spot)
}

// appendBasisTerms is basisTerms into terms[:0]'s storage (the kernel
// reuses one buffer, so a book's charge allocates nothing).
func (rp *RiskParams) appendBasisTerms(terms []basisTerm, legs []legNet, asset int32, spot float64) []basisTerm {
	terms = terms[:0]
	for _, l := range legs {
		if l.leg.asset != asset {
			continue
		}
		parts := l.parts()
		for _, p := range parts.all() {
			if p.size == 0 {
				continue
			}
			k := 0
			for k < len(terms) && terms[k].years != p.years {
				k++
			}
			if k == len(terms) {
				terms = append(terms, basisTerm{years: p.years})
			}
			if p.size > 0 {
				terms[k].long += p.size
			} else {
				terms[k].short -= p.size
			}
		}
	}
	slices.SortFunc(terms, func(a, b basisTerm) int { return cmp.Compare(a.years, b.years) })
	for i := range terms { // sizes up to τ_i, and the weights
		if i > 0 {
			terms[i].long += terms[i-1].long
			terms[i].short += terms[i-1].short
		}
		terms[i].weight = rp.basisRate(spot, terms[i].years)
		if i > 0 {
			terms[i-1].weight -= terms[i].weight
		}
	}
	return terms
}

// basisTerm is one expiry τ of the charge: the long and short sizes of the
// parts up to τ and the term's weight w.
type basisTerm struct {
	years, long, short, weight float64
}

// basisCharge is the basis charge on one underlying over legs (the book's,
// or the book's with a trade): Σ_i w_i·min(L_i, S_i).
func (rp *RiskParams) basisCharge(legs []legNet, asset int32, spot float64) float64 {
	return chargeOf(rp.basisTerms(legs, asset, spot))
}

// chargeOf is Σ_i w_i·min(L_i, S_i) over terms.
func chargeOf(terms []basisTerm) float64 {
	var total float64
	for _, t := range terms {
		total += t.weight * math.Min(t.long, t.short)
	}
	return total
}

// basisAlloc allocates every underlying's basisCharge (kernel.go,
// basisTotal): delta-1 size matched across venues (legs on one venue net
// first: the venue margins that spread itself).
//
// Allocation (Euler): ∂charge/∂(a part's size) is Σ over the terms with
// τ_i ≥ the part's years of w_i times the part's side's share of min(L_i,
// S_i) — 1 on the smaller side, 0 on the larger, ½ each on a tie — so each
// term's min(L_i, S_i) is paid by its smaller side, and an item pays its
// quantity × (the sign of its part) × that derivative. Items of a netted
// residual share its derivative, so an offsetting leg inside a venue earns
// back. The allocations sum to the charge.
func (a *account) basisAlloc(alloc []float64) {
	legs, of := a.basisLegs()
	terms := map[int32][]basisTerm{}
	for _, l := range legs {
		if _, done := terms[l.leg.asset]; !done {
			terms[l.leg.asset] = a.rp.basisTerms(legs, l.leg.asset, a.m.Spot(a.set.Assets[l.leg.asset]))
		}
	}
	for i := range a.items {
		it := &a.items[i]
		if of[i] < 0 {
			continue
		}
		lp := legs[of[i]].parts()
		parts := lp.all()
		for _, p := range parts {
			if p.size != 0 && (len(parts) == 1 || p.dated == (it.kind == kindFuture)) {
				alloc[i] += it.quantity * math.Copysign(1, p.size) * basisSlope(terms[it.asset], p)
			}
		}
	}
}

// basisSlope is ∂charge/∂|size| of part p among terms (basisContingency).
func basisSlope(terms []basisTerm, p basisPart) float64 {
	var slope float64
	for _, t := range terms {
		if t.years < p.years {
			continue
		}
		mine, other := t.long, t.short
		if p.size < 0 {
			mine, other = other, mine
		}
		switch {
		case mine < other:
			slope += t.weight
		case mine == other:
			slope += t.weight / 2
		}
	}
	return slope
}

// basisLegs lists the account's legs in order of first appearance, with
// each delta-1 item's leg index (of; −1 for other items).
func (a *account) basisLegs() ([]legNet, []int) {
	of := make([]int, len(a.items))
	return appendBasisLegs(nil, a.items, of), of
}

// appendBasisLegs appends the delta-1 legs of items to legs, in order of
// first appearance (deterministic sums), and records each item's leg index
// in of when of is not nil (−1 for items that are not delta-1). Legs are
// few per book, so a linear search beats a map.
func appendBasisLegs(legs []legNet, items []item, of []int) []legNet {
	for i := range items {
		it := &items[i]
		if of != nil {
			of[i] = -1
		}
		if it.kind != kindPerp && it.kind != kindFuture {
			continue
		}
		key := basisLeg{it.asset, it.venue}
		k := 0
		for k < len(legs) && legs[k].leg != key {
			k++
		}
		if k == len(legs) {
			legs = append(legs, legNet{leg: key})
		}
		legs[k].add(it)
		if of != nil {
			of[i] = k
		}
	}
	return legs
}
