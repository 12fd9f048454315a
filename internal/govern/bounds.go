// Bounds: what a proposal may change, checked on every leaf it changes
// before anyone votes (and again at execution). Each parameter, named by a
// path pattern (* one key, [*] one index), has absolute limits, a largest
// change per proposal (absolute points and/or a factor: a change passes
// when either allows it), a minimum time since the parameter last changed,
// and the direction that is stricter for users — which decides what a
// guardian may do and which changes need a ramp or a configuration key.
// After Aave's risk stewards (bounded, debounced changes; see
// /work/shared/reference/governance-and-settlement.md §1.3).
package govern

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Directions of Bound.Stricter.
const (
	StricterUp      = "up"      // a higher value (or true) is stricter for users
	StricterDown    = "down"    // a lower value is stricter
	StricterEither  = "either"  // no safe direction: every change counts as stricter
	StricterNeither = "neither" // affects reports only, never a requirement
)

// What an absent leaf is (Bound.Absent).
const (
	AbsentZero    = "zero"    // an absent leaf is 0 (a haircut not set)
	AbsentNew     = "new"     // a new leaf meets absolute limits only; it cannot be removed
	AbsentDefault = "default" // venue parameters: the model's default value
)

// Bound limits one parameter.
type Bound struct {
	Min                *float64 `json:"min,omitempty"`
	Max                *float64 `json:"max,omitempty"`
	MaxChange          *float64 `json:"max_change,omitempty"` // absolute, per proposal
	MaxFactor          *float64 `json:"max_factor,omitempty"` // new/old within [1/f, f]
	MinIntervalSeconds int64    `json:"min_interval_seconds"`
	Stricter           string   `json:"stricter"`
	Absent             string   `json:"absent,omitempty"`
}

func f64(x float64) *float64 { return &x }

const day = 86400

// stewardInterval is the minimum time between two changes of a parameter
// (Aave's risk stewards: 3 days).
const stewardInterval = 3 * day

