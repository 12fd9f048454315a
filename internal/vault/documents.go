// The stored documents the margin rules read: one portfolio per account and
// one market for the whole store.
package vault

import (
	"bytes"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// SetPortfolio stores doc (portfolio.json contract) as the account's book,
// creating the account when absent. The document is validated, and checked
// against the stored market when there is one. Storing a book never touches
// a lien: the book is the account's own assertion, and a lien ends only
// when its venue, or an admin acting for it, releases it (DESIGN.md, Lien
// states; ReleaseLien). A venue of the book may not be VaultVenueID: that
// venue is the vault's custody of the account's deposits, which the rules
// add to the book (a book's own would stand beside it in every report as a
// second, self-asserted "vault"). Errors: ErrBadID, the portfolio's
// *input.Error, store errors.
func SetPortfolio(tx Tx, account string, doc []byte) error {
	if err := CheckID("account", account); err != nil {
		return err
	}
	p, err := portfolio.Parse(doc)
	if err != nil {
		return err
	}
	for _, v := range p.Venues {
		if v.ID == VaultVenueID {
			return input.Invalid(input.Join(v.Path, "id"), v.ID, "is reserved: the vault's custody of the account's deposits, which the service adds")
		}
	}
	if m, ok, err := storedMarket(tx); err != nil {
		return err
	} else if ok {
		if err := portfolio.Check(p, m); err != nil {
			return err
		}
	}
	if err := ensureAccount(tx, account); err != nil {
		return err
	}
	prev, ok, err := tx.Portfolio(account)
	if err != nil {
		return err
	}
	if !ok || !bytes.Equal(prev, doc) {
		if err := refreshKey(tx, account); err != nil {
			return err
		}
	}
	return tx.PutPortfolio(account, doc)
}

// SetMarket stores doc (market.json contract) as the market every margin
// check uses, unless it drops an asset the stored market prices and an
// account holds (checkDropped). A stored market that no longer parses is
// replaced without that check. Errors: the market's *input.Error (NaN, Inf
// and stale prices included), ErrAssetHeld, store errors.
func SetMarket(tx Tx, doc []byte) error {
	next, err := market.Load(doc, storeOptions)
	if err != nil {
		return err
	}
	prevDoc, ok, err := tx.Market()
	if err != nil {
		return err
	}
	if ok {
		if prev, err := market.Load(prevDoc, readOptions); err == nil {
			if err := checkDropped(tx, prev, next); err != nil {
				return err
			}
		}
	}
	return tx.PutMarket(doc)
}
