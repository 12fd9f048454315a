// Node walks a decoded JSON document with its path, so that every accessor can
// fail with an *Error naming the field. Objects remember which keys were read so
// that Finish can reject unknown fields.
package input

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MaxDocumentBytes bounds every input document; larger input is refused.
const MaxDocumentBytes = 64 << 20

// Node is one JSON value and where it sits in its document.
type Node struct {
	Path  string
	value any // nil, bool, string, json.Number, []any, map[string]any
}

// Decode parses a whole JSON document. Malformed JSON is reported with its line
// and column; trailing data after the document is an error; so are keys that
// repeat, also when they differ only by case, and numbers beyond float64's
// range (Check). The values are those encoding/json decodes into an any with
// UseNumber, built by Check's own reading in the same pass
// (TestDecodeAsEncodingJSON).
func Decode(data []byte) (Node, error) {
	if len(data) > MaxDocumentBytes {
		return Node{}, Errorf("", "document is %d bytes, more than the limit of %d", len(data), MaxDocumentBytes)
	}
	s := scanner{data: data, build: true}
	v, err := s.document()
	if err != nil {
		return Node{}, err
	}
	return Node{value: v}, nil
}

// DecodeObject is Decode of a document whose top level must be an object:
// the shape of every contract file and venue document. A document of
// another shape is an *Error at the root ("must be an object").
func DecodeObject(data []byte) (*Object, error) {
	root, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return root.Object()
}

func lineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	prefix := data[:offset]
	line := bytes.Count(prefix, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(prefix, '\n')
	return line, col
}

// IsNull reports whether the node is JSON null.
func (n Node) IsNull() bool { return n.value == nil }

// Raw returns the decoded value (for hashing and echoing); callers must not mutate it.
func (n Node) Raw() any { return n.value }

// Text renders the node compactly, for quoting in errors.
func (n Node) Text() string {
	switch v := n.value.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case nil:
		return "null"
	default:
		b, _ := json.Marshal(v)
		s := string(b)
		if len(s) > 60 {
			s = s[:57] + "..."
		}
		return s
	}
}

func (n Node) kind() string {
	switch n.value.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	default:
		return "an object"
	}
}

func (n Node) wrongType(want string) *Error {
	return Invalid(n.Path, n.Text(), "must be %s, not %s", want, n.kind())
}

// String returns a JSON string.
func (n Node) String() (string, error) {
	s, ok := n.value.(string)
	if !ok {
		return "", n.wrongType("a string")
	}
	return s, nil
}

// Bool returns a JSON boolean.
func (n Node) Bool() (bool, error) {
	b, ok := n.value.(bool)
	if !ok {
		return false, n.wrongType("a boolean")
	}
	return b, nil
}

// DecimalText returns the literal text of a decimal given as a JSON string
// (the contract for amounts). Numbers are refused so that amounts never pass
// through float64 anywhere.
func (n Node) DecimalText() (string, error) {
	s, ok := n.value.(string)
	if !ok {
		return "", n.wrongType("a decimal string")
	}
	return s, nil
}

// NumberText returns the literal text of a JSON number or a decimal string
// (the contract for vols, rates and model parameters).
func (n Node) NumberText() (string, error) {
	switch v := n.value.(type) {
	case json.Number:
		return v.String(), nil
	case string:
		return v, nil
	}
	return "", n.wrongType("a number or a decimal string")
}

// Float returns a finite float64 from a JSON number or a decimal string.
// NaN, Inf and hexadecimal spellings are refused.
func (n Node) Float() (float64, error) {
	s, err := n.NumberText()
	if err != nil {
		return 0, err
	}
	return ParseFloat(n.Path, s)
}

// ParseFloat parses a plain decimal number (optional sign, digits, optional
// fraction and exponent) into a finite float64.
func ParseFloat(path, s string) (float64, error) {
	if !plainNumber(s) {
		return 0, Invalid(path, s, "is not a finite decimal number")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, Invalid(path, s, "is not a finite number")
	}
	return f, nil
}

func plainNumber(s string) bool {
	if s == "" {
		return false
	}
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' || c == '+':
			if i != 0 && !strings.ContainsAny(s[i-1:i], "eE") {
				return false
			}
		case c == '.' || c == 'e' || c == 'E':
		default:
			return false
		}
	}
	return digits > 0
}

// Int returns an integer from a JSON number (or decimal string) without a fraction.
func (n Node) Int() (int64, error) {
	s, err := n.NumberText()
	if err != nil {
		return 0, err
	}
	v, perr := strconv.ParseInt(s, 10, 64)
	if perr != nil {
		return 0, Invalid(n.Path, s, "must be an integer")
	}
	return v, nil
}

// Time returns an RFC 3339 UTC time (ParseTime).
func (n Node) Time() (time.Time, error) {
	s, err := n.String()
	if err != nil {
		return time.Time{}, err
	}
	return ParseTime(n.Path, s)
}

