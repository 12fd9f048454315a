// A sticky-error reader over one JSON object of a case file: every accessor
// records the first problem and returns a zero value afterwards, so a parser
// reads a whole object and checks the error once.
package derive

import (
	"math"

	"github.com/unimargin/unimargin/internal/input"
)

type fields struct {
	obj *input.Object
	err *error // shared by every reader of one document
}

func newFields(n input.Node, err *error) *fields {
	f := &fields{err: err}
	if *err != nil {
		return f
	}
	obj, e := n.Object()
	if e != nil {
		*err = e
		return f
	}
	f.obj = obj
	return f
}

func (f *fields) fail(e error) {
	if *f.err == nil {
		*f.err = e
	}
}

func (f *fields) node(name string) (input.Node, bool) {
	if *f.err != nil {
		return input.Node{}, false
	}
	n, err := f.obj.Required(name)
	if err != nil {
		f.fail(err)
		return input.Node{}, false
	}
	return n, true
}

// num reads a number (JSON number or decimal string) within [lo, hi].
func (f *fields) num(name string, lo, hi float64) float64 {
	n, ok := f.node(name)
	if !ok {
		return 0
	}
	return f.numberOf(n, lo, hi)
}

func (f *fields) numberOf(n input.Node, lo, hi float64) float64 {
	x, err := n.Float()
	if err != nil {
		f.fail(err)
		return 0
	}
	if x < lo || x > hi {
		f.fail(input.Invalid(n.Path, n.Text(), "must be in [%g, %g]", lo, hi))
		return 0
	}
	return x
}

// positive reads a number in (0, hi].
func (f *fields) positive(name string, hi float64) float64 {
	n, ok := f.node(name)
	if !ok {
		return 0
	}
	x := f.numberOf(n, 0, hi)
	if *f.err == nil && x == 0 {
		f.fail(input.Invalid(n.Path, n.Text(), "must be > 0"))
	}
	return x
}

// flag reads a boolean written as true/false or as 1/0.
func (f *fields) flag(name string) bool {
	n, ok := f.node(name)
	if !ok {
		return false
	}
	if b, err := n.Bool(); err == nil {
		return b
	}
	x, err := n.Float()
	if err != nil || (x != 0 && x != 1) {
		f.fail(input.Invalid(n.Path, n.Text(), "must be true, false, 1 or 0"))
		return false
	}
	return x == 1
}

func (f *fields) str(name string) string {
	n, ok := f.node(name)
	if !ok {
		return ""
	}
	s, err := n.String()
	if err != nil {
		f.fail(err)
	}
	return s
}

// list reads an array with at most limit elements.
func (f *fields) list(name string, limit int) []input.Node {
	n, ok := f.node(name)
	if !ok {
		return nil
	}
	items, err := n.Array()
	if err != nil {
		f.fail(err)
		return nil
	}
	if len(items) > limit {
		f.fail(input.Errorf(n.Path, "has %d elements, more than the limit of %d", len(items), limit))
		return nil
	}
	return items
}

func (f *fields) object(name string) *fields {
	n, _ := f.node(name)
	return newFields(n, f.err)
}

// skip marks optional fields as known without reading them (diagnostics
// the model recomputes, such as the case files' per-option k and k_star).
func (f *fields) skip(names ...string) {
	if *f.err != nil {
		return
	}
	for _, name := range names {
		f.obj.Optional(name)
	}
}

func (f *fields) finish() {
	if *f.err == nil {
		f.fail(f.obj.Finish())
	}
}

// Bounds of case-file values (a case is a sub-account; these keep the
// arithmetic finite, they are not Derive's limits).
const (
	maxPrice    = 1e15
	maxQuantity = 1e15
	maxAmount   = 1e30
	maxSeconds  = 100 * secondsPerYear
	maxRate     = 10
	// minStablePrice is the lowest USDC price a case may give (USD).
	minStablePrice = 1e-6
	inf            = math.MaxFloat64
)
