// The dydx-v4 model: registration, the subaccount book and its margin.
package dydx

import (
	"fmt"
	"math"
	"strconv"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Name is the model's name in portfolio.json.
const Name = "dydx-v4"

// collateralAsset is the only asset a dYdX v4 subaccount margins with.
const collateralAsset = "USDC"

type model struct{}

func init() { venue.Register(model{}) }

func (model) Name() string { return Name }

func (model) Source() string {
	return "dYdX v4 liquidity-tier margin (dydxprotocol/v4-chain protocol/x/perpetuals lib.go and " +
		"liquidity_tier.go; docs.dydx.exchange Margining, read 2026-11); sets: " + sets.Default().source
}

// Params lists the every-tier and single-market parameter names with the
// default set's values for its Large-Cap tier and a market's defaults.
func (model) Params() []venue.Param {
	t := sets.Default().tiers[0]
	return []venue.Param{
		{Name: fieldCustomIMFPpm, Default: 0},
		{Name: fieldInitialMarginPpm, Default: t.InitialMarginPpm},
		{Name: fieldLiquidityTier, Default: "by market"},
		{Name: fieldMaintenanceFractionPpm, Default: t.MaintenanceFractionPpm},
		{Name: fieldMarketType, Default: marketCross},
		{Name: fieldOpenInterest, Default: 0},
		{Name: fieldOpenInterestLowerCap, Default: t.OpenInterestLowerCap},
		{Name: fieldOpenInterestUpperCap, Default: t.OpenInterestUpperCap},
	}
}

// position is one underlying of the venue, netted.
type position = venue.NetPerp

// paramsUsed is the resolved parameters for the audit hash.
type paramsUsed struct {
	Set        string                  `json:"set"`
	Overridden bool                    `json:"overridden"`
	Tiers      map[string]tier         `json:"liquidity_tiers"`
	Markets    map[string]marketParams `json:"markets"`
}

// Margin computes the subaccount's requirement. Input errors (*input.Error):
// a settlement other than USDC, position kinds other than perp, markets
// without a tier, an isolated market sharing the venue, bad overrides.
func (model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	r, _, err := margin(v, m)
	return r, err
}

// figure is one netted position's part of the venue's figures: the
// position and its maintenance requirement at today's price.
type figure struct {
	position
	maintenance float64
}

// margin is Margin, also returning each position's figures (the
// liquidation-price solver reads them, solve.go).
func margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, []figure, error) {
	if v.Settlement != "" && v.Settlement != collateralAsset {
		return venue.Result{}, nil, input.Invalid(input.Join(v.Path, "settlement"), v.Settlement,
			"is not a settlement currency of dydx-v4 (USDC)")
	}
	book, err := netPositions(v, m)
	if err != nil {
		return venue.Result{}, nil, err
	}
	held := make([]string, len(book))
	for i := range book {
		held[i] = book[i].Underlying
	}
	set, overridden, warnings, err := resolveParams(v, held, m.AsOf)
	if err != nil {
		return venue.Result{}, nil, err
	}
	used := paramsUsed{Set: set.name, Overridden: overridden, Tiers: map[string]tier{}, Markets: map[string]marketParams{}}
	if err := checkMarkets(v, book, set, &used); err != nil {
		return venue.Result{}, nil, err
	}
	r := venue.Result{ParamsUsed: used, ParamsSet: set.name, Warnings: warnings}
	for i, c := range v.Collateral {
		if c.Asset != collateralAsset {
			r.Warnings = append(r.Warnings, fmt.Sprintf(
				"collateral[%d] %s is not accepted by dydx-v4 (USDC only); valued 0 here", i, c.Asset))
			continue
		}
		r.CollateralValue += c.AmountF * m.VenueSpot(v.ID, c.Asset)
	}
	r.Equity = r.CollateralValue
	figures := make([]figure, len(book))
	for i := range book {
		p := &book[i]
		mp, _ := set.market(p.Underlying)
		t, _ := set.tier(mp.LiquidityTier)
		imr, mmr := requirements(t, mp, p.Quantity, m.VenueSpot(v.ID, p.Underlying))
		r.Initial += imr
		r.Maintenance += mmr
		figures[i] = figure{*p, mmr}
		r.Equity += p.PnL + p.Funding
	}
	r.Health = venue.EquityHealth(r.Equity, r.Maintenance)
	return r, figures, nil
}

// requirements returns one position's IMR and MMR in USD at oracle price.
func requirements(t tier, mp marketParams, quantity, price float64) (imr, mmr float64) {
	notional := math.Abs(quantity) * price
	imf := adjustedIMFPpm(t, mp.OpenInterest*price*onePpm)
	imf = math.Max(imf, float64(mp.CustomIMFPpm))
	imr = notional * imf / onePpm
	mmr = notional * float64(t.InitialMarginPpm) / onePpm * float64(t.MaintenanceFractionPpm) / onePpm
	return imr, mmr
}

// adjustedIMFPpm is the protocol's GetAdjustedInitialMarginPpm: the base IMF
// while open notional ≤ lower cap, 100% at or above a non-zero upper cap, and
// linear in between, the increase rounded down to a whole ppm as the
// protocol's integer division does. openNotionalQuantums is OI·P·1e6.
func adjustedIMFPpm(t tier, openNotionalQuantums float64) float64 {
	lower, upper := float64(t.OpenInterestLowerCap), float64(t.OpenInterestUpperCap)
	base := float64(t.InitialMarginPpm)
	oi := math.Floor(openNotionalQuantums) // the protocol's quote quantums are integers
	if t.OpenInterestUpperCap == 0 || oi <= lower {
		return base
	}
	if oi >= upper {
		return onePpm
	}
	return base + math.Floor((onePpm-base)*(oi-lower)/(upper-lower))
}

// netPositions checks the venue's positions and nets them per underlying.
func netPositions(v *portfolio.Venue, m *market.Snapshot) ([]position, error) {
	return venue.NetPerps(v, m, Name)
}

// checkMarkets refuses markets without a tier and isolated markets that share
// the subaccount, and records the parameters used.
func checkMarkets(v *portfolio.Venue, book []position, set *paramSet, used *paramsUsed) error {
	for _, p := range book {
		path := input.Join(input.Index(input.Join(v.Path, "positions"), p.First), "underlying")
		mp, ok := set.market(p.Underlying)
		if !ok {
			return input.Invalid(path, p.Underlying, "is not a market of parameter set %s: give "+
				"params {%q: {\"liquidity_tier\": <id>}}", used.Set, p.Underlying)
		}
		if mp.MarketType == marketIsolated && len(book) > 1 {
			return input.Invalid(path, p.Underlying, "is an isolated market: its subaccount holds no other "+
				"perpetual, so it is a venue of its own")
		}
		used.Markets[p.Underlying] = mp
		used.Tiers[strconv.FormatUint(uint64(mp.LiquidityTier), 10)], _ = set.tier(mp.LiquidityTier)
	}
	return nil
}
