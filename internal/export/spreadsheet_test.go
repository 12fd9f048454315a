package export

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Goal: what TestWriteNeutralisesFormulas assumes of a spreadsheet holds in
// a real one: LibreOffice Calc (soffice, skipped when it is not installed:
// Debian's libreoffice-calc-nogui) opens a CSV of every injection case with
// formulas evaluated, importing with commas (the file's separator), with
// semicolons (a comma-decimal locale's list separator) and with tabs, and
// runs no formula from a cell; with commas every number case is a number.
// Method: write the cases as rows (the case in the key and value columns),
// convert the CSV to a flat OpenDocument spreadsheet and read the cells'
// table:formula and office:value-type attributes.
func TestSpreadsheetRunsNoFormula(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice Calc) is not installed")
	}
	if testing.Short() {
		t.Skip("LibreOffice takes seconds per import")
	}
	dir := t.TempDir()
	var rows []Row
	for i, c := range injectionCases {
		rows = append(rows, Row{Section: "case" + strconv.Itoa(i), Key: c.in, Field: "f", Value: c.in})
	}
	var buf bytes.Buffer
	if err := Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, sep := range []struct {
		name string
		code int // LibreOffice's CSV filter: the separator's character code
	}{{"comma", ','}, {"semicolon", ';'}, {"tab", '\t'}} {
		cells := calcImport(t, soffice, dir, file, sep.code)
		for _, c := range cells {
			if c.formula != "" {
				t.Errorf("%s import: row %d column %d runs %q", sep.name, c.row, c.col, c.formula)
			}
		}
		if sep.code != ',' {
			continue
		}
		// With commas, row i+1 is case i: the value column (4) of a number
		// case is a number, and no other is.
		types := map[[2]int]string{}
		for _, c := range cells {
			types[[2]int{c.row, c.col}] = c.valueType
		}
		for i, c := range injectionCases {
			number := jsonNumber.MatchString(c.in) || c.in == "  -5"
			if got := types[[2]int{i + 1, 4}]; (got == "float") != number {
				t.Errorf("comma import: %q (%s) is a %q cell", c.in, c.why, got)
			}
		}
	}
}

// calcCell is one cell of a spreadsheet LibreOffice imported.
type calcCell struct {
	row, col           int
	formula, valueType string
}

// calcImport converts the CSV file with LibreOffice's CSV filter (separator
// sep, " as the text delimiter, UTF-8, formulas evaluated) to a flat
// OpenDocument spreadsheet and returns its non-empty cells.
func calcImport(t *testing.T, soffice, dir, file string, sep int) []calcCell {
	t.Helper()
	out := filepath.Join(dir, strconv.Itoa(sep))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--infilter=CSV:"+strconv.Itoa(sep)+",34,76,1,,,false,false,false,false,false,-1,true",
		"--convert-to", "fods", "--outdir", out, file)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, msg)
	}
	f, err := os.Open(filepath.Join(out, "report.fods"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return fodsCells(t, f)
}

// fodsCells reads the cells of a flat OpenDocument spreadsheet's tables.
func fodsCells(t *testing.T, r io.Reader) []calcCell {
	t.Helper()
	const (
		tableNS  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	)
	var cells []calcCell
	row, col := -1, 0
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return cells
		}
		if err != nil {
			t.Fatal(err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Space != tableNS {
			continue
		}
		switch el.Name.Local {
		case "table-row":
			row, col = row+1, 0
		case "table-cell":
			c := calcCell{row: row, col: col}
			repeat := 1
			for _, a := range el.Attr {
				switch {
				case a.Name.Space == tableNS && a.Name.Local == "formula":
					c.formula = a.Value
				case a.Name.Space == officeNS && a.Name.Local == "value-type":
					c.valueType = a.Value
				case a.Name.Space == tableNS && a.Name.Local == "number-columns-repeated":
					repeat, _ = strconv.Atoi(a.Value)
				}
			}
			if c.formula != "" || c.valueType != "" {
				cells = append(cells, c)
			}
			col += repeat
		}
	}
}
