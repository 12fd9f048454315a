// The hyperliquid model: registration, the account book and its margin.
package hyperliquid

import (
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Name is the model's name in portfolio.json.
const Name = "hyperliquid"

// collateralAsset is the only asset Hyperliquid perps margin with.
const collateralAsset = "USDC"

type model struct{}

func init() { venue.Register(model{}) }

func (model) Name() string { return Name }

func (model) Source() string {
	return "Hyperliquid margining, margin tiers and liquidations (hyperliquid.gitbook.io/hyperliquid-docs/" +
		"trading/margining, /margin-tiers, /liquidations, read 2026-11); set: " + sets.Default().source
}

// Params lists the account-level rules and the per-asset fields with BTC's
// defaults.
func (model) Params() []venue.Param {
	d := defaultVenue
	return []venue.Param{
		{Name: fieldBackstopRatio, Default: d.BackstopLiquidationRatio},
		{Name: fieldLeverage, Default: "max leverage"},
		{Name: fieldLeverageType, Default: d.LeverageType},
		{Name: fieldMarginTableID, Default: "by asset"},
		{Name: fieldMarginTiers, Default: "by margin table"},
		{Name: fieldMaxLeverage, Default: "by margin table"},
		{Name: fieldPartialCooldown, Default: d.PartialLiquidationCooldownSecond},
		{Name: fieldPartialFraction, Default: d.PartialLiquidationFraction},
		{Name: fieldPartialThreshold, Default: d.PartialLiquidationThresholdUSD},
		{Name: fieldTransferMarginRatio, Default: d.TransferMarginRatio},
	}
}

// position is one underlying of the venue, netted.
type position = venue.NetPerp

// coinFigures is one position's margin in USD.
type coinFigures struct {
	notional, initial, maintenance float64
	tier                           int
	// mmr and deduction are the tier's maintenance rate and deduction:
	// maintenance = notional × mmr − deduction within the tier.
	mmr, deduction float64
}

// marginOf applies the margin-tier formula to a position of notional N.
func marginOf(tiers []marginTier, leverage int, notional float64) coinFigures {
	n := 0
	for i := 1; i < len(tiers) && tiers[i].LowerBound <= notional; i++ {
		n = i
	}
	var deduction, mmrPrev float64
	for i := 0; i <= n; i++ {
		mmr := 1 / (2 * float64(tiers[i].MaxLeverage))
		if i > 0 {
			deduction += tiers[i].LowerBound * (mmr - mmrPrev)
		}
		mmrPrev = mmr
	}
	lev := min(leverage, tiers[n].MaxLeverage)
	return coinFigures{
		notional:    notional,
		initial:     notional / float64(lev),
		maintenance: notional*mmrPrev - deduction,
		tier:        n,
		mmr:         mmrPrev,
		deduction:   deduction,
	}
}

type paramsUsed struct {
	Set        string                 `json:"set"`
	Overridden bool                   `json:"overridden"`
	Venue      venueParams            `json:"venue"`
	Assets     map[string]assetParams `json:"assets"`
}

// Margin computes the venue's requirement. Input errors (*input.Error): a
// settlement other than USDC, position kinds other than perp, unknown assets
// without parameters, an isolated venue with more than one asset, bad
// overrides.
func (model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	r, _, err := margin(v, m)
	return r, err
}

// coin is one netted position with its parameters and figures.
type coin struct {
	position
	params  assetParams
	figures coinFigures
}

// margin is Margin, also returning each position's parameters and figures
// (the liquidation-price solver reads them, solve.go).
func margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, []coin, error) {
	if v.Settlement != "" && v.Settlement != collateralAsset {
		return venue.Result{}, nil, input.Invalid(input.Join(v.Path, "settlement"), v.Settlement,
			"is not a settlement currency of hyperliquid (USDC)")
	}
	book, err := netPositions(v, m)
	if err != nil {
		return venue.Result{}, nil, err
	}
	held := make([]string, len(book))
	for i := range book {
		held[i] = book[i].Underlying
	}
	rp, err := resolveParams(v, held, m.AsOf)
	if err != nil {
		return venue.Result{}, nil, err
	}
	if rp.venue.LeverageType == leverageIsolated && len(book) > 1 {
		return venue.Result{}, nil, input.Invalid(input.Join(input.Index(input.Join(v.Path, "positions"), book[1].First),
			"underlying"), book[1].Underlying, "shares an isolated venue with %s: an isolated position is a venue of its own",
			book[0].Underlying)
	}
	used := paramsUsed{Set: rp.setName, Overridden: rp.overridden, Venue: rp.venue, Assets: map[string]assetParams{}}
	r := venue.Result{ParamsUsed: used, ParamsSet: rp.setName, Warnings: rp.warnings}
	for i, c := range v.Collateral {
		if c.Asset != collateralAsset {
			r.Warnings = append(r.Warnings, fmt.Sprintf(
				"collateral[%d] %s is not accepted by hyperliquid (USDC only); valued 0 here", i, c.Asset))
			continue
		}
		r.CollateralValue += c.AmountF * m.VenueSpot(v.ID, c.Asset)
	}
	r.Equity = r.CollateralValue
	var initial, notional float64
	figures := make([]coinFigures, len(book))
	coins := make([]coin, len(book))
	for i := range book {
		p := &book[i]
		a, err := rp.asset(p.Underlying, input.Join(input.Index(input.Join(v.Path, "positions"), p.First), "underlying"))
		if err != nil {
			return venue.Result{}, nil, err
		}
		used.Assets[p.Underlying] = a
		figures[i] = marginOf(a.MarginTiers, a.Leverage, math.Abs(p.Quantity)*m.VenueSpot(v.ID, p.Underlying))
		coins[i] = coin{*p, a, figures[i]}
		initial += figures[i].initial
		notional += figures[i].notional
		r.Maintenance += figures[i].maintenance
		r.Equity += p.PnL + p.Funding
	}
	// The initial requirement is what the positions need at their leverage;
	// the 10% transfer margin limits withdrawals only (a warning says so
	// when it binds), so it is not part of the requirement.
	r.Initial = initial
	if transfer := rp.venue.TransferMarginRatio * notional; transfer > initial {
		r.Warnings = append(r.Warnings, fmt.Sprintf("withdrawals must leave max(initial margin, "+
			"%g × notional) = %.2f USD: withdrawable is %.2f USD, not the excess",
			rp.venue.TransferMarginRatio, transfer, math.Max(r.Equity-transfer, 0)))
	}
	r.Health = venue.EquityHealth(r.Equity, r.Maintenance)
	if r.Liquidatable() {
		r.Warnings = append(r.Warnings, liquidationWarnings(rp.venue, book, figures, r)...)
	}
	return r, coins, nil
}

