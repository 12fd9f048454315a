// Package money holds the exact representations of money and quantities:
// Decimal (an exact signed decimal parsed from text, never through float64),
// Amount (unsigned integer base units of one asset, 256-bit) and the asset
// registry of decimals.
//
// Invariants: an Amount never wraps (overflow is ErrAmountOverflow); a Decimal
// has at most MaxScale fractional digits. Float figures become money at exactly
// one place, FromFloatCeil (requirements) and FromFloatFloor (collateral), so
// every rounding error is conservative.
package money
