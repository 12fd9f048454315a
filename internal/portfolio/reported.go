// A venue's own reported figures (optional `reported` of a venue): what the
// venue itself says its account's equity, initial and maintenance
// requirement and health are, as an importer read them from the venue's
// API. The margin report sets the model's figures beside them
// (margin.Reconcile), so drift between unimargin's model of a venue and the
// venue shows. Figures are USD decimal strings (health a plain decimal);
// they never change a requirement.
package portfolio

import (
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

// Reported is what the venue reports for the account. A nil figure is one
// the venue's document does not give.
type Reported struct {
	Path        string // JSON path of the object, for messages
	Equity      *float64
	Initial     *float64
	Maintenance *float64
	Health      *float64
	// Tolerance overrides the model's default relative tolerance (a
	// fraction in (0, 1]); nil = the default.
	Tolerance *float64
	// Source says where the figures come from ("hyperliquid clearinghouseState").
	Source string
}

// reportedFields are the figure fields of `reported` and whether each may be
// negative (equity may; a requirement or a health may not).
var reportedFields = []struct {
	name   string
	signed bool
	dst    func(*Reported) **float64
}{
	{"equity", true, func(r *Reported) **float64 { return &r.Equity }},
	{"initial", false, func(r *Reported) **float64 { return &r.Initial }},
	{"maintenance", false, func(r *Reported) **float64 { return &r.Maintenance }},
	{"health", false, func(r *Reported) **float64 { return &r.Health }},
}

func parseReported(obj *input.Object, v *Venue) error {
	n, ok := obj.Optional("reported")
	if !ok {
		return nil
	}
	ro, err := n.Object()
	if err != nil {
		return err
	}
	r := &Reported{Path: n.Path}
	given := false
	for _, f := range reportedFields {
		fn, ok := ro.Optional(f.name)
		if !ok {
			continue
		}
		d, err := fn.Decimal()
		if err != nil {
			return err
		}
		if !f.signed && d.Sign() < 0 {
			return input.Invalid(fn.Path, fn.Text(), "must be ≥ 0")
		}
		if !AmountInRange(d) {
			return input.Invalid(fn.Path, fn.Text(), "overflows: must be ≤ 1e30")
		}
		x := d.Float64()
		*f.dst(r), given = &x, true
	}
	if !given {
		return input.Errorf(n.Path, "gives none of equity, initial, maintenance, health")
	}
	if tn, ok := ro.Optional("tolerance"); ok {
		d, err := tn.Decimal()
		if err != nil {
			return err
		}
		if d.Sign() <= 0 || d.Cmp(money.MustDecimal("1")) > 0 {
			return input.Invalid(tn.Path, tn.Text(), "must be a fraction in (0, 1]")
		}
		x := d.Float64()
		r.Tolerance = &x
	}
	if sn, ok := ro.Optional("source"); ok {
		if r.Source, err = sn.String(); err != nil {
			return err
		}
	}
	if err := ro.Finish(); err != nil {
		return err
	}
	v.Reported = r
	return nil
}
