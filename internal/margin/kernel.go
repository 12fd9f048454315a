// The unified kernel: the unified figures of one book from its items on a
// compiled market, with no allocation (every buffer lives in a reusable
// kernelScratch). It is the one computation of the unified requirement:
// Compute and Prepare call it for one book (and add the report's extras:
// scenario names, attribution, Greeks, warnings), bulk re-margin calls it
// for every account of a population (Population.Remargin).
//
//	initial     = worst counted loss over the book's requirement scenarios
//	            + liquidity add-on over the roots' net USD deltas
//	            + short-option and basis contingencies
//	maintenance = MaintenanceFraction × initial
//	equity      = haircut collateral + Σ the other items' values
package margin

import (
	"math"
	"slices"
)

// kernelScratch is the kernel's working memory, sized for one compiled
// market on first use and reused across books (one per goroutine).
type kernelScratch struct {
	pnl      []float64 // per set scenario
	sums     pnlScratch
	deltaUSD []float64 // per set asset (roots carry the exposure)
	roots    []int32   // roots with an exposure, in first-touch order
	series   []seriesNet
	slots    []int32 // series table: index+1 into series, 0 empty
	legs     []legNet
	terms    []basisTerm
	byAsset  []float64   // collateral value per set asset (tiers)
	assets   []int32     // assets with collateral, in first-touch order
	items    []item      // a population book's items (Population.margin)
	plan     []seriesNet // planOf's series
	planned  []seriesNet // the series of the book being margined, when planned (unifiedPlanned)
}

// seriesNet is one option series' net quantity (short-option contingency).
type seriesNet struct {
	net   float64
	first int32 // the item that opened it (its key is that item's)
	slot  int32 // its slot in kernelScratch.slots (−1: a plan's, in no table)
	asset int32 // its underlying (set index)
}

// bookPlan is what of a book's unified figures its items' instruments and
// quantities fix whatever the market: its option series' nets, in order
// of first appearance (summed in item order by addSeries), and whether the
// delta-1 legs of some underlying are two-sided (legNet.parts reads
// quantities only), without which the basis charge is exactly +0
// (basisTotal lays no term out). A population keeps each book's plan
// (planOf, once per book and after its quantities change), so that a
// re-margin gathers only what the market moves; the figures are bit for
// bit those of gathering everything (the same sums in the same order).
type bookPlan struct {
	series []seriesNet
	basis  bool
}

// planOf is items' plan, its series in s (valid until the next planOf on
// s; s is otherwise left clean).
func (c *Compiled) planOf(items []item, s *kernelScratch) bookPlan {
	p := bookPlan{series: s.plan[:0]}
	for i := range items {
		if items[i].kind == kindOption {
			s.addSeries(items, int32(i))
		}
	}
	for _, sn := range s.series {
		s.slots[sn.slot] = 0
		sn.slot = -1
		p.series = append(p.series, sn)
	}
	s.plan = p.series
	s.series = s.series[:0]
	s.legs = appendBasisLegs(s.legs[:0], items, nil)
	for k, l := range s.legs {
		if twoSided(s.legs[k:], l.leg.asset) {
			p.basis = true
		}
	}
	return p
}

// gathered is what gather found over a book's items (gatherBook): the
// state the kernel resumes from to margin the book with more items after
// them (figuresAfter: a what-if's trade), copied out of a scratch.
type gathered struct {
	n        int // items gathered
	roots    []int32
	deltaUSD []float64 // per root, in roots' order
	series   []seriesNet
	slots    []int32
	assets   []int32
	byAsset  []float64 // per asset, in assets' order
	legs     []legNet  // the items' basis legs
	basis    float64   // their charge (basisTotal)
}

// gatherBook gathers items (a book's) into a fresh state.
func (c *Compiled) gatherBook(items []item) *gathered {
	var s kernelScratch
	s.size(c)
	g := &gathered{n: len(items)}
	if c.gather(items, 0, true, &s) {
		s.legs = appendBasisLegs(nil, items, nil)
		g.legs, g.basis = s.legs, c.basisTotal(&s)
	}
	g.roots, g.series, g.assets = s.roots, s.series, s.assets
	g.slots = s.slots
	for _, r := range s.roots {
		g.deltaUSD = append(g.deltaUSD, s.deltaUSD[r])
	}
	for _, a := range s.assets {
		g.byAsset = append(g.byAsset, s.byAsset[a])
	}
	return g
}

