// Parameter overrides: a venue's `params` is a built-in set name, or an object
// of overrides applied on top of the set in force at the market's as_of,
// keyed by the protocol's own names.
//
// Accepted keys (snake_case canonical; the protocol's camelCase is an alias):
//
//	"<SYMBOL>": {"ltv": 8000, "liquidation_threshold": 8300, ...}   one reserve
//	"<SYMBOL>.<field>": 8000                                         the same, flat
//	"emodes": {"<id>": {"ltv": 9000, "liquidation_threshold": 9300,
//	                    "liquidation_bonus": 10100, "label": "…"}}  one category
//	"emodes.<id>.<field>": 9000                                      the same, flat
//	"emodes": {"<id>": {"collateral": ["WETH", "wstETH"],
//	                    "borrowable": ["WETH"]}}      v3.2 liquid eModes: the
//	                                 category's collateral and borrowable sets
//	"emode_ltv", "emode_liquidation_threshold", "emode_liquidation_bonus"
//	                                 the category the venue's `emode` selects
//
// Reserve fields: ltv, liquidation_threshold, liquidation_bonus (bps),
// usage_as_collateral_enabled, borrowing_enabled, is_active, is_frozen,
// is_borrowable_in_isolation, is_siloed (booleans), emode_category (0-255;
// alias eModeCategory: v3.0–v3.1's single category, collateral and
// borrowable in it: Reserve.setLegacyEMode), debt_ceiling (USD with 2
// decimals). A new e-mode category needs ltv, liquidation_threshold and
// liquidation_bonus. Category lists (collateral, borrowable: reserve
// symbols) replace the category's set; with them a reserve may be in several
// categories (Set.LiquidEModes). One params object states membership one
// way: lists and a reserve's emode_category together are an error. The
// result must satisfy the pool configurator's rules (validate.go).
package aave

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Canonical field names.
const (
	fieldLTV                   = "ltv"
	fieldLiquidationThreshold  = "liquidation_threshold"
	fieldLiquidationBonus      = "liquidation_bonus"
	fieldUsageAsCollateral     = "usage_as_collateral_enabled"
	fieldBorrowingEnabled      = "borrowing_enabled"
	fieldIsActive              = "is_active"
	fieldIsFrozen              = "is_frozen"
	fieldBorrowableInIsolation = "is_borrowable_in_isolation"
	fieldIsSiloed              = "is_siloed"
	fieldEModeCategory         = "emode_category"
	fieldDebtCeiling           = "debt_ceiling"
	fieldLabel                 = "label"
	fieldCollateral            = "collateral"
	fieldBorrowable            = "borrowable"
	keyEModes                  = "emodes"
	flatEModePrefix            = "emode_"
)

var reserveFields = []string{fieldLTV, fieldLiquidationThreshold, fieldLiquidationBonus,
	fieldUsageAsCollateral, fieldBorrowingEnabled, fieldIsActive, fieldIsFrozen,
	fieldBorrowableInIsolation, fieldIsSiloed, fieldEModeCategory, fieldDebtCeiling}

// emodeFields are a category's values; emodeListFields its membership.
var (
	emodeFields     = []string{fieldLTV, fieldLiquidationThreshold, fieldLiquidationBonus, fieldLabel}
	emodeListFields = []string{fieldCollateral, fieldBorrowable}
)

// canonical maps a key to its canonical spelling: liquidationThreshold →
// liquidation_threshold, eModeCategory → emode_category, eModes → emodes.
func canonical(key string) string {
	s := venue.SnakeCase(key)
	s = strings.ReplaceAll(s, "e_mode", "emode")
	return s
}

// resolved is a venue's parameter set after overrides, the built-in set it
// started from, and any warning from choosing that set by date.
type resolved struct {
	set        *Set
	base       string
	overridden bool
	warnings   []string
}

// resolveSet returns the venue's parameter set: the one it names, else the
// set in force at asOf (venue.ParamSets), with overrides applied on top.
// Errors are *input.Error values at venues[i].params (an unknown set, an
// unknown or ill-typed override, or an override that breaks the
// configurator's rules).
func resolveSet(v *portfolio.Venue, asOf time.Time) (resolved, error) {
	p, err := sets.Resolve(v, asOf)
	if err != nil {
		return resolved{}, err
	}
	if p.Object == nil {
		return resolved{set: p.Set, base: p.Name, warnings: p.Warnings}, nil
	}
	base, warnings, obj := p.Name, p.Warnings, p.Object
	o := &overrider{set: p.Set.clone(), venue: v,
		seen: map[string]string{}, blame: map[string]string{}}
	for _, e := range obj.Entries() {
		if err := o.apply(e); err != nil {
			return resolved{}, err
		}
	}
	if rerr := o.set.validate(); rerr != nil {
		path := o.blameFor(rerr)
		return resolved{}, input.Errorf(path, "breaks Aave's configurator rules: %s", rerr.Error())
	}
	return resolved{set: o.set, base: base, overridden: true, warnings: warnings}, nil
}

