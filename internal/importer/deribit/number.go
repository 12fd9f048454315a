// Exact conversion of JSON number text to the contract's decimal strings.
package deribit

import (
	"math/big"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

// decimalOf returns the node's number (a JSON number, possibly with an
// exponent such as -1e-8) as an exact decimal, or an error when it is not a
// finite number or needs more than money.MaxScale decimal places.
func decimalOf(n input.Node) (money.Decimal, error) {
	text, err := n.NumberText()
	if err != nil {
		return money.Decimal{}, err
	}
	r, ok := ratOf(text)
	if !ok {
		return money.Decimal{}, input.Invalid(n.Path, text, "is not a finite decimal number")
	}
	s, exact := plain(r, money.MaxScale)
	if !exact {
		return money.Decimal{}, input.Invalid(n.Path, text, "has more than %d decimal places", money.MaxScale)
	}
	d, err := money.ParseDecimal(s)
	if err != nil {
		return money.Decimal{}, input.Invalid(n.Path, text, "%s", err.Error())
	}
	return d, nil
}

// ratOf parses a JSON number literal exactly (big.Rat accepts exponents).
func ratOf(text string) (*big.Rat, bool) {
	if text == "" || strings.ContainsAny(text, "xXpP_ iInN") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return nil, false
	}
	// Refuse absurd exponents before they become huge integers.
	if r.Num().BitLen() > 400 || r.Denom().BitLen() > 400 {
		return nil, false
	}
	return r, true
}

// plain renders r with at most scale decimal places, truncated toward zero;
// exact reports whether nothing was cut.
func plain(r *big.Rat, scale int) (string, bool) {
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	num := new(big.Int).Mul(r.Num(), pow)
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	neg := q.Sign() < 0
	digits := new(big.Int).Abs(q).String()
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	s := digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if neg && s != "0" {
		s = "-" + s
	}
	return s, m.Sign() == 0
}
