// margin: the fragmented-versus-unified report of one account.
package main

import (
	"github.com/unimargin/unimargin/internal/export"
	"github.com/unimargin/unimargin/internal/margin"
)

type marginCmd struct {
	bookFlags
	formatFlag
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
	extra := func() ([]export.Row, error) { return export.MarginRows(b.portfolio, b.market, rep), nil }
	return c.render(e, c.JSON, "margin", rep, extra, func() error { return c.human(e, b, rep) })
}

func (c *marginCmd) human(e *env, b *book, rep *margin.Report) error {
	// The human report also shows the best hedges (hedge --top N for more).
	s, err := margin.Prepare(b.portfolio, b.market, b.params)
	if err != nil {
		return b.inFileOf(err)
	}
	hedges, err := s.Hedges(marginReportHedges)
	if err != nil {
		return b.inFileOf(err)
	}
	writeMarginReport(e.out, rep, b, hedges)
	return nil
}

// marginReportHedges is how many hedge suggestions the human report shows.
const marginReportHedges = 3
