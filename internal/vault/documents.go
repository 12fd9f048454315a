// The stored documents the margin rules read: one portfolio per account and
// one market for the whole store.
package vault

import (
	"fmt"
	"sort"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// SetPortfolio stores doc (portfolio.json contract) as the account's book,
// creating the account when absent. The document is validated, and checked
// against the stored market when there is one. Liens of venues whose
// positions the new book closes are released (releaseClosedLiens). Errors: ErrBadID, the
// portfolio's *input.Error, store errors.
func SetPortfolio(tx Tx, account string, doc []byte) error {
	if err := CheckID("account", account); err != nil {
		return err
	}
	p, err := portfolio.Parse(doc)
	if err != nil {
		return err
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
	if err := releaseClosedLiens(tx, account, p); err != nil {
		return err
	}
	return tx.PutPortfolio(account, doc)
}

// releaseClosedLiens releases, in full, the lien of every venue where the
// stored book had positions and the new book has none: a lien backs
// positions, so it ends when they close. A lien granted before any position
// was opened stays. What a pending draw holds is not released (the ledger's
// credit balance already excludes it).
func releaseClosedLiens(tx Tx, account string, next *portfolio.Portfolio) error {
	prevDoc, ok, err := tx.Portfolio(account)
	if err != nil || !ok {
		return err
	}
	prev, err := portfolio.Parse(prevDoc)
	if err != nil {
		return fmt.Errorf("stored portfolio of %s: %w", account, err)
	}
	open := venuesWithPositions(next)
	for _, venue := range sortedKeys(venuesWithPositions(prev)) {
		if open[venue] {
			continue
		}
		l, ok, err := tx.Account(lienAccount(account, venue))
		if err != nil {
			return err
		}
		if !ok || l.CreditBalance().IsZero() {
			continue
		}
		// The lien's posted debits grow with every release or draw, so they
		// make the transfer id unique and deterministic.
		id := fmt.Sprintf("auto-release:%s:%s:%s", account, venue, l.DebitsPosted.Big().String())
		t := ledger.Transfer{Debit: lienAccount(account, venue), Credit: liensAccount(account),
			Asset: LienAsset, Amount: l.CreditBalance(), Code: "lien-release"}
		if err := post(tx, id, t); err != nil {
			return err
		}
	}
	return nil
}

func venuesWithPositions(p *portfolio.Portfolio) map[string]bool {
	out := map[string]bool{}
	for _, v := range p.Venues {
		if len(v.Positions) > 0 {
			out[v.ID] = true
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
