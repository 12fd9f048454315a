// Reading a risk-params file: every key optional, every number a JSON number
// or a decimal string, unknown keys (and unknown assets and chains) refused.
package margin

import (
	"slices"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
)

// Limits on a risk-params file.
const (
	maxTiers        = 64
	maxTailMoves    = 32
	maxStepsPerSide = 50
)

// LoadRiskParams reads a risk-params file over the defaults. With a market,
// asset keys must name market assets (and range overrides root assets);
// with m nil asset keys are not checked (for reading a file before the
// market). Every error is an *input.Error naming the JSON path.
func LoadRiskParams(data []byte, m *market.Snapshot) (*RiskParams, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	rp := DefaultRiskParams()
	l := loader{rp: rp, m: m}
	steps := []func(*input.Object) error{
		l.scalars, l.scenarios, l.classRanges, l.symbolRanges, l.volShock, l.tails,
		l.collateral, l.bridgesAndVenues, l.chains,
	}
	for _, step := range steps {
		if err := step(obj); err != nil {
			return nil, err
		}
	}
	return rp, obj.Finish()
}

type loader struct {
	rp *RiskParams
	m  *market.Snapshot
}

// between reads a number in [lo, hi].
func between(n input.Node, lo, hi float64) (float64, error) {
	f, err := n.Float()
	if err != nil {
		return 0, err
	}
	if f < lo || f > hi {
		return 0, input.Invalid(n.Path, n.Text(), "must be between %g and %g", lo, hi)
	}
	return f, nil
}

// rangeValue reads a spot range: ≥ 0 and < 1 (a move of −100% or more would
// make prices non-positive).
func rangeValue(n input.Node) (float64, error) {
	f, err := between(n, 0, 1)
	if err == nil && f == 1 {
		return 0, input.Invalid(n.Path, n.Text(), "must be below 1")
	}
	return f, err
}

// optionalNumber sets *dst from obj[name] when present.
func optionalNumber(obj *input.Object, name string, dst *float64, read func(input.Node) (float64, error)) error {
	n, ok := obj.Optional(name)
	if !ok {
		return nil
	}
	f, err := read(n)
	if err != nil {
		return err
	}
	*dst = f
	return nil
}

func within(lo, hi float64) func(input.Node) (float64, error) {
	return func(n input.Node) (float64, error) { return between(n, lo, hi) }
}

func (l *loader) scalars(obj *input.Object) error {
	rp := l.rp
	fields := []struct {
		name string
		dst  *float64
		read func(input.Node) (float64, error)
	}{
		{"maintenance_fraction", &rp.MaintenanceFraction, within(0, 1)},
		{"yield_rate", &rp.YieldRate, within(0, 1)},
		{"stable_depeg", &rp.StableDepeg, rangeValue},
		{"wrapper_depeg", &rp.WrapperDepeg, rangeValue},
		{"short_option_contingency", &rp.ShortOptionContingency, within(0, 1)},
		{"basis_annual_move", &rp.BasisAnnualMove, within(0, 10)},
		{"basis_min_move", &rp.BasisMinMove, within(0, 1)},
		{"rebalance_buffer", &rp.RebalanceBuffer, within(0, 10)},
		{"concentration_threshold", &rp.ConcentrationThreshold, within(0, 1000)},
	}
	for _, f := range fields {
		if err := optionalNumber(obj, f.name, f.dst, f.read); err != nil {
			return err
		}
	}
	if n, ok := obj.Optional("steps_per_side"); ok {
		k, err := n.Int()
		if err != nil {
			return err
		}
		if k < 1 || k > maxStepsPerSide {
			return input.Invalid(n.Path, n.Text(), "must be between 1 and %d", maxStepsPerSide)
		}
		rp.StepsPerSide = int(k)
	}
	return nil
}

// asset checks that a key names a market asset (when the market is known).
func (l *loader) asset(n input.Node, sym string) (*market.Asset, error) {
	if l.m == nil {
		return nil, nil
	}
	a := l.m.Asset(sym)
	if a == nil {
		return nil, input.Invalid(n.Path, sym, "is not an asset of the market")
	}
	return a, nil
}

