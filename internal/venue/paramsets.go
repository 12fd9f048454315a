// ParamSets is the one mechanism by which a model keeps its built-in
// parameter sets and resolves a venue's params against them: sets by name,
// each dated by the day it took effect (DESIGN.md: the set in force is the
// latest dated ≤ the market's as_of), a default, the sorted names, and the
// reading of v.Params as either a set name or overrides on the set in
// force. Each model instantiates it with its own set type; what an override
// means stays the model's (its overrider), how a set is chosen does not.
package venue

import (
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// ParamSets holds a model's built-in parameter sets of type T. Build it once
// at package initialisation (Add panics on a programmer error); it is
// read-only afterwards and safe for concurrent use. Sets are shared:
// callers must not mutate a *T they get, but clone it to override.
type ParamSets[T any] struct {
	model       string
	defaultName string
	byName      map[string]*T
	dated       []Dated
}

// NewParamSets starts the sets of model whose default (the `venues --json`
// listing and the source of Params defaults) is defaultName.
func NewParamSets[T any](model, defaultName string) *ParamSets[T] {
	return &ParamSets[T]{model: model, defaultName: defaultName, byName: map[string]*T{}}
}

// Add registers set under name, in force from the day from (YYYY-MM-DD);
// from "" makes a set chosen by name only (never by date). Duplicate names
// and bad dates panic.
func (p *ParamSets[T]) Add(name, from string, set *T) *ParamSets[T] {
	if _, dup := p.byName[name]; dup {
		panic("venue: parameter set added twice: " + p.model + " " + name)
	}
	p.byName[name] = set
	if from != "" {
		p.dated = append(p.dated, Dated{Name: name, From: Day(from)})
	}
	return p
}

// Names returns the set names, sorted.
func (p *ParamSets[T]) Names() []string {
	out := make([]string, 0, len(p.byName))
	for n := range p.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the named set.
func (p *ParamSets[T]) Lookup(name string) (*T, bool) {
	s, ok := p.byName[name]
	return s, ok
}

// DefaultName is the default set's name.
func (p *ParamSets[T]) DefaultName() string { return p.defaultName }

// Default is the default set (it must have been added).
func (p *ParamSets[T]) Default() *T {
	s, ok := p.byName[p.defaultName]
	if !ok {
		panic("venue: " + p.model + " has no default parameter set " + p.defaultName)
	}
	return s
}

// Dated lists the sets a date selects, in the order added.
func (p *ParamSets[T]) Dated() []Dated { return p.dated }

// At is the set in force at asOf (SetAt: the latest dated ≤ asOf, else the
// earliest with a warning).
func (p *ParamSets[T]) At(asOf time.Time) (string, *T, []string) {
	name, warnings := SetAt(p.model, p.dated, asOf)
	return name, p.byName[name], warnings
}

// Resolved is a venue's params read against the sets: the set chosen (by
// its name in v.Params, else by date) and, when v.Params is an object, its
// entries in document order for the model's overrider.
type Resolved[T any] struct {
	Name     string
	Set      *T
	Named    bool          // v.Params named the set
	Object   *input.Object // the overrides object; nil when none were given
	Warnings []string      // the date choice's warning, if any
	venue    *portfolio.Venue
}

// Resolve reads v.Params: a string names a set (an unknown name is an input
// error listing the known ones, at venues[i].params); otherwise the set in
// force at asOf, with v.Params's object, if any, left for the model's
// overrider (a value that is neither is an input error).
func (p *ParamSets[T]) Resolve(v *portfolio.Venue, asOf time.Time) (Resolved[T], error) {
	if v.Params != nil {
		if name, err := v.Params.String(); err == nil {
			s, ok := p.byName[name]
			if !ok {
				return Resolved[T]{}, UnknownSet(v, name, p.Names())
			}
			return Resolved[T]{Name: name, Set: s, Named: true, venue: v}, nil
		}
	}
	name, set, warnings := p.At(asOf)
	r := Resolved[T]{Name: name, Set: set, Warnings: warnings, venue: v}
	if v.Params == nil {
		return r, nil
	}
	obj, err := v.Params.Object()
	if err != nil {
		return Resolved[T]{}, err
	}
	r.Object = obj
	return r, nil
}

// Overrides are the object's entries as flat overrides (ParamSource's
// canonical snake_case names, sorted, a name set twice refused); none for
// a named set or no params.
func (r *Resolved[T]) Overrides() ([]Override, error) {
	if r.Object == nil {
		return nil, nil
	}
	_, out, err := ParamSource(r.venue)
	return out, err
}

// ResolveFlat is Resolve for a model whose overrides are flat (one value a
// name): the choice of set and the overrides (Resolved.Overrides).
func (p *ParamSets[T]) ResolveFlat(v *portfolio.Venue, asOf time.Time) (Resolved[T], []Override, error) {
	r, err := p.Resolve(v, asOf)
	if err != nil {
		return Resolved[T]{}, nil, err
	}
	overrides, err := r.Overrides()
	if err != nil {
		return Resolved[T]{}, nil, err
	}
	return r, overrides, nil
}