// Times of the contract lie in [MinTime, MaxTime): every such time, and
// every span between two of them, fits time.Duration and UnixNano (which
// end in 1678 and 2262), on which expiries are keyed and valued.
var (
	MinTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ParseTime parses an RFC 3339 time in UTC, written with the offset Z
// ("2026-01-01T00:00:00Z"): the contract's times are UTC, and a time with
// another offset ("+01:00", even "+00:00") is refused rather than converted,
// so that a document means one instant however it is read. The time must
// lie in [MinTime, MaxTime).
func ParseTime(path, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, Invalid(path, s, "is not an RFC 3339 time")
	}
	if !strings.HasSuffix(s, "Z") {
		return time.Time{}, Invalid(path, s, "is not in UTC: write the time with the offset Z (RFC 3339 UTC)")
	}
	if t.Before(MinTime) || !t.Before(MaxTime) {
		return time.Time{}, Invalid(path, s, "must be between 1970-01-01T00:00:00Z and 2200-01-01T00:00:00Z (excluded)")
	}
	return t.UTC(), nil
}

// Array returns the elements of a JSON array, each with its indexed path.
func (n Node) Array() ([]Node, error) {
	a, ok := n.value.([]any)
	if !ok {
		return nil, n.wrongType("an array")
	}
	out := make([]Node, len(a))
	for i, v := range a {
		out[i] = Node{Path: Index(n.Path, i), value: v}
	}
	return out, nil
}

// Object returns a reader over a JSON object.
func (n Node) Object() (*Object, error) {
	m, ok := n.value.(map[string]any)
	if !ok {
		return nil, n.wrongType("an object")
	}
	return &Object{Path: n.Path, fields: m}, nil
}

// Object reads the fields of one JSON object and remembers which were read.
type Object struct {
	Path   string
	fields map[string]any
	// The keys read so far (only the object's own, so at most its size):
	// the first few in few (a contract object has a handful of keys, and a
	// map per object was a fifth of a portfolio's allocations), the rest
	// with them in many once there are more.
	few  [8]string
	nFew int
	many map[string]bool
}

// markRead records that the object's key k was read.
func (o *Object) markRead(k string) {
	if o.many != nil {
		o.many[k] = true
		return
	}
	if o.wasRead(k) {
		return
	}
	if o.nFew < len(o.few) {
		o.few[o.nFew] = k
		o.nFew++
		return
	}
	o.many = make(map[string]bool, 2*len(o.few))
	for _, r := range o.few {
		o.many[r] = true
	}
	o.many[k] = true
}

// wasRead reports whether the key k was read.
func (o *Object) wasRead(k string) bool {
	if o.many != nil {
		return o.many[k]
	}
	return slices.Contains(o.few[:o.nFew], k)
}

// readCount is how many distinct keys were read.
func (o *Object) readCount() int {
	if o.many != nil {
		return len(o.many)
	}
	return o.nFew
}

// Has reports whether the object has the field (null counts as absent).
func (o *Object) Has(name string) bool {
	v, ok := o.fields[name]
	return ok && v != nil
}

// Optional returns the field and true, or false when it is absent or null.
func (o *Object) Optional(name string) (Node, bool) {
	v, ok := o.fields[name]
	if ok {
		o.markRead(name) // only the object's own keys: the record stays within its size
	}
	if !ok || v == nil {
		return Node{}, false
	}
	return Node{Path: Join(o.Path, name), value: v}, true
}

// Required returns the field or an error saying it is missing.
func (o *Object) Required(name string) (Node, error) {
	n, ok := o.Optional(name)
	if !ok {
		return Node{}, Errorf(Join(o.Path, name), "is required")
	}
	return n, nil
}

// Keys returns the object's keys in sorted order (for maps keyed by data).
func (o *Object) Keys() []string {
	keys := make([]string, 0, len(o.fields))
	for k := range o.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Entries returns every field as a node, in key order, marking all as read.
func (o *Object) Entries() []Entry {
	keys := o.Keys()
	out := make([]Entry, len(keys))
	for i, k := range keys {
		o.markRead(k)
		out[i] = Entry{Key: k, Node: Node{Path: Join(o.Path, k), value: o.fields[k]}}
	}
	return out
}

// Entry is one key of an object map.
type Entry struct {
	Key  string
	Node Node
}

// Finish fails on the first unknown field (in key order, so the error is deterministic).
func (o *Object) Finish() error {
	if o.readCount() == len(o.fields) {
		return nil // every key was read (only the object's keys are recorded)
	}
	for _, k := range o.Keys() {
		if !o.wasRead(k) {
			return Errorf(Join(o.Path, k), "unknown field")
		}
	}
	return nil
}

// NewNode wraps an already decoded value (for tests and for in-memory defaults).
func NewNode(path string, value any) Node { return Node{Path: path, value: value} }
