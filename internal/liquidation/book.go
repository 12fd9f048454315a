// Editing a copy of a venue: collateral taken, debt repaid, positions
// reduced, cash credited. Decimals and their float64 twins stay in step.
package liquidation

import (
	"math/big"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// cloneVenue copies v deeply enough to edit its lists.
func cloneVenue(v *portfolio.Venue) *portfolio.Venue {
	c := *v
	c.Collateral = append([]portfolio.Collateral(nil), v.Collateral...)
	c.Positions = append([]portfolio.Position(nil), v.Positions...)
	return &c
}

// cloneBook copies every venue of the book.
func cloneBook(b *portfolio.Portfolio) *portfolio.Portfolio {
	c := &portfolio.Portfolio{Account: b.Account, Venues: make([]portfolio.Venue, len(b.Venues))}
	for i := range b.Venues {
		c.Venues[i] = *cloneVenue(&b.Venues[i])
	}
	return c
}

func unitsDecimal(x *uint256.Int, decimals uint8) money.Decimal {
	return money.MustDecimal(unitsText(x, decimals))
}

func minDecimal(a, b money.Decimal) money.Decimal {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// takeCollateral removes amount of asset from the venue's collateral
// entries, in order.
func takeCollateral(v *portfolio.Venue, asset string, amount money.Decimal) {
	for i := range v.Collateral {
		c := &v.Collateral[i]
		if c.Asset != asset || amount.Sign() <= 0 {
			continue
		}
		take := minDecimal(c.Amount, amount)
		c.Amount = subDecimal(c.Amount, take)
		c.AmountF = c.Amount.Float64()
		amount = subDecimal(amount, take)
	}
}

// repayBorrow lowers the venue's borrow positions of asset by amount.
func repayBorrow(v *portfolio.Venue, asset string, amount money.Decimal) {
	for i := range v.Positions {
		p := &v.Positions[i]
		if p.Kind != portfolio.KindBorrow || p.Asset != asset || amount.Sign() <= 0 {
			continue
		}
		take := minDecimal(p.Amount, amount)
		p.Amount = subDecimal(p.Amount, take)
		p.AmountF = p.Amount.Float64()
		amount = subDecimal(amount, take)
	}
}

// addCollateral credits amount of asset to the venue (its first entry of the
// asset, else a new entry).
func addCollateral(v *portfolio.Venue, asset string, amount money.Decimal) {
	if amount.Sign() <= 0 {
		return
	}
	for i := range v.Collateral {
		c := &v.Collateral[i]
		if c.Asset == asset {
			c.Amount = addDecimal(c.Amount, amount)
			c.AmountF = c.Amount.Float64()
			return
		}
	}
	v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: asset, Amount: amount, AmountF: amount.Float64()})
}

// scaleCollateral keeps (1 − f) of every collateral entry and returns what
// was taken per entry.
func scaleCollateral(v *portfolio.Venue, f *big.Rat, decimals func(string) uint8) []money.Decimal {
	keep := new(big.Rat).Sub(big.NewRat(1, 1), f)
	out := make([]money.Decimal, len(v.Collateral))
	for i := range v.Collateral {
		c := &v.Collateral[i]
		old := c.Amount
		c.Amount = ratDecimalCeil(new(big.Rat).Mul(old.Rat(), keep), int(decimals(c.Asset)))
		c.AmountF = c.Amount.Float64()
		out[i] = subDecimal(old, c.Amount)
	}
	return out
}

// removeEmptyPositions drops positions of size zero (a closed position).
func removeEmptyPositions(v *portfolio.Venue) {
	kept := v.Positions[:0]
	for _, p := range v.Positions {
		if (p.Kind.IsDerivative() && p.Quantity.Sign() == 0) || (!p.Kind.IsDerivative() && p.Amount.Sign() == 0) {
			continue
		}
		kept = append(kept, p)
	}
	v.Positions = kept
}
