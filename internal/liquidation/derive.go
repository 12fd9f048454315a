// MechAuction (Derive, Lyra v2): the Dutch auction at its start, with the
// rule's figures (venue.Auction; Derive's are in internal/venue/derive).
// "Now" is the moment the auction opens, at the start discount d. With the
// venue's maintenance margin MM = equity − maintenance (< 0), MTM = equity
// (venue.Auction.Start):
//
//	BM = MM + buffer·(MM − MTM)          buffer margin; the auction ends when BM ≥ 0
//	f  = BM / (BM − MTM·d)               the portion a bidder may take (reserved cash 0)
//	price = MTM·d·f                      paid to the account in cash
//	fee   = f(d=1)·|MTM|·fee_rate        to the security module, at the start
//
// SoldUSD counts the bidder's share of the positions (and of any non-cash
// collateral) at the venue's price; the share of the cash asset the bidder
// takes with it is not a sale.
//
// An account with MTM < 0 is insolvent: the security module pays the
// bidder to take the whole portfolio (the price rises from MTM to MM over
// 60 minutes; at the start it is MTM), and that payment is bad debt.
package liquidation

import (
	"fmt"
	"math"
	"math/big"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

func liquidateAuction(v *portfolio.Venue, m *market.Snapshot, rule venue.Liquidation, out *Venue) error {
	auction := rule.Auction
	b, r, liquidatable, err := openLiquidatable(v, m, out)
	if err != nil || !liquidatable {
		return err
	}
	mtm, mm := r.Equity, r.Equity-r.Maintenance
	if mtm < 0 {
		for _, i := range b.open() {
			out.Actions = append(out.Actions, Action{Kind: KindAuction, Asset: instrument(&v.Positions[i]),
				Amount: b.qty[i].Abs().String()})
			out.SoldUSD += b.notional(i)
		}
		for _, c := range v.Collateral {
			out.Actions = append(out.Actions, Action{Kind: KindAuction, Asset: c.Asset, Amount: c.Amount.String()})
		}
		out.BadDebtUSD = -mtm
		out.Actions = append(out.Actions, Action{Kind: KindInsuranceFund, Asset: "USD", Amount: usdText(-mtm)})
		out.Notes = append(out.Notes, "insolvent auction: the security module pays the bidder to take the "+
			"whole portfolio; beyond its cash, losses are socialised through the cash asset")
		return nil
	}
	fraction, price, fee := auction.Start(mtm, mm)
	f := ratDecimalCeil(new(big.Rat).SetFloat64(fraction), auction.FractionDecimals).Rat()
	if f.Cmp(big.NewRat(1, 1)) > 0 {
		f = big.NewRat(1, 1)
	}
	keep := new(big.Rat).Sub(big.NewRat(1, 1), f)
	for _, i := range b.open() {
		old := b.qty[i]
		b.qty[i] = scaleDecimal(old, keep, maxScale)
		sold := subDecimal(old, b.qty[i]).Abs()
		out.Actions = append(out.Actions, Action{Kind: KindAuction, Asset: instrument(&v.Positions[i]), Amount: sold.String()})
		out.SoldUSD += sold.Float64() * m.VenueSpot(v.ID, v.Positions[i].Underlying)
	}
	cash := b.cashAsset()
	bv := portfolio.Venue{Collateral: b.coll}
	taken := scaleCollateral(&bv, f, func(s string) uint8 { return m.Asset(s).Decimals })
	for j, c := range bv.Collateral {
		if taken[j].Sign() > 0 {
			out.Actions = append(out.Actions, Action{Kind: KindAuction, Asset: c.Asset, Amount: taken[j].String()})
			if c.Asset != cash { // the bidder's share of the cash is not a sale
				out.SoldUSD += taken[j].Float64() * m.VenueSpot(v.ID, c.Asset)
			}
		}
	}
	b.coll = bv.Collateral
	feeAmount := floatAmount(fee/m.VenueSpot(v.ID, cash), m.Asset(cash).Decimals, true)
	out.Actions = append(out.Actions, Action{Kind: KindFee, Asset: cash, Amount: feeAmount.String()})
	short := b.credit(price - feeAmount.Float64()*m.VenueSpot(v.ID, cash))
	out.Notes = append(out.Notes, fmt.Sprintf("%s (discount %g, f = %s)", rule.Note, auction.StartDiscount,
		ratDecimalCeil(f, auction.FractionDecimals).String()))
	kind, note := shortfallAction(rule.Shortfall)
	return b.finish(out, short, kind, note)
}

// fastAuction is MechAuction on a FastLeg, at the auction's start (as
// liquidateAuction): a solvent leg (MTM = equity ≥ 0) gives the bidder the
// share f of every position and of its cash for MTM·d·f, less the
// security module's fee (venue.Auction.Start); an insolvent one goes
// whole, its negative equity bad debt.
func fastAuction(l FastLeg, rule *venue.Liquidation) float64 {
	mtm := l.Equity()
	if mtm < 0 {
		return l.Settle()
	}
	f, price, fee := rule.Auction.Start(mtm, mtm-l.Maintenance())
	f = math.Min(f, 1)
	n := l.CloseAll(f) // the share's value is now cash: it goes to the bidder, who pays price
	l.Credit(price - f*mtm - fee)
	if !anyOpen(l) {
		n += l.Settle()
	}
	return n
}
