// Package input reads untrusted JSON documents field by field and reports every
// problem as one *Error naming the JSON path, quoting the offending value and
// saying why it is wrong.
//
// It exists because encoding/json neither names the path of a bad field nor
// rejects an unknown one with its location; the file contract (DESIGN.md) needs
// both. Numbers are kept as their literal text (json.Number) so that amounts can
// be parsed exactly, never through float64.
package input
