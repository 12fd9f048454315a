// FloatParams is the one overrider of flat numeric parameters: a model
// lists its float parameters (name, the field of its parameter struct T,
// the allowed range) and gets name lookup, range checks with an input error
// naming the parameter, application of venue.Override values, and the
// `venues --json` listing. Models with nested or non-numeric parameters
// keep their own overrider for those and use this for the flat ones.
package venue

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
)

// FloatParam is one named float parameter of a parameter struct T.
type FloatParam[T any] struct {
	Name     string
	Field    func(*T) *float64
	Min, Max float64
	OpenMin  bool   // the value must be > Min rather than ≥ Min
	OpenMax  bool   // the value must be < Max rather than ≤ Max
	Why      string // appended to the range error, in parentheses, when set
}

// Check returns why x is out of range ("must be in [0, 1]"), or "".
func (s FloatParam[T]) Check(x float64) string {
	bad := x < s.Min || x > s.Max || (s.OpenMin && x == s.Min) || (s.OpenMax && x == s.Max) || x != x
	if !bad {
		return ""
	}
	lo, hi := "[", "]"
	if s.OpenMin {
		lo = "("
	}
	if s.OpenMax {
		hi = ")"
	}
	why := ""
	if s.Why != "" {
		why = " (" + s.Why + ")"
	}
	return fmt.Sprintf("must be in %s%s, %s%s%s", lo, fmtParam(s.Min), fmtParam(s.Max), hi, why)
}

func fmtParam(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// FloatParams is a model's list of float parameters.
type FloatParams[T any] []FloatParam[T]

// Find returns the parameter named name.
func (ps FloatParams[T]) Find(name string) (FloatParam[T], bool) {
	for _, s := range ps {
		if s.Name == name {
			return s, true
		}
	}
	return FloatParam[T]{}, false
}

// Names returns the names, in list order, joined by ", ".
func (ps FloatParams[T]) Names() string {
	names := make([]string, len(ps))
	for i, s := range ps {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// Setter is one checked override, applied to a copy of a base parameter set.
type Setter[T any] func(*T)

// Parse checks every override: an unknown name is UnknownParam for model, a
// value that is not a number or is out of range an input error at its path.
func (ps FloatParams[T]) Parse(overrides []Override, model string) ([]Setter[T], error) {
	var out []Setter[T]
	for _, o := range overrides {
		spec, ok := ps.Find(o.Name)
		if !ok {
			return nil, UnknownParam(o, model)
		}
		x, err := o.Node.Float()
		if err != nil {
			return nil, err
		}
		if reason := spec.Check(x); reason != "" {
			return nil, input.Invalid(o.Node.Path, o.Node.Text(), "%s %s", spec.Name, reason)
		}
		field := spec.Field
		out = append(out, func(p *T) { *field(p) = x })
	}
	return out, nil
}

// Apply parses overrides (Parse) and applies them to p.
func (ps FloatParams[T]) Apply(p *T, overrides []Override, model string) error {
	setters, err := ps.Parse(overrides, model)
	if err != nil {
		return err
	}
	for _, s := range setters {
		s(p)
	}
	return nil
}

// List returns the names with their values in p, for `venues --json`.
func (ps FloatParams[T]) List(p T) []Param {
	out := make([]Param, len(ps))
	for i, s := range ps {
		out[i] = Param{Name: s.Name, Default: *s.Field(&p)}
	}
	return out
}
