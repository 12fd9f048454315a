// derive-pm: a Derive sub-account under a PMRM_2 portfolio-margin manager.
//
// The venue is one sub-account; its manager is the PMRM_2 of its
// underlying (ETH or BTC), so every option and perp must share one
// underlying. Collateral: USDC is Derive's cash asset; any other asset is a
// wrapped collateral with the manager's haircuts (risk-cancelling ones move
// with the underlying in every scenario). A USDC borrow position is negative
// cash.
//
// Equity terms (DESIGN.md). PMRM_2 reports margin headroom: MM = MTM + cash +
// mm_factor × worst loss − MM contingencies, liquidatable when MM < 0. So
//
//	equity      = cash + collateral value + option MTM + perp value
//	maintenance = equity − MM = MM contingencies − mm_factor × worst loss
//	initial     = equity − IM = IM and MM contingencies − im_factor' × worst loss
//
// (worst loss ≤ 0, contingencies ≥ 0: both requirements are ≥ 0 by
// construction, so the floor at 0 never bites), and liquidatable ⇔
// equity < maintenance ⇔ MM < 0, as on Derive. Figures are computed in
// USDC (Derive's cash unit) and reported in USD at the venue's USDC price.
package derive

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const modelName = "derive-pm"

// cashAsset is Derive's cash asset.
const cashAsset = "USDC"

// managers are the underlyings with a PMRM_2 (one manager each).
var managers = []string{"BTC", "ETH"}

type model struct{}

func init() { venue.Register(model{}) }

func (model) Name() string { return modelName }

func (model) Source() string {
	return "Derive (Lyra v2) PMRM_2 portfolio margin, derivexyz/v2-core src/risk-managers/PMRM_2.sol and " +
		"PMRMLib_2.sol at 7736900d (2026-01-21); parameters: " + paramSets[0].name + " from " + paramSets[0].source +
		"; also " + setCases + " from the portfolio cases (57cdd00b, 2025-04-18); " + collateralSource +
		"; market vols stand in for Derive's SVI vol feed (see internal/venue/derive/README.md)"
}

func (model) Params() []venue.Param { return paramList() }

// ParamsUsed is what a derive-pm result reports as its parameters.
type ParamsUsed struct {
	Set         string                      `json:"set"`
	Underlying  string                      `json:"underlying"`
	Params      Params                      `json:"params"`
	Collaterals map[string]CollateralParams `json:"collaterals"` // the accepted collateral of this venue
}

// Margin computes PMRM_2's IM and MM of v in equity terms. Input errors:
// positions Derive does not margin (futures, spot, non-USDC borrows),
// derivatives on two underlyings or on one without a PMRM_2, unknown
// parameter sets or names, parameters out of PMRMLib_2's bounds.
func (model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	r, err := resolveParams(v, m.AsOf)
	if err != nil {
		return venue.Result{}, err
	}
	b, err := newBook(v, m, &r)
	if err != nil {
		return venue.Result{}, err
	}
	e := evaluate(&b.acct, &r.params)
	maintenance := e.mmContingency - e.mmFactor*e.minSPAN
	initial := math.Max(0, e.mmContingency+e.imContingency-e.imFactor*e.minSPAN)
	usd := b.acct.stablePrice
	res := venue.Result{
		CollateralValue: b.collateralUSD,
		Equity:          (e.mtm + b.acct.cash) * usd,
		Initial:         initial * usd,
		Maintenance:     maintenance * usd,
		Warnings:        append(r.warnings, b.warnings...),
		ParamsUsed:      ParamsUsed{Set: r.set, Underlying: b.underlying, Params: r.params, Collaterals: b.accepted},
		ParamsSet:       r.set,
	}
	res.Health = venue.EquityHealth(res.Equity, res.Maintenance)
	if initial > 0 { // unclamped: the parts sum to it
		res.Scenario = -e.imFactor * e.minSPAN * usd
		res.AddOns = []venue.Part{
			{Name: "perp_contingency", USD: (e.perpMM + e.perpIM) * usd},
			{Name: "option_contingency", USD: (e.optionMM + e.optionIM) * usd},
			{Name: "collateral_haircut", USD: (e.baseMM + e.baseIM) * usd},
			{Name: "oracle_contingency", USD: e.oracle * usd}}
	}
	return res, nil
}

// book is a venue arranged as a PMRM_2 account.
type book struct {
	underlying    string
	acct          account
	collateralUSD float64
	accepted      map[string]CollateralParams
	warnings      []string
}

func newBook(v *portfolio.Venue, m *market.Snapshot, r *resolved) (*book, error) {
	b := &book{accepted: map[string]CollateralParams{}}
	if v.Settlement != "" && v.Settlement != cashAsset {
		return nil, input.Invalid(input.Join(v.Path, "settlement"), v.Settlement, "is not Derive's settlement (%s)", cashAsset)
	}
	var err error
	if b.underlying, err = underlyingOf(v); err != nil {
		return nil, err
	}
	a := &b.acct
	a.spot = m.VenueSpot(v.ID, b.underlying)
	a.spotConfidence, a.perpConfidence = 1, 1
	a.stablePrice = m.VenueSpot(v.ID, cashAsset)
	if a.stablePrice <= 0 {
		a.stablePrice = 1
		b.warnings = append(b.warnings, fmt.Sprintf("%s has no price in the market; valued at 1 USD", cashAsset))
	}
	b.addCollateral(v, m, r)
	if err := b.addPositions(v, m); err != nil {
		return nil, err
	}
	return b, nil
}

