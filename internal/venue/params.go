// Parameter resolution shared by every model: a venue's params are either the
// name of a built-in set or a flat object of overrides keyed by the venue's own
// parameter names (snake_case; the API's camelCase spelling is an alias).
package venue

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Override is one parameter override with its canonical (snake_case) name.
type Override struct {
	Name string
	Node input.Node
}

// ParamSource splits v.Params into a set name ("" when overrides or none were
// given) and the overrides in key order.
func ParamSource(v *portfolio.Venue) (string, []Override, error) {
	if v.Params == nil {
		return "", nil, nil
	}
	if name, err := v.Params.String(); err == nil {
		return name, nil, nil
	}
	obj, err := v.Params.Object()
	if err != nil {
		return "", nil, err
	}
	var out []Override
	seen := map[string]string{}
	for _, e := range obj.Entries() {
		name := SnakeCase(e.Key)
		if prev, dup := seen[name]; dup {
			return "", nil, input.Invalid(e.Node.Path, e.Key, "sets the same parameter as %q", prev)
		}
		seen[name] = e.Key
		out = append(out, Override{Name: name, Node: e.Node})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return "", out, nil
}

// UnknownSet returns the error for a parameter-set name the model lacks.
func UnknownSet(v *portfolio.Venue, name string, known []string) error {
	return input.Invalid(v.Params.Path, name, "is not a parameter set of %s (known: %s)",
		v.Model, strings.Join(known, ", "))
}

// UnknownParam returns the error for an override the model does not have.
func UnknownParam(o Override, model string) error {
	return input.Invalid(o.Node.Path, o.Node.Text(), "is not a parameter of %s", model)
}

// SnakeCase turns maxLeverage into max_leverage; snake_case passes through.
func SnakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Dated is a built-in parameter set's name and the day it took effect.
type Dated struct {
	Name string
	From time.Time
}

// Day parses a YYYY-MM-DD date of a built-in set (a programmer error panics).
func Day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic("venue: bad set date " + s)
	}
	return t
}

// SetAt is the parameter set in force at asOf among sets (DESIGN.md: the
// latest set dated ≤ as_of). When asOf precedes every set it is the
// earliest, with a warning: a market older than the model's data is margined
// with the oldest rules known, never refused. sets must not be empty.
// Warnings of a model never name the venue; margin.Compute prefixes each
// with the venue's id, once.
func SetAt(model string, sets []Dated, asOf time.Time) (string, []string) {
	best, earliest := -1, 0
	for i, s := range sets {
		if s.From.Before(sets[earliest].From) {
			earliest = i
		}
		if !s.From.After(asOf) && (best < 0 || s.From.After(sets[best].From)) {
			best = i
		}
	}
	if best >= 0 {
		return sets[best].Name, nil
	}
	s := sets[earliest]
	return s.Name, []string{fmt.Sprintf("the market's as_of %s precedes every %s parameter set: "+
		"using the earliest, %s (in force from %s)", asOf.Format(time.DateOnly), model, s.Name,
		s.From.Format(time.DateOnly))}
}

// EachField calls f for each field of one entity's override object
// ({"field": value, …}, in document order): a reserve, a market, an asset.
func EachField(n input.Node, f func(field string, v input.Node) error) error {
	obj, err := n.Object()
	if err != nil {
		return err
	}
	for _, e := range obj.Entries() {
		if err := f(e.Key, e.Node); err != nil {
			return err
		}
	}
	return nil
}

// EachGroup calls f for each field of each member of a group override
// ({"<id>": {"field": value, …}, …}: e-mode categories, liquidity tiers),
// the member's key parsed by id (an error there names the member's path).
func EachGroup[K any](n input.Node, id func(path, key string) (K, error), f func(id K, field string, v input.Node) error) error {
	return EachField(n, func(key string, member input.Node) error {
		k, err := id(member.Path, key)
		if err != nil {
			return err
		}
		return EachField(member, func(field string, v input.Node) error { return f(k, field, v) })
	})
}
