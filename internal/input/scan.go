// Check: the strict reading of a JSON document's shape, before any decoder
// sees it. encoding/json matches object keys case-insensitively and lets the
// last of two equal keys win, so {"amount": "1", "aMoUnT": "2"} would be read
// as an amount of 2 with nothing said; Check refuses such a document, naming
// the key. It also locates malformed JSON at the path where it breaks (so a
// bare NaN is reported at the field it was given for), refuses numbers beyond
// float64's range, and bounds nesting. It allocates only on error and for
// objects with many keys. The same reading builds the document's values for
// Decode (build), so a document is scanned once.
package input

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects in a document.
const MaxDepth = 128

// manyKeys is the object size above which duplicate keys are found through a
// map rather than by comparing each key with the earlier ones.
const manyKeys = 16

// Check validates data as exactly one JSON value whose objects have unique
// keys, also when compared case-insensitively (as encoding/json compares
// them), whose numbers are finite as float64, and whose nesting is at most
// MaxDepth. The *Error it returns names the JSON path of the offending key or
// value ("venues[2].model"); a malformed document's reason starts with
// "malformed JSON" and gives the line and column.
func Check(data []byte) error {
	s := scanner{data: data}
	_, err := s.document()
	return err
}

// Member is one key of a document's top-level object and its value's text
// (a slice of the document). Decoded is the value as Decode(Value) would
// give it (path ""), for a member CheckObject was asked to decode; nil for
// the others, and for one Decode refuses (over MaxDocumentBytes).
type Member struct {
	Key     string
	Value   []byte
	Decoded *Node
}

// CheckObject is Check for a document that must be an object; it returns
// the object's members in document order, so that a caller can look at the
// top level without decoding the rest. The members whose keys are in
// decode are decoded in the same pass (Member.Decoded), so that a document
// embedded in a request body is read once.
func CheckObject(data []byte, decode ...string) ([]Member, error) {
	s := scanner{data: data, members: []Member{}, decode: decode}
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] != '{' {
		return nil, Errorf("", "must be a JSON object")
	}
	if _, err := s.document(); err != nil {
		return nil, err
	}
	return s.members, nil
}

// document reads the whole document; its value is built when s.build.
func (s *scanner) document() (any, error) {
	s.space()
	v, err := s.value()
	if err != nil {
		return nil, err
	}
	s.space()
	if s.pos < len(s.data) {
		return nil, Errorf("", "malformed JSON: unexpected data after the top-level value")
	}
	return v, nil
}

// scanner is a recursive-descent reader of one document. path holds the
// segments leading to the current value; a path string is only built for an
// error. With build set, each read returns the value as encoding/json
// decodes it into an any with UseNumber (nil, bool, string, json.Number,
// []any, map[string]any); without, it returns nil and allocates nothing.
type scanner struct {
	data    []byte
	pos     int
	path    []segment
	keys    [][]byte // the current objects' keys, innermost last
	members []Member // the top-level object's, when asked for (CheckObject)
	decode  []string // the top-level members to build (CheckObject)
	build   bool
}

// segment is an object key (index < 0) or an array index.
type segment struct {
	key   []byte
	index int
}

func (s *scanner) pathString() string {
	p := ""
	for _, seg := range s.path {
		if seg.index >= 0 {
			p = Index(p, seg.index)
		} else {
			p = Join(p, string(seg.key))
		}
	}
	return p
}

// malformed reports a syntax error at the current position and path. A
// document cut short is the document's error, not its last field's.
func (s *scanner) malformed(what string) *Error {
	if s.pos >= len(s.data) {
		return Errorf("", "malformed JSON: unexpected end of input")
	}
	line, col := lineCol(s.data, int64(s.pos))
	return Errorf(s.pathString(), "malformed JSON at line %d, column %d: %s", line, col, what)
}

