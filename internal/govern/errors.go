// Refusals: every way governance says no, as a sentinel (for the HTTP
// catalogue and errors.Is) wrapped in a *Refusal that names the offending
// field of the request and quotes its value.
package govern

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinels, one per kind of refusal.
var (
	ErrNotSetUp       = errors.New("governance is not set up (unimargin govern init --rules FILE)")
	ErrAlreadySetUp   = errors.New("governance is already set up")
	ErrInvalid        = errors.New("invalid")
	ErrUnknownParam   = errors.New("unknown parameter")
	ErrOutOfBounds    = errors.New("out of bounds")
	ErrTooSoon        = errors.New("changed too recently")
	ErrStaleVersion   = errors.New("not the current version")
	ErrExpired        = errors.New("expired")
	ErrReplayed       = errors.New("already used")
	ErrNotMember      = errors.New("not a member of the governance rules")
	ErrBadSignature   = errors.New("signature does not verify")
	ErrProposalState  = errors.New("not allowed in the proposal's state")
	ErrTimelocked     = errors.New("timelock has not elapsed")
	ErrUnknownProp    = errors.New("unknown proposal")
	ErrNotSafer       = errors.New("a guardian may only make parameters stricter")
	ErrNoPreview      = errors.New("the impact preview is not attached yet (unimargin govern preview)")
	ErrGoverned       = errors.New("risk parameters are governed: propose a change instead")
	ErrDuplicate      = errors.New("duplicate")
	ErrRuleNotAllowed = errors.New("not allowed by the governance rules")
)

// Refusal is a refused request: Field is the offending field's path in
// the request document (changes[2].value, message.signer), Value its text.
type Refusal struct {
	Field    string
	Value    string
	HasValue bool
	Reason   string
	Kind     error // one of the sentinels
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

// Unwrap returns the sentinel.
func (r *Refusal) Unwrap() error { return r.Kind }

// refuse builds a refusal quoting value.
func refuse(kind error, field, value, format string, args ...any) *Refusal {
	return &Refusal{Field: field, Value: value, HasValue: true, Reason: fmt.Sprintf(format, args...), Kind: kind}
}

// refusef builds a refusal that quotes no value.
func refusef(kind error, field, format string, args ...any) *Refusal {
	return &Refusal{Field: field, Reason: fmt.Sprintf(format, args...), Kind: kind}
}

// ErrCorrupt marks a stored governance record that does not parse or does
// not match its hash: a broken store, never a refusal.
var ErrCorrupt = errors.New("corrupt governance record")

type corruptError struct {
	what string
	err  error
}

func (e *corruptError) Error() string { return e.what + ": " + e.err.Error() }
func (e *corruptError) Unwrap() error { return ErrCorrupt }