// underlyingOf is the one underlying of v's derivatives; a venue without
// derivatives is put under the manager of its risk-cancelling collateral
// (BTC for BTC-family collateral, else ETH).
func underlyingOf(v *portfolio.Venue) (string, error) {
	underlying := ""
	for i, p := range v.Positions {
		if !p.Kind.IsDerivative() {
			continue
		}
		path := input.Join(input.Index(input.Join(v.Path, "positions"), i), "underlying")
		if !contains(managers, p.Underlying) {
			return "", input.Invalid(path, p.Underlying, "has no PMRM_2 portfolio margin on Derive (it has ETH and BTC)")
		}
		if underlying != "" && p.Underlying != underlying {
			return "", input.Invalid(path, p.Underlying,
				"differs from %s: a Derive PMRM_2 sub-account margins one underlying; use one venue per underlying", underlying)
		}
		underlying = p.Underlying
	}
	if underlying != "" {
		return underlying, nil
	}
	for _, c := range v.Collateral {
		if p, ok := collateralTables["BTC"][collateralKey(c.Asset)]; ok && p.RiskCancelling {
			return "BTC", nil
		}
	}
	return "ETH", nil
}

// addCollateral splits v's collateral into cash (USDC) and wrapped
// collateral at amount × price / stable price; an asset the manager does
// not accept is valued 0 with a warning.
func (b *book) addCollateral(v *portfolio.Venue, m *market.Snapshot, r *resolved) {
	a := &b.acct
	for i, c := range v.Collateral {
		if c.Asset == cashAsset {
			a.cash += c.AmountF
			b.collateralUSD += c.AmountF * a.stablePrice
			continue
		}
		params, ok := r.collaterals[collateralKey(c.Asset)]
		if !ok {
			params, ok = defaultCollateral(b.underlying, c.Asset)
		}
		if !ok {
			b.warnings = append(b.warnings, fmt.Sprintf(
				"collateral[%d] %s is not a collateral of Derive's %s PMRM_2; valued 0 here", i, c.Asset, b.underlying))
			continue
		}
		price := m.VenueSpot(v.ID, c.Asset)
		a.collaterals = append(a.collaterals, collateral{
			name: c.Asset, value: c.AmountF * price / a.stablePrice, confidence: 1,
			riskCancelling: params.RiskCancelling, mmHaircut: params.MMHaircut, imHaircut: params.IMHaircut,
		})
		b.collateralUSD += c.AmountF * price
		b.accepted[c.Asset] = params
	}
}

// addPositions nets options per instrument into expiries, perps into the one
// perp balance (with its unrealised P&L from entry prices and its funding),
// and USDC borrows into cash.
func (b *book) addPositions(v *portfolio.Venue, m *market.Snapshot) error {
	a := &b.acct
	perpMark := a.spot // perp marks default to spot (DESIGN.md)
	byExpiry := map[time.Time]int{}
	for i := range v.Positions {
		p := &v.Positions[i]
		path := input.Index(input.Join(v.Path, "positions"), i)
		switch {
		case p.Kind == portfolio.KindOption:
			xi, ok := byExpiry[p.Expiry]
			if !ok {
				xi = len(a.expiries)
				byExpiry[p.Expiry] = xi
				a.expiries = append(a.expiries, b.newExpiry(m, p.Expiry))
			}
			x := &a.expiries[xi]
			vol := m.VolAt(b.underlying, p.StrikeF, x.secToExpiry/secondsPerYear)
			x.addOption(option{strike: p.StrikeF, vol: vol, amount: p.QuantityF, right: p.Right})
		case p.Kind == portfolio.KindPerp:
			a.perpPosition += p.QuantityF
			if p.HasEntry {
				a.perpValue += p.QuantityF * (perpMark - p.EntryF)
			}
			a.perpValue += p.FundingF
		case p.Kind == portfolio.KindBorrow && p.Asset == cashAsset:
			a.cash -= p.AmountF
		default:
			return input.Invalid(input.Join(path, "kind"), string(p.Kind),
				"is not margined by %s (options and perps on ETH or BTC, USDC borrows; post assets as collateral)", modelName)
		}
	}
	a.perpPrice = perpMark
	sort.SliceStable(a.expiries, func(i, j int) bool { return a.expiries[i].secToExpiry < a.expiries[j].secToExpiry })
	return nil
}

// newExpiry reads the market's forward and rate for one expiry. Inside the
// last 30 minutes the forward is split into a fixed and a variable part pro
// rata, as Derive's test driver feeds PMRM_2 (the live forward feed fixes
// the settlement TWAP accumulated so far).
func (b *book) newExpiry(m *market.Snapshot, t time.Time) expiry {
	x := expiry{secToExpiry: math.Max(t.Sub(m.AsOf).Seconds(), 0), confidence: 1}
	forward := m.ForwardAt(b.underlying, x.secToExpiry/secondsPerYear)
	x.rate = math.Max(m.RateUSD(), 0)
	x.forwardVariable = forward
	if x.secToExpiry < settlementWindowSeconds {
		x.forwardFixed = forward * (settlementWindowSeconds - x.secToExpiry) / settlementWindowSeconds
		x.forwardVariable = forward * x.secToExpiry / settlementWindowSeconds
	}
	return x
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
