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

// shortOptionContingency charges ShortOptionContingency × spot per net short
// option, netted account-wide (across venues) per underlying, expiry and
// strike, calls against puts (Derive's size, Deribit's netting). Each option
// of a net-short series is allocated −rate × quantity: shorts pay, longs of
// the same series earn back, and the allocations sum to the charge.
func (a *account) shortOptionContingency(alloc []float64) float64 {
	index := map[optionSeries]int{}
	var net []float64
	of := make([]int, len(a.items))
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindOption {
			continue
		}
		key := optionSeries{it.asset, it.expiryUnix, it.strike}
		k, ok := index[key]
		if !ok {
			k = len(net)
			index[key] = k
			net = append(net, 0)
		}
		net[k] += it.quantity
		of[i] = k
	}
	var total float64
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindOption || net[of[i]] >= 0 {
			continue
		}
		rate := a.rp.ShortOptionContingency * it.spot
		alloc[i] += -rate * it.quantity
		total += -rate * it.quantity
	}
	return total
}

// basisLeg is the delta-1 (perp and future) quantity of one underlying at one venue.
type basisLeg struct {
	asset, venue int
}

// basisContingency charges, per underlying, the delta-1 size matched across
// venues × spot × max(BasisAnnualMove·T, BasisMinMove) (Deribit's roll
// shock). With net_v the perp-plus-future quantity on venue v, the matched
// size is min(Σ_v max(net_v, 0), Σ_v max(−net_v, 0)): a long on one venue
// hedged by a short on another. Legs on the same venue net first (the venue
// margins that spread itself).
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
	index := map[basisLeg]int{}
	var legs []basisLeg // in order of first appearance, for deterministic sums
	var net []float64
	of := make([]int, len(a.items))
	nAssets := len(a.set.Assets)
	years := make([]float64, nAssets)
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindPerp && it.kind != kindFuture {
			continue
		}
		key := basisLeg{it.asset, it.venue}
		k, ok := index[key]
		if !ok {
			k = len(net)
			index[key] = k
			legs = append(legs, key)
			net = append(net, 0)
		}
		net[k] += it.quantity
		of[i] = k
	}
	if len(net) == 0 {
		return 0
	}
	long, short := make([]float64, nAssets), make([]float64, nAssets)
	for k, key := range legs {
		if net[k] > 0 {
			long[key.asset] += net[k]
		} else {
			short[key.asset] -= net[k]
		}
	}
	for i := range a.items {
		it := &a.items[i]
		if it.kind == kindFuture && net[of[i]] != 0 {
			years[it.asset] = math.Max(years[it.asset], it.years)
		}
	}
	var total float64
	for i := range a.items {
		it := &a.items[i]
		if it.kind != kindPerp && it.kind != kindFuture {
			continue
		}
		l, s, n := long[it.asset], short[it.asset], net[of[i]]
		if l == 0 || s == 0 || n == 0 {
			continue
		}
		rate := it.spot * math.Max(a.rp.BasisAnnualMove*years[it.asset], a.rp.BasisMinMove)
		var share float64
		switch {
		case l < s && n > 0:
			share = it.quantity
		case s < l && n < 0:
			share = -it.quantity
		case l == s:
			share = math.Copysign(it.quantity/2, it.quantity*n)
		}
		alloc[i] += share * rate
		total += share * rate
	}
	return total
}
