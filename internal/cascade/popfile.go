// Population files: accounts in the portfolio.json format, validated like
// any book and turned into linear legs with the venue models themselves.
package cascade

import (
	"encoding/json"
	"fmt"
	"math"
	"sync"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

// families are the market symbols that move with each modelled asset.
var families = [NumAssets][]string{{"WETH", "ETH"}, {"WBTC", "BTC"}, {"stETH", "wstETH"}}

// Market is the embedded market snapshot (WETH, WBTC and their families,
// stETH and wstETH, stablecoins) with the modelled assets moved to p. The
// embedded document is parsed once; each call scales a copy of it.
func Market(p [NumAssets]float64) (*market.Snapshot, error) {
	m, err := embeddedMarket()
	if err != nil {
		return nil, err
	}
	for a := range NumAssets {
		m = scaled(m, a, p[a]/m.Spot(Assets[a]))
	}
	return m, nil
}

// embeddedMarket is data/market.json, parsed once (snapshots are never
// changed in place: WithPriceScaled copies).
var embeddedMarket = sync.OnceValues(func() (*market.Snapshot, error) {
	data, err := dataFS.ReadFile("data/market.json")
	if err != nil {
		return nil, err
	}
	m, err := market.Load(data, market.Options{AllowStale: true})
	if err != nil {
		return nil, fmt.Errorf("embedded market: %w", err)
	}
	return m, nil
})

func scaled(m *market.Snapshot, a int, factor float64) *market.Snapshot {
	for _, sym := range families[a] {
		m = m.WithPriceScaled(sym, factor)
	}
	return m
}

// MaxAccounts bounds a population file.
const MaxAccounts = 1_000_000

// ParsePopulation reads {"accounts": [portfolio, …]}: each account is a
// portfolio.json document, parsed and checked against the embedded market
// at p0 (portfolio.Check and every venue's model), then linearised with
// the venue model: equity, maintenance and initial and their sensitivities
// to a 1% move of each modelled asset (exact for spot, lending and perps;
// options are carried at their delta and gamma is lost). Errors are
// *input.Error values with paths under accounts[i].
func ParsePopulation(data []byte, p0 [NumAssets]float64) (*Population, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	node, err := obj.Required("accounts")
	if err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	var doc struct{ Accounts []json.RawMessage }
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, input.Errorf("", "malformed population: %v", err)
	}
	if len(doc.Accounts) == 0 {
		return nil, input.Invalid(node.Path, node.Text(), "must list at least one account")
	}
	if len(doc.Accounts) > MaxAccounts {
		return nil, input.Errorf(node.Path, "lists %d accounts; at most %d", len(doc.Accounts), MaxAccounts)
	}
	m, err := Market(p0)
	if err != nil {
		return nil, err
	}
	pop := &Population{Start: p0}
	for i, raw := range doc.Accounts {
		acc, err := accountFromBook(raw, m, p0)
		if err != nil {
			return nil, underAccount(err, i)
		}
		pop.Accounts = append(pop.Accounts, *acc)
	}
	return pop, nil
}

func underAccount(err error, i int) error {
	if ie, ok := err.(*input.Error); ok {
		c := *ie
		c.Path = input.Index("accounts", i) + pathSep(c.Path) + c.Path
		return &c
	}
	return fmt.Errorf("accounts[%d]: %w", i, err)
}

func pathSep(p string) string {
	if p == "" || p[0] == '[' {
		return ""
	}
	return "."
}

func accountFromBook(raw []byte, m *market.Snapshot, p0 [NumAssets]float64) (*Account, error) {
	book, err := portfolio.Parse(raw)
	if err != nil {
		return nil, err
	}
	if err := portfolio.Check(book, m); err != nil {
		return nil, err
	}
	acc := &Account{ID: book.Account, Book: "file", doc: book}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		l, err := legFromVenue(v, m, p0)
		if err != nil {
			return nil, err
		}
		acc.Legs = append(acc.Legs, l)
	}
	return acc, nil
}

// bump is the relative price move used to read sensitivities off a model.
const bump = 0.01

