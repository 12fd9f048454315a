// Accounts, transfers and Post: the state machine of the journal.
package ledger

import (
	"errors"
	"fmt"

	"github.com/unimargin/unimargin/internal/assert"
	"github.com/unimargin/unimargin/internal/invariants"
	"github.com/unimargin/unimargin/internal/money"
)

// Errors Post may return (wrapped with the transfer id).
var (
	ErrIDConflict      = errors.New("transfer id already used with a different body")
	ErrAccountNotFound = errors.New("ledger account not found")
	ErrAccountConflict = errors.New("ledger account exists with different asset or flags")
	ErrAssetMismatch   = errors.New("accounts hold different assets")
	ErrSameAccount     = errors.New("debit and credit account are the same")
	ErrAmountZeroTx    = errors.New("amount must be greater than 0")
	ErrExceedsCredits  = errors.New("debits would exceed credits")
	ErrExceedsDebits   = errors.New("credits would exceed debits")
	ErrPendingNotFound = errors.New("pending transfer not found")
	ErrPendingResolved = errors.New("pending transfer already posted or voided")
	ErrPendingExceeded = errors.New("amount exceeds the pending amount")
	ErrInvalidTransfer = errors.New("invalid transfer")
)

// Flags constrain an account's balance.
type Flags uint8

const (
	// DebitsMustNotExceedCredits: a credit-normal account (a holder's shares,
	// a lien) whose debits, posted plus pending, never exceed its posted credits.
	DebitsMustNotExceedCredits Flags = 1 << iota
	// CreditsMustNotExceedDebits: a debit-normal account (the vault's
	// holdings, a share supply) whose credits never exceed its posted debits.
	CreditsMustNotExceedDebits
)

// Account is one ledger account: an id, its asset, its constraint and four
// running totals in base units.
type Account struct {
	ID             string
	Asset          string
	Flags          Flags
	DebitsPosted   money.Amount
	CreditsPosted  money.Amount
	DebitsPending  money.Amount
	CreditsPending money.Amount
}

// CreditBalance is credits_posted − debits_posted − debits_pending: what a
// credit-normal account (DebitsMustNotExceedCredits: a holder's shares, a
// lien) may still spend. Post never lets it go negative, so a negative one
// is a corrupt ledger or a call on the wrong kind of account, and panics
// (reading it as 0 would hide the corruption and misstate a balance).
func (a *Account) CreditBalance() money.Amount {
	out, err := a.CreditsPosted.Sub(a.DebitsPosted)
	if err == nil {
		out, err = out.Sub(a.DebitsPending)
	}
	if err != nil {
		panic(fmt.Sprintf("ledger: account %s: debits exceed credits (%v)", a.ID, err))
	}
	return out
}

// DebitBalance is debits_posted − credits_posted − credits_pending, the
// debit-normal counterpart of CreditBalance (CreditsMustNotExceedDebits: a
// vault's holdings, a share supply); negative, it panics likewise.
func (a *Account) DebitBalance() money.Amount {
	out, err := a.DebitsPosted.Sub(a.CreditsPosted)
	if err == nil {
		out, err = out.Sub(a.CreditsPending)
	}
	if err != nil {
		panic(fmt.Sprintf("ledger: account %s: credits exceed debits (%v)", a.ID, err))
	}
	return out
}

// TransferFlags say what kind of transfer it is.
type TransferFlags uint8

const (
	// Pending reserves the amount (two-phase, first phase).
	Pending TransferFlags = 1 << iota
	// PostPending posts a pending transfer (all of it when Amount is 0).
	PostPending
	// VoidPending releases a pending transfer.
	VoidPending
)

// Status of a pending transfer; other transfers are StatusPosted.
type Status uint8

// Statuses.
const (
	StatusPosted Status = iota
	StatusPending
	StatusVoided
	StatusPostedPending // a pending transfer that a later transfer posted
)

// Transfer moves Amount of Asset from Debit to Credit. For PostPending and
// VoidPending, Debit, Credit and Asset may be empty (taken from the pending
// transfer) and PendingID names it.
type Transfer struct {
	ID        string
	Debit     string
	Credit    string
	Asset     string
	Amount    money.Amount
	Flags     TransferFlags
	PendingID string
	Code      string // what the movement is: "deposit", "lien-grant", …
	Status    Status // set by Post
}