// eachEntry calls visit for every key of obj's object field name, if present.
func eachEntry(obj *input.Object, name string, visit func(input.Entry) error) error {
	n, ok := obj.Optional(name)
	if !ok {
		return nil
	}
	o, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range o.Entries() {
		if err := visit(e); err != nil {
			return err
		}
	}
	return nil
}

// fields reads n as an object of optional fields: read is called with the
// object, and any field it did not read is an error.
func fields(n input.Node, read func(*input.Object) error) error {
	o, err := n.Object()
	if err != nil {
		return err
	}
	if err := read(o); err != nil {
		return err
	}
	return o.Finish()
}

func (l *loader) scenarios(obj *input.Object) error {
	return eachEntry(obj, "scenarios", func(e input.Entry) error {
		var err error
		if e.Key == "historical" {
			l.rp.Scenarios.Historical, err = e.Node.Bool()
			return err
		}
		a, err := l.asset(e.Node, e.Key)
		if err != nil {
			return err
		}
		if a != nil && !a.IsRoot() {
			return input.Invalid(e.Node.Path, e.Key, "is backed by %s: a wrapper moves with its backing "+
				"(set the range of its root assets) and has its own depeg scenario", backingList(a))
		}
		return fields(e.Node, func(o *input.Object) error {
			pn, err := o.Required("price_range")
			if err != nil {
				return err
			}
			r, err := rangeValue(pn)
			l.rp.Scenarios.Assets[e.Key] = AssetScenario{PriceRange: r}
			return err
		})
	})
}

func backingList(a *market.Asset) string {
	names := make([]string, len(a.BackedBy))
	for i, b := range a.BackedBy {
		names[i] = b.Asset
	}
	return strings.Join(names, ", ")
}

func (l *loader) classRanges(obj *input.Object) error {
	return eachEntry(obj, "ranges_by_class", func(e input.Entry) error {
		c := market.Class(e.Key)
		if c != market.ClassStable && c != market.ClassMajor && c != market.ClassLongTail {
			return input.Invalid(e.Node.Path, e.Key, "is not an asset class (stable, major, long_tail)")
		}
		var err error
		l.rp.RangesByClass[c], err = rangeValue(e.Node)
		return err
	})
}

// symbolRanges replaces the built-in range table by symbol. It is a table of
// symbols (like the built-in classes), so symbols absent from the market are
// allowed here.
func (l *loader) symbolRanges(obj *input.Object) error {
	if obj.Has("ranges_by_symbol") {
		l.rp.RangesBySymbol = map[string]float64{}
	}
	return eachEntry(obj, "ranges_by_symbol", func(e input.Entry) error {
		var err error
		l.rp.RangesBySymbol[e.Key], err = rangeValue(e.Node)
		return err
	})
}