// restore puts the gathered state into s, which must be clean (finish
// leaves it so): s then is as gather left it after the book's items.
func (g *gathered) restore(s *kernelScratch) {
	s.roots = append(s.roots[:0], g.roots...)
	for k, r := range g.roots {
		s.deltaUSD[r] = g.deltaUSD[k]
	}
	s.series = append(s.series[:0], g.series...)
	if len(g.series) > 0 { // else s.slots is clean: any size will do
		if len(s.slots) != len(g.slots) {
			s.slots = make([]int32, len(g.slots))
		}
		copy(s.slots, g.slots)
	}
	s.assets = append(s.assets[:0], g.assets...)
	for k, a := range g.assets {
		s.byAsset[a] = g.byAsset[k]
	}
}

// kernelResult is what the kernel finds: the unified figures, the worst
// scenario (−1 when none loses) and the contingency parts.
type kernelResult struct {
	u                  Unified
	worst              int
	shortOption, basis float64
}

func (s *kernelScratch) size(c *Compiled) {
	if len(s.pnl) != len(c.set.Scenarios) {
		s.pnl = make([]float64, len(c.set.Scenarios))
	}
	if len(s.deltaUSD) != len(c.set.Assets) {
		s.deltaUSD = make([]float64, len(c.set.Assets))
		s.byAsset = make([]float64, len(c.set.Assets))
	}
}

// unified computes the unified figures of items (one book, whose scenarios
// are mask) on c. WorstScenario.Name is left empty (the caller names it
// when it reports it).
func (c *Compiled) unified(items []item, mask *bookMask, s *kernelScratch) kernelResult {
	s.size(c)
	clear(s.pnl)
	c.addPnL(s.pnl, items, &s.sums)
	return c.figures(items, mask, s.pnl, s)
}

// unifiedPlanned is unified on items whose plan (planOf) is plan: their
// series are not gathered again, and their basis legs only when the plan
// says some underlying's are two-sided. The figures are unified's, bit for
// bit.
func (c *Compiled) unifiedPlanned(items []item, mask *bookMask, plan *bookPlan, s *kernelScratch) kernelResult {
	s.size(c)
	clear(s.pnl)
	c.addPnL(s.pnl, items, &s.sums)
	s.planned = plan.series // charged by finish in s.series' stead
	var basis float64
	c.gather(items, 0, false, s)
	if plan.basis {
		s.legs = appendBasisLegs(s.legs[:0], items, nil)
		basis = c.basisTotal(s)
	}
	return c.finish(items, mask, s.pnl, basis, s)
}

// figures is unified with the risk arrays of items already summed in pnl.
func (c *Compiled) figures(items []item, mask *bookMask, pnl []float64, s *kernelScratch) kernelResult {
	s.size(c)
	// one pass over the items gathers what the components need
	var basis float64
	if c.gather(items, 0, true, s) {
		s.legs = appendBasisLegs(s.legs[:0], items, nil)
		basis = c.basisTotal(s)
	}
	return c.finish(items, mask, pnl, basis, s)
}

// figuresAfter is figures on items whose first book.n are the items
// book was gathered from (gatherBook) and whose sums pnl holds: a
// what-if's book and its trade. It restores the book's gathered state and
// gathers only the items after it, which is exactly where gathering every
// item would be by then (gather walks items in order): the figures are
// bit for bit figures' on items.
func (c *Compiled) figuresAfter(items []item, book *gathered, mask *bookMask, pnl []float64, s *kernelScratch) kernelResult {
	s.size(c)
	book.restore(s)
	basis := book.basis // the same legs: no item after the book's is one
	if c.gather(items, book.n, true, s) {
		s.legs = appendBasisLegs(append(s.legs[:0], book.legs...), items[book.n:], nil)
		basis = c.basisTotal(s)
	}
	return c.finish(items, mask, pnl, basis, s)
}