// sameBody reports whether t is a retry of stored (the fields a client sets).
// For post/void the stored copy has the pending transfer's accounts filled in.
func sameBody(t, stored *Transfer) bool {
	if t.Flags != stored.Flags || t.PendingID != stored.PendingID || t.Code != stored.Code {
		return false
	}
	if t.Flags&(PostPending|VoidPending) != 0 {
		return (t.Debit == "" || t.Debit == stored.Debit) && (t.Credit == "" || t.Credit == stored.Credit) &&
			(t.Asset == "" || t.Asset == stored.Asset) && (t.Amount.IsZero() || t.Amount.Cmp(stored.Amount) == 0)
	}
	return t.Debit == stored.Debit && t.Credit == stored.Credit && t.Asset == stored.Asset &&
		t.Amount.Cmp(stored.Amount) == 0
}

// State is what the ledger reads and writes: one database transaction.
type State interface {
	Account(id string) (Account, bool, error)
	PutAccount(a Account) error
	Transfer(id string) (Transfer, bool, error)
	// InsertTransfer appends t to the journal (ids are unique).
	InsertTransfer(t Transfer) error
	// SetTransferStatus records that a pending transfer was posted or voided.
	SetTransferStatus(id string, s Status) error
}

// Open creates the account when it does not exist. An existing account with
// the same asset and flags is left as it is; different ones are
// ErrAccountConflict.
func Open(st State, id, asset string, flags Flags) (Account, error) {
	a, ok, err := st.Account(id)
	if err != nil {
		return Account{}, err
	}
	if ok {
		if a.Asset != asset || a.Flags != flags {
			return Account{}, fmt.Errorf("ledger account %s: %w", id, ErrAccountConflict)
		}
		return a, nil
	}
	a = Account{ID: id, Asset: asset, Flags: flags}
	return a, st.PutAccount(a)
}

// Post applies one transfer and returns it as stored. A retry of a stored
// transfer (same id, same body) returns the stored transfer and replayed =
// true without changing anything; the same id with another body is
// ErrIDConflict. Other errors: ErrAccountNotFound, ErrAssetMismatch,
// ErrSameAccount, ErrAmountZeroTx, ErrExceedsCredits, ErrExceedsDebits,
// ErrPendingNotFound, ErrPendingResolved, ErrPendingExceeded,
// ErrInvalidTransfer, money.ErrAmountOverflow, or a State error.
func Post(st State, t Transfer) (stored Transfer, replayed bool, err error) {
	if t.ID == "" || !validFlags(t.Flags) {
		return Transfer{}, false, fmt.Errorf("transfer %q: %w", t.ID, ErrInvalidTransfer)
	}
	prev, ok, err := st.Transfer(t.ID)
	if err != nil {
		return Transfer{}, false, err
	}
	if ok {
		if !sameBody(&t, &prev) {
			return Transfer{}, false, fmt.Errorf("transfer %s: %w", t.ID, ErrIDConflict)
		}
		return prev, true, nil
	}
	if t.Flags&(PostPending|VoidPending) != 0 {
		t, err = resolve(st, t)
	} else {
		t, err = create(st, t)
	}
	if err != nil {
		return Transfer{}, false, fmt.Errorf("transfer %s: %w", t.ID, err)
	}
	return t, false, nil
}

// validFlags: at most one of Pending, PostPending, VoidPending, and nothing else.
func validFlags(f TransferFlags) bool {
	const all = Pending | PostPending | VoidPending
	phase := f & all
	return f&^all == 0 && phase&(phase-1) == 0
}

// create applies a single-phase or pending transfer.
func create(st State, t Transfer) (Transfer, error) {
	if t.Debit == t.Credit {
		return t, ErrSameAccount
	}
	if t.Amount.IsZero() {
		return t, ErrAmountZeroTx
	}
	dr, cr, err := pair(st, &t)
	if err != nil {
		return t, err
	}
	pending := t.Flags&Pending != 0
	if err := apply(&dr, &cr, t.Amount, pending, true); err != nil {
		return t, err
	}
	t.Status = StatusPosted
	if pending {
		t.Status = StatusPending
	}
	return t, write(st, &dr, &cr, &t)
}

// resolve posts or voids a pending transfer.
func resolve(st State, t Transfer) (Transfer, error) {
	p, ok, err := st.Transfer(t.PendingID)
	if err != nil {
		return t, err
	}
	if !ok || p.Flags&Pending == 0 {
		return t, fmt.Errorf("%w: %q", ErrPendingNotFound, t.PendingID)
	}
	if p.Status != StatusPending {
		return t, ErrPendingResolved
	}
	if (t.Debit != "" && t.Debit != p.Debit) || (t.Credit != "" && t.Credit != p.Credit) ||
		(t.Asset != "" && t.Asset != p.Asset) {
		return t, ErrInvalidTransfer
	}
	t.Debit, t.Credit, t.Asset = p.Debit, p.Credit, p.Asset
	post := t.Flags&PostPending != 0
	if t.Amount.IsZero() || !post {
		t.Amount = p.Amount
	}
	if t.Amount.Cmp(p.Amount) > 0 {
		return t, ErrPendingExceeded
	}
	dr, cr, err := pair(st, &t)
	if err != nil {
		return t, err
	}
	// Release the whole reservation, then post the (possibly partial) amount.
	if err := release(&dr, &cr, p.Amount); err != nil {
		return t, err
	}
	if post {
		if err := apply(&dr, &cr, t.Amount, false, true); err != nil {
			return t, err
		}
	}
	t.Status = StatusPosted
	final := StatusVoided
	if post {
		final = StatusPostedPending
	}
	if err := st.SetTransferStatus(p.ID, final); err != nil {
		return t, err
	}
	return t, write(st, &dr, &cr, &t)
}

