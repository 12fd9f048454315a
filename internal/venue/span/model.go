// The span model: registration, the book, and the requirement per combined
// commodity.
package span

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

// ModelName is the model's name in portfolio.json.
const ModelName = "span"

// minForwardFraction floors a scenario's moved forward (a price move larger
// than the price itself) at this fraction of the forward, so that options
// revalue at a tiny positive price rather than an undefined one.
const minForwardFraction = 1e-9

// Model is the span isolated margin model. It is stateless.
type Model struct{}

func init() { venue.Register(Model{}) }

// Name returns "span".
func (Model) Name() string { return ModelName }

// Source cites the method and the default parameters.
func (Model) Source() string {
	return "CME SPAN: 16-scenario risk arrays, scan risk per combined commodity, intra-commodity spread " +
		"charge, inter-commodity spread credit, short option minimum, net option value (CME 'Components of " +
		"SPAN', cmegroup.com/clearing/rmspan; CME clearing advisory 20-319, 2020-08-13, for the SOM and " +
		"volatility scan definitions; margin-methods.md §2); parameter set " + DefaultSet + ": " +
		sets.Default().Source
}

// Params lists the default set's parameters per combined commodity.
func (Model) Params() []venue.Param { return paramList() }

// Margin computes the SPAN requirement of v in equity terms. Input errors:
// position kinds other than future, perp and option; an underlying without
// parameters; an unknown set or override.
func (Model) Margin(v *portfolio.Venue, m *market.Snapshot) (venue.Result, error) {
	d, err := compute(v, m)
	if err != nil {
		return venue.Result{}, err
	}
	return d.result(), nil
}

// Commodity is the SPAN computation of one combined commodity (all the
// venue's products on one underlying), in USD.
type Commodity struct {
	Underlying     string
	Params         Params
	SpotUSD        float64
	ScanUSD        float64   // price scan range per unit
	Array          RiskArray // the commodity's combined risk array
	ScanRisk       float64
	ScanScenario   int // 1-based; 0 when no scenario loses
	TimeRisk       float64
	VolatilityRisk float64
	PriceRisk      float64 // max(scan − time − volatility, 0)
	NetDelta       float64 // composite delta, units of underlying
	Tiers          []Tier  // net delta per expiry
	IntraSpreads   float64 // delta spreads formed across tiers
	IntraCharge    float64
	InterCredit    float64
	ShortCalls     float64 // net short calls summed over series, units of underlying
	ShortPuts      float64 // likewise for puts
	SOM            float64 // short option minimum
	Risk           float64 // max(scan + intra − inter, SOM): the maintenance requirement
	NetOptionValue float64 // long option value − short option value
}

// Tier is the net delta of one expiry ("perp" for perpetuals).
type Tier struct {
	Expiry string
	Delta  float64
}

// Detail is the whole computation for one venue.
type Detail struct {
	Commodities []*Commodity // sorted by underlying
	Collateral  float64      // accepted collateral, USD
	ValueUSD    float64      // option values + futures P&L + funding
	Set         string
	Overridden  bool
	Warnings    []string
}

// Compute returns the detailed SPAN computation (for tests and reports).
func Compute(v *portfolio.Venue, m *market.Snapshot) (*Detail, error) { return compute(v, m) }

func compute(v *portfolio.Venue, m *market.Snapshot) (*Detail, error) {
	res, err := resolve(v, m.AsOf)
	if err != nil {
		return nil, err
	}
	d := &Detail{Set: res.set, Overridden: res.overridden, Warnings: res.warnings}
	d.collateral(v, m)
	byU := map[string]*Commodity{}
	tiers := map[string]map[string]float64{}
	series := map[seriesKey]float64{} // net option quantity per series, for the short option minimum
	for j := range v.Positions {
		p := &v.Positions[j]
		path := input.Index(input.Join(v.Path, "positions"), j)
		if !p.Kind.IsDerivative() {
			return nil, input.Invalid(input.Join(path, "kind"), string(p.Kind),
				"is not margined by span (future, perp and option are)")
		}
		c := byU[p.Underlying]
		if c == nil {
			params, ok := res.commodities[p.Underlying]
			if !ok {
				return nil, input.Invalid(input.Join(path, "underlying"), p.Underlying,
					"has no SPAN parameters in set %s (give params {\"%s\": {\"price_scan_range\": …}})",
					res.set, p.Underlying)
			}
			spot := m.VenueSpot(v.ID, p.Underlying)
			c = &Commodity{Underlying: p.Underlying, Params: params, SpotUSD: spot, ScanUSD: params.scanUSD(spot)}
			byU[p.Underlying] = c
			tiers[p.Underlying] = map[string]float64{}
			d.Commodities = append(d.Commodities, c)
		}
		delta, tier := d.addPosition(c, p, m, v.ID)
		tiers[p.Underlying][tier] += delta
		if p.Kind == portfolio.KindOption {
			series[seriesKey{p.Underlying, p.Right, p.StrikeF, p.Expiry.UnixNano()}] += p.QuantityF
		}
	}
	for k, q := range series {
		c := byU[k.underlying]
		switch {
		case q >= 0:
		case k.right == pricing.Call:
			c.ShortCalls -= q
		default:
			c.ShortPuts -= q
		}
	}
	sort.Slice(d.Commodities, func(i, j int) bool { return d.Commodities[i].Underlying < d.Commodities[j].Underlying })
	for _, c := range d.Commodities {
		c.finishScan(tiers[c.Underlying])
	}
	interCredits(d.Commodities)
	for _, c := range d.Commodities {
		c.SOM = c.Params.somUSD(c.ScanUSD) * math.Max(c.ShortCalls, c.ShortPuts)
		c.Risk = math.Max(math.Max(c.ScanRisk+c.IntraCharge-c.InterCredit, c.SOM), 0)
	}
	return d, nil
}

