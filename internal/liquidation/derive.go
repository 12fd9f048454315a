// Derive (Lyra v2): the Dutch auction (DutchAuction.sol; parameters
// scripts/config-mainnet.sol; defi-venues.md §4.3).
//
// "Now" is the moment the auction opens: the discount is its starting value
// 0.95 (it then falls linearly to 0.70 over 15 minutes and to 0 over 12
// hours; a later bid would take the same fraction at a lower price). With
// Derive's maintenance margin MM = equity − maintenance (< 0), MTM = equity:
//
//	BM = MM + 0.15·(MM − MTM)            buffer margin; the auction ends when BM ≥ 0
//	f  = BM / (BM − MTM·d)               the portion a bidder may take (reserved cash 0)
//	price = MTM·d·f                      paid to the account in cash
//	fee   = f(d=1)·|MTM|·0.10            to the security module, at the start
//
// An account with MTM < 0 is insolvent: the security module pays the
// bidder to take the whole portfolio (the price rises from MTM to MM over
// 60 minutes; at the start it is MTM), and that payment is bad debt.
package liquidation

import (
	"math"
	"math/big"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

const (
	deriveStartDiscount   = 0.95
	deriveBufferMargin    = 0.15
	deriveLiquidatorFee   = 0.10
	deriveFractionDecimal = 6 // the fraction is taken to 6 decimals, rounded up
)

// DeriveAuction is the solvent auction's figures for MTM ≥ 0 and MM < 0.
func DeriveAuction(mtm, mm, discount float64) (fraction, price, fee float64) {
	bm := mm + deriveBufferMargin*(mm-mtm)
	fraction = math.Min(1, bm/(bm-mtm*discount))
	f1 := math.Min(1, bm/(bm-mtm))
	return fraction, mtm * discount * fraction, f1 * math.Abs(mtm) * deriveLiquidatorFee
}

func liquidateDerive(v *portfolio.Venue, m *market.Snapshot, out *Venue) error {
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
	fraction, price, fee := DeriveAuction(mtm, mm, deriveStartDiscount)
	f := ratDecimalCeil(new(big.Rat).SetFloat64(fraction), deriveFractionDecimal).Rat()
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
	bv := portfolio.Venue{Collateral: b.coll}
	taken := scaleCollateral(&bv, f, func(s string) uint8 { return m.Asset(s).Decimals })
	for j, c := range bv.Collateral {
		if taken[j].Sign() > 0 {
			out.Actions = append(out.Actions, Action{Kind: KindAuction, Asset: c.Asset, Amount: taken[j].String()})
			out.SoldUSD += taken[j].Float64() * m.VenueSpot(v.ID, c.Asset)
		}
	}
	b.coll = bv.Collateral
	cash := b.cashAsset()
	feeAmount := floatAmount(fee/m.VenueSpot(v.ID, cash), m.Asset(cash).Decimals, true)
	out.Actions = append(out.Actions, Action{Kind: KindFee, Asset: cash, Amount: feeAmount.String()})
	short := b.credit(price - feeAmount.Float64()*m.VenueSpot(v.ID, cash))
	out.Notes = append(out.Notes, "Dutch auction at its start (discount 0.95): the bidder takes the fraction "+
		ratDecimalCeil(f, deriveFractionDecimal).String()+" of every position and collateral for MTM·0.95·f in cash")
	return b.finish(out, short, KindInsuranceFund, "shortfall: the security module")
}
