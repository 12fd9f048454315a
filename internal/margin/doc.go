// Package margin is the meta-risk engine: it runs every venue's isolated model
// (summed: fragmented), computes one unified portfolio margin over the whole
// account's net risk, and reports the difference (savings, capital efficiency,
// deadweight loss), with net Greeks and per-position attribution.
//
// Compute is the one path every caller uses (CLI, API, bulk re-margin,
// liquidation, cascades). Figures are USD float64; the report's JSON shape is
// the public contract of DESIGN.md.
package margin