// finish is the figures from the state gather left in s and the basis
// charge, leaving s clean for the next book.
func (c *Compiled) finish(items []item, mask *bookMask, pnl []float64, basis float64, s *kernelScratch) kernelResult {
	var r kernelResult
	u := &r.u

	// scenario: the worst over the book's requirement scenarios
	r.worst, u.Components.Scenario = c.worst(pnl, mask)
	u.WorstScenario.Loss = u.Components.Scenario

	// liquidity: each root's net USD delta through the one law, roots in
	// set order
	slices.Sort(s.roots)
	for _, root := range s.roots {
		x := s.deltaUSD[root]
		if x != 0 {
			l := &c.liquidity[root]
			u.Components.Liquidity += liquidityCost(abs(x), l.spread, l.impact)
		}
		s.deltaUSD[root] = 0
	}
	s.roots = s.roots[:0]

	// contingencies
	r.shortOption = c.shortOptionCharge(s)
	r.basis = basis
	u.Components.Contingency = r.shortOption + r.basis

	u.Initial = u.Components.Scenario + u.Components.Liquidity + u.Components.Contingency
	u.Maintenance = c.rp.MaintenanceFraction * u.Initial
	u.CollateralValue = c.collateralCounted(items, s)
	equity := u.CollateralValue // a local: the sum stays in a register
	for i := range items {
		if it := &items[i]; it.kind != kindCollateral {
			equity += it.value
		}
	}
	u.Equity = equity
	u.Excess = u.Equity - u.Initial
	u.Liquidatable = u.Equity < u.Maintenance
	return r
}

// worst returns the scenario with the largest counted loss −pnl×fraction
// among the book's requirement scenarios (the first one on ties) and that
// loss; −1 and 0 when no scenario loses. The vector kernel finds both
// over the mask's fractions (maxLoss: 0 outside the book's requirement
// scenarios).
func (c *Compiled) worst(pnl []float64, mask *bookMask) (int, float64) {
	loss, at := maxLoss(pnl, mask.fraction[:len(pnl)])
	if loss <= 0 {
		return -1, 0
	}
	return at, loss
}

// worstByVol returns the worst counted loss over the book's requirement
// scenarios in each vol column (index: down 0, none 1, up 2; 0 when none
// loses).
func (c *Compiled) worstByVol(pnl []float64, mask *bookMask) [3]float64 {
	var out [3]float64
	for k := range out {
		out[k], _ = maxLoss(pnl, mask.byVol[k])
	}
	return out
}

// noColumnWorse reports whether after's worst loss is no larger than
// before's in every vol column (up to float64 rounding).
func noColumnWorse(before, after [3]float64) bool {
	for k := range before {
		if after[k] > before[k]+1e-9*max(before[k], 1) {
			return false
		}
	}
	return true
}

// gather is the kernel's one pass over the items from from on (the ones
// before it gathered into s already, or none), in item order: each
// item's USD delta added to its roots (by Beta: a wrapper's delta spreads
// over its backing) in s.deltaUSD, listing the roots touched; each
// option's quantity added to its series' net (s.series, in order of first
// appearance); each collateral entry's value added to its asset's
// (s.byAsset, listing the assets). It reports whether any item is a perp
// or a future (a basis leg). Without series it leaves the options' series
// alone (a plan's are in s.series already: unifiedPlanned).
func (c *Compiled) gather(items []item, from int, series bool, s *kernelScratch) (legs bool) {
	for i := from; i < len(items); i++ {
		it := &items[i]
		for _, b := range c.roots[it.asset] {
			if s.deltaUSD[b.Asset] == 0 && !containsRoot(s.roots, int32(b.Asset)) {
				s.roots = append(s.roots, int32(b.Asset))
			}
			s.deltaUSD[b.Asset] += it.delta * b.Beta
		}
		switch it.kind {
		case kindOption:
			if series {
				s.addSeries(items, int32(i))
			}
		case kindPerp, kindFuture:
			legs = true
		case kindCollateral:
			if s.byAsset[it.asset] == 0 && !containsRoot(s.assets, it.asset) {
				s.assets = append(s.assets, it.asset)
			}
			s.byAsset[it.asset] += it.value
		}
	}
	return legs
}

func containsRoot(roots []int32, r int32) bool {
	for _, x := range roots {
		if x == r {
			return true
		}
	}
	return false
}

// addSeries adds option items[i]'s quantity to its series' net. Series
// are found through a small open-addressing table (s.slots), so a book of
// n options costs O(n), not the O(n²) of a list search; a series is kept
// as the item that opened it (its key is that item's).
func (s *kernelScratch) addSeries(items []item, i int32) {
	if 2*(len(s.series)+1) > len(s.slots) {
		s.growSlots(items)
	}
	key := seriesOf(&items[i])
	mask := uint64(len(s.slots) - 1)
	h := key.hash() & mask
	for {
		k := s.slots[h] - 1
		if k < 0 {
			s.slots[h] = int32(len(s.series)) + 1
			s.series = append(s.series, seriesNet{first: i, slot: int32(h), asset: items[i].asset})
			k = int32(len(s.series)) - 1
		} else if seriesOf(&items[s.series[k].first]) != key {
			h = (h + 1) & mask
			continue
		}
		s.series[k].net += items[i].quantity
		return
	}
}

