// Refusals: every way governance says no, as a sentinel (for the HTTP
// catalogue and errors.Is) wrapped in an *input.Refusal that names the
// offending field of the request and quotes its value.
package govern

import (
	"errors"

	"github.com/unimargin/unimargin/internal/input"
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

// Refusal is a refused request naming its field (input.Refusal); its Kind
// is one of the sentinels above.
type Refusal = input.Refusal

func refuse(kind error, field, value, format string, args ...any) *Refusal {
	return input.Refuse(kind, field, value, format, args...)
}

func refusef(kind error, field, format string, args ...any) *Refusal {
	return input.Refusef(kind, field, format, args...)
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
