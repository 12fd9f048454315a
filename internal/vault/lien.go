// Liens: an account grants a venue part of its vault collateral's haircut
// USD value; the venue may draw on it, up to the lien, only while the
// account is liquidatable; the venue, or an admin acting for it with a
// reason, releases it. The account never releases or shrinks a lien, by
// request or through its stored book (DESIGN.md, Lien states).
package vault

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/money"
)

// Refusals of the lien rules.
var (
	ErrNoLien          = errors.New("no lien")
	ErrExceedsLien     = errors.New("amount above balance: above the lien")
	ErrNotLiquidatable = errors.New("account is not liquidatable (unified equity ≥ maintenance margin)")
	ErrNotADraw        = errors.New("request is not a lien draw")
	ErrNotLienHolder   = errors.New("only the venue holding the lien, or an admin acting for it, may release it")
	ErrBadReason       = errors.New("must be 1 to 500 printable characters, not blank")
	// ErrTooManyLienVenues: a grant to one more venue than MaxLienVenues.
	ErrTooManyLienVenues = errors.New("too many venues with a lien")
)

// MaxLienVenues bounds the venues an account has liens with (released ones
// included: a lien's ledger account stays once opened, and a venue's list
// of its liens reads every account's).
const MaxLienVenues = 64

func liensAccount(account string) string { return "liens:" + account }
func lienPrefix(account string) string   { return "lien:" + account + ":" }
func lienAccount(account, venue string) string {
	return lienPrefix(account) + venue
}

// LienChange is the result of a grant or release. A release records who
// released and why (the request store keeps it: the audit trail).
type LienChange struct {
	Account   string `json:"account"`
	Venue     string `json:"venue"`
	AmountUSD string `json:"amount_usd"`
	LienUSD   string `json:"lien_usd"`         // the venue's lien afterwards
	By        string `json:"by,omitempty"`     // release: "venue" or "admin"
	Reason    string `json:"reason,omitempty"` // release: why (required of an admin)
}

func openLien(tx Tx, account, venue string) (ledger.Account, error) {
	if _, err := ledger.Open(tx, liensAccount(account), LienAsset, ledger.CreditsMustNotExceedDebits); err != nil {
		return ledger.Account{}, err
	}
	return ledger.Open(tx, lienAccount(account, venue), LienAsset, ledger.DebitsMustNotExceedCredits)
}

func lienChange(tx Tx, account, venue, amount string) (LienChange, error) {
	l, _, err := tx.Account(lienAccount(account, venue))
	if err != nil {
		return LienChange{}, err
	}
	return LienChange{Account: account, Venue: venue, AmountUSD: amount, LienUSD: l.CreditBalance().Units(LienDecimals)}, nil
}

// GrantLien grants venue a lien of amountUSD (whole USD) on the account's
// vault collateral, if afterwards Σ liens ≤ haircut collateral value and the
// account meets unified initial margin, and the account has liens with at
// most MaxLienVenues venues. Errors: ErrUnknownAccount, ErrBadID, parse
// errors, ErrTooManyLienVenues, ErrNoMarket, ErrLiensExceedCollateral,
// ErrInitialMargin, ErrMarginUncomputable, ErrRequestConflict, store errors.
func GrantLien(tx Tx, c Config, id, account, venue, amountUSD string) (LienChange, error) {
	body := fmt.Sprintf("lien grant account=%s venue=%s amount_usd=%s", account, venue, amountUSD)
	return idempotent(tx, id, body, func() (LienChange, error) {
		if err := accountKnown(tx, account); err != nil {
			return LienChange{}, err
		}
		if err := CheckID("venue", venue); err != nil {
			return LienChange{}, err
		}
		amt, err := ledger.ParseUnits(amountUSD, LienDecimals)
		if err != nil {
			return LienChange{}, err
		}
		if err := checkLienVenues(tx, account, venue); err != nil {
			return LienChange{}, err
		}
		if _, err := openLien(tx, account, venue); err != nil {
			return LienChange{}, err
		}
		t := ledger.Transfer{Debit: liensAccount(account), Credit: lienAccount(account, venue), Asset: LienAsset, Amount: amt, Code: "lien-grant"}
		if err := post(tx, id, t); err != nil {
			return LienChange{}, err
		}
		if err := checkAfter(tx, c, account, "lien grant"); err != nil {
			return LienChange{}, err
		}
		return lienChange(tx, account, venue, amountUSD)
	})
}

// checkLienVenues refuses a lien to a venue the account has none with
// (never had) when it already has liens with MaxLienVenues venues.
func checkLienVenues(tx Tx, account, venue string) error {
	if _, ok, err := tx.Account(lienAccount(account, venue)); err != nil || ok {
		return err
	}
	ls, err := tx.LedgerAccounts(lienPrefix(account))
	if err != nil {
		return err
	}
	if len(ls) >= MaxLienVenues {
		return fmt.Errorf("lien grant to venue %s: %w: account %s has liens with %d venues, the limit", venue,
			ErrTooManyLienVenues, account, len(ls))
	}
	return nil
}

