// Refusal: a request the rules refuse, naming the offending field of the
// request and quoting its value, with the kind of refusal (a sentinel of
// the package that owns the rule) for errors.Is and the HTTP catalogue.
// Governance and settlement refuse with it; a malformed document is an
// *Error instead.
package input

import (
	"fmt"
	"strconv"
)

// Refusal is a refused request: Field is the offending field's path in
// the request document (changes[2].value, message.signer), Value its text.
type Refusal struct {
	Field    string
	Value    string
	HasValue bool
	Reason   string
	Kind     error // the owning package's sentinel
}

func (r *Refusal) Error() string {
	msg := ""
	if r.Field != "" {
		msg = r.Field + ": "
	}
	if r.HasValue {
		msg += strconv.Quote(r.Value) + " "
	}
	return msg + r.Reason
}

// Unwrap returns the kind.
func (r *Refusal) Unwrap() error { return r.Kind }

// Refuse builds a refusal of kind at field quoting value.
func Refuse(kind error, field, value, format string, args ...any) *Refusal {
	return &Refusal{Field: field, Value: value, HasValue: true, Reason: fmt.Sprintf(format, args...), Kind: kind}
}

// Refusef builds a refusal of kind at field that quotes no value.
func Refusef(kind error, field, format string, args ...any) *Refusal {
	return &Refusal{Field: field, Reason: fmt.Sprintf(format, args...), Kind: kind}
}
