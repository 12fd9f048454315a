// Refusals of settlement: a sentinel per rule, wrapped in an
// *input.Refusal naming the request's field.
package settle

import (
	"errors"

	"github.com/unimargin/unimargin/internal/input"
)

// Sentinels, one per kind of refusal.
var (
	ErrInvalid        = errors.New("invalid")
	ErrUnknownChain   = errors.New("unknown chain")
	ErrNoRoute        = errors.New("no such route")
	ErrBridgeHalted   = errors.New("bridge halted")
	ErrUngoverned     = errors.New("bridge without a governed haircut")
	ErrLimit          = errors.New("over the bridge's limit")
	ErrInsufficient   = errors.New("insufficient holding")
	ErrUnknownMove    = errors.New("unknown move")
	ErrMoveState      = errors.New("not allowed in the move's state")
	ErrNotFinal       = errors.New("source not final yet")
	ErrExpired        = errors.New("expired")
	ErrReplayed       = errors.New("already used")
	ErrUnknownRelayer = errors.New("not a relayer")
	ErrMismatch       = errors.New("does not match the move")
	ErrConflict       = errors.New("id already used with a different body")
)

func refuse(kind error, field, value, format string, args ...any) *input.Refusal {
	return input.Refuse(kind, field, value, format, args...)
}

func refusef(kind error, field, format string, args ...any) *input.Refusal {
	return input.Refusef(kind, field, format, args...)
}
