// Package assert turns programmer errors into panics (STYLE.md: a margin
// engine that keeps running in a corrupt state is worse than one that
// stops). That is for cheap checks, on in every build; Invariant runs an
// expensive check only in builds with the invariants tag. A failure panics
// with a *Failure, so a test (or a simulator) can recover it and tell it
// from other panics.
package assert

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/invariants"
)

// Failure is the panic value of a failed assertion.
type Failure struct{ Message string }

func (f *Failure) Error() string { return "assertion failed: " + f.Message }

// That panics with a *Failure when ok is false. The message is formatted
// only then, so a passing assertion costs a branch.
func That(ok bool, format string, args ...any) {
	if !ok {
		panic(&Failure{Message: fmt.Sprintf(format, args...)})
	}
}

// NoError panics with a *Failure when err is not nil: for errors that can
// only come from a bug (a state the caller has just checked).
func NoError(err error, what string) {
	if err != nil {
		panic(&Failure{Message: what + ": " + err.Error()})
	}
}

// Invariant runs check when the invariants build tag is set and panics with
// a *Failure naming what when it returns an error; otherwise it does
// nothing (check is not even called).
func Invariant(what string, check func() error) {
	if !invariants.Enabled {
		return
	}
	if err := check(); err != nil {
		panic(&Failure{Message: what + ": " + err.Error()})
	}
}
