// The reconciliation of unified margin with a venue's own margin on a book
// held wholly at that venue (DESIGN.md, Report.Reconciliation): the same
// book, the venue's requirement split as the venue splits it, the unified
// one split into its scenario part — measured in the venue's numeraire and
// in USD — and each unified add-on.
package margin

import (
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// soleVenue returns the index of the only venue of book that holds
// anything (collateral or positions), or −1 when none or several do.
func soleVenue(book *portfolio.Portfolio) int {
	sole := -1
	for vi := range book.Venues {
		v := &book.Venues[vi]
		if len(v.Collateral)+len(v.Positions) == 0 {
			continue
		}
		if sole >= 0 {
			return -1
		}
		sole = vi
	}
	return sole
}

// reconcile builds the reconciliation of venue vi's result r with the
// unified result u of account a.
func reconcile(a *account, u *unifiedResult, vi int, r *venue.Result) *Reconciliation {
	v := &a.book.Venues[vi]
	rec := &Reconciliation{Venue: v.ID, Model: v.Model, Numeraire: "USD", VenueInitial: r.Initial,
		VenueScenario: r.Scenario, VenueAddOns: []venue.Part{},
		Liquidity: u.unified.Components.Liquidity, ShortOption: u.shortOption, Basis: u.basis,
		UnifiedInitial: u.unified.Initial}
	rest := r.Initial - r.Scenario
	for _, p := range r.AddOns {
		rec.VenueAddOns = append(rec.VenueAddOns, p)
		rest -= p.USD
	}
	if len(r.AddOns) == 0 && rest != 0 { // a rule-based venue: its whole requirement
		rec.VenueAddOns = append(rec.VenueAddOns, venue.Part{Name: "rules", USD: rest})
	}
	scenarioUSD := u.unified.Components.Scenario
	inNumeraire := scenarioUSD
	if r.Native != nil {
		rec.Numeraire = r.Native.Currency
		if c, ok := a.set.Index(r.Native.Currency); ok {
			inNumeraire = a.worstIn(c, a.pnl())
		}
	}
	rec.NumeraireEffect = scenarioUSD - inNumeraire
	rec.ScenarioSet = inNumeraire - r.Scenario
	return rec
}

// worstIn is the unified worst counted loss measured in coin c (a set
// index), in USD at today's price. In a requirement scenario where c
// returns r and the account's USD value V moves by ΔV, the account is
// worth (V + ΔV)/(S·(1 + r)) coins against V/S today: a loss of
// (r·V − ΔV)/(1 + r) in today's USD. Coin collateral (ΔV = r·V) loses
// nothing in its own coin. Counted × the scenario's fraction, floored at 0,
// over the book's requirement scenarios, as the USD worst loss is.
func (a *account) worstIn(c int, pnl []float64) float64 {
	var value float64
	for i := range a.items {
		value += a.items[i].value
	}
	worst := 0.0
	for _, id := range a.mask.IDs() {
		s := int(id)
		sc := &a.set.Scenarios[s]
		if !sc.InRequirement {
			continue
		}
		var ret float64
		if mv, ok := a.set.MoveOf(c, s); ok {
			ret = mv.Return
		}
		if l := sc.Fraction * (ret*value - pnl[s]) / (1 + ret); l > worst {
			worst = l
		}
	}
	return worst
}
