// Parameter overrides. A venue's params is a built-in set name, or an object of
// overrides applied on top of DefaultSet, keyed by the API's names
// (snake_case canonical; camelCase such as maxLeverage accepted):
//
//	"leverage_type": "isolated"        cross (default) or isolated
//	"transfer_margin_ratio": 0.1       and the other account-level rules
//	"BTC": {"leverage": 20, "max_leverage": 40, "margin_table_id": 56,
//	        "margin_tiers": [{"lower_bound": "0", "max_leverage": 40}, …]}
//	"BTC.leverage": 20                 one asset's field
//	"leverage": 20                     the venue's only asset
//
// Asset fields: leverage (the user's setting, 1…max leverage; default the
// max), margin_table_id (a table of the set, or below 50: one tier whose max
// leverage is the id), margin_tiers (the table itself: lower bounds from 0
// ascending, max leverage not increasing), max_leverage (alone: a single-tier
// table; with a table: must equal its first tier). An asset missing from the
// set needs one of the last three.
package hyperliquid

import (
	"fmt"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const (
	fieldLeverageType                = "leverage_type"
	fieldTransferMarginRatio         = "transfer_margin_ratio"
	fieldPartialThreshold            = "partial_liquidation_threshold_usd"
	fieldPartialFraction             = "partial_liquidation_fraction"
	fieldPartialCooldown             = "partial_liquidation_cooldown_seconds"
	fieldBackstopRatio               = "backstop_liquidation_ratio"
	fieldLeverage                    = "leverage"
	fieldMaxLeverage                 = "max_leverage"
	fieldMarginTableID               = "margin_table_id"
	fieldMarginTiers                 = "margin_tiers"
	maxLeverageLimit                 = 1000
	maxNotionalBound         float64 = 1e30
)

var venueFields = []string{fieldBackstopRatio, fieldLeverageType, fieldPartialCooldown, fieldPartialFraction,
	fieldPartialThreshold, fieldTransferMarginRatio}
var assetFields = []string{fieldLeverage, fieldMarginTableID, fieldMarginTiers, fieldMaxLeverage}

func isOneOf(s string, xs []string) bool {
	for _, x := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// assetOverride is what a venue changed for one asset, with the paths.
type assetOverride struct {
	leverage, maxLeverage, tableID int
	tiers                          []marginTier
	path                           map[string]string // field → path
}

// resolved is a venue's parameters after overrides.
type resolved struct {
	setName    string
	set        *paramSet
	overridden bool
	venue      venueParams
	assets     map[string]*assetOverride
	warnings   []string
}

// resolveParams reads v.Params (venue.ParamSets: the named set, else the
// set in force at asOf), then overrides. held are the venue's assets, sorted.
func resolveParams(v *portfolio.Venue, held []string, asOf time.Time) (*resolved, error) {
	p, err := sets.Resolve(v, asOf)
	if err != nil {
		return nil, err
	}
	r := &resolved{setName: p.Name, set: p.Set, venue: defaultVenue, warnings: p.Warnings}
	if p.Object == nil {
		return r, nil
	}
	r.overridden = true
	r.assets = map[string]*assetOverride{}
	seen := map[string]string{}
	for _, e := range p.Object.Entries() {
		if err := r.apply(e, held, seen); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *resolved) apply(e input.Entry, held []string, seen map[string]string) error {
	key := venue.SnakeCase(e.Key)
	if isOneOf(key, venueFields) {
		if err := markSeen(seen, key, e.Node.Path); err != nil {
			return err
		}
		return r.venueField(key, e.Node)
	}
	if isOneOf(key, assetFields) {
		if len(held) != 1 {
			return input.Invalid(e.Node.Path, e.Key, "applies to the venue's only asset, but the venue holds %d "+
				"assets: use <COIN>.%s", len(held), key)
		}
		return r.assetField(held[0], key, e.Node, seen)
	}
	coin, rest, dotted := strings.Cut(e.Key, ".")
	if _, known := r.set.assets[coin]; !known && !isOneOf(coin, held) {
		return input.Invalid(e.Node.Path, e.Key, "is not a parameter of hyperliquid (%s, %s, <COIN> or "+
			"<COIN>.<field>) nor an asset of the set or the venue",
			strings.Join(venueFields, ", "), strings.Join(assetFields, ", "))
	}
	if dotted {
		return r.assetField(coin, venue.SnakeCase(rest), e.Node, seen)
	}
	return venue.EachField(e.Node, func(field string, v input.Node) error {
		return r.assetField(coin, venue.SnakeCase(field), v, seen)
	})
}

func markSeen(seen map[string]string, name, path string) error {
	if prev, dup := seen[name]; dup {
		return input.Errorf(path, "sets %s, already set at %s", name, prev)
	}
	seen[name] = path
	return nil
}

func (r *resolved) venueField(key string, n input.Node) error {
	if key == fieldLeverageType {
		s, err := n.String()
		if err != nil {
			return err
		}
		if s != leverageCross && s != leverageIsolated {
			return input.Invalid(n.Path, s, "must be cross or isolated")
		}
		r.venue.LeverageType = s
		return nil
	}
	x, err := n.Float()
	if err != nil {
		return err
	}
	lo, hi := 0.0, 1.0
	var dst *float64
	switch key {
	case fieldTransferMarginRatio:
		dst = &r.venue.TransferMarginRatio
	case fieldPartialThreshold:
		dst, hi = &r.venue.PartialLiquidationThresholdUSD, maxNotionalBound
	case fieldPartialFraction: // an order closes something: (0, 1]
		if !(x > 0) {
			return input.Invalid(n.Path, n.Text(), "%s must be in (0, 1]", key)
		}
		dst = &r.venue.PartialLiquidationFraction
	case fieldPartialCooldown:
		dst, hi = &r.venue.PartialLiquidationCooldownSecond, 86_400
	case fieldBackstopRatio:
		dst = &r.venue.BackstopLiquidationRatio
	}
	if x < lo || x > hi {
		return input.Invalid(n.Path, n.Text(), "%s must be in [%g, %g]", key, lo, hi)
	}
	*dst = x
	return nil
}

func (r *resolved) assetField(coin, field string, n input.Node, seen map[string]string) error {
	if !isOneOf(field, assetFields) {
		return input.Invalid(n.Path, field, "is not an asset field (%s)", strings.Join(assetFields, ", "))
	}
	if err := markSeen(seen, coin+"."+field, n.Path); err != nil {
		return err
	}
	o := r.assets[coin]
	if o == nil {
		o = &assetOverride{path: map[string]string{}}
		r.assets[coin] = o
	}
	o.path[field] = n.Path
	if field == fieldMarginTiers {
		tiers, err := parseTiers(n)
		if err != nil {
			return err
		}
		o.tiers = tiers
		return nil
	}
	x, err := n.Int()
	if err != nil {
		return err
	}
	if x < 1 || x > maxLeverageLimit {
		return input.Invalid(n.Path, n.Text(), "%s must be an integer in [1, %d]", field, maxLeverageLimit)
	}
	switch field {
	case fieldLeverage:
		o.leverage = int(x)
	case fieldMaxLeverage:
		o.maxLeverage = int(x)
	case fieldMarginTableID:
		o.tableID = int(x)
	}
	return nil
}

// parseTiers reads [{"lower_bound": …, "max_leverage": …}, …] (API spelling
// lowerBound, maxLeverage accepted).
func parseTiers(n input.Node) ([]marginTier, error) {
	items, err := n.Array()
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, input.Errorf(n.Path, "must list at least one tier")
	}
	out := make([]marginTier, len(items))
	for i, it := range items {
		obj, err := it.Object()
		if err != nil {
			return nil, err
		}
		for _, fe := range obj.Entries() {
			switch venue.SnakeCase(fe.Key) {
			case "lower_bound":
				x, err := fe.Node.Float()
				if err != nil {
					return nil, err
				}
				if x < 0 || x > maxNotionalBound {
					return nil, input.Invalid(fe.Node.Path, fe.Node.Text(), "must be in [0, 1e30] USD")
				}
				out[i].LowerBound = x
			case "max_leverage":
				x, err := fe.Node.Int()
				if err != nil {
					return nil, err
				}
				if x < 1 || x > maxLeverageLimit {
					return nil, input.Invalid(fe.Node.Path, fe.Node.Text(), "must be an integer in [1, %d]", maxLeverageLimit)
				}
				out[i].MaxLeverage = int(x)
			default:
				return nil, input.Invalid(fe.Node.Path, fe.Key, "is not a margin tier field (lower_bound, max_leverage)")
			}
		}
		switch {
		case out[i].MaxLeverage == 0:
			return nil, input.Errorf(input.Join(it.Path, "max_leverage"), "is required")
		case i == 0 && out[i].LowerBound != 0:
			return nil, input.Invalid(input.Join(it.Path, "lower_bound"), fmt.Sprint(out[i].LowerBound),
				"the first tier must start at 0")
		case i > 0 && out[i].LowerBound <= out[i-1].LowerBound:
			return nil, input.Invalid(input.Join(it.Path, "lower_bound"), fmt.Sprint(out[i].LowerBound),
				"lower bounds must increase")
		case i > 0 && out[i].MaxLeverage > out[i-1].MaxLeverage:
			return nil, input.Invalid(input.Join(it.Path, "max_leverage"), fmt.Sprint(out[i].MaxLeverage),
				"max leverage must not increase with notional")
		}
	}
	return out, nil
}

// asset resolves one held asset's parameters. Errors name the position
// (path) or the offending override.
func (r *resolved) asset(coin, positionPath string) (assetParams, error) {
	a, known := r.set.assets[coin]
	o := r.assets[coin]
	if o != nil {
		switch {
		case o.tiers != nil:
			a.MarginTiers, a.MarginTableID = o.tiers, 0
		case o.tableID != 0:
			a.MarginTableID = o.tableID
		case o.maxLeverage != 0:
			a.MarginTiers, a.MarginTableID = []marginTier{{0, o.maxLeverage}}, 0
		}
	}
	if !known && (o == nil || (o.tiers == nil && o.tableID == 0 && o.maxLeverage == 0)) {
		return a, input.Invalid(positionPath, coin, "is not an asset of parameter set %s: give params "+
			"{%q: {\"max_leverage\": <n>}} or a margin_table_id or margin_tiers", r.setName, coin)
	}
	tiers, ok := r.set.tiersOf(a)
	if !ok {
		path := positionPath
		if o != nil && o.path[fieldMarginTableID] != "" {
			path = o.path[fieldMarginTableID]
		}
		return a, input.Invalid(path, fmt.Sprint(a.MarginTableID),
			"is not a margin table of %s (ids below 50 are single-tier)", r.setName)
	}
	a.MarginTiers, a.MaxLeverage = tiers, tiers[0].MaxLeverage
	if o != nil && o.maxLeverage != 0 && o.maxLeverage != a.MaxLeverage {
		return a, input.Invalid(o.path[fieldMaxLeverage], fmt.Sprint(o.maxLeverage),
			"contradicts the margin table's first tier (max leverage %d)", a.MaxLeverage)
	}
	a.Leverage = a.MaxLeverage
	if o != nil && o.leverage != 0 {
		if o.leverage > a.MaxLeverage {
			return a, input.Invalid(o.path[fieldLeverage], fmt.Sprint(o.leverage),
				"is above %s's max leverage %d", coin, a.MaxLeverage)
		}
		a.Leverage = o.leverage
	}
	return a, nil
}