// overrider applies one venue's overrides to a copy of the default set.
type overrider struct {
	set   *Set
	venue *portfolio.Venue
	seen  map[string]string // canonical parameter ("WETH.ltv") → path that set it
	blame map[string]string // "reserve:WETH" / "emode:1" → first path that changed it
	// The first path that states e-mode membership each way
	// (membershipSpelling): a reserve's emode_category, a category's list.
	legacyAt, liquidAt string
}

func (o *overrider) apply(e input.Entry) error {
	if o.set.Reserves[e.Key] != nil {
		return o.reserveObject(e.Key, e.Node)
	}
	if head, rest, dotted := strings.Cut(e.Key, "."); dotted {
		if o.set.Reserves[head] != nil {
			return o.reserveField(head, rest, e.Node)
		}
		if canonical(head) == keyEModes {
			idText, field, ok := strings.Cut(rest, ".")
			if !ok {
				return input.Invalid(e.Node.Path, e.Key, "must be emodes.<category id>.<field>")
			}
			id, err := emodeID(e.Node.Path, idText)
			if err != nil {
				return err
			}
			return o.emodeField(id, field, e.Node)
		}
		return unknownKey(e)
	}
	key := canonical(e.Key)
	switch {
	case key == keyEModes:
		return o.emodesObject(e.Node)
	case strings.HasPrefix(key, flatEModePrefix) && key != fieldEModeCategory:
		if !o.venue.HasEMode || o.venue.EMode == 0 {
			return input.Invalid(e.Node.Path, e.Node.Text(),
				"sets the venue's e-mode category, but the venue has no emode")
		}
		return o.emodeField(uint8(o.venue.EMode), strings.TrimPrefix(key, flatEModePrefix), e.Node)
	}
	return unknownKey(e)
}

func unknownKey(e input.Entry) error {
	return input.Invalid(e.Node.Path, e.Key, "is not a parameter of aave-v3 (a reserve symbol, "+
		"<SYMBOL>.<field>, emodes, emodes.<id>.<field>, emode_ltv, emode_liquidation_threshold "+
		"or emode_liquidation_bonus)")
}

func emodeID(path, text string) (uint8, error) {
	id, err := strconv.Atoi(text)
	if err != nil || id < 1 || id > 255 || strconv.Itoa(id) != text {
		return 0, input.Invalid(path, text, "is not an e-mode category id (1-255)")
	}
	return uint8(id), nil
}

func (o *overrider) reserveObject(sym string, n input.Node) error {
	return venue.EachField(n, func(field string, v input.Node) error { return o.reserveField(sym, field, v) })
}

func (o *overrider) emodesObject(n input.Node) error {
	return venue.EachGroup(n, emodeID, o.emodeField)
}

// mark records that path sets parameter name, refusing a second spelling.
func (o *overrider) mark(name, blameKey, path string) error {
	if prev, dup := o.seen[name]; dup {
		if prev == path {
			return input.Errorf(path, "sets %s twice, in two spellings", name)
		}
		return input.Errorf(path, "sets %s again (already set at %s)", name, prev)
	}
	o.seen[name] = path
	if _, ok := o.blame[blameKey]; !ok {
		o.blame[blameKey] = path
	}
	return nil
}

func (o *overrider) reserveField(sym, key string, n input.Node) error {
	field := canonical(key)
	if err := o.mark(sym+"."+field, "reserve:"+sym, n.Path); err != nil {
		return err
	}
	r := o.set.Reserves[sym]
	var err error
	switch field {
	case fieldLTV:
		r.LTV, err = bps(n, 1e4)
	case fieldLiquidationThreshold:
		r.LiquidationThreshold, err = bps(n, 1e4)
	case fieldLiquidationBonus:
		r.LiquidationBonus, err = bps(n, 1<<16-1)
	case fieldUsageAsCollateral:
		r.UsageAsCollateral, err = n.Bool()
	case fieldBorrowingEnabled:
		r.BorrowingEnabled, err = n.Bool()
	case fieldIsActive:
		r.Active, err = n.Bool()
	case fieldIsFrozen:
		r.Frozen, err = n.Bool()
	case fieldBorrowableInIsolation:
		r.BorrowableInIsolation, err = n.Bool()
	case fieldIsSiloed:
		r.Siloed, err = n.Bool()
	case fieldEModeCategory:
		var c int64
		if c, err = intIn(n, 0, 255); err == nil {
			if err = o.membershipSpelling(n.Path, false); err == nil {
				r.setLegacyEMode(uint8(c))
			}
		}
	case fieldDebtCeiling:
		var c int64
		if c, err = intIn(n, 0, maxDebtCeiling); err == nil {
			r.DebtCeiling = uint64(c)
		}
	default:
		return input.Invalid(n.Path, key, "is not a reserve parameter of aave-v3 (%s)",
			strings.Join(reserveFields, ", "))
	}
	return err
}

