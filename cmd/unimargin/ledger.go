// ledger: check every invariant of the journal and the vaults.
package main

import (
	"errors"
	"fmt"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/vault"
)

type ledgerCmd struct {
	Verify ledgerVerifyCmd `cmd:"" help:"Check every invariant (debits = credits per asset, no constrained balance negative, vault assets = claims, journal replay = balances); exit 1 with the first violation."`
}

type ledgerVerifyCmd struct {
	storeFlags
}

// verified is the --json result of a successful verify.
type verified struct {
	OK        bool `json:"ok"`
	Accounts  int  `json:"accounts"`
	Transfers int  `json:"transfers"`
	Vaults    int  `json:"vaults"`
}

func (c *ledgerVerifyCmd) Run(e *env) error {
	var r verified
	err := c.transactRaw(true, func(tx vault.Tx) error {
		if err := vault.Verify(tx); err != nil {
			return err
		}
		as, err := tx.LedgerAccounts("")
		if err != nil {
			return err
		}
		ts, err := tx.Transfers()
		if err != nil {
			return err
		}
		vs, err := tx.Vaults()
		r = verified{OK: true, Accounts: len(as), Transfers: len(ts), Vaults: len(vs)}
		return err
	})
	// A broken invariant is the answer to this command, not a crash: exit 1.
	if errors.Is(err, ledger.ErrInvariant) {
		return usagef("ledger verify: %v", err)
	}
	if err != nil {
		return refusal("ledger verify", err)
	}
	return c.rows(e, c.JSON, "result", r, [][2]string{{"invariants", "ok"}, {"ledger accounts", fmt.Sprint(r.Accounts)},
		{"transfers", fmt.Sprint(r.Transfers)}, {"vaults", fmt.Sprint(r.Vaults)}})
}