func pair(st State, t *Transfer) (Account, Account, error) {
	dr, ok, err := st.Account(t.Debit)
	if err != nil {
		return dr, Account{}, err
	}
	if !ok {
		return dr, Account{}, fmt.Errorf("%w: %q", ErrAccountNotFound, t.Debit)
	}
	cr, ok, err := st.Account(t.Credit)
	if err != nil {
		return dr, cr, err
	}
	if !ok {
		return dr, cr, fmt.Errorf("%w: %q", ErrAccountNotFound, t.Credit)
	}
	if dr.Asset != t.Asset || cr.Asset != t.Asset {
		return dr, cr, fmt.Errorf("%w: %s, %s, transfer in %s", ErrAssetMismatch, dr.Asset, cr.Asset, t.Asset)
	}
	return dr, cr, nil
}

// write stores both accounts and the transfer. The accounts were checked
// against the transfer (pair); asserting it again here pairs the check with
// the write (TigerStyle), and with the invariants tag each account is read
// back, so a store that loses or mangles a total fails at the write.
func write(st State, dr, cr *Account, t *Transfer) error {
	assert.That(dr.ID != cr.ID && dr.Asset == cr.Asset, "transfer %s between %s (%s) and %s (%s)",
		t.ID, dr.ID, dr.Asset, cr.ID, cr.Asset)
	if err := st.PutAccount(*dr); err != nil {
		return err
	}
	if err := st.PutAccount(*cr); err != nil {
		return err
	}
	if invariants.Enabled {
		for _, want := range []*Account{dr, cr} {
			got, ok, err := st.Account(want.ID)
			if err != nil {
				return err // a store error fails the write like any other
			}
			assert.That(ok && got == *want, "ledger write %s: account %s read back as %+v (found %v), wrote %+v",
				t.ID, want.ID, got, ok, *want)
		}
	}
	return st.InsertTransfer(*t)
}

// apply adds amount to dr's debits and cr's credits (pending or posted),
// checking the constraints when check is set.
func apply(dr, cr *Account, amount money.Amount, pending, check bool) error {
	var err error
	if pending {
		if dr.DebitsPending, err = dr.DebitsPending.Add(amount); err != nil {
			return err
		}
		if cr.CreditsPending, err = cr.CreditsPending.Add(amount); err != nil {
			return err
		}
	} else {
		if dr.DebitsPosted, err = dr.DebitsPosted.Add(amount); err != nil {
			return err
		}
		if cr.CreditsPosted, err = cr.CreditsPosted.Add(amount); err != nil {
			return err
		}
	}
	if !check {
		return nil
	}
	if err := Constrained(dr); err != nil {
		return err
	}
	return Constrained(cr)
}

// release removes a pending reservation from both sides.
func release(dr, cr *Account, amount money.Amount) error {
	var err error
	if dr.DebitsPending, err = dr.DebitsPending.Sub(amount); err != nil {
		return fmt.Errorf("%w: pending debits below the reservation", ErrInvalidTransfer)
	}
	if cr.CreditsPending, err = cr.CreditsPending.Sub(amount); err != nil {
		return fmt.Errorf("%w: pending credits below the reservation", ErrInvalidTransfer)
	}
	return nil
}

// Constrained checks a's balance constraint: ErrExceedsCredits or
// ErrExceedsDebits (naming the account) when it is broken.
func Constrained(a *Account) error {
	if a.Flags&DebitsMustNotExceedCredits != 0 {
		d, err := a.DebitsPosted.Add(a.DebitsPending)
		if err != nil || d.Cmp(a.CreditsPosted) > 0 {
			return fmt.Errorf("%s: %w", a.ID, ErrExceedsCredits)
		}
	}
	if a.Flags&CreditsMustNotExceedDebits != 0 {
		c, err := a.CreditsPosted.Add(a.CreditsPending)
		if err != nil || c.Cmp(a.DebitsPosted) > 0 {
			return fmt.Errorf("%s: %w", a.ID, ErrExceedsDebits)
		}
	}
	return nil
}