func (o *overrider) emodeField(id uint8, key string, n input.Node) error {
	field := canonical(key)
	name := fmt.Sprintf("%s.%d.%s", keyEModes, id, field)
	if err := o.mark(name, "emode:"+strconv.Itoa(int(id)), n.Path); err != nil {
		return err
	}
	e := o.set.EModes[id]
	if e == nil {
		e = &EMode{ID: id, PriceSource: zeroAddress}
		o.set.EModes[id] = e
	}
	var err error
	switch field {
	case fieldLTV:
		e.LTV, err = bps(n, 1e4)
	case fieldLiquidationThreshold:
		e.LiquidationThreshold, err = bps(n, 1e4)
	case fieldLiquidationBonus:
		e.LiquidationBonus, err = bps(n, 1<<16-1)
	case fieldLabel:
		e.Label, err = n.String()
	case fieldCollateral, fieldBorrowable:
		err = o.emodeMembers(id, field == fieldBorrowable, n)
	default:
		return input.Invalid(n.Path, key, "is not an e-mode parameter of aave-v3 (%s)",
			strings.Join(append(slices.Clone(emodeFields), emodeListFields...), ", "))
	}
	return err
}

// membershipSpelling refuses a params object that states e-mode membership
// both ways: a reserve's v3.0–v3.1 emode_category (one category, collateral
// and borrowable) and v3.2's per-category lists. Either alone is one
// complete statement; mixed, the outcome would depend on key order.
func (o *overrider) membershipSpelling(path string, liquid bool) error {
	first, other := &o.legacyAt, o.liquidAt
	if liquid {
		first, other = &o.liquidAt, o.legacyAt
	}
	if other != "" {
		return input.Errorf(path, "states e-mode membership as per-category collateral/borrowable lists "+
			"and as a reserve's emode_category (at %s): use one (the lists are Aave v3.2's, "+
			"emode_category v3.0–v3.1's)", other)
	}
	if *first == "" {
		*first = path
	}
	return nil
}

// emodeMembers sets category id's collateral set (or borrowable set) to the
// reserves n lists: an array of reserve symbols, each at most once; every
// other reserve leaves the set. This is v3.2's collateralBitmap /
// borrowableBitmap, one bit per reserve, spelled with symbols; it makes the
// set's eModes liquid (Set.LiquidEModes).
func (o *overrider) emodeMembers(id uint8, borrowable bool, n input.Node) error {
	if err := o.membershipSpelling(n.Path, true); err != nil {
		return err
	}
	items, err := n.Array()
	if err != nil {
		return err
	}
	listed := make(map[string]bool, len(items))
	for i, it := range items {
		sym, err := it.String()
		if err != nil {
			return err
		}
		switch {
		case o.set.Reserves[sym] == nil:
			return input.Invalid(input.Index(n.Path, i), sym, "is not a reserve of aave-v3 parameter set %s",
				o.set.Name)
		case listed[sym]:
			return input.Invalid(input.Index(n.Path, i), sym, "is listed twice")
		}
		listed[sym] = true
	}
	for sym, r := range o.set.Reserves {
		if borrowable {
			r.EModeBorrowable.put(id, listed[sym])
		} else {
			r.EModeCollateral.put(id, listed[sym])
		}
	}
	o.set.LiquidEModes = true
	return nil
}

// blameFor picks the override path to name for a configurator-rule failure:
// the reserve's own override if it has one, else the category's.
func (o *overrider) blameFor(e *ruleError) string {
	keys := []string{}
	if e.reserve != "" {
		keys = append(keys, "reserve:"+e.reserve)
	}
	if e.emode != 0 {
		keys = append(keys, "emode:"+strconv.Itoa(int(e.emode)))
	}
	for _, k := range keys {
		if p, ok := o.blame[k]; ok {
			return p
		}
	}
	// A rule between a reserve and a category neither of which was touched
	// cannot fail (the base set is valid); name the params object anyway.
	paths := make([]string, 0, len(o.blame))
	for _, p := range o.blame {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) > 0 {
		return paths[0]
	}
	return o.venue.Params.Path
}

func bps(n input.Node, max int64) (uint16, error) {
	v, err := intIn(n, 0, max)
	return uint16(v), err
}

func intIn(n input.Node, lo, hi int64) (int64, error) {
	v, err := n.Int()
	if err != nil {
		return 0, err
	}
	if v < lo || v > hi {
		return 0, input.Invalid(n.Path, n.Text(), "must be an integer between %d and %d", lo, hi)
	}
	return v, nil
}
