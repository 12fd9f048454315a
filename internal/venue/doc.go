// Package venue holds the isolated margin models, one file (or sub-package)
// per venue kind, behind one Model interface and one registry.
//
// A model reproduces its venue's published rule exactly and translates it into
// equity terms (DESIGN.md): Equity is what the venue sub-account is worth at
// the venue's own prices; Initial and Maintenance are equity requirements, so
// Liquidatable ⇔ Equity − Unbacked < Maintenance agrees with the venue
// (Unbacked: a lending venue's supply that backs nothing; 0 elsewhere). A
// lending venue's requirement is what its debt needs (lending.go). Figures are USD
// float64; Native keeps the venue's own coin figures where it margins in a
// coin. Models are stateless and safe for concurrent use.
package venue
