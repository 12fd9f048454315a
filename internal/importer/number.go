// Exact integers and addresses of on-chain documents: uint256 and int256 values as a
// contract call's JSON (ethers, viem, a subgraph) renders them, a string of
// decimal digits or a JSON integer.
package importer

import (
	"math/big"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// maxIntDigits bounds an integer's text: 2^256 has 78 digits.
const maxIntDigits = 78

// Integer reads n as an exact integer, a JSON number or a string of decimal
// digits; signed allows a leading minus (int256). Anything else (a fraction,
// an exponent, hex, more than 78 digits) is an *input.Error at n.Path.
func Integer(n input.Node, signed bool) (*big.Int, error) {
	text, err := n.NumberText()
	if err != nil {
		return nil, err
	}
	digits := text
	if signed {
		digits = strings.TrimPrefix(text, "-")
	}
	if digits == "" || len(digits) > maxIntDigits || strings.TrimLeft(digits, "0123456789") != "" {
		if signed {
			return nil, input.Invalid(n.Path, text, "must be an integer")
		}
		return nil, input.Invalid(n.Path, text, "must be a non-negative integer")
	}
	v, _ := new(big.Int).SetString(text, 10)
	return v, nil
}

// Address reads the field name of obj as an Ethereum address, 0x and 40 hex
// digits (any case), and returns it lower-cased with the field's node.
func Address(obj *input.Object, name string) (string, input.Node, error) {
	n, err := obj.Required(name)
	if err != nil {
		return "", n, err
	}
	s, err := n.String()
	if err != nil {
		return "", n, err
	}
	lower := strings.ToLower(s)
	if len(s) != 42 || !strings.HasPrefix(lower, "0x") || strings.Trim(lower[2:], "0123456789abcdef") != "" {
		return "", n, input.Invalid(n.Path, s, "is not an address (0x and 40 hex digits)")
	}
	return lower, n, nil
}

// Units renders v base units of a token with the given decimals as whole
// units, exactly, refusing (at n.Path) an amount beyond the portfolio's
// limit of 1e30 units.
func Units(n input.Node, v *big.Int, decimals uint8) (string, error) {
	a, err := money.AmountFromBig(v)
	if err != nil {
		return "", input.Invalid(n.Path, n.Text(), "%s", err.Error())
	}
	d := a.Decimal(decimals)
	if !portfolio.AmountInRange(d) {
		return "", input.Invalid(n.Path, n.Text(), "overflows: an amount must be ≤ 1e30 units")
	}
	return d.String(), nil
}
