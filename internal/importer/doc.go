// Package importer turns a venue's own API output (Deribit, Aave, dYdX,
// Hyperliquid, …) into unimargin's input documents: a portfolio.json venue
// or a market.json, exactly in the DESIGN.md contract.
//
// Each source lives in its own sub-package and registers an Importer from
// init; package importer/catalog links them all. An importer validates its
// own input with the usual path-naming *input.Error, and its output is
// parsed back through portfolio.Parse or market.Load before it is returned,
// so an importer can never emit a document the engine would refuse.
package importer
