// Package invariants says whether expensive consistency checks are on
// (Pebble's internal/invariants). Build with `-tags invariants` (CI runs the
// domain packages' tests that way) to check, after every operation, what a
// production build checks only on demand: the whole ledger and every vault
// after each collateral-layer operation, a stored account read back after
// each ledger write. Cheap checks stay on in every build (internal/assert).
package invariants
