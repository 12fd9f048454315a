// Package backtest holds the reference books of docs/BACKTEST.md as data
// the binary embeds, so `unimargin backtest` runs from any directory; the
// JSON is the source, this file only embeds it.
package backtest

import _ "embed"

// BooksJSON is books.json: the reference books, their anchor and rationale.
//
//go:embed books.json
var BooksJSON []byte
