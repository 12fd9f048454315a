// PriceCSV prices a batch of options read as CSV and writes each input row back
// with its price and Greeks appended; it is the engine of `unimargin price --csv`.

package pricing

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// MaxCSVRows bounds the data rows PriceCSV accepts, so that a runaway input
// fails with ErrCSVTooManyRows rather than running unbounded.
const MaxCSVRows = 1_000_000

// ErrCSVTooManyRows is returned when the input has more than MaxCSVRows rows.
var ErrCSVTooManyRows = errors.New("too many rows")

// CSVError is one invalid header, row or field of PriceCSV's input. It prints
// as `line 3: strike: "-5" must be > 0`, or without column and value when the
// whole line is at fault.
type CSVError struct {
	Line   int    // 1-based line in the input where the record starts
	Column string // header name of the offending field; "" for the whole line
	Value  string // the offending field, quoted when printed
	Reason string
}

func (e *CSVError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %q %s", e.Line, e.Column, e.Value, e.Reason)
}

// csvOutputColumns are appended to the header, in the order of Greeks' fields.
var csvOutputColumns = []string{"price", "delta", "gamma", "vega", "theta", "rho"}

// PriceCSV reads a header row naming the columns model, right, strike, vol,
// expiry_years, rate and exactly one of forward or spot, in any order, then one
// option per row: model black76 needs the forward column and bs the spot
// column. It writes the header and every row unchanged, each followed by
// price, delta, gamma, vega, theta and rho (see Greeks), formatted with
// strconv 'g' and the shortest exact precision.
//
// Numbers are plain decimals; NaN and Inf spellings, non-positive forward,
// spot, strike or expiry and negative vol are rejected (rate may be negative).
// The first problem stops the batch with a *CSVError naming its line, column
// and value, or ErrCSVTooManyRows past MaxCSVRows rows; the rows before it
// have been written. Read and write errors are returned as they are.
func PriceCSV(r io.Reader, w io.Writer) error {
	in := csv.NewReader(r)
	in.FieldsPerRecord = -1 // checked per row, to report it in our own words
	in.ReuseRecord = true
	out := csv.NewWriter(w)
	header, err := in.Read()
	if err != nil {
		return csvReadError(err, 1, "empty input: want a header row")
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF") // spreadsheets prepend a byte-order mark
	cols, err := parseCSVHeader(header)
	if err != nil {
		return err
	}
	if err := out.Write(append(header, csvOutputColumns...)); err != nil {
		return err
	}
	err = priceCSVRows(in, out, cols)
	out.Flush() // also on error, so that every row before the bad one is out
	if err != nil {
		return err
	}
	return out.Error()
}

// priceCSVRows prices every row after the header.
func priceCSVRows(in *csv.Reader, out *csv.Writer, cols csvColumns) error {
	outRow := make([]string, 0, cols.width+len(csvOutputColumns))
	for rows := 0; ; rows++ {
		record, err := in.Read()
		switch {
		case err == io.EOF:
			return nil
		case err != nil: // FieldPos would panic: there is no record
			return csvReadError(err, 0, "")
		}
		line, _ := in.FieldPos(0)
		if rows == MaxCSVRows {
			return fmt.Errorf("line %d: %w (limit %d)", line, ErrCSVTooManyRows, MaxCSVRows)
		}
		g, err := cols.priceRow(line, record)
		if err != nil {
			return err
		}
		outRow = append(outRow[:0], record...)
		for _, x := range []float64{g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho} {
			// x + 0 turns −0 (rho = −T·0 of a worthless option) into 0, so
			// files never show "-0".
			outRow = append(outRow, strconv.FormatFloat(x+0, 'g', -1, 64))
		}
		if err := out.Write(outRow); err != nil {
			return err
		}
	}
}

// csvReadError puts a CSV syntax error into the line-first shape of CSVError.
func csvReadError(err error, line int, eofReason string) error {
	var parseErr *csv.ParseError
	switch {
	case err == io.EOF:
		return &CSVError{Line: line, Reason: eofReason}
	case errors.As(err, &parseErr):
		return &CSVError{Line: parseErr.StartLine, Reason: parseErr.Err.Error()}
	}
	return err
}

// csvColumns holds the index of each input column in the header.
type csvColumns struct {
	model, right, underlying, strike, vol, expiry, rate int
	underlyingName                                      string // "forward" or "spot"
	width                                               int
}

// parseCSVHeader maps the header names to indices, rejecting unknown,
// repeated and missing columns.
func parseCSVHeader(header []string) (csvColumns, error) {
	c := csvColumns{width: len(header)}
	indices := map[string]*int{
		"model": &c.model, "right": &c.right, "forward": &c.underlying, "spot": &c.underlying,
		"strike": &c.strike, "vol": &c.vol, "expiry_years": &c.expiry, "rate": &c.rate,
	}
	seen := make(map[string]bool, len(header))
	for i, name := range header {
		index, known := indices[name]
		switch {
		case !known:
			return c, &CSVError{Line: 1, Reason: fmt.Sprintf("unknown column %q "+
				"(want model, right, forward or spot, strike, vol, expiry_years, rate)", name)}
		case seen[name]:
			return c, &CSVError{Line: 1, Reason: fmt.Sprintf("column %q appears twice", name)}
		}
		seen[name] = true
		*index = i
	}
	if seen["forward"] && seen["spot"] {
		return c, &CSVError{Line: 1, Reason: "has both forward and spot columns; want exactly one"}
	}
	c.underlyingName = "forward"
	if seen["spot"] {
		c.underlyingName = "spot"
	}
	for _, name := range []string{"model", "right", c.underlyingName, "strike", "vol", "expiry_years", "rate"} {
		if !seen[name] {
			return c, &CSVError{Line: 1, Reason: fmt.Sprintf("missing column %q", name)}
		}
	}
	return c, nil
}

// priceRow validates one record and prices it.
func (c *csvColumns) priceRow(line int, record []string) (Greeks, error) {
	if len(record) != c.width {
		return Greeks{}, &CSVError{Line: line,
			Reason: fmt.Sprintf("has %d fields, header has %d", len(record), c.width)}
	}
	model, err := c.parseModel(line, record[c.model])
	if err != nil {
		return Greeks{}, err
	}
	right, err := ParseRight(record[c.right])
	if err != nil {
		return Greeks{}, &CSVError{Line: line, Column: "right", Value: record[c.right],
			Reason: "must be call or put"}
	}
	var x [5]float64
	fields := [5]struct {
		index int
		name  string
		rule  numberRule
	}{
		{c.underlying, c.underlyingName, positive}, {c.strike, "strike", positive},
		{c.vol, "vol", nonNegative}, {c.expiry, "expiry_years", positive}, {c.rate, "rate", anyFinite},
	}
	for i, f := range fields {
		if x[i], err = parseCSVNumber(line, f.name, record[f.index], f.rule); err != nil {
			return Greeks{}, err
		}
	}
	g := Price(model, right, x[0], x[1], x[2], x[3], x[4])
	if !g.finite() {
		return Greeks{}, &CSVError{Line: line,
			Reason: "price or Greeks overflow: the inputs are out of range"}
	}
	return g, nil
}

// parseModel reads the model and checks it matches the underlying column.
func (c *csvColumns) parseModel(line int, value string) (Model, error) {
	model, err := ParseModel(value)
	if err != nil {
		return 0, &CSVError{Line: line, Column: "model", Value: value,
			Reason: "must be black76 or bs"}
	}
	want := "forward"
	if model == BlackScholes {
		want = "spot"
	}
	if want != c.underlyingName {
		return 0, &CSVError{Line: line, Column: "model", Value: value,
			Reason: fmt.Sprintf("prices on the %s, but the file has a %s column", want, c.underlyingName)}
	}
	return model, nil
}

// numberRule is the range a CSV number must lie in.
type numberRule int8

const (
	anyFinite numberRule = iota
	positive
	nonNegative
)

// parseCSVNumber parses a plain decimal (digits, sign, point, exponent), so
// that NaN, Inf, hexadecimal and underscored spellings that ParseFloat would
// take are refused before they reach the pricer.
func parseCSVNumber(line int, column, value string, rule numberRule) (float64, error) {
	fail := func(reason string) (float64, error) {
		return 0, &CSVError{Line: line, Column: column, Value: value, Reason: reason}
	}
	if value == "" || strings.Trim(value, "0123456789+-.eE") != "" {
		return fail("must be a finite decimal number")
	}
	x, err := strconv.ParseFloat(value, 64)
	switch {
	case err != nil && math.IsInf(x, 0):
		return fail("is out of range")
	case err != nil:
		return fail("must be a finite decimal number")
	case rule == positive && !(x > 0):
		return fail("must be > 0")
	case rule == nonNegative && x < 0:
		return fail("must be >= 0")
	}
	return x, nil
}

func (g Greeks) finite() bool {
	for _, x := range [...]float64{g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
