// Error is the single shape of every input problem: file, JSON path, quoted
// value and reason, printed on one line.
package input

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Error describes one invalid input field.
type Error struct {
	File     string // file name, set by the caller that knows it (may be empty)
	Path     string // JSON path such as venues[2].positions[0].strike; "" for the document
	Value    string // the offending value as text, quoted when printed (at most 64 characters of it)
	HasValue bool
	Reason   string
}

func (e *Error) Error() string {
	msg := ""
	if e.File != "" {
		msg = e.File + ": "
	}
	if e.Path != "" {
		msg += e.Path + ": "
	}
	if e.HasValue {
		msg += quoteBounded(e.Value) + " "
	}
	return msg + e.Reason
}

// maxQuotedChars bounds the value a message quotes: enough to recognise
// it, never the whole of a long one (a 100,000-digit number).
const maxQuotedChars = 64

// quoteBounded quotes v, or its first maxQuotedChars characters followed by
// "…(N bytes)", N being v's whole length. Value keeps the whole text.
func quoteBounded(v string) string {
	if utf8.RuneCountInString(v) <= maxQuotedChars {
		return strconv.Quote(v)
	}
	cut := 0
	for range maxQuotedChars {
		_, size := utf8.DecodeRuneInString(v[cut:])
		cut += size
	}
	return strconv.Quote(v[:cut]) + "…(" + strconv.Itoa(len(v)) + " bytes)"
}

// Invalid returns an *Error for the value at path.
func Invalid(path, value, format string, args ...any) *Error {
	return &Error{Path: path, Value: value, HasValue: true, Reason: fmt.Sprintf(format, args...)}
}

// Errorf returns an *Error at path that quotes no value.
func Errorf(path, format string, args ...any) *Error {
	return &Error{Path: path, Reason: fmt.Sprintf(format, args...)}
}

// InFile sets the file name on err when it is (or wraps) an *Error and returns
// err; other errors are wrapped with the file name in front.
func InFile(err error, file string) error {
	if err == nil {
		return nil
	}
	var ie *Error
	if errors.As(err, &ie) {
		cp := *ie
		cp.File = file
		return &cp
	}
	return fmt.Errorf("%s: %w", file, err)
}

// Join appends a child element to a JSON path: Join("venues[2]", "strike").
func Join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Index appends an array index to a JSON path: Index("venues", 2) = venues[2].
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
