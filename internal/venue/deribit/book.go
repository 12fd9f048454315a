// The book both models share: the settlement currency, the accepted
// collateral, positions netted per instrument and marked, and the conversions
// between USD and settlement units.
package deribit

import (
	"fmt"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

// Settlement currencies Deribit margins. Inverse books settle in the coin of
// their only underlying; USDC books are linear and list BTC and ETH products
// (the underlyings with published margin parameters here).
var (
	inverseCoins      = []string{"BTC", "ETH"}
	linearSettlement  = "USDC"
	linearUnderlyings = []string{"BTC", "ETH"}
)

// book is one Deribit sub-account, validated and marked.
type book struct {
	venue      *portfolio.Venue
	settle     string  // BTC, ETH or USDC
	inverse    bool    // coin-settled
	settleUSD  float64 // USD per settlement unit at the venue's price
	collateral float64 // accepted collateral, settlement units
	warnings   []string
	groups     []*group  // one per underlying, sorted by symbol
	venueID    string    // for warnings
	asOf       time.Time // the market's: it dates the parameter sets
	slots      []slot    // per position of the venue: the instrument it is netted into
	units      *unitMemo // options' per-unit risk vectors and marks, when memoised (the solver's)
	search     search    // with units: the solver's search, which finds values in the memo (pm_units.go)
}

// slot locates the instrument a position is netted into.
type slot struct {
	group *group
	inst  int
}

// group is the instruments on one underlying: the unit Deribit's risk matrix
// stresses together.
type group struct {
	underlying string
	indexUSD   float64 // the venue's index price of the underlying
	insts      []instrument
	forwards   []expiryForward // the forwards of the current marking, per expiry (forwardAt)
}

// expiryForward is the underlying's forward (USD) at years to expiry.
type expiryForward struct{ years, usd float64 }

// instrument is one Deribit instrument with the account's net position in it.
type instrument struct {
	kind        portfolio.Kind
	first       int     // index in Venue.Positions of the first position in it
	netted      int     // how many positions were netted into it
	quantity    float64 // net, units of underlying, negative = short
	expiry      time.Time
	expiryYears float64 // 0 for perpetuals
	right       pricing.Right
	strike      float64
	forwardUSD  float64 // options and futures: the forward; perpetuals: the index
	vol         float64 // options: the market vol at (strike, expiry)
	priceUSD    float64 // options: Black-76 value of one unit; delta-one: mark price
	deltaSpot   float64 // options: ∂price/∂spot of one unit (forward delta × F/S)
	valueUnits  float64 // options: quantity × mark; delta-one: unrealised P&L (settlement units)
	// With a memo: the option's ladders in the solver's current search.
	marks *ladder[markKey, markValue]
	units *ladder[unitKey, riskVector]
}

type instrumentKey struct {
	underlying string
	kind       portfolio.Kind
	expiry     int64
	strike     float64
	right      pricing.Right
}

// smallBook is the number of positions up to which instruments are found by
// a linear scan rather than a map (cheaper to build for typical accounts).
const smallBook = 64

// newBook validates v for a Deribit model and marks its positions on m.
// Errors are *input.Error values naming the offending field.
func newBook(v *portfolio.Venue, m *market.Snapshot, model string) (*book, error) {
	b := &book{venue: v, settle: venue.Settlement(v, m), venueID: v.ID, asOf: m.AsOf}
	switch {
	case contains(inverseCoins, b.settle):
		b.inverse = true
	case b.settle == linearSettlement:
	default:
		path, value := input.Join(v.Path, "collateral"), b.settle
		if v.Settlement != "" {
			path = input.Join(v.Path, "settlement")
		}
		return nil, input.Invalid(path, value,
			"is not a settlement currency of %s (BTC or ETH for inverse books, USDC for linear books)", model)
	}
	if !b.priceSettlement(m) {
		b.warnings = append(b.warnings, fmt.Sprintf(
			"%s has no price in the market; valued at 1 USD", b.settle))
	}
	for i, c := range v.Collateral {
		if c.Asset == b.settle {
			b.collateral += c.AmountF
			continue
		}
		b.warnings = append(b.warnings, fmt.Sprintf(
			"collateral[%d] %s is not accepted by %s in a %s-settled book; valued 0 here", i, c.Asset, model, b.settle))
	}
	if err := b.addPositions(m, model); err != nil {
		return nil, err
	}
	return b, nil
}

// priceSettlement sets settleUSD from m, reporting false when the
// settlement has no price there (it is then valued at 1 USD).
func (b *book) priceSettlement(m *market.Snapshot) bool {
	b.settleUSD = m.VenueSpot(b.venueID, b.settle)
	if b.settleUSD <= 0 {
		// Only a stable settlement can lack a price: coins are checked with the book.
		b.settleUSD = 1
		return false
	}
	return true
}

func (b *book) addPositions(m *market.Snapshot, model string) error {
	v := b.venue
	var index map[instrumentKey]slot // for large books; small ones scan
	if len(v.Positions) > smallBook {
		index = make(map[instrumentKey]slot, len(v.Positions))
	}
	keys := make([]instrumentKey, 0, min(len(v.Positions), smallBook))
	keySlots := make([]slot, 0, min(len(v.Positions), smallBook))
	slots := make([]slot, len(v.Positions))
	for j := range v.Positions {
		p := &v.Positions[j]
		if err := b.checkPosition(j, model); err != nil {
			return err
		}
		gi := b.groupIndex(m, p.Underlying)
		g := b.groups[gi]
		key := instrumentKey{underlying: p.Underlying, kind: p.Kind}
		if p.Kind != portfolio.KindPerp {
			key.expiry = p.Expiry.UnixNano()
		}
		if p.Kind == portfolio.KindOption {
			key.strike, key.right = p.StrikeF, p.Right
		}
		s, ok := index[key]
		if index == nil {
			for i, k := range keys {
				if k == key {
					s, ok = keySlots[i], true
					break
				}
			}
		}
		if !ok {
			s = slot{g, len(g.insts)}
			if index != nil {
				index[key] = s
			} else {
				keys, keySlots = append(keys, key), append(keySlots, s)
			}
			if g.insts == nil {
				g.insts = make([]instrument, 0, len(v.Positions)-j)
			}
			g.insts = append(g.insts, instrument{kind: p.Kind, first: j, expiry: p.Expiry, right: p.Right, strike: p.StrikeF})
		}
		slots[j] = s
		g.insts[s.inst].netted++
		g.insts[s.inst].quantity += p.QuantityF
	}
	b.slots = slots
	b.markAll(m, true)
	sort.Slice(b.groups, func(i, j int) bool { return b.groups[i].underlying < b.groups[j].underlying })
	return nil
}

// markAll marks every instrument on m and adds the positions' unrealised
// P&L and funding: everything in the book that depends on prices but the
// settlement's (priceSettlement) and the indexes (groupIndex). With terms
// it first sets each instrument's terms that do not depend on prices
// (markTerms); reprice keeps them.
func (b *book) markAll(m *market.Snapshot, terms bool) {
	rate := m.RateUSD()
	for _, g := range b.groups {
		g.forwards = g.forwards[:0]
		for k := range g.insts {
			if terms {
				markTerms(m, g, &g.insts[k])
			}
			b.mark(m, g, &g.insts[k], rate)
		}
	}
	// Unrealised P&L of futures and perpetuals, per position from its own entry.
	for j := range b.venue.Positions {
		p := &b.venue.Positions[j]
		in := &b.slots[j].group.insts[b.slots[j].inst]
		if p.HasEntry && in.kind != portfolio.KindOption {
			in.valueUnits += b.deltaOnePnL(p.QuantityF, p.EntryF, in.priceUSD)
		}
		// Accrued, unsettled funding (USD, + received) is part of the margin balance.
		in.valueUnits += p.FundingF / b.settleUSD
	}
}

// reprice marks the book again on m, a market that differs from the one it
// was built on in prices only (a market.PriceShift of it): what newBook
// would compute on m, without validating and netting again, and without
// the instruments' terms (markTerms: years to expiry and vols, which a
// PriceShift leaves alone: it moves no clock and no surface).
func (b *book) reprice(m *market.Snapshot) {
	b.priceSettlement(m)
	for _, g := range b.groups {
		g.indexUSD = m.VenueSpot(b.venueID, g.underlying)
		for k := range g.insts {
			g.insts[k].valueUnits = 0 // mark sets an option's; delta-one P&L is added
		}
	}
	b.markAll(m, false)
}

func (b *book) checkPosition(j int, model string) error {
	p := &b.venue.Positions[j]
	if p.Kind.IsDerivative() && b.canMargin(p.Underlying) {
		return nil
	}
	path := input.Index(input.Join(b.venue.Path, "positions"), j)
	if !p.Kind.IsDerivative() {
		return input.Invalid(input.Join(path, "kind"), string(p.Kind),
			"is not traded on %s (option, future and perp are)", model)
	}
	return input.Invalid(input.Join(path, "underlying"), p.Underlying,
		"cannot be margined by %s in a %s-settled book (%s)", model, b.settle, b.listed())
}

// groupIndex returns the index of underlying's group, adding it if new.
func (b *book) groupIndex(m *market.Snapshot, underlying string) int {
	for i, g := range b.groups {
		if g.underlying == underlying {
			return i
		}
	}
	b.groups = append(b.groups, &group{underlying: underlying, indexUSD: m.VenueSpot(b.venue.ID, underlying)})
	return len(b.groups) - 1
}

func (b *book) canMargin(underlying string) bool {
	if b.inverse {
		return underlying == b.settle
	}
	return contains(linearUnderlyings, underlying)
}

func (b *book) listed() string {
	if b.inverse {
		return "it lists " + b.settle + " products only"
	}
	return "it lists BTC and ETH products"
}

// markTerms sets what an instrument's marks take from m besides prices:
// the years to its expiry (futures and options) and an option's vol at its
// strike and expiry (a surface is in strike, so a price move leaves it).
func markTerms(m *market.Snapshot, g *group, in *instrument) {
	if in.kind == portfolio.KindPerp {
		return
	}
	in.expiryYears = m.YearsTo(in.expiry)
	if in.kind == portfolio.KindOption {
		in.vol = m.VolAt(g.underlying, in.strike, in.expiryYears)
	}
}

// forwardAt is m.ForwardAt(g.underlying, years), computed once per expiry
// in a marking of g (markAll resets g.forwards): a book's instruments share
// a few expiries.
func (g *group) forwardAt(m *market.Snapshot, years float64) float64 {
	for _, f := range g.forwards {
		if f.years == years {
			return f.usd
		}
	}
	usd := m.ForwardAt(g.underlying, years)
	g.forwards = append(g.forwards, expiryForward{years, usd})
	return usd
}

// mark prices one instrument on its terms (markTerms) and values an option
// position (rate is m's USD rate); the unrealised P&L of futures and
// perpetuals is added per position by markAll.
func (b *book) mark(m *market.Snapshot, g *group, in *instrument, rate float64) {
	switch in.kind {
	case portfolio.KindOption:
		in.forwardUSD = g.forwardAt(m, in.expiryYears)
		var mv markValue
		if b.units != nil {
			mv = b.units.mark(b, in, in.forwardUSD, in.vol, in.expiryYears, rate)
		} else {
			mv = markOption(in.right, in.forwardUSD, in.strike, in.vol, in.expiryYears, rate)
		}
		in.priceUSD = mv.price
		in.deltaSpot = mv.delta * in.forwardUSD / g.indexUSD
		in.valueUnits = in.quantity * b.optionUnits(g, in.priceUSD, 0)
		return
	case portfolio.KindFuture:
		in.forwardUSD = g.forwardAt(m, in.expiryYears)
	default:
		in.forwardUSD = g.indexUSD
	}
	in.priceUSD, in.deltaSpot = in.forwardUSD, 1
}

// optionUnits converts one unit's option value (USD) into settlement units
// when the underlying has moved by move: an inverse book values it in coins at
// the moved index, a linear book in USDC.
func (b *book) optionUnits(g *group, priceUSD, move float64) float64 {
	if b.inverse {
		return pricing.ToCoin(priceUSD, g.indexUSD*(1+move))
	}
	return priceUSD / b.settleUSD
}

// deltaOnePnL is the P&L in settlement units of quantity of a future or
// perpetual from entry to price: inverse contracts pay in coin, linear in USDC.
func (b *book) deltaOnePnL(quantity, entryUSD, priceUSD float64) float64 {
	if b.inverse {
		return pricing.InversePnLCoin(quantity, entryUSD, priceUSD)
	}
	return pricing.LinearPnLUSD(quantity, entryUSD, priceUSD) / b.settleUSD
}

// underlyingUnits is the value of one unit of underlying in settlement units:
// 1 coin in an inverse book, index/USDC price in a linear one. Deribit's
// per-unit margin fractions (0.15, 0.10, 2%, …) multiply it.
func (b *book) underlyingUnits(g *group) float64 {
	if b.inverse {
		return 1
	}
	return g.indexUSD / b.settleUSD
}

// equityUnits is collateral + option values + unrealised P&L.
func (b *book) equityUnits() float64 {
	e := b.collateral
	for _, g := range b.groups {
		for k := range g.insts {
			e += g.insts[k].valueUnits
		}
	}
	return e
}

// result turns requirements in settlement units into a venue.Result. native
// is Deribit's own (initial, maintenance) for coin books, nil otherwise.
func (b *book) result(initialUnits, maintenanceUnits float64, native *venue.Native, params any) venue.Result {
	r := venue.Result{
		CollateralValue: b.collateral * b.settleUSD,
		Equity:          b.equityUnits() * b.settleUSD,
		Initial:         initialUnits * b.settleUSD,
		Maintenance:     maintenanceUnits * b.settleUSD,
		Warnings:        b.warnings,
		ParamsUsed:      params,
	}
	r.Health = venue.EquityHealth(r.Equity, r.Maintenance)
	if b.inverse {
		r.Native = native
	}
	return r
}

// cushion is result(…, maintenanceUnits, …).Cushion() without building the
// Result: equity − maintenance in USD (a Deribit result has no unbacked
// supply, and x − 0 is x to the bit).
func (b *book) cushion(maintenanceUnits float64) float64 {
	return b.equityUnits()*b.settleUSD - maintenanceUnits*b.settleUSD
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