// seriesOf is an option item's series.
func seriesOf(it *item) optionSeries {
	return optionSeries{it.asset, it.inst.key.expiryUnix, it.inst.key.strike}
}

// shortOptionCharge is Σ seriesCharge over the option series gathered
// (gather) or planned (unifiedPlanned: s.planned, when s.series is empty),
// in order of first appearance, and empties the series table.
func (c *Compiled) shortOptionCharge(s *kernelScratch) float64 {
	var total float64
	for _, sn := range s.series {
		total += c.rp.seriesCharge(sn.net, c.spot[sn.asset])
		s.slots[sn.slot] = 0
	}
	for _, sn := range s.planned {
		total += c.rp.seriesCharge(sn.net, c.spot[sn.asset])
	}
	s.series, s.planned = s.series[:0], nil
	return total
}

// growSlots doubles the series table (at least 64 slots), rehashing the
// series found so far.
func (s *kernelScratch) growSlots(items []item) {
	s.slots = make([]int32, max(64, 2*len(s.slots)))
	mask := uint64(len(s.slots) - 1)
	for k := range s.series {
		h := seriesOf(&items[s.series[k].first]).hash() & mask
		for s.slots[h] != 0 {
			h = (h + 1) & mask
		}
		s.slots[h] = int32(k) + 1
		s.series[k].slot = int32(h)
	}
}

// hash mixes the series' fields (any well-spread 64-bit value will do:
// equality decides).
func (o optionSeries) hash() uint64 {
	h := uint64(o.asset)*0x9e3779b97f4a7c15 ^ uint64(o.expiry)*0xc2b2ae3d27d4eb4f ^ math.Float64bits(o.strike)*0x165667b19e3779f9
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}

// basisTotal is Σ basisCharge over the underlyings of the delta-1 legs in
// s.legs.
// An underlying whose legs are all long (or all short) after each venue's
// netting is charged exactly +0 (every min(L_i, S_i) is 0, and +0 plus ±0
// is +0), so its terms are not laid out: a single venue's legs, the common
// case, cost one pass over them.
func (c *Compiled) basisTotal(s *kernelScratch) float64 {
	var total float64
	for k, l := range s.legs {
		first := true
		for _, prev := range s.legs[:k] {
			first = first && prev.leg.asset != l.leg.asset
		}
		if !first || !twoSided(s.legs[k:], l.leg.asset) {
			continue
		}
		s.terms = c.rp.appendBasisTerms(s.terms, s.legs, l.leg.asset, c.spot[l.leg.asset])
		total += chargeOf(s.terms)
	}
	return total
}

// twoSided reports whether the legs on asset have both a long and a short
// part.
func twoSided(legs []legNet, asset int32) bool {
	var long, short bool
	for i := range legs {
		if legs[i].leg.asset != asset {
			continue
		}
		parts := legs[i].parts()
		for _, p := range parts.all() {
			long, short = long || p.size > 0, short || p.size < 0
		}
	}
	return long && short
}

// collateralCounted is the unified collateral value of items: Σ over
// collateral entries of value × tier ratio(asset) × haircut factor, the
// tier ratio taken on the book-wide value of that asset's entries (in
// s.byAsset, from gather), which it clears.
func (c *Compiled) collateralCounted(items []item, s *kernelScratch) float64 {
	if len(s.assets) == 0 {
		return 0 // no collateral entry
	}
	var total float64
	for i := range items {
		if it := &items[i]; it.kind == kindCollateral {
			total += it.value * c.tierRatio(it.asset, s.byAsset[it.asset]) * it.haircut
		}
	}
	for _, a := range s.assets {
		s.byAsset[a] = 0
	}
	s.assets = s.assets[:0]
	return total
}

// tierRatio is tiered(v)/v for the asset's tiers (1 without tiers or value).
func (c *Compiled) tierRatio(asset int32, v float64) float64 {
	tiers := c.tiers[asset]
	if len(tiers) == 0 || v <= 0 {
		return 1
	}
	return tiered(v, tiers) / v
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
