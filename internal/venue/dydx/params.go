// Parameter overrides. A venue's params is a built-in set name, or an object of
// overrides applied on top of the set in force at the market's as_of (the
// latest set dated ≤ as_of, else the earliest), keyed by the protocol's names
// (snake_case canonical; camelCase accepted):
//
//	"initial_margin_ppm": 50000                       every liquidity tier
//	"liquidity_tiers": {"1": {"initial_margin_ppm": 50000, ...}}
//	"liquidity_tiers.1.initial_margin_ppm": 50000     one tier (a new id needs
//	                                                  both margin fields)
//	"BTC": {"liquidity_tier": 0, "open_interest": "1500", ...}
//	"BTC.open_interest": "1500"                       one market (BTC or BTC-USD)
//	"open_interest": "1500"                           the venue's only market
//
// Tier fields: initial_margin_ppm, maintenance_fraction_ppm (ppm, ≤ 1,000,000),
// open_interest_lower_cap, open_interest_upper_cap (quote quantums, 1e6 = 1
// USDC, lower ≤ upper). Market fields: liquidity_tier (a tier id),
// market_type (cross or isolated), open_interest (units of the underlying,
// ≥ 0, default 0), custom_imf_ppm (the subaccount's configured initial margin
// fraction, ppm; 0 = none).
package dydx

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

const (
	fieldInitialMarginPpm       = "initial_margin_ppm"
	fieldMaintenanceFractionPpm = "maintenance_fraction_ppm"
	fieldOpenInterestLowerCap   = "open_interest_lower_cap"
	fieldOpenInterestUpperCap   = "open_interest_upper_cap"
	fieldLiquidityTier          = "liquidity_tier"
	fieldMarketType             = "market_type"
	fieldOpenInterest           = "open_interest"
	fieldCustomIMFPpm           = "custom_imf_ppm"
	keyTiers                    = "liquidity_tiers"
	onePpm                      = 1_000_000
	maxOpenInterest             = 1e15 // units of the underlying, like a position's quantity
)

var tierFields = []string{fieldInitialMarginPpm, fieldMaintenanceFractionPpm, fieldOpenInterestLowerCap, fieldOpenInterestUpperCap}
var marketFields = []string{fieldLiquidityTier, fieldMarketType, fieldOpenInterest, fieldCustomIMFPpm}

