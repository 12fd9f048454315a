// SPAN parameters per combined commodity (one underlying), the built-in set,
// and overrides by the parameters' own names.
//
// Overrides (venues[i].params as an object):
//
//	"<name>": x                  every combined commodity of the set
//	"<SYMBOL>": {"<name>": x}    one combined commodity (a new one needs a price scan range)
//	"<SYMBOL>.<name>": x         the same, flat
//
// A commodity's own value wins over a flat one. camelCase spellings are
// aliases (priceScanRange). Values are numbers or decimal strings.
package span

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Params are one combined commodity's SPAN parameters. Money figures are USD
// per unit of the underlying (one BTC, one index point × 1, …): a CME figure
// per contract divides by the contract size (5 BTC for BTC futures).
type Params struct {
	// PriceScanRange is the price scan range as a fraction of the
	// underlying's price (0.43 = 43%); PriceScanRangeUSD, when > 0, is the
	// range in USD per unit and wins.
	PriceScanRange    float64 `json:"price_scan_range"`
	PriceScanRangeUSD float64 `json:"price_scan_range_usd"`
	// VolatilityScanRange is the absolute move of implied volatility in
	// scenarios 1–14 (0.10 = ten vol points up and down).
	VolatilityScanRange float64 `json:"volatility_scan_range"`
	// ExtremeMoveMultiple × the price scan range is the move of scenarios
	// 15–16, of which ExtremeMoveCoverage of the loss counts.
	ExtremeMoveMultiple float64 `json:"extreme_move_multiple"`
	ExtremeMoveCoverage float64 `json:"extreme_move_coverage"`
	// IntraSpreadCharge is the calendar-spread charge per unit of delta
	// spread, as a fraction of the price scan range; IntraSpreadChargeUSD,
	// when > 0, is the charge in USD per unit and wins.
	IntraSpreadCharge    float64 `json:"intra_spread_charge"`
	IntraSpreadChargeUSD float64 `json:"intra_spread_charge_usd"`
	// InterSpreadCreditRate is the fraction of this commodity's weighted
	// futures price risk credited per unit of delta spread formed with
	// another commodity of the venue (0 = no inter-commodity spreads).
	InterSpreadCreditRate float64 `json:"inter_spread_credit_rate"`
	// ShortOptionMinimum is the charge per unit of short options (the larger
	// of short calls and short puts) as a fraction of the price scan range
	// (CME: "a percentage of the outright margin on one underlying futures
	// contract"); ShortOptionMinimumUSD, when > 0, is USD per unit and wins.
	ShortOptionMinimum    float64 `json:"short_option_minimum"`
	ShortOptionMinimumUSD float64 `json:"short_option_minimum_usd"`
	// InitialToMaintenance turns the SPAN (maintenance) requirement into the
	// initial requirement.
	InitialToMaintenance float64 `json:"initial_to_maintenance"`
}

// scanUSD is the price scan range in USD per unit at price s.
func (p *Params) scanUSD(s float64) float64 {
	if p.PriceScanRangeUSD > 0 {
		return p.PriceScanRangeUSD
	}
	return p.PriceScanRange * s
}

func (p *Params) intraUSD(scanUSD float64) float64 {
	if p.IntraSpreadChargeUSD > 0 {
		return p.IntraSpreadChargeUSD
	}
	return p.IntraSpreadCharge * scanUSD
}

func (p *Params) somUSD(scanUSD float64) float64 {
	if p.ShortOptionMinimumUSD > 0 {
		return p.ShortOptionMinimumUSD
	}
	return p.ShortOptionMinimum * scanUSD
}

// spec is one named parameter with its allowed range.
type spec struct {
	name     string
	field    func(*Params) *float64
	min, max float64
}

