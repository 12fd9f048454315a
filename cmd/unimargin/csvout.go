// CSV export of reports (`--format csv`, DESIGN.md: reporting commands take
// `--format csv` for CSV on stdout; `--json` stays). The rows are
// internal/export's (section,venue,key,field,value, flattened from the
// report's own JSON, so CSV and --json never differ in a figure); the API's
// text/csv answers come from the same package.
package main

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/export"
)

// formatFlag is the --format choice of a reporting command.
type formatFlag struct {
	Format string `enum:"table,json,csv" default:"table" help:"Output format: table (for people), json (as --json), or csv (section,venue,key,field,value rows)."`
}

// render writes v as the chosen format: JSON (asJSON or --format json), CSV
// (the flattened report under top, then extra rows), else human(). --json
// with --format csv is refused (a usage error naming both).
func (f formatFlag) render(e *env, asJSON bool, top string, v any, extra func() ([]export.Row, error), human func() error) error {
	if asJSON && f.Format == "csv" {
		return usagef("--json and --format csv: choose one output format")
	}
	switch {
	case asJSON || f.Format == "json":
		return writeJSON(e.out, v)
	case f.Format == "csv":
		rows, err := export.Flatten(top, v)
		if err != nil {
			return fmt.Errorf("%w: %v", errInternal, err)
		}
		if extra != nil {
			more, err := extra()
			if err != nil {
				return err
			}
			rows = append(rows, more...)
		}
		return export.Write(e.out, rows)
	}
	if human == nil {
		return writeJSON(e.out, v)
	}
	return human()
}

// machine writes v as JSON (asJSON or --format json) or CSV (--format csv)
// and says whether it did; false leaves the human output to the caller.
func (f formatFlag) machine(e *env, asJSON bool, top string, v any) (bool, error) {
	if !asJSON && f.Format != "json" && f.Format != "csv" {
		return false, nil
	}
	return true, f.render(e, asJSON, top, v, nil, nil)
}

// rows writes v as JSON or CSV when one is chosen, else rows as a
// field/value table (vault.go's render).
func (f formatFlag) rows(e *env, asJSON bool, top string, v any, rows [][2]string) error {
	return f.render(e, asJSON, top, v, nil, func() error { return render(e, false, nil, rows) })
}
