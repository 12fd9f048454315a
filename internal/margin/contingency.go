// Contingencies: charges the scenarios cannot see. A short option's tail
// beyond the grid (0.5% of spot per net short option) and the basis/roll
// risk of delta-1 positions hedged across venues.
package margin

import "math"

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
	asset  int
	expiry int64
	strike float64
}

// seriesCharge is the short-option contingency of one series whose net
// quantity is net on an underlying at spot: ShortOptionContingency × spot
// per net short option. The account (with its allocation) and the what-if
// session both charge through it.
func (rp *RiskParams) seriesCharge(net, spot float64) float64 {
	return rp.ShortOptionContingency * spot * math.Max(0, -net)
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

// basisLeg is the delta-1 (perp and future) quantity of one underlying at one venue.
type basisLeg struct {
	asset, venue int
}

// legNet is one basis leg's net quantity and the longest expiry (years) of
// the futures in it (0: perps only).
type legNet struct {
	leg        basisLeg
	net, years float64
}

// basisSides sums the legs on asset: the long and short matched sizes
// (Σ max(net, 0), Σ max(−net, 0)) and T, the longest expiry among legs
// with a non-zero net.
func basisSides(legs []legNet, asset int) (long, short, years float64) {
	for _, l := range legs {
		if l.leg.asset != asset || l.net == 0 {
			continue
		}
		if l.net > 0 {
			long += l.net
		} else {
			short -= l.net
		}
		years = math.Max(years, l.years)
	}
	return long, short, years
}

// basisRate is the basis charge per unit of matched size on an underlying
// at spot whose longest matched dated leg has years to expiry:
// spot × max(BasisAnnualMove·T, BasisMinMove).
func (rp *RiskParams) basisRate(spot, years float64) float64 {
	return spot * math.Max(rp.BasisAnnualMove*years, rp.BasisMinMove)
}

// basisCharge is the basis charge on one underlying from its sides.
func (rp *RiskParams) basisCharge(long, short, years, spot float64) float64 {
	if long == 0 || short == 0 {
		return 0
	}
	return rp.basisRate(spot, years) * math.Min(long, short)
}

// basisAlloc allocates the basis contingency (kernel.go, basisTotal): per
// underlying, the delta-1 size matched across venues × basisRate (Deribit's
// roll shock). With net_v the perp-plus-future quantity on venue v, the
// matched size is min(Σ_v max(net_v, 0), Σ_v max(−net_v, 0)): a long on one
// venue hedged by a short on another. Legs on the same venue net first (the
// venue margins that spread itself). T is the longest expiry (years) among
// the futures on that underlying at venues with a non-zero net, 0 when only
// perps are matched: the longest dated leg sets the roll risk
// (conservative, and it keeps the charge homogeneous of degree 1).
//
// Allocation (Euler): the charge is rate × min(L, S); the smaller side's
// items pay quantity × rate (signed, so an offsetting leg inside a venue
// earns back); on a tie L = S each side pays half.
func (a *account) basisAlloc(alloc []float64) {
	legs, of := a.basisLegs()
	for i := range a.items {
		it := &a.items[i]
		if of[i] < 0 {
			continue
		}
		long, short, years := basisSides(legs, it.asset)
		n := legs[of[i]].net
		if long == 0 || short == 0 || n == 0 {
			continue
		}
		rate := a.rp.basisRate(it.inst.spot, years)
		var share float64
		switch {
		case long < short && n > 0:
			share = it.quantity
		case short < long && n < 0:
			share = -it.quantity
		case long == short:
			share = math.Copysign(it.quantity/2, it.quantity*n)
		}
		alloc[i] += share * rate
	}
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
		legs[k].net += it.quantity
		if it.kind == kindFuture {
			legs[k].years = math.Max(legs[k].years, it.inst.years)
		}
		if of != nil {
			of[i] = k
		}
	}
	return legs
}