var specs = []spec{
	{"price_scan_range", func(p *Params) *float64 { return &p.PriceScanRange }, 0, 10},
	{"price_scan_range_usd", func(p *Params) *float64 { return &p.PriceScanRangeUSD }, 0, 1e15},
	{"volatility_scan_range", func(p *Params) *float64 { return &p.VolatilityScanRange }, 0, 10},
	{"extreme_move_multiple", func(p *Params) *float64 { return &p.ExtremeMoveMultiple }, 0, 100},
	{"extreme_move_coverage", func(p *Params) *float64 { return &p.ExtremeMoveCoverage }, 0, 1},
	{"intra_spread_charge", func(p *Params) *float64 { return &p.IntraSpreadCharge }, 0, 10},
	{"intra_spread_charge_usd", func(p *Params) *float64 { return &p.IntraSpreadChargeUSD }, 0, 1e15},
	{"inter_spread_credit_rate", func(p *Params) *float64 { return &p.InterSpreadCreditRate }, 0, 1},
	{"short_option_minimum", func(p *Params) *float64 { return &p.ShortOptionMinimum }, 0, 10},
	{"short_option_minimum_usd", func(p *Params) *float64 { return &p.ShortOptionMinimumUSD }, 0, 1e15},
	{"initial_to_maintenance", func(p *Params) *float64 { return &p.InitialToMaintenance }, 1, 10},
}

func findSpec(name string) (spec, bool) {
	for _, s := range specs {
		if s.name == name {
			return s, true
		}
	}
	return spec{}, false
}

// Set is one built-in parameter set: parameters per combined commodity.
type Set struct {
	Name        string
	Source      string
	Commodities map[string]Params
}

// DefaultSet is the set used when a venue names none.
const DefaultSet = "cme-btc-2017-12"

// template gives the parameters of a commodity added by an override that
// does not set them: CME's standard extreme move (2 × the scan range, 35%
// covered, margin-methods.md §2.1) and initial = 110% of maintenance (CME's
// speculator ratio, e.g. "$1,540 ($1,400*1.1)" in CME's margin FAQ); no
// spreads, no short option minimum, no volatility scan.
var template = Params{ExtremeMoveMultiple: 2, ExtremeMoveCoverage: 0.35, InitialToMaintenance: 1.1}

// sets are the built-in sets (venue.ParamSets), dated by the month of their
// CME parameters.
var sets = venue.NewParamSets[Set](ModelName, DefaultSet).Add(DefaultSet, "2017-12-01", &Set{
	Name: DefaultSet,
	Source: "CME Bitcoin futures (BTC, 5 BTC per contract) at launch, December 2017: maintenance 43% and " +
		"initial 47% of notional (CME notice to users reported by Bloomberg, 13 December 2017) ⇒ " +
		"price_scan_range 0.43, initial_to_maintenance 47/43; extreme move 2 × scan range covering 35% " +
		"(CME SPAN standard, margin-methods.md §2.1). CME does not publish its BTC option volatility scan " +
		"range, calendar spread charge or short option minimum in the sources read: volatility_scan_range " +
		"0.10, intra_spread_charge 0.05 and short_option_minimum 0.10 (of the scan range) are unimargin's " +
		"choices, marked as such",
	Commodities: map[string]Params{
		"BTC": {PriceScanRange: 0.43, VolatilityScanRange: 0.10, ExtremeMoveMultiple: 2, ExtremeMoveCoverage: 0.35,
			IntraSpreadCharge: 0.05, ShortOptionMinimum: 0.10, InitialToMaintenance: 47.0 / 43.0},
	},
})

// resolved is a venue's parameters after overrides.
type resolved struct {
	set         string
	overridden  bool
	commodities map[string]Params
	warnings    []string
}

// canonical maps camelCase and snake_case spellings to the snake_case name.
func canonical(key string) string { return venue.SnakeCase(key) }

