// Books: every account as the portfolio.json book the margin engine reads.
// A population file's account is its own document; a synthetic account's
// legs are written as the venues they model (perps entered at the start
// prices with the leg's equity as USDC collateral, lending legs as their
// collateral and borrows, the option writer's puts at Deribit). Each book
// ends with the account's cash: a custody venue holding USDC, 0 at the
// start, where a unified liquidation credits what it sells (and debits its
// penalty). Contract: the book's value at the start prices equals the
// legs' (up to the options' premium at the market's vols).
package cascade

import (
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

// CashVenue is the id of the venue every account's cash is held at.
const CashVenue = "cascade-cash"

// wstETHPerStETH is the embedded market's wrapping ratio (wstETH is worth
// 1.14512 stETH): a lending leg's stETH units are held as wstETH.
const wstETHPerStETH = 1.14512

// underlying names each modelled asset's derivatives.
var underlying = [NumAssets]string{"ETH", "BTC", "stETH"}

// legModels is the venue model each kind of leg is written as.
var legModels = [...]string{KindAave: "aave-v3", KindCompound: "compound-v3", KindHyperliquid: "hyperliquid",
	KindDYDX: "dydx-v4", KindReduce: "deribit-standard", KindClose: "gmx-v2", KindCustody: "custody"}

// aaveSet names the parameter set the synthetic Aave legs are drawn from.
var aaveSet = sync.OnceValue(func() *input.Node {
	n, err := input.Decode([]byte(`"aave-v3-ethereum-2023-10-31"`))
	if err != nil {
		panic(err)
	}
	return &n
})

// bookOf is acc's book at the start prices p0 (options expire from asOf),
// its cash venue last.
func bookOf(acc *Account, p0 [NumAssets]float64, asOf time.Time) *portfolio.Portfolio {
	b := &portfolio.Portfolio{Account: acc.ID}
	if acc.doc != nil {
		b.Venues = append(b.Venues, acc.doc.Venues...)
	} else {
		for li := range acc.Legs {
			b.Venues = append(b.Venues, legVenue(fmt.Sprintf("v%d", li), &acc.Legs[li], p0, asOf))
		}
	}
	b.Venues = append(b.Venues, portfolio.Venue{ID: CashVenue, Model: "custody", Chain: "ethereum",
		Positions: []portfolio.Position{{Kind: portfolio.KindSpot, Asset: "USDC"}}})
	return b
}

// withDecimals sets every amount of b's venues also as the decimal the venue
// models' contract arithmetic reads (6 decimals), and the float to it.
func withDecimals(b *portfolio.Portfolio) {
	dec := func(x float64) (money.Decimal, float64) {
		sign := ""
		if x < 0 {
			sign = "-"
		}
		d := money.MustDecimal(sign + strconv.FormatFloat(math.Abs(x), 'f', 6, 64))
		return d, d.Float64()
	}
	for vi := range b.Venues {
		v := &b.Venues[vi]
		for ci := range v.Collateral {
			c := &v.Collateral[ci]
			c.Amount, c.AmountF = dec(c.AmountF)
		}
		for pi := range v.Positions {
			p := &v.Positions[pi]
			p.Amount, p.AmountF = dec(p.AmountF)
			p.Quantity, p.QuantityF = dec(p.QuantityF)
			p.EntryPrice, p.EntryF = dec(p.EntryF)
			p.Strike, p.StrikeF = dec(p.StrikeF)
		}
	}
}

// legVenue writes leg l as a venue named id.
func legVenue(id string, l *Leg, p0 [NumAssets]float64, asOf time.Time) portfolio.Venue {
	v := portfolio.Venue{ID: id, Model: legModels[l.Kind], Chain: l.Chain}
	if l.Kind.lending() {
		lendingVenue(&v, l)
		return v
	}
	equity := legEquity(l, &p0)
	for _, o := range l.Options {
		equity += -o.Quantity * o.greeks(0).Price // the puts' value, back out of cash
		v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindOption, Underlying: underlying[o.Asset],
			Right: o.right(), StrikeF: o.Strike, Expiry: asOf.Add(time.Duration(o.ExpiryYears * 365 * 24 * float64(time.Hour))),
			QuantityF: o.Quantity})
	}
	for a := range NumAssets {
		if l.Units[a] != 0 && len(l.Options) == 0 {
			v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindPerp, Underlying: underlying[a],
				QuantityF: l.Units[a], EntryF: p0[a], HasEntry: true})
		}
	}
	v.Collateral = []portfolio.Collateral{{Asset: "USDC", AmountF: equity}}
	return v
}

// lendingVenue writes a lending leg: collateral for units held, borrows for
// units and cash owed (stETH is held as wstETH).
func lendingVenue(v *portfolio.Venue, l *Leg) {
	if l.Kind == KindAave {
		v.Params = aaveSet()
		if l.Venue == "aave-v3-emode@ethereum" {
			v.EMode, v.HasEMode = 1, true
		}
	}
	for a := range NumAssets {
		sym, per := Assets[a], 1.0
		if a == aStETH {
			sym, per = "wstETH", 1/wstETHPerStETH
		}
		switch {
		case l.Units[a] > 0:
			v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: sym, AmountF: l.Units[a] * per})
		case l.Units[a] < 0:
			v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindBorrow, Asset: sym,
				AmountF: -l.Units[a] * per})
		}
	}
	switch {
	case l.Cash < 0:
		v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindBorrow, Asset: "USDC", AmountF: -l.Cash})
	case l.Cash > 0:
		v.Collateral = append(v.Collateral, portfolio.Collateral{Asset: "USDC", AmountF: l.Cash})
	}
}

// withBridge returns b with every collateral entry at a venue off home
// marked as bridged over bridge (the UCT's master vault sits on home).
func withBridge(b *portfolio.Portfolio, home, bridge string) *portfolio.Portfolio {
	cp := *b
	cp.Venues = append([]portfolio.Venue(nil), b.Venues...)
	for vi := range cp.Venues {
		v := &cp.Venues[vi]
		if v.Chain == home || len(v.Collateral) == 0 {
			continue
		}
		v.Collateral = append([]portfolio.Collateral(nil), v.Collateral...)
		for ci := range v.Collateral {
			v.Collateral[ci].Bridge = bridge
		}
	}
	return &cp
}

// cashItem is the index of the cash position among a book's items (the
// last: the cash venue comes last and holds one position).
func cashItem(items int) int { return items - 1 }

// greeks prices the option at its start spot moved by move (relative),
// with its own vol: the premium a synthetic writer received.
func (o *Option) greeks(move float64) pricing.Greeks {
	return pricing.Black76Greeks(o.right(), o.Spot*(1+move), o.Strike, o.Vol, o.ExpiryYears, 0)
}

func (o *Option) right() pricing.Right {
	if o.Put {
		return pricing.Put
	}
	return pricing.Call
}
