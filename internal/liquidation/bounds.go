// The liquidation engine's magnitude bound. The engine moves exact decimals
// of at most 40 integer digits (money.Decimal) in units of the book's
// assets: holdings, sums, penalties and the conversion of a USD value into
// units of the asset that pays it (a venue's settlement asset, the unified
// cash asset). The contracts admit quantities to 1e15 and amounts and
// prices to 1e30, so one holding could be worth 1e60 USD, or 1e48 units of
// an asset priced at 1e-18, and its arithmetic had no representation (it
// panicked). So every holding of a book the engine runs on is worth at most
// MaxNotionalUSD, and at most MaxNotionalUSD units of each asset the book
// values in; a book beyond is an input error naming the holding's field,
// checked before any work.
package liquidation

import (
	"fmt"
	"math"
	"math/big"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// MaxNotionalUSD bounds a holding's value in a liquidation, in USD and in
// units of each asset of the book: the contract's 1e30 for amounts. A
// book's holdings (within portfolio's limits) then sum far inside the
// exact decimals' 1e40.
const MaxNotionalUSD = 1e30

var maxNotional = new(big.Rat).SetFloat64(MaxNotionalUSD)

// checkMagnitudes refuses a book with a holding worth more than the bound
// (magnitudeLimit): a collateral or lending amount × its asset's price, a
// derivative's |quantity| × its underlying's price, × its entry price and,
// for an option, × its strike. A holding is valued at the larger of the
// market's and the venue's own price. Errors: *input.Error at the amount or
// quantity.
func checkMagnitudes(book *portfolio.Portfolio, m *market.Snapshot) error {
	limit, cheapest, cheapestPrice := magnitudeLimit(book, m)
	check := func(path string, size money.Decimal, price *big.Rat, what string) error {
		n := new(big.Rat).Mul(size.Abs().Rat(), price)
		if n.Cmp(limit) <= 0 {
			return nil
		}
		usd, _ := n.Float64()
		msg := "is worth %.3g USD at its %s: a liquidation takes holdings worth at most 1e30 USD"
		if cheapest == "" {
			return input.Invalid(path, size.String(), msg, usd, what)
		}
		return input.Invalid(path, size.String(), msg+" and 1e30 units of each asset of the book (%s at %.3g USD)",
			usd, what, cheapest, cheapestPrice)
	}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		for ci, c := range v.Collateral {
			if err := check(fmt.Sprintf("%s.collateral[%d].amount", v.Path, ci), c.Amount, priceOf(m, v.ID, c.Asset, true), c.Asset+" price"); err != nil {
				return err
			}
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			base := fmt.Sprintf("%s.positions[%d]", v.Path, pi)
			if !p.Kind.IsDerivative() {
				if err := check(base+".amount", p.Amount, priceOf(m, v.ID, p.Asset, true), p.Asset+" price"); err != nil {
					return err
				}
				continue
			}
			q := base + ".quantity"
			if err := check(q, p.Quantity, priceOf(m, v.ID, p.Underlying, true), p.Underlying+" price"); err != nil {
				return err
			}
			if p.HasEntry {
				if err := check(q, p.Quantity, p.EntryPrice.Rat(), "entry_price"); err != nil {
					return err
				}
			}
			if p.Kind == portfolio.KindOption {
				if err := check(q, p.Quantity, p.Strike.Rat(), "strike"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// magnitudeLimit is the largest USD value a holding may have: 1e30 USD,
// and 1e30 units of the cheapest asset the book names or settles in (its
// holdings, the venues' settlement assets, the unified cash asset), at
// the smaller of the market's and the venue's price. It returns that
// asset and price when it lowers the limit.
func magnitudeLimit(book *portfolio.Portfolio, m *market.Snapshot) (*big.Rat, string, float64) {
	limit, cheapest := maxNotional, ""
	consider := func(venueID, asset string) {
		p := priceOf(m, venueID, asset, false)
		if p.Sign() <= 0 {
			return // not priced: portfolio.Check refuses it, or the engine never converts into it
		}
		if l := new(big.Rat).Mul(maxNotional, p); l.Cmp(limit) < 0 {
			limit, cheapest = l, asset
		}
	}
	if cash := cashAssetOf(m); cash != "" {
		consider("", cash)
	}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		consider(v.ID, venue.Settlement(v, m))
		for _, c := range v.Collateral {
			consider(v.ID, c.Asset)
		}
		for pi := range v.Positions {
			consider(v.ID, v.Positions[pi].HoldingAsset())
		}
	}
	price, _ := new(big.Rat).Quo(limit, maxNotional).Float64()
	return limit, cheapest, price
}

// priceOf is the market's exact price of the asset and the venue's own
// price of it (a float the market document gave), the larger when high is
// set, else the smaller; 0 for an asset the market does not price.
func priceOf(m *market.Snapshot, venueID, asset string, high bool) *big.Rat {
	a := m.Asset(asset)
	if a == nil {
		return new(big.Rat)
	}
	p := a.PriceExact.Rat()
	if vp, ok := m.VenuePrices[venueID][asset]; ok && vp > 0 && !math.IsInf(vp, 0) {
		r := new(big.Rat).SetFloat64(vp)
		if c := r.Cmp(p); high && c > 0 || !high && c < 0 {
			p = r
		}
	}
	return p
}