// resolve returns the venue's commodity parameters: the named set, else the
// set in force at asOf (venue.ParamSets), then overrides. Errors are
// *input.Error values naming the override.
func resolve(v *portfolio.Venue, asOf time.Time) (resolved, error) {
	p, overrides, err := sets.ResolveFlat(v, asOf)
	if err != nil {
		return resolved{}, err
	}
	name, s, warnings := p.Name, p.Set, p.Warnings
	r := resolved{set: name, commodities: map[string]Params{}, warnings: warnings}
	for sym, p := range s.Commodities {
		r.commodities[sym] = p
	}
	if len(overrides) == 0 {
		return r, nil
	}
	r.overridden = true
	prefix := v.Params.Path + "."
	var flat []func(*Params)
	perCommodity := map[string][]func(*Params){}
	seen := map[string]string{}
	for _, o := range overrides {
		key := strings.TrimPrefix(o.Node.Path, prefix)
		if _, isObj := o.Node.Raw().(map[string]any); isObj {
			if err := venue.EachField(o.Node, func(field string, v input.Node) error {
				set, err := setter(key, field, v, seen)
				perCommodity[key] = append(perCommodity[key], set)
				return err
			}); err != nil {
				return resolved{}, err
			}
			continue
		}
		if sym, field, dotted := strings.Cut(key, "."); dotted {
			set, err := setter(sym, field, o.Node, seen)
			if err != nil {
				return resolved{}, err
			}
			perCommodity[sym] = append(perCommodity[sym], set)
			continue
		}
		set, err := setter("", key, o.Node, seen)
		if err != nil {
			return resolved{}, err
		}
		flat = append(flat, set)
	}
	for sym := range perCommodity {
		if _, ok := r.commodities[sym]; !ok {
			r.commodities[sym] = template
		}
	}
	for sym, p := range r.commodities {
		for _, f := range flat {
			f(&p)
		}
		for _, f := range perCommodity[sym] {
			f(&p)
		}
		if p.PriceScanRange == 0 && p.PriceScanRangeUSD == 0 {
			return resolved{}, input.Errorf(v.Params.Path, "combined commodity %s has no price scan range "+
				"(give %s.price_scan_range or %s.price_scan_range_usd)", sym, sym, sym)
		}
		r.commodities[sym] = p
	}
	return r, nil
}

// setter checks one override and returns the change it makes. commodity is
// "" for a flat override.
func setter(commodity, key string, n input.Node, seen map[string]string) (func(*Params), error) {
	name := canonical(key)
	sp, ok := findSpec(name)
	if !ok {
		names := make([]string, len(specs))
		for i, s := range specs {
			names[i] = s.name
		}
		return nil, input.Invalid(n.Path, key, "is not a parameter of span (%s, per commodity as "+
			"<SYMBOL>.<name> or {\"<SYMBOL>\": {…}})", strings.Join(names, ", "))
	}
	full := name
	if commodity != "" {
		full = commodity + "." + name
	}
	if prev, dup := seen[full]; dup {
		return nil, input.Errorf(n.Path, "sets %s again (already set at %s)", full, prev)
	}
	seen[full] = n.Path
	x, err := n.Float()
	if err != nil {
		return nil, err
	}
	if x < sp.min || x > sp.max {
		return nil, input.Invalid(n.Path, n.Text(), "%s must be in [%s, %s]", name, fmtFloat(sp.min), fmtFloat(sp.max))
	}
	field := sp.field
	return func(p *Params) { *field(p) = x }, nil
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// paramList lists the default set's parameters for venues --json, per
// commodity ("BTC.price_scan_range").
func paramList() []venue.Param {
	s := sets.Default()
	syms := make([]string, 0, len(s.Commodities))
	for sym := range s.Commodities {
		syms = append(syms, sym)
	}
	sort.Strings(syms)
	var out []venue.Param
	for _, sym := range syms {
		p := s.Commodities[sym]
		for _, sp := range specs {
			out = append(out, venue.Param{Name: fmt.Sprintf("%s.%s", sym, sp.name), Default: *sp.field(&p)})
		}
	}
	return out
}
