// token: issue API tokens into a store, for the subjects the service knows
// (admin, custodian, account=<id>, venue=<id>). The token is printed once;
// only its hash is stored.
package main

import (
	"context"
	"fmt"

	"github.com/unimargin/unimargin/internal/access"
	"github.com/unimargin/unimargin/internal/server"
)

type tokenCmd struct {
	Issue tokenIssueCmd `cmd:"" help:"Issue an API token for a subject (admin, custodian, account=ID, venue=ID) and print it once."`
}

type tokenIssueCmd struct {
	storeFlags
	Subject string `required:"" help:"Who the token is for: admin, custodian, account=ID or venue=ID." placeholder:"SUBJECT"`
	Label   string `help:"A label for people (kept with the grant)." placeholder:"TEXT"`
}

// issuedToken is the --json result.
type issuedToken struct {
	Subject string `json:"subject"`
	Token   string `json:"token"`
}

func (c *tokenIssueCmd) Run(e *env) error {
	sub, err := access.ParseSubject(c.Subject)
	if err != nil {
		return usagef("--subject: %q: %v", c.Subject, err)
	}
	ctx := context.Background()
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	tok, err := server.IssueToken(ctx, db, sub, c.Label)
	if err != nil {
		return fmt.Errorf("%w: issuing a token: %v", errInternal, err)
	}
	r := issuedToken{Subject: sub.String(), Token: tok}
	return c.rows(e, c.JSON, "result", r, [][2]string{{"subject", r.Subject}, {"token", r.Token}})
}