// seriesKey is one option series: the clearing house holds one net position
// per series, so the short option minimum counts net shorts per series.
type seriesKey struct {
	underlying string
	right      pricing.Right
	strike     float64
	expiry     int64
}

// collateral counts stablecoins (a SPAN clearing house takes cash) at the
// venue's price; other assets are valued 0 here with a warning.
func (d *Detail) collateral(v *portfolio.Venue, m *market.Snapshot) {
	for i, c := range v.Collateral {
		a := m.Asset(c.Asset)
		if a != nil && a.Class == market.ClassStable {
			d.Collateral += c.AmountF * m.VenueSpot(v.ID, c.Asset)
			continue
		}
		d.Warnings = append(d.Warnings, fmt.Sprintf("collateral[%d] %s is not cash: a SPAN clearing "+
			"house takes stablecoins here; valued 0 at this venue", i, c.Asset))
	}
}

// addPosition adds one position's risk array, value and delta to c and
// returns its composite delta and tier.
func (d *Detail) addPosition(c *Commodity, p *portfolio.Position, m *market.Snapshot, venueID string) (float64, string) {
	q := p.QuantityF
	pr := &c.Params
	switch p.Kind {
	case portfolio.KindPerp:
		if p.HasEntry {
			d.ValueUSD += q * (c.SpotUSD - p.EntryF)
		}
		d.ValueUSD += p.FundingF
		c.Array = c.Array.Add(DeltaOneArray(c.ScanUSD, pr.ExtremeMoveMultiple, pr.ExtremeMoveCoverage).Scale(q))
		return q, "perp"
	case portfolio.KindFuture:
		if p.HasEntry {
			t := m.YearsTo(p.Expiry)
			d.ValueUSD += q * (m.ForwardAt(c.Underlying, t) - p.EntryF)
		}
		c.Array = c.Array.Add(DeltaOneArray(c.ScanUSD, pr.ExtremeMoveMultiple, pr.ExtremeMoveCoverage).Scale(q))
		return q, p.Expiry.Format(time.RFC3339)
	}
	t := m.YearsTo(p.Expiry)
	f := m.ForwardAt(c.Underlying, t)
	vol := m.VolAt(c.Underlying, p.StrikeF, t)
	r := m.RateUSD()
	g := pricing.Black76Greeks(p.Right, f, p.StrikeF, vol, t, r)
	d.ValueUSD += q * g.Price
	c.NetOptionValue += q * g.Price
	c.Array = c.Array.Add(optionArray(p.Right, f, p.StrikeF, vol, t, r, g.Price, c.ScanUSD, pr).Scale(q))
	return q * g.Delta, p.Expiry.Format(time.RFC3339)
}

// optionArray is the risk array of one long option: its value now minus its
// value with the forward moved by each scenario's price move and the vol by
// its volatility move (floored at 0), the extreme losses × their coverage.
func optionArray(right pricing.Right, f, k, vol, t, r, v0, scanUSD float64, p *Params) RiskArray {
	var a RiskArray
	for i, s := range scenarios {
		fk := math.Max(f+priceMove(i, scanUSD, p.ExtremeMoveMultiple), f*minForwardFraction)
		vk := math.Max(vol+s.Vol*p.VolatilityScanRange, 0)
		a[i] = (v0 - pricing.Black76Price(right, fk, k, vk, t, r)) * coverage(i, p.ExtremeMoveCoverage)
	}
	return a
}

