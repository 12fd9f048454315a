// UnifiedBookDoc: an account's unified book as a portfolio.json document —
// the stored book with the vault's custody venues appended — so a margin
// history entry can keep the exact inputs it was computed from and a later
// explanation recomputes them through margin.Compute.
package vault

import (
	"encoding/json"
	"fmt"
)

// UnifiedBookDoc returns the account's unified book as a document, with
// the market document and the risk parameters it runs under (as JSON that
// margin.LoadRiskParams reads back). The governed venue overrides
// (ApplyVenueOverrides) are not in the document: a book's own venue
// params are. Errors as UnifiedBookUnder.
func UnifiedBookDoc(tx Tx, c Config, account string) (book, mkt, params []byte, err error) {
	p, _, rp, err := UnifiedBookUnder(tx, c, account)
	if err != nil {
		return nil, nil, nil, err
	}
	mkt, _, err = tx.Market()
	if err != nil {
		return nil, nil, nil, err
	}
	stored, ok, err := tx.Portfolio(account)
	if err != nil {
		return nil, nil, nil, err
	}
	var doc struct {
		Account string            `json:"account"`
		Venues  []json.RawMessage `json:"venues"`
	}
	if ok {
		if err := json.Unmarshal(stored, &doc); err != nil {
			return nil, nil, nil, fmt.Errorf("%w: stored portfolio of %s: %v", ErrMarginUncomputable, account, err)
		}
	}
	doc.Account = account
	if doc.Venues == nil {
		doc.Venues = []json.RawMessage{}
	}
	type coll struct {
		Asset  string `json:"asset"`
		Amount string `json:"amount"`
		Bridge string `json:"bridge,omitempty"`
	}
	for _, v := range p.Venues {
		if v.Path != "vault" {
			continue // the stored book's own venues are in the document already
		}
		cv := struct {
			ID         string `json:"id"`
			Model      string `json:"model"`
			Chain      string `json:"chain"`
			Collateral []coll `json:"collateral"`
			Positions  []any  `json:"positions"`
		}{ID: v.ID, Model: v.Model, Chain: v.Chain, Collateral: []coll{}, Positions: []any{}}
		for _, c := range v.Collateral {
			cv.Collateral = append(cv.Collateral, coll{Asset: c.Asset, Amount: c.Amount.String(), Bridge: c.Bridge})
		}
		raw, err := json.Marshal(cv)
		if err != nil {
			return nil, nil, nil, err
		}
		doc.Venues = append(doc.Venues, raw)
	}
	if book, err = json.Marshal(doc); err != nil {
		return nil, nil, nil, err
	}
	if params, err = json.Marshal(rp); err != nil {
		return nil, nil, nil, err
	}
	return book, mkt, params, nil
}

// AccountKnown is nil for a stored account; otherwise ErrBadID or
// ErrUnknownAccount naming it.
func AccountKnown(tx Tx, account string) error { return accountKnown(tx, account) }