func isOneOf(s string, xs []string) bool {
	for _, x := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// marketSymbol maps a market key (BTC or BTC-USD) to the underlying symbol.
func marketSymbol(key string) string { return strings.TrimSuffix(key, "-USD") }

// overrider applies one venue's overrides to a copy of the default set.
type overrider struct {
	set   *paramSet
	held  []string          // the venue's markets, sorted
	seen  map[string]string // canonical parameter → path that set it
	blame map[string]string // "tier:1" / "market:BTC" → first path that changed it
	newT  map[uint32]map[string]bool
}

// resolveParams returns the venue's parameter set: the one it names, else
// the set in force at asOf (with its warning when asOf precedes them all),
// overridden by an object of overrides. Errors are *input.Error values at
// venues[i].params.
func resolveParams(v *portfolio.Venue, held []string, asOf time.Time) (*paramSet, bool, []string, error) {
	p, err := sets.Resolve(v, asOf)
	if err != nil {
		return nil, false, nil, err
	}
	if p.Object == nil {
		return p.Set, false, p.Warnings, nil
	}
	warnings, obj := p.Warnings, p.Object
	o := &overrider{set: p.Set.overlay(), held: held, seen: map[string]string{},
		blame: map[string]string{}, newT: map[uint32]map[string]bool{}}
	// Every-tier fields first, so that a single tier's own override wins
	// whatever the key order.
	entries := obj.Entries()
	sort.SliceStable(entries, func(i, j int) bool {
		return isOneOf(venue.SnakeCase(entries[i].Key), tierFields) && !isOneOf(venue.SnakeCase(entries[j].Key), tierFields)
	})
	for _, e := range entries {
		if err := o.apply(e); err != nil {
			return nil, false, nil, err
		}
	}
	if err := o.validate(); err != nil {
		return nil, false, nil, err
	}
	return o.set, true, warnings, nil
}

func (o *overrider) apply(e input.Entry) error {
	key := venue.SnakeCase(e.Key)
	switch {
	case isOneOf(key, tierFields):
		if err := o.mark("*."+key, "tiers:*", e.Node.Path); err != nil {
			return err
		}
		for _, id := range o.set.tierIDs() {
			if err := o.tierField(id, key, e.Node, "-"); err != nil {
				return err
			}
		}
		return nil
	case isOneOf(key, marketFields):
		if len(o.held) != 1 {
			return input.Invalid(e.Node.Path, e.Key, "applies to the venue's only market, but the venue holds %d "+
				"markets: use <SYMBOL>.%s", len(o.held), key)
		}
		return o.marketField(o.held[0], key, e.Node)
	case key == keyTiers:
		return o.tiersObject(e.Node)
	}
	head, rest, dotted := strings.Cut(e.Key, ".")
	if venue.SnakeCase(head) == keyTiers && dotted {
		idText, field, ok := strings.Cut(rest, ".")
		if !ok {
			return input.Invalid(e.Node.Path, e.Key, "must be liquidity_tiers.<id>.<field>")
		}
		id, err := tierID(e.Node.Path, idText)
		if err != nil {
			return err
		}
		return o.tierField(id, venue.SnakeCase(field), e.Node, "")
	}
	sym := marketSymbol(head)
	if _, known := o.set.market(sym); !known && !isOneOf(sym, o.held) {
		return input.Invalid(e.Node.Path, e.Key, "is not a parameter of dydx-v4 (%s, %s, "+
			"liquidity_tiers, <SYMBOL> or <SYMBOL>.<field>) nor a market of the set or the venue",
			strings.Join(tierFields, ", "), strings.Join(marketFields, ", "))
	}
	if dotted {
		return o.marketField(sym, venue.SnakeCase(rest), e.Node)
	}
	return venue.EachField(e.Node, func(field string, v input.Node) error {
		return o.marketField(sym, venue.SnakeCase(field), v)
	})
}

func tierID(path, text string) (uint32, error) {
	id, err := strconv.ParseUint(text, 10, 32)
	if err != nil || strconv.FormatUint(id, 10) != text {
		return 0, input.Invalid(path, text, "is not a liquidity tier id (a non-negative integer)")
	}
	return uint32(id), nil
}

func (o *overrider) tiersObject(n input.Node) error {
	return venue.EachGroup(n, tierID, func(id uint32, field string, v input.Node) error {
		return o.tierField(id, venue.SnakeCase(field), v, "")
	})
}

// mark records that path sets the canonical parameter name.
func (o *overrider) mark(name, blameKey, path string) error {
	if prev, dup := o.seen[name]; dup {
		return input.Errorf(path, "sets %s, already set at %s", name, prev)
	}
	o.seen[name] = path
	if _, ok := o.blame[blameKey]; !ok {
		o.blame[blameKey] = path
	}
	return nil
}

// tierField sets one tier field; canonical "-" skips duplicate detection (the
// every-tier spelling, marked once by its caller).
func (o *overrider) tierField(id uint32, field string, n input.Node, canonical string) error {
	if !isOneOf(field, tierFields) {
		return input.Invalid(n.Path, field, "is not a liquidity tier field (%s)", strings.Join(tierFields, ", "))
	}
	blameKey := fmt.Sprintf("tier:%d", id)
	if canonical == "-" {
		if _, ok := o.blame[blameKey]; !ok {
			o.blame[blameKey] = n.Path
		}
	} else if err := o.mark(fmt.Sprintf("%s.%d.%s", keyTiers, id, field), blameKey, n.Path); err != nil {
		return err
	}
	x, err := n.Int()
	if err != nil {
		return err
	}
	t, exists := o.set.tier(id)
	if !exists {
		t = tier{ID: id, Name: fmt.Sprintf("override %d", id)}
	}
	if _, base := o.set.parent.tier(id); !base {
		if o.newT[id] == nil {
			o.newT[id] = map[string]bool{}
		}
		o.newT[id][field] = true
	}
	switch field {
	case fieldInitialMarginPpm, fieldMaintenanceFractionPpm:
		if x < 0 || x > onePpm {
			return input.Invalid(n.Path, n.Text(), "%s must be in [0, 1000000] ppm", field)
		}
		if field == fieldInitialMarginPpm {
			t.InitialMarginPpm = uint32(x)
		} else {
			t.MaintenanceFractionPpm = uint32(x)
		}
	default:
		if x < 0 {
			return input.Invalid(n.Path, n.Text(), "%s must be ≥ 0 quote quantums", field)
		}
		if field == fieldOpenInterestLowerCap {
			t.OpenInterestLowerCap = uint64(x)
		} else {
			t.OpenInterestUpperCap = uint64(x)
		}
	}
	o.set.tiers[id] = t
	return nil
}

func (o *overrider) marketField(sym, field string, n input.Node) error {
	if !isOneOf(field, marketFields) {
		return input.Invalid(n.Path, field, "is not a market field (%s)", strings.Join(marketFields, ", "))
	}
	if err := o.mark(sym+"."+field, "market:"+sym, n.Path); err != nil {
		return err
	}
	mp, ok := o.set.market(sym)
	if !ok {
		mp = marketParams{LiquidityTier: math.MaxUint32, MarketType: marketCross}
	}
	switch field {
	case fieldLiquidityTier:
		x, err := n.Int()
		if err != nil {
			return err
		}
		if x < 0 || x > math.MaxUint32-1 {
			return input.Invalid(n.Path, n.Text(), "is not a liquidity tier id")
		}
		mp.LiquidityTier = uint32(x)
	case fieldCustomIMFPpm:
		x, err := n.Int()
		if err != nil {
			return err
		}
		if x < 0 || x > onePpm {
			return input.Invalid(n.Path, n.Text(), "custom_imf_ppm must be in [0, 1000000] ppm")
		}
		mp.CustomIMFPpm = uint32(x)
	case fieldOpenInterest:
		x, err := n.Float()
		if err != nil {
			return err
		}
		if x < 0 || x > maxOpenInterest {
			return input.Invalid(n.Path, n.Text(), "open_interest must be in [0, 1e15] units of the underlying")
		}
		mp.OpenInterest = x
	case fieldMarketType:
		s, err := n.String()
		if err != nil {
			return err
		}
		switch strings.ToLower(strings.TrimPrefix(s, "PERPETUAL_MARKET_TYPE_")) {
		case marketCross:
			mp.MarketType = marketCross
		case marketIsolated:
			mp.MarketType = marketIsolated
		default:
			return input.Invalid(n.Path, s, "must be cross or isolated")
		}
	}
	o.set.markets[sym] = mp
	return nil
}

// validate applies the protocol's LiquidityTier.Validate to every changed tier
// and checks that every changed market names an existing tier.
func (o *overrider) validate() error {
	for id, fields := range o.newT {
		for _, f := range []string{fieldInitialMarginPpm, fieldMaintenanceFractionPpm} {
			if !fields[f] {
				return input.Errorf(o.blame[fmt.Sprintf("tier:%d", id)],
					"defines new liquidity tier %d without %s", id, f)
			}
		}
	}
	for id, t := range o.set.tiers { // the overridden tiers; built-in ones are valid
		if t.OpenInterestLowerCap > t.OpenInterestUpperCap {
			return input.Errorf(o.blame[fmt.Sprintf("tier:%d", id)],
				"liquidity tier %d: open_interest_lower_cap %d is larger than open_interest_upper_cap %d",
				id, t.OpenInterestLowerCap, t.OpenInterestUpperCap)
		}
	}
	for sym, mp := range o.set.markets {
		path, changed := o.blame["market:"+sym]
		if !changed {
			continue
		}
		if _, ok := o.set.tier(mp.LiquidityTier); !ok {
			if mp.LiquidityTier == math.MaxUint32 {
				return input.Errorf(path, "market %s is not in the set: give its liquidity_tier", sym)
			}
			return input.Errorf(path, "market %s: liquidity tier %d does not exist", sym, mp.LiquidityTier)
		}
	}
	return nil
}