// finishScan completes the scan risk, its decomposition and the
// intra-commodity spread charge: per expiry tier the net delta; long and
// short tier deltas form min(Σ long, Σ short) delta spreads, each charged
// the intra-commodity spread charge (SPAN nets deltas by tier and charges
// per spread; one tier per expiry, spreads formed in any order give the
// same count here).
func (c *Commodity) finishScan(tiers map[string]float64) {
	c.ScanRisk, c.ScanScenario = c.Array.ScanRisk()
	c.TimeRisk = c.Array.TimeRisk()
	c.VolatilityRisk = c.Array.VolatilityRisk()
	c.PriceRisk = math.Max(c.ScanRisk-c.TimeRisk-c.VolatilityRisk, 0)
	keys := make([]string, 0, len(tiers))
	for k := range tiers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var long, short float64
	for _, k := range keys {
		delta := tiers[k]
		c.Tiers = append(c.Tiers, Tier{Expiry: k, Delta: delta})
		c.NetDelta += delta
		if delta > 0 {
			long += delta
		} else {
			short -= delta
		}
	}
	c.IntraSpreads = math.Min(long, short)
	c.IntraCharge = c.IntraSpreads * c.Params.intraUSD(c.ScanUSD)
}

// interCredits forms inter-commodity delta spreads between commodities whose
// credit rates are both above 0 and whose net deltas have opposite signs, in
// symbol order (inferred: CME pairs commodities by a published priority
// table and fixed contract ratios; here the legs are matched by USD notional
// of delta). Each leg's credit is its rate × its weighted futures price risk
// (price risk / |net delta|) × the delta it puts into spreads.
func interCredits(cs []*Commodity) {
	remaining := make([]float64, len(cs))
	for i, c := range cs {
		remaining[i] = math.Abs(c.NetDelta)
	}
	for i, a := range cs {
		for j := i + 1; j < len(cs); j++ {
			b := cs[j]
			if a.Params.InterSpreadCreditRate == 0 || b.Params.InterSpreadCreditRate == 0 ||
				a.NetDelta*b.NetDelta >= 0 || a.SpotUSD <= 0 || b.SpotUSD <= 0 {
				continue
			}
			notional := math.Min(remaining[i]*a.SpotUSD, remaining[j]*b.SpotUSD)
			da, db := notional/a.SpotUSD, notional/b.SpotUSD
			a.InterCredit += a.Params.InterSpreadCreditRate * a.wfpr() * da
			b.InterCredit += b.Params.InterSpreadCreditRate * b.wfpr() * db
			remaining[i] -= da
			remaining[j] -= db
		}
	}
}

// wfpr is the weighted futures price risk: price risk per unit of net delta.
func (c *Commodity) wfpr() float64 {
	if c.NetDelta == 0 {
		return 0
	}
	return c.PriceRisk / math.Abs(c.NetDelta)
}

// result translates the detail into equity terms. CME compares its total
// requirement risk − NOV with the account's cash; our equity holds the cash
// and the option values (NOV), so in equity terms maintenance = Σ risk and
// initial = Σ risk × initial_to_maintenance, and equity − maintenance = cash
// − (risk − NOV) exactly.
func (d *Detail) result() venue.Result {
	r := venue.Result{CollateralValue: d.Collateral, Equity: d.Collateral + d.ValueUSD, Warnings: d.Warnings,
		ParamsSet: d.Set}
	used := paramsUsed{Set: d.Set, Overridden: d.Overridden, Commodities: map[string]Params{}}
	var intra, inter, som float64
	for _, c := range d.Commodities {
		r.Maintenance += c.Risk
		r.Initial += c.Risk * c.Params.InitialToMaintenance
		used.Commodities[c.Underlying] = c.Params
		k := c.Params.InitialToMaintenance
		if spread := c.ScanRisk + c.IntraCharge - c.InterCredit; spread >= c.SOM {
			r.Scenario += c.ScanRisk * k
			intra, inter = intra+c.IntraCharge*k, inter-c.InterCredit*k
		} else {
			som += c.SOM * k
		}
	}
	r.AddOns = []venue.Part{{Name: "intra_spread_charge", USD: intra}, {Name: "inter_spread_credit", USD: inter},
		{Name: "short_option_minimum", USD: som}}
	r.Health = venue.EquityHealth(r.Equity, r.Maintenance)
	r.ParamsUsed = used
	return r
}

type paramsUsed struct {
	Set         string            `json:"set"`
	Overridden  bool              `json:"overridden"`
	Commodities map[string]Params `json:"commodities"`
}