// legRule is the leg's liquidation rule (venue.LiquidationOf: the model's
// own rule with the venue's parameters, which liquidation.Fast runs), the
// kind it is counted under (bad debt's bearer, liquidator capacity) and
// whether its venue prices wrappers by their exchange rate, all from the
// venue registry. A model the registry does not know is an error naming it
// (venue.Margin has already refused it).
func legRule(v *portfolio.Venue, m *market.Snapshot) (r venue.Liquidation, kind LegKind, rateOracle bool, err error) {
	r, err = venue.LiquidationOf(v, m)
	if err != nil {
		return r, 0, false, err
	}
	model, err := venue.ForVenue(v)
	if err != nil {
		return r, 0, false, err
	}
	if o, ok := model.(venue.ExchangeRateOracle); ok {
		rateOracle = o.PricesWrappersByExchangeRate()
	}
	switch r.Mechanism {
	case venue.MechNone:
		kind = KindCustody
	case venue.MechCall:
		kind = KindAave
	case venue.MechAbsorb:
		kind = KindCompound
	case venue.MechReduce, venue.MechAuction:
		kind = KindReduce // counted with the reductions (a Derive auction runs as itself)
	case venue.MechClose: // counted by who bears a shortfall
		switch r.Shortfall {
		case venue.ShortfallADL:
			kind = KindHyperliquid
		case venue.ShortfallInsuranceFund:
			kind = KindDYDX
		default:
			kind = KindClose
		}
	default:
		return r, 0, false, fmt.Errorf("venue %s: model %s: liquidation mechanism %q has no cascade mechanics",
			v.ID, v.Model, r.Mechanism)
	}
	return r, kind, rateOracle, nil
}

func legFromVenue(v *portfolio.Venue, m *market.Snapshot, p0 [NumAssets]float64) (Leg, error) {
	base, err := venue.Margin(v, m)
	if err != nil {
		return Leg{}, err
	}
	rule, kind, rateOracle, err := legRule(v, m)
	if err != nil {
		return Leg{}, err
	}
	l := Leg{Venue: v.ID, Chain: v.Chain, Kind: kind, Bonus: rule.Penalty, ProtocolFee: rule.ProtocolFee,
		RateOracle: rateOracle, rule: &rule}
	l.Cash, l.M0, l.I0 = base.Equity, linearMaintenance(kind, &base), base.Initial
	for a := range NumAssets {
		if err := sensitivities(&l, a, v, m, base, p0); err != nil {
			return Leg{}, err
		}
	}
	if kind.lending() && base.Health != nil {
		if err := lendingThresholds(&l, v, m, p0); err != nil {
			return Leg{}, err
		}
	}
	for _, p := range v.Positions {
		if p.Kind == portfolio.KindBorrow || p.Kind.IsDerivative() {
			l.Gross += math.Abs(p.QuantityF*m.Spot(p.HoldingAsset())) + p.AmountF*m.Spot(p.HoldingAsset())
		}
	}
	options(&l, v, m)
	if len(l.Options) > 0 && !kind.lending() {
		if err := optionCrossings(&l, v, m, p0); err != nil {
			return Leg{}, err
		}
	}
	return l, nil
}

// optionCrossings gives a file leg's short-gamma exposures the generated
// option writers' path: the leg crosses maintenance, each asset falling
// alone, at the venue model's own liquidation price (venue.LiquidationPrices,
// which reprices the options and their maintenance), not where the
// second-order form would. The maintenance's rate on |delta| (MRate, read
// at the start) becomes a rate on the price at the start delta (Extra),
// the writer's form, and crossAt tilts it to cross at the model's price
// (the gap at p0 unchanged). An asset the model never liquidates below the
// start keeps the form as read.
func optionCrossings(l *Leg, v *portfolio.Venue, m *market.Snapshot, p0 [NumAssets]float64) error {
	prices, err := venue.LiquidationPrices(v, m)
	if err != nil {
		return err
	}
	for a := range NumAssets {
		liq := fallingLiquidation(prices, a, p0)
		if l.Gamma[a] >= 0 || liq == 0 {
			continue
		}
		l.Extra[a] += l.MRate[a] * math.Abs(l.Units[a])
		l.MRate[a] = 0
		crossAt(l, a, liq, p0)
	}
	return nil
}

