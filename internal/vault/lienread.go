// Reading liens back: a venue's liens across accounts (what it may draw on
// or release), and one lien's history from the journal with who moved it
// and why (the audit trail of releases).
package vault

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

// VenueLien is one account's lien to a venue, whole USD.
type VenueLien struct {
	Account    string `json:"account"`
	AmountUSD  string `json:"amount_usd"`  // active: what the venue may draw on or release
	PendingUSD string `json:"pending_usd"` // held by the venue's pending draws
}

// VenueLiens is every lien of one venue, by account.
type VenueLiens struct {
	Venue    string      `json:"venue"`
	Liens    []VenueLien `json:"liens"`
	LiensUSD string      `json:"liens_usd"` // Σ amount_usd
}

// LiensOf returns the venue's liens that are active or held by pending
// draws, by account. Errors: ErrBadID, store errors.
func LiensOf(tx Tx, venue string) (VenueLiens, error) {
	if err := CheckID("venue", venue); err != nil {
		return VenueLiens{}, err
	}
	out := VenueLiens{Venue: venue, Liens: []VenueLien{}}
	// Every lien account is lien:<account>:<venue>; neither id holds a ':'.
	ls, err := tx.LedgerAccounts("lien:")
	if err != nil {
		return VenueLiens{}, err
	}
	var total money.Amount
	for _, l := range ls {
		account, v, ok := strings.Cut(strings.TrimPrefix(l.ID, "lien:"), ":")
		if !ok || v != venue {
			continue
		}
		active := l.CreditBalance()
		if active.IsZero() && l.DebitsPending.IsZero() {
			continue
		}
		if total, err = total.Add(active); err != nil {
			return VenueLiens{}, err
		}
		out.Liens = append(out.Liens, VenueLien{Account: account, AmountUSD: active.Units(LienDecimals),
			PendingUSD: l.DebitsPending.Units(LienDecimals)})
	}
	out.LiensUSD = total.Units(LienDecimals)
	return out, nil
}

// LienEvent is one movement of a lien, in journal order.
type LienEvent struct {
	Request   string `json:"request"`          // the request id that moved it
	Kind      string `json:"kind"`             // the transfer's code: lien-grant, lien-release-venue, …
	AmountUSD string `json:"amount_usd"`       // the amount moved (whole USD)
	By        string `json:"by"`               // "account", "venue", "admin", or "book" (releases of old stores)
	Reason    string `json:"reason,omitempty"` // a release's reason
}

// LienHistory lists every movement of venue's lien on the account: grants,
// releases with who released and why, draws and their settlement. Errors:
// ErrUnknownAccount, ErrBadID, store errors.
func LienHistory(tx Tx, account, venue string) ([]LienEvent, error) {
	if err := accountKnown(tx, account); err != nil {
		return nil, err
	}
	if err := CheckID("venue", venue); err != nil {
		return nil, err
	}
	ts, err := tx.Transfers()
	if err != nil {
		return nil, err
	}
	lien := lienAccount(account, venue)
	out := []LienEvent{}
	for _, t := range ts {
		if t.Debit != lien && t.Credit != lien {
			continue
		}
		e, err := lienEvent(tx, t)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func lienEvent(tx Tx, t ledger.Transfer) (LienEvent, error) {
	req, _, _ := strings.Cut(t.ID, "#")
	e := LienEvent{Request: req, Kind: t.Code, AmountUSD: t.Amount.Units(LienDecimals)}
	switch {
	case t.Code == "lien-grant":
		e.By = "account"
	case t.Code == "lien-release-venue" || t.Code == "lien-release-admin":
		e.By = strings.TrimPrefix(t.Code, "lien-release-")
		r, ok, err := tx.Request(req)
		if err != nil {
			return LienEvent{}, err
		}
		if !ok {
			return LienEvent{}, fmt.Errorf("%w: release %s without its request", ledger.ErrInvariant, t.ID)
		}
		var c LienChange
		if err := json.Unmarshal(r.Result, &c); err != nil {
			return LienEvent{}, fmt.Errorf("request %s: stored result: %w", req, err)
		}
		e.Reason = c.Reason
	case t.Code == "lien-release" && strings.HasPrefix(t.ID, "auto-release:"):
		// Stores written before issue 15 released liens when a stored book
		// closed the venue's positions; kept readable, never written now.
		e.By = "book"
	case t.Code == "lien-release":
		e.By = "account" // released by the account itself before issue 15
	default:
		e.By = "venue" // lien-draw and its settlement
	}
	return e, nil
}
