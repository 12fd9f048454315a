// market: store the market snapshot every margin check of the collateral
// layer uses.
package main

import (
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/vault"
)

type marketCmd struct {
	Set marketSetCmd `cmd:"" help:"Store the market snapshot (market.json) that margin checks use."`
}

type marketSetCmd struct {
	storeFlags
	Market string `required:"" help:"Market snapshot file (market.json contract)." placeholder:"FILE"`
}

// marketStored is the --json result.
type marketStored struct {
	Stored bool `json:"stored"`
}

func (c *marketSetCmd) Run(e *env) error {
	doc, err := readDocument(c.Market)
	if err != nil {
		return err
	}
	err = c.update("market set", func(tx vault.Tx) error {
		return input.InFile(vault.SetMarket(tx, doc.data), doc.name)
	})
	if err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", marketStored{Stored: true}, [][2]string{{"market", "stored"}})
}
