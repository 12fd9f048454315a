// The unified engine's sale budget under hub and uct (DESIGN.md, Methods:
// Liquidation; liquidation.FastBook.Budget): the unified layer never sells
// more than the account's isolated venues together would sell now on the
// same book, as the exact engine (liquidation.Run: budget = Σ the venues'
// SoldUSD, budget_bound when it stops there).
//
// Shadow legs. Each hub or uct simulation keeps every account's legs as
// the isolated architecture builds them (buildIsolated: the same domains,
// rules and oracles) in a scratch simulator of its own, shadow. A unified
// clip closes the same share of the same asset of every leg of the account
// (closeAsset: the value stays at the leg's venue, as the exact engine
// settles a clip's proceeds at the venue, repaying its borrows first), a
// resize or a close-out the same share of everything, so the legs are the
// account's book per venue as the unified clips have left it (Σ of the
// legs' units is the unified domain's units: TestShadowLegsFollowClips).
// The budget is what each leg's own rule would sell now, run by the
// isolated architecture's own code (liquidateIsolated: liquidation.Fast
// through legView) on a copy of every leg below its venue's maintenance
// (sim.below); the leg itself never changes there, except for the order
// its venue sent, which counts against the rule's cooldown in the step
// (Hyperliquid: one order per 30 s; resume resets it, as for the
// isolated legs).
//
// Parking. An account below unified maintenance whose legs are all at or
// above their venues' maintenance has a budget of 0: the engine does
// nothing unless its equity is ≤ 0 (the close-out is not capped). It waits
// in the heaps, not in the dense list: at each leg's own crossing prices
// (placeLinear, placeQuadratic: the isolated architecture's thresholds for
// the same leg) and at the prices where screenRates' bound says its
// unified equity could first reach 0 (band). A leg the isolated
// architecture would re-check every round (several assets, or gamma it
// cannot solve) keeps the account in the dense list.
// TestHeapsMatchBruteForce checks parking against margining every account
// every round.
package cascade

import (
	"github.com/unimargin/unimargin/internal/venue"
)

// newShadow is the scratch simulator holding pop's legs for s (hub or uct)
// and where account i's legs start in it (lo[i] … lo[i+1]).
func newShadow(s *sim, pop *Population) (*sim, []int32) {
	sh := &sim{cfg: s.cfg, path: s.path, ref: s.ref, res: &Result{}, badBy: map[string]float64{}}
	sh.ds, _, _, _ = buildIsolated(pop)
	sh.applyOraclePolicy()
	lo := make([]int32, len(pop.Accounts)+1)
	for ai := range pop.Accounts {
		lo[ai+1] = lo[ai] + int32(len(pop.Accounts[ai].Legs))
	}
	return sh, lo
}

// legs is domain d's account's shadow legs, the shadow's prices set to the
// run's (d unified).
func (s *sim) legs(d *domain) []domain {
	sh := s.shadow
	sh.price, sh.oracle = s.price, s.oracle
	return sh.ds[s.legLo[d.acct]:s.legLo[d.acct+1]]
}

// sells says whether leg l's venue would liquidate it now (its rule acts,
// and the leg is below its venue's maintenance: the isolated run's test).
func (s *sim) sells(l *domain) bool {
	return l.rule.Mechanism != venue.MechNone && s.shadow.below(l)
}

// venueSales is the unified engine's sale budget for domain d's account:
// the USD notional its isolated venues would sell now, each leg's rule run
// by the isolated architecture's code on a copy of the leg.
func (s *sim) venueSales(d *domain) float64 {
	sh := s.shadow
	legs := s.legs(d)
	total := 0.0
	for li := range legs {
		if !s.sells(&legs[li]) {
			continue
		}
		cp := legs[li]
		n, _ := sh.liquidateIsolated(s.legLo[d.acct]+int32(li), &cp)
		total += n
		// the order the venue sent counts against its cooldown this step
		// (Hyperliquid: one per 30 s; resume resets the count)
		legs[li].orders = cp.orders
	}
	// the copies' other bookkeeping (their deferral, sales, bad debt) is
	// not the run's
	sh.deferred = sh.deferred[:0]
	if sh.err != nil {
		s.fail(sh.err)
	}
	return total
}

// closeLegs closes share f of asset a (a < 0: of everything) in every leg
// of domain d's account, as a unified clip (a resize, a close-out) closes
// it in the account's book.
func (s *sim) closeLegs(d *domain, a int, f float64) {
	legs := s.legs(d)
	for li := range legs {
		if a < 0 {
			s.shadow.closeAll(&legs[li], f)
		} else {
			s.shadow.closeAsset(&legs[li], a, f)
		}
	}
}

// idle says whether the unified engine would leave domain d's account
// alone although it is below maintenance: equity > 0 (no close-out) and
// no leg its venue would liquidate (a budget of 0). Its margin must be
// current (s.margin).
func (s *sim) idle(d *domain, equity float64) bool {
	if equity <= 0 {
		return false
	}
	legs := s.legs(d)
	for li := range legs {
		if s.sells(&legs[li]) {
			return false
		}
	}
	return true
}

// park files an idle unified domain i (idle) until the first price at
// which one of its legs' venues would liquidate it (the isolated
// thresholds of the leg) or its unified equity could reach 0 (band);
// false when a leg has no such threshold (the dense list re-checks it).
func (s *sim) park(i int32, d *domain, equity float64) bool {
	legs := s.legs(d)
	for li := range legs {
		if l := &legs[li]; l.rule.Mechanism != venue.MechNone && !s.placeLeg(i, l) {
			return false
		}
	}
	s.band(i, d, equity)
	s.res.parks++
	return true
}
