// Contingencies: charges the scenarios cannot see. A short option's tail
// beyond the grid (0.5% of spot per net short option) and the basis/roll
// risk of delta-1 positions hedged across venues.
package margin

import "math"

// contingency is the two charges and each item's Euler allocation of them.
type contingency struct {
	shortOption, basis float64
	alloc              []float64 // per item
}

func (a *account) contingencies() contingency {
	c := contingency{alloc: make([]float64, len(a.items))}
	c.shortOption = a.shortOptionContingency(c.alloc)
	c.basis = a.basisContingency(c.alloc)
	return c
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

// shortOptionContingency charges seriesCharge per series (underlying,
// expiry, strike), netted account-wide (across venues), calls against puts
// (Derive's size, Deribit's netting). Each option of a net-short series is
// allocated −rate × quantity: shorts pay, longs of the same series earn
// back, and the allocations sum to the charge.
func (a *account) shortOptionContingency(alloc []float64) float64 {
	index := map[optionSeries]int{}
	var net, spot []float64
	of := make([]int, len(a.items))
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindOption {
			continue
		}
		key := optionSeries{it.asset, it.inst.key.expiryUnix, it.inst.key.strike}
		k, ok := index[key]
		if !ok {
			k = len(net)
			index[key] = k
			net, spot = append(net, 0), append(spot, it.inst.spot)
		}
		net[k] += it.quantity
		of[i] = k
	}
	var total float64
	for k := range net {
		total += a.rp.seriesCharge(net[k], spot[k])
	}
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindOption || net[of[i]] >= 0 {
			continue
		}
		alloc[i] += -a.rp.ShortOptionContingency * it.inst.spot * it.quantity
	}
	return total
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

// basisContingency charges, per underlying, the delta-1 size matched across
// venues × basisRate (Deribit's roll shock). With net_v the perp-plus-future
// quantity on venue v, the matched size is min(Σ_v max(net_v, 0),
// Σ_v max(−net_v, 0)): a long on one venue hedged by a short on another.
// Legs on the same venue net first (the venue margins that spread itself).
//
// T is the longest expiry (years) among the futures on that underlying at
// venues with a non-zero net, 0 when only perps are matched: when legs
// differ the longest dated leg sets the roll risk (conservative, and it keeps
// the charge homogeneous of degree 1 in the quantities).
//
// Allocation (Euler): the charge is rate × min(L, S); the smaller side's
// items pay quantity × rate (signed, so an offsetting leg inside a venue
// earns back); on a tie L = S each side pays half.
func (a *account) basisContingency(alloc []float64) float64 {
	legs, of := a.basisLegs()
	if len(legs) == 0 {
		return 0
	}
	type sides struct{ long, short, years float64 }
	byAsset := map[int]sides{}
	var total float64
	for _, l := range legs { // in order of first appearance: deterministic sums
		if _, done := byAsset[l.leg.asset]; done {
			continue
		}
		long, short, years := basisSides(legs, l.leg.asset)
		byAsset[l.leg.asset] = sides{long, short, years}
		total += a.rp.basisCharge(long, short, years, a.m.Spot(a.set.Assets[l.leg.asset]))
	}
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindPerp && it.kind != kindFuture {
			continue
		}
		sd, n := byAsset[it.asset], legs[of[i]].net
		if sd.long == 0 || sd.short == 0 || n == 0 {
			continue
		}
		rate := a.rp.basisRate(it.inst.spot, sd.years)
		var share float64
		switch {
		case sd.long < sd.short && n > 0:
			share = it.quantity
		case sd.short < sd.long && n < 0:
			share = -it.quantity
		case sd.long == sd.short:
			share = math.Copysign(it.quantity/2, it.quantity*n)
		}
		alloc[i] += share * rate
	}
	return total
}

// basisLegs lists the account's legs in order of first appearance, with
// each delta-1 item's leg index (of; −1 for other items).
func (a *account) basisLegs() ([]legNet, []int) {
	index := map[basisLeg]int{}
	var legs []legNet
	of := make([]int, len(a.items))
	for i := range a.items {
		it := &a.items[i]
		of[i] = -1
		if it.kind != kindPerp && it.kind != kindFuture {
			continue
		}
		key := basisLeg{it.asset, it.venue}
		k, ok := index[key]
		if !ok {
			k = len(legs)
			index[key] = k
			legs = append(legs, legNet{leg: key})
		}
		legs[k].net += it.quantity
		if it.kind == kindFuture {
			legs[k].years = math.Max(legs[k].years, it.inst.years)
		}
		of[i] = k
	}
	return legs, of
}
