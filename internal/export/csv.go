package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Header is the header row of every CSV report.
var Header = []string{"section", "venue", "key", "field", "value"}

// ContentType is the media type of a CSV report (RFC 4180, with header).
const ContentType = "text/csv; charset=utf-8; header=present"

// Row is one row of a CSV report.
type Row struct{ Section, Venue, Key, Field, Value string }

// ErrNotJSON marks a report that could not be encoded or decoded as JSON
// (a NaN figure, a malformed document): a bug in the caller, never input.
var ErrNotJSON = errors.New("report is not JSON")

// Write writes the header and rows as CSV.
func Write(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{cell(r.Section), cell(r.Venue), cell(r.Key), cell(r.Field), cell(r.Value)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell is a CSV cell that a spreadsheet shows as text, never runs as a
// formula (OWASP's CSV injection; TestWriteNeutralisesFormulas gives what
// LibreOffice Calc parses, case by case):
//   - a cell whose first character is a tab or a CR, or whose first
//     character after blanks and double quotes (which a spreadsheet may
//     strip) is =, +, - or @, gets a leading apostrophe, unless it is a
//     number as a report writes one (JSON's number form, "-20", "-1.5e-7",
//     after the blanks), which stays as it is so that a negative figure is
//     still a number;
//   - every ;, tab, CR or LF inside the cell followed (after blanks and
//     quotes) by =, +, - or @ is followed by an apostrophe: encoding/csv
//     does not quote a ; or a tab, and a spreadsheet importing with
//     semicolons (a comma-decimal locale's list separator) or tabs splits
//     the row there, starting a new cell; a quoted line break ends the line
//     under such a separator too (the quote opens a field only at its
//     start). A , is safe: encoding/csv quotes the cell.
func cell(s string) string {
	if s == "" {
		return s
	}
	out := s
	if strings.ContainsAny(s, resplit) {
		out = neutraliseResplits(s)
	}
	if strings.ContainsRune("\t\r", rune(s[0])) {
		return "'" + out
	}
	if !formulaAhead(s) || jsonNumber.MatchString(strings.TrimLeftFunc(s, blank)) {
		return out
	}
	return "'" + out
}

// formulaAhead reports whether s, after blanks and quotes, starts with a
// formula start: the one test for a cell's start and for what follows a
// resplit character.
func formulaAhead(s string) bool {
	rest := strings.TrimLeftFunc(s, blankOrQuote)
	return rest != "" && strings.ContainsRune(formulaStarts, rune(rest[0]))
}

// formulaStarts are the characters that make a spreadsheet run a cell as a
// formula (OWASP); a tab and a CR count too, at the start of a cell.
const formulaStarts = "=+-@"

// resplit are the characters at which a spreadsheet importing with
// another separator than the comma, or reading a quoted line break as the
// end of a line, starts a new cell.
const resplit = ";\t\r\n"

// neutraliseResplits puts an apostrophe after every resplit character of s
// that is followed, after blanks and quotes, by a formula start.
func neutraliseResplits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if !strings.ContainsRune(resplit, rune(s[i])) {
			continue
		}
		if formulaAhead(s[i+1:]) {
			b.WriteByte('\'')
		}
	}
	return b.String()
}

// blank reports a blank a spreadsheet may trim: white space other than the
// tab, CR and LF, which are separators.
func blank(r rune) bool { return unicode.IsSpace(r) && !strings.ContainsRune(resplit, r) }

// blankOrQuote is blank, or a double quote, which a spreadsheet may strip.
func blankOrQuote(r rune) bool { return r == '"' || blank(r) }

// jsonNumber is the number grammar of RFC 8259.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// Flatten turns a report into rows through its JSON form (FlattenJSON).
// It returns ErrNotJSON when v does not encode (a NaN or Inf figure).
func Flatten(top string, v any) ([]Row, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%w: encoding: %v", ErrNotJSON, err)
	}
	return FlattenJSON(top, data)
}

// FlattenJSON turns a JSON report into rows. A top-level object gives one
// section per field, in key order; any other value (an array, a scalar) is
// the section top. Array elements are keyed by their "id", "name",
// "underlying" or "model" when they have one, else by index; a "venue" or
// (in the venues section) "id" field fills the venue column of every row
// beneath it. An empty object or array gives no row. It returns ErrNotJSON
// when data is not one JSON value.
func FlattenJSON(top string, data []byte) ([]Row, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: decoding: %v", ErrNotJSON, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one value", ErrNotJSON)
	}
	var rows []Row
	obj, isObj := doc.(map[string]any)
	if !isObj {
		flattenInto(&rows, top, "", nil, doc)
		return rows, nil
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		flattenInto(&rows, k, "", nil, obj[k])
	}
	return rows, nil
}

// flattenInto appends the leaves of v under section at path.
func flattenInto(rows *[]Row, section, venue string, path []string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["venue"].(string); ok {
			venue = s
		} else if s, ok := x["id"].(string); ok && section == "venues" && len(path) <= 1 {
			venue = s
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			flattenInto(rows, section, venue, append(path[:len(path):len(path)], k), x[k])
		}
	case []any:
		for i, el := range x {
			flattenInto(rows, section, venue, append(path[:len(path):len(path)], elementKey(el, i)), el)
		}
	default:
		key, field := "", ""
		if len(path) > 0 {
			key, field = strings.Join(path[:len(path)-1], "."), path[len(path)-1]
		}
		*rows = append(*rows, Row{Section: section, Venue: venue, Key: key, Field: field, Value: scalar(x)})
	}
}

// elementKey names an array element: its id, name, underlying or model, else its index.
func elementKey(el any, i int) string {
	if o, ok := el.(map[string]any); ok {
		for _, k := range []string{"id", "name", "underlying", "model"} {
			if s, ok := o[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return strconv.Itoa(i)
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return unsignedZero(x.String())
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// unsignedZero writes a negative zero ("-0", "-0.0e5": encoding/json's
// form of a figure that rounded to zero from below) as 0; any other number
// is returned as it is.
func unsignedZero(n string) string {
	digits, _, _ := strings.Cut(strings.ToLower(n), "e")
	if !strings.HasPrefix(digits, "-") || strings.Trim(digits[1:], "0.") != "" {
		return n
	}
	return "0"
}

// Num renders a figure as the JSON report does (encoding/json's float form).
func Num(x float64) string {
	b, err := json.Marshal(x)
	if err != nil { // NaN or Inf: the report itself refuses these
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return unsignedZero(string(b))
}
