// import: a venue's own API output into a portfolio.json or market.json
// document (internal/importer), printed to stdout.
package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"

	_ "github.com/unimargin/unimargin/internal/importer/catalog" // links every importer
)

type importCmd struct {
	Source  string `arg:"" optional:"" help:"Source format (see --list), e.g. deribit-positions, aave-reserves."`
	File    string `arg:"" optional:"" type:"path" help:"The API response (JSON) to convert."`
	List    bool   `help:"List the import sources and exit."`
	Account string `help:"Account id of the portfolio document (default: imported)."`
	VenueID string `name:"venue-id" help:"Venue id in the portfolio document (default: the source's)."`
	Chain   string `help:"Chain of the venue (default: the source's)."`
	Model   string `help:"Venue model, for sources that map to several (e.g. deribit-standard or deribit-pm)."`
	AsOf    string `name:"as-of" help:"RFC 3339 time of a market document, when the data carries none."`
}

func (c *importCmd) Run(e *env) error {
	if c.List {
		t := newTable([]string{"source", "produces", "format"}, left, left, left)
		for _, im := range importer.Sources() {
			t.add(im.Source(), string(im.Produces()), im.Describe())
		}
		t.write(e.out, "")
		return nil
	}
	if c.Source == "" || c.File == "" {
		return usagef("import needs SOURCE and FILE (see --help; sources: %s)", sourceNames())
	}
	if _, ok := importer.Lookup(c.Source); !ok {
		return usagef("import: unknown source %q (known: %s)", c.Source, sourceNames())
	}
	doc, err := readDocument(c.File)
	if err != nil {
		return err
	}
	opts := importer.Options{Account: c.Account, VenueID: c.VenueID, Chain: c.Chain, Model: c.Model, AsOf: c.AsOf}
	out, err := importer.Run(c.Source, doc.data, opts)
	if err != nil {
		var ie *input.Error
		if errors.As(err, &ie) {
			return input.InFile(err, doc.name)
		}
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	e.out.Write(out)
	return nil
}

func sourceNames() string {
	var names []string
	for _, im := range importer.Sources() {
		names = append(names, im.Source())
	}
	return strings.Join(names, ", ")
}
