// account: store an account's portfolio (its positions at the venues), which
// the collateral layer margins together with its vault collateral.
package main

import (
	"strconv"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/vault"
)

type accountCmd struct {
	SetPortfolio accountSetPortfolioCmd `cmd:"" name:"set-portfolio" help:"Store the account's portfolio (portfolio.json; venue collateral lists may be empty); creates the account when absent."`
}

type accountSetPortfolioCmd struct {
	storeFlags
	Account   string `required:"" help:"Account id." placeholder:"A"`
	Portfolio string `required:"" help:"Portfolio file (portfolio.json contract)." placeholder:"FILE"`
}

// portfolioSet is the --json result.
type portfolioSet struct {
	Account string `json:"account"`
	Venues  int    `json:"venues"`
}

func (c *accountSetPortfolioCmd) Run(e *env) error {
	doc, err := readDocument(c.Portfolio)
	if err != nil {
		return err
	}
	err = c.update("account set-portfolio", func(tx vault.Tx) error {
		return input.InFile(vault.SetPortfolio(tx, c.Account, doc.data), doc.name)
	})
	if err != nil {
		return err
	}
	r := portfolioSet{Account: c.Account}
	if p, err := portfolio.Parse(doc.data); err == nil {
		r.Venues = len(p.Venues)
	}
	return c.rows(e, c.JSON, "result", r, [][2]string{{"account", r.Account}, {"venues", strconv.Itoa(r.Venues)}})
}
