// Package portfolio is the account book: venues, the collateral posted at each,
// and the positions held there, read from portfolio.json (DESIGN.md contract).
//
// Parse checks the document's structure (types, signs, limits, unknown
// fields); Check then validates the book against a market snapshot (assets
// known, options not expired, vols present). Quantities are in units of the
// underlying, signed (negative = short); amounts are unsigned whole units.
// Exact decimals are kept beside their float64 values: models that run a
// venue's integer arithmetic (Aave) use the exact ones.
package portfolio
