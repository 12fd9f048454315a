// Exact integers from JSON numbers or decimal strings (the subgraph sends
// BigInt as strings, governance reports send numbers).
package aave

import (
	"math/big"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

// unsignedInt reads a non-negative integer (number or string) exactly.
func unsignedInt(n input.Node) (*big.Int, error) { return importer.Integer(n, false) }

// scaled renders v / 10^decimals as an exact decimal string (in range).
func scaled(n input.Node, v *big.Int, decimals uint8) (string, error) {
	return importer.Units(n, v, decimals)
}

// smallInt reads an integer in [lo, hi].
func smallInt(n input.Node, lo, hi int64) (int64, error) {
	v, err := n.Int()
	if err != nil {
		return 0, err
	}
	if v < lo || v > hi {
		return 0, input.Invalid(n.Path, n.Text(), "must be between %d and %d", lo, hi)
	}
	return v, nil
}
