// Package export turns reports into CSV: one CSV per report in long
// ("tidy") form, so a report of any shape is one valid CSV with a fixed
// header that a spreadsheet or a dataframe filters and pivots:
//
//	section,venue,key,field,value
//
// section is the report's top-level field (venues, unified, greeks, …) or a
// derived table (position, collateral, by_underlying, by_venue); venue the
// venue a row belongs to ("" for account-wide rows); key what the row is
// about within the section (an underlying, a scenario name, a position
// index, a nested path joined by "."); field the figure's name; value as the
// JSON report prints it (numbers in encoding/json's shortest form, null as
// "", true/false).
//
// The rows come from the report's own JSON (Flatten marshals it, or
// FlattenJSON takes the bytes already written), so a CSV and the JSON of the
// same report never differ in a figure. This is the one implementation: the
// CLI's `--format csv` and the API's text/csv answers both call it.
//
// A cell that begins with a tab or a carriage return, or with =, +, - or @
// after blanks and double quotes, and is not a number is written with a
// leading apostrophe, and so is every ;, tab, CR or LF inside a cell that a
// formula start follows (a spreadsheet importing with semicolons or tabs
// splits the row there), so a spreadsheet shows an account, venue, scenario
// or asset name as text instead of running it as a formula (CSV injection);
// numbers, negative ones included, are unchanged.
//
// Invariants: every row has five cells; no two rows share (section, venue,
// key, field) for a report whose arrays key their elements distinctly; the
// derived tables (MarginRows) only add sections the JSON has not.
package export