// DefaultBounds are the bounds of every governed parameter. An LTV-like
// ratio moves at most 5 points, a haircut at most ×1.5 (or 2 points from
// a small value); a spot range at most 5 points.
func DefaultBounds() map[string]Bound {
	rangeB := Bound{Min: f64(0), Max: f64(0.9), MaxChange: f64(0.05), MinIntervalSeconds: stewardInterval, Stricter: StricterUp, Absent: AbsentNew}
	haircut := Bound{Min: f64(0), Max: f64(0.5), MaxChange: f64(0.02), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp, Absent: AbsentZero}
	factor := func(lo, hi float64, stricter string) Bound {
		return Bound{Min: f64(lo), Max: f64(hi), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: stricter}
	}
	return map[string]Bound{
		"risk_params.maintenance_fraction":            {Min: f64(0.5), Max: f64(1), MaxChange: f64(0.05), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.yield_rate":                      {Min: f64(0), Max: f64(0.5), MaxChange: f64(0.02), MinIntervalSeconds: stewardInterval, Stricter: StricterNeither},
		"risk_params.scenarios.historical":            {MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.scenarios.*.price_range":         rangeB,
		"risk_params.ranges_by_class.*":               rangeB,
		"risk_params.ranges_by_symbol.*":              rangeB,
		"risk_params.steps_per_side":                  {Min: f64(1), Max: f64(50), MaxChange: f64(4), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.vol_shock.up":                    factor(0, 5, StricterUp),
		"risk_params.vol_shock.down":                  {Min: f64(0), Max: f64(0.9), MaxChange: f64(0.1), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.vol_shock.min_up":                factor(0, 5, StricterUp),
		"risk_params.vol_shock.min":                   factor(0.0001, 5, StricterUp),
		"risk_params.vol_shock.short_term_power":      factor(0, 5, StricterEither),
		"risk_params.vol_shock.long_term_power":       factor(0, 5, StricterEither),
		"risk_params.vol_shock.pivot_days":            factor(1, 3650, StricterEither),
		"risk_params.vol_shock.dte_floor_days":        factor(0.001, 3650, StricterEither),
		"risk_params.stable_depeg":                    {Min: f64(0), Max: f64(0.5), MaxChange: f64(0.02), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.wrapper_depeg":                   {Min: f64(0), Max: f64(0.5), MaxChange: f64(0.02), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.tail_moves[*]":                   {Min: f64(-0.99), Max: f64(100), MaxChange: f64(0.1), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterEither, Absent: AbsentNew},
		"risk_params.tail_fraction":                   {Min: f64(0), Max: f64(1), MaxChange: f64(0.01), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.short_option_contingency":        {Min: f64(0), Max: f64(0.1), MaxChange: f64(0.0025), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.basis_annual_move":               {Min: f64(0), Max: f64(1), MaxChange: f64(0.025), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.basis_min_move":                  {Min: f64(0), Max: f64(0.2), MaxChange: f64(0.005), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterUp},
		"risk_params.rebalance_buffer":                {Min: f64(0), Max: f64(2), MaxChange: f64(0.1), MinIntervalSeconds: stewardInterval, Stricter: StricterNeither},
		"risk_params.concentration_threshold":         {Min: f64(0), Max: f64(10), MaxFactor: f64(2), MinIntervalSeconds: stewardInterval, Stricter: StricterNeither},
		"risk_params.collateral.*.tiers[*].ratio":     {Min: f64(0), Max: f64(1), MaxChange: f64(0.05), MinIntervalSeconds: stewardInterval, Stricter: StricterDown, Absent: AbsentNew},
		"risk_params.collateral.*.tiers[*].up_to_usd": {Min: f64(0), Max: f64(1e30), MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterDown, Absent: AbsentNew},
		"risk_params.chains.*.haircut":                haircut,
		"risk_params.chains.*.finality_seconds":       {Min: f64(0), Max: f64(1e9), MinIntervalSeconds: stewardInterval, Stricter: StricterNeither, Absent: AbsentZero},
		"risk_params.chains.*.canonical_bridge":       {MinIntervalSeconds: stewardInterval, Stricter: StricterEither, Absent: AbsentNew},
		"risk_params.bridges.*.haircut":               haircut,
		"risk_params.venues.*.haircut":                haircut,
		"venue_params.*.*":                            {MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterEither, Absent: AbsentDefault},
		"venue_params.*.*.*":                          {MaxFactor: f64(1.5), MinIntervalSeconds: stewardInterval, Stricter: StricterEither, Absent: AbsentDefault},
		"pause_new_risk":                              {Stricter: StricterUp},
	}
}

// boundTable matches leaves to bounds, most specific pattern first.
type boundTable struct {
	patterns []boundPattern
}

type boundPattern struct {
	pattern   string
	re        *regexp.Regexp
	wildcards int
	bound     Bound
}

func newBoundTable(bounds map[string]Bound) (*boundTable, error) {
	t := &boundTable{}
	for p, b := range bounds {
		re, err := patternRegexp(p)
		if err != nil {
			return nil, fmt.Errorf("bounds pattern %q: %w", p, err)
		}
		t.patterns = append(t.patterns, boundPattern{pattern: p, re: re, bound: b,
			wildcards: strings.Count(p, "*")})
	}
	sort.Slice(t.patterns, func(i, j int) bool {
		a, b := t.patterns[i], t.patterns[j]
		if a.wildcards != b.wildcards {
			return a.wildcards < b.wildcards
		}
		return a.pattern < b.pattern
	})
	return t, nil
}

// patternRegexp turns a.*.b[*] into a regexp matching whole leaf paths.
func patternRegexp(p string) (*regexp.Regexp, error) {
	if _, err := parsePath(strings.ReplaceAll(p, "[*]", "[0]")); err != nil {
		return nil, err
	}
	q := regexp.QuoteMeta(p)
	q = strings.ReplaceAll(q, `\[\*\]`, `\[[0-9]+\]`)
	q = strings.ReplaceAll(q, `\*`, `[^.\[\]]+`)
	return regexp.Compile("^" + q + "$")
}

// lookup returns the bound of a leaf and its pattern.
func (t *boundTable) lookup(leaf string) (Bound, string, bool) {
	for _, p := range t.patterns {
		if p.re.MatchString(leaf) {
			return p.bound, p.pattern, true
		}
	}
	return Bound{}, "", false
}

// LeafChange is one leaf a version changes: from (nil when new) to (nil
// when removed), and whether the change is stricter for users.
type LeafChange struct {
	Path     string `json:"path"`
	From     any    `json:"from"`
	To       any    `json:"to"`
	Stricter bool   `json:"stricter"`
}

// diffLeaves lists the leaves that differ between two resolved sets, by path.
func diffLeaves(old, next map[string]any) []LeafChange {
	var out []LeafChange
	for p, v := range next {
		if o, ok := old[p]; !ok || !sameValue(o, v) {
			var from any
			if ok {
				from = o
			}
			out = append(out, LeafChange{Path: p, From: from, To: v})
		}
	}
	for p, o := range old {
		if _, ok := next[p]; !ok {
			out = append(out, LeafChange{Path: p, From: o})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func sameValue(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// numberOf reads a leaf as a number (bool true = 1): ok false for strings.
func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// stricter reports whether from → to is stricter for users under b.
func stricter(b Bound, from, to any) bool {
	switch b.Stricter {
	case StricterNeither:
		return false
	case StricterEither:
		return true
	}
	f, okF := numberOf(from)
	t, okT := numberOf(to)
	if !okF || !okT {
		return true
	}
	if b.Stricter == StricterUp {
		return t > f
	}
	return t < f
}

// resolve fills an absent side of c as b reads it: 0 for AbsentZero, the
// model's default for AbsentDefault (defaultOf); it stays nil otherwise.
func (b Bound) resolve(c *LeafChange, defaultOf func(string) (any, bool)) {
	for _, side := range []*any{&c.From, &c.To} {
		if *side != nil {
			continue
		}
		switch b.Absent {
		case AbsentZero:
			*side = 0.0
		case AbsentDefault:
			if d, ok := defaultOf(c.Path); ok {
				*side = d
			}
		}
	}
}

// check returns why change c (resolved) breaks bound b, or "" when it is
// within: absolute limits, then the largest change.
func (b Bound) check(c LeafChange) string {
	from, to := c.From, c.To
	if to == nil {
		return "cannot be removed by a proposal (set a value instead)"
	}
	t, numeric := numberOf(to)
	if !numeric {
		return ""
	}
	if b.Min != nil && t < *b.Min {
		return fmt.Sprintf("%v is below the minimum %v", to, *b.Min)
	}
	if b.Max != nil && t > *b.Max {
		return fmt.Sprintf("%v is above the maximum %v", to, *b.Max)
	}
	f, ok := numberOf(from)
	if from == nil || !ok || (b.MaxChange == nil && b.MaxFactor == nil) {
		return ""
	}
	delta := math.Abs(t - f)
	if b.MaxChange != nil && delta <= *b.MaxChange+1e-12 {
		return ""
	}
	if b.MaxFactor != nil && f != 0 && t/f > 0 && t/f <= *b.MaxFactor+1e-12 && f/t <= *b.MaxFactor+1e-12 {
		return ""
	}
	var limits []string
	if b.MaxChange != nil {
		limits = append(limits, fmt.Sprintf("by at most %v", *b.MaxChange))
	}
	if b.MaxFactor != nil {
		limits = append(limits, fmt.Sprintf("by a factor of at most %v", *b.MaxFactor))
	}
	return fmt.Sprintf("moves from %v to %v; a proposal may move it %s", from, to, strings.Join(limits, " or "))
}

// lastChanged returns when each leaf last changed, from the version history.
func lastChanged(versions []*Version) map[string]time.Time {
	out := map[string]time.Time{}
	for _, v := range versions {
		for _, c := range v.Changed {
			out[c.Path] = v.At
		}
	}
	return out
}
