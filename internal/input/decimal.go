// Exact decimal fields: amounts, prices and quantities travel as decimal strings.
package input

import "github.com/unimargin/unimargin/internal/money"

// Decimal parses a decimal string field exactly (never through float64).
func (n Node) Decimal() (money.Decimal, error) {
	text, err := n.DecimalText()
	if err != nil {
		return money.Decimal{}, err
	}
	d, err := money.ParseDecimal(text)
	if err != nil {
		return money.Decimal{}, Invalid(n.Path, text, "%s", err.Error())
	}
	return d, nil
}