// liquidationWarnings records Hyperliquid's liquidation mechanics for a
// liquidatable venue: partial liquidation of large positions and the backstop.
func liquidationWarnings(vp venueParams, book []position, figures []coinFigures, r venue.Result) []string {
	var out []string
	for i := range book {
		if figures[i].notional > vp.PartialLiquidationThresholdUSD {
			out = append(out, fmt.Sprintf("%s position notional %.2f USD is above %.0f USD: "+
				"Hyperliquid liquidates %g%% of it first, then waits a %gs cooldown (partial liquidation)",
				book[i].Underlying, figures[i].notional, vp.PartialLiquidationThresholdUSD,
				100*vp.PartialLiquidationFraction, vp.PartialLiquidationCooldownSecond))
		}
	}
	if r.Equity < vp.BackstopLiquidationRatio*r.Maintenance {
		out = append(out, fmt.Sprintf("equity %.2f USD is below %.4g of maintenance %.2f USD: "+
			"backstop liquidation by the liquidator vault (the maintenance margin is not returned)",
			r.Equity, vp.BackstopLiquidationRatio, r.Maintenance))
	}
	return out
}

// netPositions checks the venue's positions and nets them per underlying.
func netPositions(v *portfolio.Venue, m *market.Snapshot) ([]position, error) {
	return venue.NetPerps(v, m, Name)
}