func (s *scanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) value() (any, error) {
	if s.pos >= len(s.data) {
		return nil, s.malformed("")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		v, err := s.str()
		if err != nil || !s.build {
			return nil, err
		}
		return decodedString(v), nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := s.pos
		if err := s.number(); err != nil || !s.build {
			return nil, err
		}
		return json.Number(s.data[start:s.pos]), nil
	case c == 't':
		return true, s.literal("true")
	case c == 'f':
		return false, s.literal("false")
	case c == 'n':
		return nil, s.literal("null")
	}
	return nil, s.malformed("expected a JSON value (a string, number, object, array, true, false or null)")
}

func (s *scanner) literal(word string) error {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return s.malformed("expected a JSON value (a string, number, object, array, true, false or null)")
	}
	s.pos += len(word)
	return nil
}

func (s *scanner) enter() error {
	if len(s.path) >= MaxDepth {
		return Errorf(s.pathString(), "nested deeper than %d levels", MaxDepth)
	}
	return nil
}

func (s *scanner) array() (any, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	var out []any
	if s.build {
		out = []any{}
	}
	s.pos++ // [
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return s.built(out), nil
	}
	for i := 0; ; i++ {
		s.path = append(s.path, segment{index: i})
		s.space()
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		if s.build {
			out = append(out, v)
		}
		s.space()
		if s.pos >= len(s.data) {
			return nil, s.malformed("")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.path = s.path[:len(s.path)-1]
			return s.built(out), nil
		default:
			return nil, s.malformed("expected ',' or ']' after an array element")
		}
		s.path = s.path[:len(s.path)-1]
	}
}

// built is a built array or object as a value (nil when not building: a
// nil slice or map in an any would not be nil).
func (s *scanner) built(v any) any {
	if !s.build {
		return nil
	}
	return v
}

func (s *scanner) object() (any, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	var out map[string]any
	if s.build {
		out = map[string]any{}
	}
	s.pos++ // {
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return s.built(out), nil
	}
	first := len(s.keys)
	defer func() { s.keys = s.keys[:first] }()
	top := s.members != nil && len(s.path) == 0
	var folded map[string][]byte // folded key → key, for objects with many keys
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return nil, s.malformed("expected a quoted object key")
		}
		key, err := s.str()
		if err != nil {
			return nil, err
		}
		s.path = append(s.path, segment{key: key, index: -1})
		if folded, err = s.unique(key, first, folded); err != nil {
			return nil, err
		}
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return nil, s.malformed("expected ':' after an object key")
		}
		s.pos++
		s.space()
		start := s.pos
		decode := top && slices.Contains(s.decode, string(key))
		s.build = s.build || decode
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		if decode {
			s.build = false // the top level itself is not built
			m := Member{Key: string(key), Value: s.data[start:s.pos]}
			if len(m.Value) <= MaxDocumentBytes { // Decode refuses a larger one
				m.Decoded = &Node{value: v}
			}
			s.members = append(s.members, m)
		} else if top {
			s.members = append(s.members, Member{Key: string(key), Value: s.data[start:s.pos]})
		}
		if s.build {
			out[decodedString(key)] = v
		}
		s.space()
		if s.pos >= len(s.data) {
			return nil, s.malformed("")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.path = s.path[:len(s.path)-1]
			return s.built(out), nil
		default:
			// Reported at the member just read: "01" breaks at its second digit.
			return nil, s.malformed("expected ',' or '}' after an object member")
		}
		s.path = s.path[:len(s.path)-1]
	}
}

