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
//	"emode_ltv", "emode_liquidation_threshold", "emode_liquidation_bonus"
//	                                 the category the venue's `emode` selects
//
// Reserve fields: ltv, liquidation_threshold, liquidation_bonus (bps),
// usage_as_collateral_enabled, borrowing_enabled, is_active, is_frozen,
// is_borrowable_in_isolation, is_siloed (booleans), emode_category (0-255;
// alias eModeCategory), debt_ceiling (USD with 2 decimals). A new e-mode
// category needs ltv, liquidation_threshold and liquidation_bonus. The result
// must satisfy the pool configurator's rules (validate.go).
package aave

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
	keyEModes                  = "emodes"
	flatEModePrefix            = "emode_"
)

var reserveFields = []string{fieldLTV, fieldLiquidationThreshold, fieldLiquidationBonus,
	fieldUsageAsCollateral, fieldBorrowingEnabled, fieldIsActive, fieldIsFrozen,
	fieldBorrowableInIsolation, fieldIsSiloed, fieldEModeCategory, fieldDebtCeiling}

var emodeFields = []string{fieldLTV, fieldLiquidationThreshold, fieldLiquidationBonus, fieldLabel}

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
			r.EModeCategory = uint8(c)
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
	default:
		return input.Invalid(n.Path, key, "is not an e-mode parameter of aave-v3 (%s)",
			strings.Join(emodeFields, ", "))
	}
	return err
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