// Releaser is who releases a lien: the venue holding it (Venue set), or an
// admin acting for that venue (Admin set) with a reason. There is no
// releaser for the account the lien encumbers: a lien is the venue's claim.
type Releaser struct {
	Venue  string // the releasing venue itself; "" when an admin acts
	Admin  bool   // an admin acting for the lien's venue (audited)
	Reason string // why; required of an admin, optional for the venue
}

// VenueReleaser is the venue releasing its own lien.
func VenueReleaser(venue, reason string) Releaser { return Releaser{Venue: venue, Reason: reason} }

// AdminReleaser is an admin acting for the lien's venue.
func AdminReleaser(reason string) Releaser { return Releaser{Admin: true, Reason: reason} }

// by is the releaser as the audit records it.
func (r Releaser) by() string {
	if r.Admin {
		return "admin"
	}
	return "venue"
}

// check refuses a releaser who may not release venue's lien: anyone but
// that venue or an admin, or an admin without a reason.
func (r Releaser) check(venue string) error {
	switch {
	case r.Admin && r.Venue != "", !r.Admin && r.Venue != "" && r.Venue != venue:
		return fmt.Errorf("venue %s may not release venue %s's lien: %w", r.Venue, venue, ErrNotLienHolder)
	case !r.Admin && r.Venue == "":
		return fmt.Errorf("release of venue %s's lien: %w", venue, ErrNotLienHolder)
	case r.Admin && r.Reason == "":
		return fmt.Errorf("an admin releasing venue %s's lien must give a reason: reason %w", venue, ErrBadReason)
	case r.Reason != "" && !validReason(r.Reason):
		return fmt.Errorf("reason %q %w", r.Reason, ErrBadReason)
	}
	return nil
}

// validReason: printable text people can read back from the audit trail,
// bounded like every other field.
func validReason(s string) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 500 || strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// ReleaseLien reduces venue's lien by amountUSD (whole USD), at most the
// part not held by pending draws, on behalf of by: the venue itself, or an
// admin acting for it with a reason. Who and why are recorded in the
// request (its body and result) and in the transfer's code
// ("lien-release-venue", "lien-release-admin"), so LienHistory can list
// them. Errors: ErrNotLienHolder, ErrBadReason, ErrNoLien (also for an
// account that does not exist), ErrExceedsLien, parse errors, ErrRequestConflict, store
// errors.
func ReleaseLien(tx Tx, id string, by Releaser, account, venue, amountUSD string) (LienChange, error) {
	if err := by.check(venue); err != nil {
		return LienChange{}, err
	}
	body := fmt.Sprintf("lien release account=%s venue=%s amount_usd=%s by=%s reason=%q",
		account, venue, amountUSD, by.by(), by.Reason)
	return idempotent(tx, id, body, func() (LienChange, error) {
		amt, err := lienAmount(tx, account, venue, amountUSD)
		if err != nil {
			return LienChange{}, err
		}
		t := ledger.Transfer{Debit: lienAccount(account, venue), Credit: liensAccount(account), Asset: LienAsset,
			Amount: amt, Code: "lien-release-" + by.by()}
		if err := post(tx, id, t); err != nil {
			return LienChange{}, err
		}
		c, err := lienChange(tx, account, venue, amountUSD)
		c.By, c.Reason = by.by(), by.Reason
		return c, err
	})
}

// lienAmount parses amountUSD and checks it against venue's lien. An
// account that does not exist has no lien: ErrNoLien, as for an account
// that exists without one, so a venue cannot learn from its draws and
// releases which accounts exist (DESIGN.md, Lien states).
func lienAmount(tx Tx, account, venue, amountUSD string) (money.Amount, error) {
	if err := CheckID("account", account); err != nil {
		return money.Amount{}, err
	}
	if err := CheckID("venue", venue); err != nil {
		return money.Amount{}, err
	}
	amt, err := ledger.ParseUnits(amountUSD, LienDecimals)
	if err != nil {
		return money.Amount{}, err
	}
	l, ok, err := tx.Account(lienAccount(account, venue))
	if err != nil {
		return money.Amount{}, err
	}
	if !ok || l.CreditBalance().IsZero() {
		return money.Amount{}, fmt.Errorf("%w of %s to venue %s", ErrNoLien, account, venue)
	}
	if amt.Cmp(l.CreditBalance()) > 0 {
		return money.Amount{}, fmt.Errorf("%w: %s USD > lien %s USD", ErrExceedsLien, amountUSD, l.CreditBalance().Units(LienDecimals))
	}
	return amt, nil
}

// Draw is a venue's pending seizure of an account's shares under its lien.
type Draw struct {
	Account   string `json:"account"`
	Venue     string `json:"venue"`
	Asset     string `json:"asset"`
	AmountUSD string `json:"amount_usd"`
	Assets    string `json:"assets"`
	Shares    string `json:"shares"`
	Status    string `json:"status"` // "pending" until SettleDraw
}