// lendingThresholds sets a lending leg's maintenance rates so that, each
// price moving alone, the leg crosses maintenance exactly at the engine's
// liquidation price (venue.LiquidationPrices, in the venue's own oracle).
// A 1% bump reads the slope of the venue's average liquidation threshold,
// which Aave floors to whole basis points and so is flat between jumps;
// with several collateral types the marginal threshold is what applies as
// one price falls (the wick's 0xe5c248d8: 634.67, not 616). The gap at p0
// is kept; the slope of asset a becomes gap₀ / (p0_a − L_a). A leg whose
// stETH sits on WETH (exchange-rate oracle) carries the WETH crossing on
// its stETH units when it holds no WETH. Rates that would leave [0, 1] are
// left as read.
func lendingThresholds(l *Leg, v *portfolio.Venue, m *market.Snapshot, p0 [NumAssets]float64) error {
	prices, err := venue.LiquidationPrices(v, m)
	if err != nil {
		return err
	}
	slopeOf := func(a int) float64 { return l.Units[a] - l.MRate[a]*math.Abs(l.Units[a]) - l.Extra[a] }
	gap0 := l.Cash - l.M0
	for a := range NumAssets {
		gap0 += slopeOf(a) * p0[a]
	}
	if gap0 <= 0 {
		return nil
	}
	for a := range NumAssets {
		if l.RateOracle && a == aStETH {
			continue // moves with WETH at this venue
		}
		var liq *float64
		for _, sym := range families[a] {
			if p, ok := prices[sym]; ok && p != nil {
				liq = p
				break
			}
		}
		if liq == nil || *liq >= p0[a] || *liq <= 0 {
			continue
		}
		carrier, per := a, 1.0 // per: one unit of the carrier's slope in a's terms
		if l.RateOracle && a == aWETH && l.Units[aWETH] == 0 {
			carrier, per = aStETH, p0[aStETH]/p0[aWETH]
		}
		u := math.Abs(l.Units[carrier])
		if u == 0 {
			continue
		}
		slope := slopeOf(a)
		if l.RateOracle && a == aWETH {
			slope += slopeOf(aStETH) * p0[aStETH] / p0[aWETH]
		}
		delta := gap0/(p0[a]-*liq) - slope     // slope to add, in a's terms
		rate := l.MRate[carrier] - delta/per/u // a lower maintenance rate raises the slope
		if rate < 0 || rate > 1 {
			continue
		}
		l.M0 += (l.MRate[carrier] - rate) * u * p0[carrier]
		l.MRate[carrier] = rate
	}
	return nil
}

// linearMaintenance is the maintenance a leg carries linearly in prices:
// the model's, except at a lending venue with debt. There the model's
// D·(1 − LT_w)/LT_w (DESIGN.md's lending rule) is not linear in prices,
// and the simulator's liquidation weights are Σc·(1 − LT) per unit of
// collateral (venues.go), so the leg carries C + S − Σc·LT with Σc·LT =
// health × D. Both forms cross equity at the same prices (Σc·LT < D, the
// venue's own rule), so the leg liquidates where the model does.
func linearMaintenance(kind LegKind, r *venue.Result) float64 {
	if !kind.lending() || r.Health == nil {
		return r.Maintenance
	}
	holdings := r.CollateralValue + r.Unbacked
	return holdings - *r.Health*(holdings-r.Equity)
}

// familyOf is the modelled asset a market symbol moves with, or -1.
func familyOf(sym string) int {
	for a, fam := range families {
		for _, s := range fam {
			if s == sym {
				return a
			}
		}
	}
	return -1
}

// options records each option on a modelled asset (its contracts, and the
// option at the market's vol for its strike and expiry, spot-quoted: a
// wrapper's option is restated in the modelled asset's units), for the
// leg's gross notional and the screen's bound.
func options(l *Leg, v *portfolio.Venue, m *market.Snapshot) {
	for _, p := range v.Positions {
		a := familyOf(p.Underlying)
		if p.Kind == portfolio.KindOption && a >= 0 {
			t := m.YearsTo(p.Expiry)
			ratio := m.Spot(p.Underlying) / m.Spot(Assets[a])
			l.Options = append(l.Options, Option{Asset: a, Put: p.Right == pricing.Put, Strike: p.StrikeF / ratio,
				ExpiryYears: t, Vol: m.VolAt(p.Underlying, p.StrikeF, t), Quantity: p.QuantityF * ratio,
				Spot: m.Spot(Assets[a])})
			l.Contracts[a] += p.QuantityF * ratio
		}
	}
}

// sensitivities reads the leg's delta, gamma (central second difference;
// kept only above numerical noise) and maintenance and initial rates for
// asset a off the venue model, and moves their start values out of the
// constants.
func sensitivities(l *Leg, a int, v *portfolio.Venue, m *market.Snapshot, base venue.Result, p0 [NumAssets]float64) error {
	up, err := venue.Margin(v, scaled(m, a, 1+bump))
	if err != nil {
		return err
	}
	down, err := venue.Margin(v, scaled(m, a, 1-bump))
	if err != nil {
		return err
	}
	dp := bump * p0[a]
	l.Units[a] = (up.Equity - down.Equity) / (2 * dp)
	curv := up.Equity - 2*base.Equity + down.Equity
	if math.Abs(curv) > 1e-9*(math.Abs(base.Equity)+math.Abs(l.Units[a]*p0[a])) {
		l.Gamma[a] = curv / (dp * dp)
	}
	if u := math.Abs(l.Units[a]); u > 1e-12 {
		l.MRate[a] = math.Max(0, (linearMaintenance(l.Kind, &up)-linearMaintenance(l.Kind, &base))/dp/u)
		l.IRate[a] = math.Max(0, (up.Initial-base.Initial)/dp/u)
	}
	l.Cash -= l.Units[a] * p0[a]
	l.M0 -= l.MRate[a] * math.Abs(l.Units[a]) * p0[a]
	l.I0 -= l.IRate[a] * math.Abs(l.Units[a]) * p0[a]
	return nil
}