func (l *loader) volShock(obj *input.Object) error {
	n, ok := obj.Optional("vol_shock")
	if !ok {
		return nil
	}
	v := &l.rp.VolShock
	return fields(n, func(o *input.Object) error {
		for _, f := range []struct {
			name   string
			dst    *float64
			lo, hi float64
		}{
			{"up", &v.Up, 0, 100}, {"down", &v.Down, 0, 1},
			{"short_term_power", &v.ShortTermPower, 0, 5}, {"long_term_power", &v.LongTermPower, 0, 5},
			{"pivot_days", &v.PivotDays, 1, 3650}, {"dte_floor_days", &v.FloorDays, 0.001, 3650},
			{"min_up", &v.MinUp, 0, 100}, {"min", &v.Min, 0.0001, 100},
		} {
			if err := optionalNumber(o, f.name, f.dst, within(f.lo, f.hi)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (l *loader) tails(obj *input.Object) error {
	if err := optionalNumber(obj, "tail_fraction", &l.rp.TailFraction, within(0, 1)); err != nil {
		return err
	}
	n, ok := obj.Optional("tail_moves")
	if !ok {
		return nil
	}
	items, err := n.Array()
	if err != nil {
		return err
	}
	if len(items) > maxTailMoves {
		return input.Errorf(n.Path, "has %d moves, more than the limit of %d", len(items), maxTailMoves)
	}
	moves := make([]float64, 0, len(items))
	for _, it := range items {
		f, err := between(it, -0.99, 100)
		if err != nil {
			return err
		}
		if f == 0 {
			return input.Invalid(it.Path, it.Text(), "must not be 0 (a tail move moves)")
		}
		if slices.Contains(moves, f) {
			return input.Invalid(it.Path, it.Text(), "is listed twice")
		}
		moves = append(moves, f)
	}
	l.rp.TailMoves = moves
	return nil
}

func (l *loader) collateral(obj *input.Object) error {
	return eachEntry(obj, "collateral", func(e input.Entry) error {
		if _, err := l.asset(e.Node, e.Key); err != nil {
			return err
		}
		return fields(e.Node, func(o *input.Object) error {
			tn, err := o.Required("tiers")
			if err != nil {
				return err
			}
			tiers, err := readTiers(tn)
			l.rp.Collateral[e.Key] = CollateralParams{Tiers: tiers}
			return err
		})
	})
}

func readTiers(n input.Node) ([]Tier, error) {
	items, err := n.Array()
	if err != nil {
		return nil, err
	}
	if len(items) == 0 || len(items) > maxTiers {
		return nil, input.Errorf(n.Path, "must have between 1 and %d tiers", maxTiers)
	}
	tiers := make([]Tier, 0, len(items))
	prev := 0.0
	for i, it := range items {
		to, err := it.Object()
		if err != nil {
			return nil, err
		}
		var t Tier
		rn, err := to.Required("ratio")
		if err != nil {
			return nil, err
		}
		if t.Ratio, err = between(rn, 0, 1); err != nil {
			return nil, err
		}
		un, ok := to.Optional("up_to_usd")
		switch {
		case ok:
			up, err := between(un, 0, 1e30)
			if err != nil {
				return nil, err
			}
			if up <= prev {
				return nil, input.Invalid(un.Path, un.Text(), "must be above the previous tier's %g", prev)
			}
			t.UpToUSD, prev = &up, up
		case i < len(items)-1:
			return nil, input.Errorf(input.Join(it.Path, "up_to_usd"), "is required (only the last tier may be unbounded)")
		}
		if err := to.Finish(); err != nil {
			return nil, err
		}
		tiers = append(tiers, t)
	}
	return tiers, nil
}

func (l *loader) chains(obj *input.Object) error {
	return eachEntry(obj, "chains", func(e input.Entry) error {
		if !slices.Contains(knownChains, e.Key) {
			return input.Invalid(e.Node.Path, e.Key, "is not a known chain (known: %s)", strings.Join(KnownChains(), ", "))
		}
		ch := l.rp.Chains[e.Key]
		err := fields(e.Node, func(o *input.Object) error {
			if err := optionalNumber(o, "haircut", &ch.Haircut, within(0, 1)); err != nil {
				return err
			}
			if err := optionalNumber(o, "finality_seconds", &ch.FinalitySeconds, within(0, 1e9)); err != nil {
				return err
			}
			if bn, ok := o.Optional("canonical_bridge"); ok {
				b, err := bn.String()
				if err != nil {
					return err
				}
				if _, known := l.rp.Bridges[b]; !known {
					return input.Invalid(bn.Path, b, "is not a bridge of the bridges table")
				}
				ch.CanonicalBridge = b
			}
			return nil
		})
		l.rp.Chains[e.Key] = ch
		return err
	})
}

func (l *loader) bridgesAndVenues(obj *input.Object) error {
	for _, t := range []struct {
		name string
		dst  map[string]HaircutParams
	}{{"bridges", l.rp.Bridges}, {"venues", l.rp.Venues}} {
		err := eachEntry(obj, t.name, func(e input.Entry) error {
			var h HaircutParams
			err := fields(e.Node, func(o *input.Object) error {
				return optionalNumber(o, "haircut", &h.Haircut, within(0, 1))
			})
			t.dst[e.Key] = h
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
