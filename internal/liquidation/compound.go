// Compound v3 (Comet), MechAbsorb: absorb takes all collateral and credits the account
// liquidationFactor of its value in the base asset; a shortfall is eaten by
// the protocol's reserves (compound.Absorb has the integer arithmetic).
package liquidation

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/compound"
)

func liquidateCompound(v *portfolio.Venue, m *market.Snapshot, rule venue.Liquidation, out *Venue) error {
	set, err := compound.ResolvedSet(v, m)
	if err != nil {
		return err
	}
	res, err := compound.Absorb(v, m)
	if errors.Is(err, compound.ErrNotLiquidatable) {
		return nil
	}
	if err != nil {
		return err
	}
	out.Liquidatable = true
	for _, s := range res.Seized {
		dec := set.Assets[s.Asset].Decimals
		out.Actions = append(out.Actions, Action{Kind: KindAbsorb, Asset: s.Asset, Amount: unitsText(&s.Amount, dec)})
		out.SoldUSD += s.ValueE8.Float64() / 1e8
	}
	repaid := new(uint256.Int).Set(&res.DeltaBalance)
	if repaid.Gt(&res.OldBalance) {
		repaid.Set(&res.OldBalance)
	}
	out.Actions = append(out.Actions, Action{Kind: KindRepay, Asset: set.Base, Amount: unitsText(repaid, set.BaseDecimals)})
	if !res.NewBalance.IsZero() {
		out.Actions = append(out.Actions, Action{Kind: KindCredit, Asset: set.Base,
			Amount: unitsText(&res.NewBalance, set.BaseDecimals)})
	}
	if !res.ReservesLoss.IsZero() {
		out.Actions = append(out.Actions, Action{Kind: KindInsuranceFund, Asset: set.Base,
			Amount: unitsText(&res.ReservesLoss, set.BaseDecimals)})
		out.BadDebtUSD = unitsFloat(&res.ReservesLoss, set.BaseDecimals) * m.VenueSpot(v.ID, set.Base)
	}
	out.Notes = append(out.Notes, rule.Note)
	return nil
}

// fastAbsorb is Comet's absorb on a FastLeg: every collateral unit goes to
// the protocol, which credits (1 − penalty) of its value at the venue's
// price (liquidationFactor) against the debt and sells it on through
// buyCollateral; the leg then settles (a shortfall falls on the reserves,
// a surplus stays with the account as cash).
func fastAbsorb(l FastLeg, rule *venue.Liquidation) float64 {
	n := 0.0
	for a := range l.Assets() {
		if u := l.Units(a); u > 0 {
			l.Credit(u * l.Price(a) * (1 - rule.Penalty))
			n += l.Seize(a, u, 0)
		}
	}
	return n + l.Settle()
}
