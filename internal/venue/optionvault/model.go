// The option-vault model: registration, parameters, and Margin.
package optionvault

import (
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

// ModelName is the model's name in portfolio.json.
const ModelName = "option-vault"

// DefaultSet is the parameter set used when a venue names none.
const DefaultSet = "opyn-gamma-2021-01"

// defaultStrikeAsset locks puts unless the venue names its settlement.
const defaultStrikeAsset = "USDC"

// Params are the vault's collateral ratios (1 = fully collateralised).
type Params struct {
	CallCollateralRatio float64 `json:"call_collateral_ratio"` // units of underlying locked per call
	PutCollateralRatio  float64 `json:"put_collateral_ratio"`  // strikes locked per put
}

// sets are the built-in sets (venue.ParamSets), dated by the month of the
// Opyn Gamma launch.
var sets = venue.NewParamSets[Params](ModelName, DefaultSet).
	Add(DefaultSet, "2021-01-01", &Params{CallCollateralRatio: 1, PutCollateralRatio: 1})

// maxRatio bounds the ratios (an over-collateralised vault may lock more; a
// ratio below 1 would be partial collateral, which this model does not cover).
const maxRatio = 10

const whyRatio = "a fully collateralised vault locks at least the whole payoff"

var specs = venue.FloatParams[Params]{
	{Name: "call_collateral_ratio", Field: func(p *Params) *float64 { return &p.CallCollateralRatio },
		Min: 1, Max: maxRatio, Why: whyRatio},
	{Name: "put_collateral_ratio", Field: func(p *Params) *float64 { return &p.PutCollateralRatio },
		Min: 1, Max: maxRatio, Why: whyRatio},
}

// Model is the option-vault model. It is stateless.
type Model struct{}

func init() { venue.Register(Model{}) }

// Name returns "option-vault".
func (Model) Name() string { return ModelName }

// Source cites the rule.
func (Model) Source() string {
	return "Fully collateralised option vaults: Opyn Gamma protocol MarginCalculator (opynfinance/GammaProtocol " +
		"contracts/core/MarginCalculator.sol, vault type 0; Gamma launched January 2021): a short call is " +
		"collateralised by its underlying amount, a short put by strike × amount of the strike asset; the " +
		"covered-call and put-selling vaults built on it (Ribbon Theta Vaults) follow the same rule. Set " +
		DefaultSet + ": both ratios 1"
}

// Params lists the collateral ratios with their defaults.
func (Model) Params() []venue.Param {
	return specs.List(*sets.Default())
}

type seriesKey struct {
	underlying string
	right      pricing.Right
	strike     float64
	expiry     int64
}

// series is one option series the vault wrote.
type series struct {
	key     seriesKey
	first   int // index of its first position
	qty     float64
	valueUS float64 // value of one option, USD
}

type paramsUsed struct {
	Set                 string  `json:"set"`
	Overridden          bool    `json:"overridden"`
	CallCollateralRatio float64 `json:"call_collateral_ratio"`
	PutCollateralRatio  float64 `json:"put_collateral_ratio"`
	StrikeAsset         string  `json:"strike_asset"`
}

// Margin computes the vault's requirement in equity terms. Input errors:
// positions other than options, a series that nets long, a settlement that
// is not a stablecoin, an under-collateralised vault, bad parameters.
func (Model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	p, used, warnings, err := resolve(v, m.AsOf)
	if err != nil {
		return venue.Result{}, err
	}
	if used.StrikeAsset, err = strikeAsset(v, m); err != nil {
		return venue.Result{}, err
	}
	written, err := netSeries(v, m)
	if err != nil {
		return venue.Result{}, err
	}
	locked := map[string]float64{}
	var optionValue float64 // Σ |q| · value of the written options
	for _, s := range written {
		q := -s.qty
		optionValue += q * s.valueUS
		if s.key.right == pricing.Call {
			locked[s.key.underlying] += q * p.CallCollateralRatio
		} else {
			locked[used.StrikeAsset] += q * s.key.strike * p.PutCollateralRatio
		}
	}
	posted := map[string]float64{}
	r := venue.Result{ParamsUsed: used, ParamsSet: used.Set, Warnings: warnings}
	for _, c := range v.Collateral {
		posted[c.Asset] += c.AmountF
		r.CollateralValue += c.AmountF * m.VenueSpot(v.ID, c.Asset)
	}
	if err := checkCovered(v, locked, posted); err != nil {
		return venue.Result{}, err
	}
	var lockedUSD float64
	for a, units := range locked {
		lockedUSD += units * m.VenueSpot(v.ID, a)
	}
	r.Equity = r.CollateralValue - optionValue
	r.Maintenance = math.Max(lockedUSD-optionValue, 0)
	r.Initial = r.Maintenance
	r.Health = venue.EquityHealth(r.Equity, r.Maintenance)
	return r, nil
}

// resolve returns the venue's parameters (the named set, else the set in
// force at asOf, venue.SetAt, whose warnings it returns) after overrides.
func resolve(v *portfolio.Venue, asOf time.Time) (Params, paramsUsed, []string, error) {
	r, overrides, err := sets.ResolveFlat(v, asOf)
	if err != nil {
		return Params{}, paramsUsed{}, nil, err
	}
	used := paramsUsed{Overridden: len(overrides) > 0, Set: r.Name}
	warnings, p := r.Warnings, *r.Set
	if err := specs.Apply(&p, overrides, ModelName); err != nil {
		return Params{}, used, nil, err
	}
	used.CallCollateralRatio, used.PutCollateralRatio = p.CallCollateralRatio, p.PutCollateralRatio
	return p, used, warnings, nil
}

// strikeAsset is the venue's explicit settlement (a stablecoin) or USDC.
func strikeAsset(v *portfolio.Venue, m *market.Snapshot) (string, error) {
	if v.Settlement == "" {
		return defaultStrikeAsset, nil
	}
	if a := m.Asset(v.Settlement); a == nil || a.Class != market.ClassStable {
		return "", input.Invalid(input.Join(v.Path, "settlement"), v.Settlement,
			"is not a stablecoin: a cash-secured put vault locks its strikes in a stablecoin")
	}
	return v.Settlement, nil
}

// netSeries nets the venue's options per series and values each; written
// series (net short) are returned in order of first appearance.
func netSeries(v *portfolio.Venue, m *market.Snapshot) ([]*series, error) {
	var all []*series
	index := map[seriesKey]*series{}
	for j := range v.Positions {
		p := &v.Positions[j]
		if p.Kind != portfolio.KindOption {
			return nil, input.Invalid(input.Join(input.Index(input.Join(v.Path, "positions"), j), "kind"),
				string(p.Kind), "is not held in an option vault (it writes options only)")
		}
		k := seriesKey{p.Underlying, p.Right, p.StrikeF, p.Expiry.UnixNano()}
		s := index[k]
		if s == nil {
			t := m.YearsTo(p.Expiry)
			f := m.ForwardAt(p.Underlying, t)
			vol := m.VolAt(p.Underlying, p.StrikeF, t)
			s = &series{key: k, first: j, valueUS: pricing.Black76Price(p.Right, f, p.StrikeF, vol, t, m.RateUSD())}
			index[k] = s
			all = append(all, s)
		}
		s.qty += p.QuantityF
	}
	written := all[:0]
	for _, s := range all {
		switch {
		case s.qty > 0:
			p := &v.Positions[s.first]
			return nil, input.Invalid(input.Join(input.Index(input.Join(v.Path, "positions"), s.first), "quantity"),
				p.Quantity.String(), "is long: a writer vault holds no long options (net %s of this series)",
				strconv.FormatFloat(s.qty, 'g', -1, 64))
		case s.qty < 0:
			written = append(written, s)
		}
	}
	return written, nil
}

// checkCovered refuses a vault that holds less of an asset than its options
// lock (in asset order, so the error is deterministic).
func checkCovered(v *portfolio.Venue, locked, posted map[string]float64) error {
	assets := make([]string, 0, len(locked))
	for a := range locked {
		assets = append(assets, a)
	}
	sort.Strings(assets)
	for _, a := range assets {
		// A relative tolerance absorbs float sums of exact decimals.
		if posted[a] < locked[a]*(1-1e-12) {
			return input.Errorf(input.Join(v.Path, "collateral"), "the vault is under-collateralised: its "+
				"options lock %s %s but it holds %s; a fully collateralised vault cannot write them",
				fmtUnits(locked[a]), a, fmtUnits(posted[a]))
		}
	}
	return nil
}

func fmtUnits(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
