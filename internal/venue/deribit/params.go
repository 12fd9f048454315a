// Parameter overrides shared by both models: each model lists its parameters
// as specs (name, field, allowed range); venue.ParamSource supplies the
// overrides and this file checks and applies them.
package deribit

import (
	"fmt"
	"strconv"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/venue"
)

// paramSpec is one named float parameter of a parameter struct T.
type paramSpec[T any] struct {
	name     string
	field    func(*T) *float64
	min, max float64
	openMin  bool // the value must be > min rather than ≥ min
	openMax  bool // the value must be < max rather than ≤ max
}

func (s paramSpec[T]) check(x float64) string {
	lo, hi := "[", "]"
	if s.openMin {
		lo = "("
	}
	if s.openMax {
		hi = ")"
	}
	bad := x < s.min || x > s.max || (s.openMin && x == s.min) || (s.openMax && x == s.max)
	if !bad {
		return ""
	}
	return fmt.Sprintf("must be in %s%s, %s%s", lo, fmtParam(s.min), fmtParam(s.max), hi)
}

func fmtParam(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// setter is one checked override, applied to a copy of a base parameter set.
type setter[T any] func(*T)

// parseOverrides checks every override against specs: unknown names, values
// that are not numbers and values out of range are input errors.
func parseOverrides[T any](specs []paramSpec[T], overrides []venue.Override, model string) ([]setter[T], error) {
	var out []setter[T]
	for _, o := range overrides {
		spec, ok := findSpec(specs, o.Name)
		if !ok {
			return nil, venue.UnknownParam(o, model)
		}
		x, err := o.Node.Float()
		if err != nil {
			return nil, err
		}
		if reason := spec.check(x); reason != "" {
			return nil, input.Invalid(o.Node.Path, o.Node.Text(), "%s %s", spec.name, reason)
		}
		field := spec.field
		out = append(out, func(p *T) { *field(p) = x })
	}
	return out, nil
}

func findSpec[T any](specs []paramSpec[T], name string) (paramSpec[T], bool) {
	for _, s := range specs {
		if s.name == name {
			return s, true
		}
	}
	return paramSpec[T]{}, false
}

// listParams returns the specs' names with their values in p, for venues --json.
func listParams[T any](specs []paramSpec[T], p T) []venue.Param {
	out := make([]venue.Param, len(specs))
	for i, s := range specs {
		out[i] = venue.Param{Name: s.name, Default: *s.field(&p)}
	}
	return out
}
