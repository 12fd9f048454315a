// Exit statuses and the one-line error report.
package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/unimargin/unimargin/internal/input"
)

// Exit statuses of the contract.
const (
	exitOK       = 0
	exitInput    = 1 // usage error, input error or refusal
	exitInternal = 2 // a bug: the report would not be trustworthy
)

// errInternal marks an error as internal (exit 2) in messages built here.
var errInternal = errors.New("internal error")

// usageError is a bad command line (exit 1).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// reportedError is a failure whose report is the command's output: the
// output is printed, then the error's one line (simulate's violations).
type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() error { return e.err }

func usageFromKong(err error) error {
	return usagef("%s (see --help)", err.Error())
}

// exitCode classifies err: input errors (*input.Error anywhere in the chain)
// and usage errors exit 1, everything else 2.
func exitCode(err error) int {
	var ie *input.Error
	var ue *usageError
	var pe *kong.ParseError
	if errors.As(err, &ie) || errors.As(err, &ue) || errors.As(err, &pe) {
		return exitInput
	}
	return exitInternal
}

// errorLine renders err as exactly one line. An input error prints in the
// contract's shape `<file>: <json path>: "<value>" <reason>`; others get the
// program name in front, and internal errors say so.
func errorLine(err error) string {
	var ie *input.Error
	var msg string
	switch {
	case errors.As(err, &ie):
		msg = ie.Error()
	case exitCode(err) == exitInternal && !errors.Is(err, errInternal):
		msg = "unimargin: internal error: " + err.Error()
	default:
		msg = "unimargin: " + err.Error()
	}
	return oneLine.Replace(strings.TrimSpace(msg))
}

// oneLine folds line breaks so an error is always exactly one line.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// report writes err's line to stderr and returns its exit status.
func report(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, errorLine(err))
	return exitCode(err)
}
