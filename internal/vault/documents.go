// The stored documents the margin rules read: one portfolio per account and
// one market for the whole store.
package vault

import (
	"fmt"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// SetPortfolio stores doc (portfolio.json contract) as the account's book,
// creating the account when absent. The document is validated, and checked
// against the stored market when there is one. Storing a book never touches
// a lien: the book is the account's own assertion, and a lien ends only
// when its venue, or an admin acting for it, releases it (DESIGN.md, Lien
// states; ReleaseLien). Errors: ErrBadID, the portfolio's *input.Error,
// store errors.
func SetPortfolio(tx Tx, account string, doc []byte) error {
	if err := CheckID("account", account); err != nil {
		return err
	}
	p, err := portfolio.Parse(doc)
	if err != nil {
		return err
	}
	if mdoc, ok, err := tx.Market(); err != nil {
		return err
	} else if ok {
		m, err := market.Load(mdoc, marketOptions)
		if err != nil {
			return fmt.Errorf("stored market: %w", err)
		}
		if err := portfolio.Check(p, m); err != nil {
			return err
		}
	}
	if err := ensureAccount(tx, account); err != nil {
		return err
	}
	return tx.PutPortfolio(account, doc)
}

// SetMarket stores doc (market.json contract) as the market every margin
// check uses. Errors: the market's *input.Error, store errors.
func SetMarket(tx Tx, doc []byte) error {
	if _, err := market.Load(doc, marketOptions); err != nil {
		return err
	}
	return tx.PutMarket(doc)
}
