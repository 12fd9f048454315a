// margin: the fragmented-versus-unified report of one account.
package main

import (
	"github.com/unimargin/unimargin/internal/margin"
)

type marginCmd struct {
	bookFlags
	JSON bool `help:"Print the report as JSON (the DESIGN.md contract; byte-identical for the same inputs)."`
}

func (c *marginCmd) Run(e *env) error {
	b, err := c.load(true)
	if err != nil {
		return err
	}
	rep, err := margin.Compute(b.portfolio, b.market, b.params)
	if err != nil {
		return b.inFileOf(err)
	}
	if c.JSON {
		return writeJSON(e.out, rep)
	}
	writeMarginReport(e.out, rep, b)
	return nil
}
