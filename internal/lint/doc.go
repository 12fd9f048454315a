// Package lint holds the project rules as a test (Pebble's internal/lint):
// the layer order of DESIGN.md, no HTTP, database or message-bus client in a
// domain package, no wall clock or global randomness in internal/, and no
// shopspring/decimal anywhere. It has no code of its own; run `go test
// ./internal/lint` (CI runs it with every other test).
package lint