// DrawLien lets venue seize amountUSD (whole USD) of the account's asset
// shares under its lien, only while the account is liquidatable. The shares
// needed are rounded up (the venue is made whole at the market price). An
// account whose margin is not computable (ErrMarginUncomputable) counts as
// liquidatable. Both legs — the lien reduction and the shares to the venue
// — are pending (two-phase) until SettleDraw posts or voids them. Errors:
// ErrNoLien (also for an account that does not exist), ErrUnknownAsset (also an asset the stored market does
// not price), ErrExceedsLien, ErrNotLiquidatable, ErrNoMarket,
// ErrInsufficientShares, parse errors, ErrRequestConflict, store errors.
func DrawLien(tx Tx, c Config, id, account, venue, asset, amountUSD string) (Draw, error) {
	body := fmt.Sprintf("lien draw account=%s venue=%s asset=%s amount_usd=%s", account, venue, asset, amountUSD)
	return idempotent(tx, id, body, func() (Draw, error) {
		amt, err := lienAmount(tx, account, venue, amountUSD)
		if err != nil {
			return Draw{}, err
		}
		vt, owned, err := holding(tx, account, asset)
		if err != nil {
			return Draw{}, err
		}
		v, err := evaluate(tx, c, account, true)
		switch {
		case errors.Is(err, ErrMarginUncomputable) && v != nil:
			// Never safe: a book the market cannot value may be drawn on
			// as a liquidatable one (it could otherwise hide from its venue).
		case err != nil:
			return Draw{}, fmt.Errorf("lien draw: %w", err)
		case v.report == nil || !v.report.Unified.Liquidatable:
			return Draw{}, fmt.Errorf("lien draw: %w", ErrNotLiquidatable)
		}
		ma := v.market.Asset(asset)
		if ma == nil {
			return Draw{}, fmt.Errorf("lien draw: %w %q in the stored market", ErrUnknownAsset, asset)
		}
		assets, err := usdToAssetsCeil(amt, ma)
		if err != nil {
			return Draw{}, err
		}
		shares := vt.SharesForAssetsCeil(assets)
		if shares.Cmp(owned) > 0 {
			return Draw{}, fmt.Errorf("lien draw: %w: needs %s %s, holds %s", ErrInsufficientShares,
				shares.Units(vt.ShareDecimals()), vt.ShareSymbol(), owned.Units(vt.ShareDecimals()))
		}
		share := vt.ShareSymbol()
		if _, err := ledger.Open(tx, venueSharesAccount(venue, share), share, ledger.DebitsMustNotExceedCredits); err != nil {
			return Draw{}, err
		}
		err = post(tx, id,
			ledger.Transfer{Debit: lienAccount(account, venue), Credit: liensAccount(account), Asset: LienAsset,
				Amount: amt, Code: "lien-draw", Flags: ledger.Pending},
			ledger.Transfer{Debit: sharesAccount(account, share), Credit: venueSharesAccount(venue, share), Asset: share,
				Amount: shares.Amount(), Code: "lien-draw", Flags: ledger.Pending})
		if err != nil {
			return Draw{}, err
		}
		return Draw{Account: account, Venue: venue, Asset: asset, AmountUSD: amountUSD,
			Assets: assets.Units(vt.Asset.Decimals), Shares: shares.Units(vt.ShareDecimals()), Status: "pending"}, nil
	})
}

// Settlement is the result of SettleDraw.
type Settlement struct {
	Draw   string `json:"draw"`
	Status string `json:"status"` // "posted" or "voided"
}

// SettleDraw posts (the venue received the collateral) or voids (it did not)
// both legs of a pending draw. Errors: ErrNotADraw, ledger.ErrPendingResolved,
// ErrRequestConflict, store errors.
func SettleDraw(tx Tx, id, drawID string, postIt bool) (Settlement, error) {
	status := "voided"
	flag := ledger.VoidPending
	if postIt {
		status, flag = "posted", ledger.PostPending
	}
	body := fmt.Sprintf("lien settle draw=%s status=%s", drawID, status)
	return idempotent(tx, id, body, func() (Settlement, error) {
		r, ok, err := tx.Request(drawID)
		if err != nil {
			return Settlement{}, err
		}
		if !ok || !strings.HasPrefix(r.Body, "lien draw ") {
			return Settlement{}, fmt.Errorf("lien settle %q: %w", drawID, ErrNotADraw)
		}
		err = post(tx, id,
			ledger.Transfer{PendingID: drawID + "#1", Flags: flag, Code: "lien-draw-" + status},
			ledger.Transfer{PendingID: drawID + "#2", Flags: flag, Code: "lien-draw-" + status})
		if err != nil {
			return Settlement{}, fmt.Errorf("lien settle %s: %w", drawID, err)
		}
		return Settlement{Draw: drawID, Status: status}, nil
	})
}
