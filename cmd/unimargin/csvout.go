// CSV export of reports (`--format csv`, DESIGN.md: reporting commands take
// `--format csv` for CSV on stdout; `--json` stays). One CSV per report in
// long ("tidy") form, so a report of any shape is one valid CSV with a fixed
// header that a spreadsheet or a dataframe filters and pivots:
//
//	section,venue,key,field,value
//
// section is the report's top-level field (venues, unified, greeks, …) or a
// derived table (position, collateral, by_underlying, by_venue); venue the
// venue a row belongs to ("" for account-wide rows); key what the row is
// about within the section (an underlying, a scenario name, a position
// index, a nested path); field the figure's name; value as the JSON report
// prints it (numbers in Go's shortest form, null as "", true/false).
// The rows come from the report's own JSON, so CSV and --json never differ
// in a figure.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// formatFlag is the --format choice of a reporting command.
type formatFlag struct {
	Format string `enum:"table,json,csv" default:"table" help:"Output format: table (for people), json (as --json), or csv (section,venue,key,field,value rows)."`
}

// csvHeader is the header row of every CSV report.
var csvHeader = []string{"section", "venue", "key", "field", "value"}

// csvRow is one row of a CSV report.
type csvRow struct{ section, venue, key, field, value string }

// render writes v as the chosen format: JSON (asJSON or --format json), CSV
// (the flattened report under top, then extra rows), else human().
func (f formatFlag) render(e *env, asJSON bool, top string, v any, extra func() ([]csvRow, error), human func() error) error {
	switch {
	case asJSON || f.Format == "json":
		return writeJSON(e.out, v)
	case f.Format == "csv":
		rows, err := flattenCSV(top, v)
		if err != nil {
			return err
		}
		if extra != nil {
			more, err := extra()
			if err != nil {
				return err
			}
			rows = append(rows, more...)
		}
		return writeCSV(e.out, rows)
	}
	return human()
}

// writeCSV writes the header and rows.
func writeCSV(w io.Writer, rows []csvRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{r.section, r.venue, r.key, r.field, r.value}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// flattenCSV turns a report into rows through its JSON form. A top-level
// object gives one section per field; any other value is the section top.
// Array elements are keyed by their "id", "name", "underlying" or "model" when they
// have one, else by index; a "venue" or (in the venues section) "id" field
// fills the venue column of every row beneath it.
func flattenCSV(top string, v any) ([]csvRow, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%w: encoding report: %v", errInternal, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: decoding report: %v", errInternal, err)
	}
	var rows []csvRow
	obj, isObj := doc.(map[string]any)
	if !isObj {
		flattenInto(&rows, top, "", nil, doc)
		return rows, nil
	}
	for _, k := range sortedKeys(obj) {
		flattenInto(&rows, k, "", nil, obj[k])
	}
	return rows, nil
}

// flattenInto appends the leaves of v under section at path.
func flattenInto(rows *[]csvRow, section, venue string, path []string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["venue"].(string); ok {
			venue = s
		} else if s, ok := x["id"].(string); ok && section == "venues" && len(path) <= 1 {
			venue = s
		}
		for _, k := range sortedKeys(x) {
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
		*rows = append(*rows, csvRow{section: section, venue: venue, key: key, field: field, value: scalarCSV(x)})
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

func scalarCSV(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}