// unique records key among the current object's keys (s.keys[first:]) and
// refuses it when an earlier key equals it, also case-insensitively.
func (s *scanner) unique(key []byte, first int, folded map[string][]byte) (map[string][]byte, error) {
	earlier := s.keys[first:]
	var clash []byte
	found := false
	switch {
	case folded != nil:
		clash, found = folded[foldKey(string(key))]
	default:
		for _, k := range earlier {
			if bytes.EqualFold(k, key) {
				clash, found = k, true
				break
			}
		}
	}
	if found {
		if bytes.Equal(clash, key) {
			return nil, Errorf(s.pathString(), "duplicate key")
		}
		return nil, Errorf(s.pathString(), "duplicate key: differs from %q only by case", clash)
	}
	s.keys = append(s.keys, key)
	if folded == nil && len(earlier)+1 > manyKeys {
		folded = make(map[string][]byte, 2*manyKeys)
		for _, k := range s.keys[first:] {
			folded[foldKey(string(k))] = k
		}
	} else if folded != nil {
		folded[foldKey(string(key))] = key
	}
	return folded, nil
}

// foldKey maps every rune to the least rune of its case-folding orbit, so
// foldKey(a) == foldKey(b) exactly when bytes.EqualFold(a, b) (which is how
// encoding/json matches keys to fields). For ASCII that is the upper
// case letter ('K' < 'k' < the Kelvin sign).
func foldKey(k string) string {
	ascii := true
	for i := 0; i < len(k); i++ {
		if k[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(k)
	}
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, k)
}

// str reads a string and returns its value: a slice of the document, or a
// copy unescaped when it has escapes.
func (s *scanner) str() ([]byte, error) {
	start := s.pos
	s.pos++ // "
	escaped := false
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			raw := s.data[start:s.pos]
			if !escaped {
				return raw[1 : len(raw)-1], nil
			}
			var v string
			if err := json.Unmarshal(raw, &v); err != nil {
				s.pos = start
				return nil, s.malformed("invalid escape in a string")
			}
			return []byte(v), nil
		case c == '\\':
			if err := s.escape(); err != nil {
				return nil, err
			}
			escaped = true
		case c < 0x20:
			return nil, s.malformed("control character in a string")
		default:
			s.pos++
		}
	}
	return nil, s.malformed("")
}

// decodedString is a string's value (from str) as encoding/json decodes
// it: each byte of invalid UTF-8 becomes U+FFFD.
func decodedString(v []byte) string {
	if utf8.Valid(v) {
		return string(v)
	}
	out := make([]byte, 0, len(v)+8)
	for len(v) > 0 {
		r, size := utf8.DecodeRune(v)
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, v[:size]...)
		}
		v = v[size:]
	}
	return string(out)
}

// escape checks one escape sequence at s.pos (the backslash).
func (s *scanner) escape() error {
	if s.pos+1 >= len(s.data) {
		s.pos = len(s.data)
		return s.malformed("")
	}
	switch s.data[s.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return nil
	case 'u':
		if s.pos+6 > len(s.data) {
			s.pos = len(s.data)
			return s.malformed("")
		}
		for _, h := range s.data[s.pos+2 : s.pos+6] {
			if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
				return s.malformed("invalid \\u escape in a string")
			}
		}
		s.pos += 6
		return nil
	}
	return s.malformed("invalid escape in a string")
}

// number checks a number's grammar (RFC 8259) and that it is finite as a
// float64: 1e400 is not a number any reader of the document can hold.
func (s *scanner) number() error {
	start := s.pos
	digits := func() int {
		n := 0
		for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.data[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.data) && s.data[s.pos] == '0':
		s.pos++
	case digits() == 0:
		return s.malformed("expected a digit in a number")
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			return s.malformed("expected a digit after the decimal point")
		}
	}
	exponent := false
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		exponent = true
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			return s.malformed("expected a digit in the exponent")
		}
	}
	// Without an exponent only a literal of over 300 digits can overflow.
	// An underflow (1e-400) is read as 0 by every decoder and is let be.
	if exponent || s.pos-start > 300 {
		lit := string(s.data[start:s.pos])
		if f, err := strconv.ParseFloat(lit, 64); err != nil && math.IsInf(f, 0) {
			return Invalid(s.pathString(), lit, "is not a finite number (beyond ±1.8e308)")
		}
	}
	return nil
}
