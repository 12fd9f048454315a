// Verify: the journal's invariants, checked from the stored accounts and the
// journal alone.
package ledger

import (
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/unimargin/unimargin/internal/money"
)

// ErrInvariant marks a broken ledger invariant (a corrupt store or a bug).
var ErrInvariant = errors.New("ledger invariant broken")

// Verify checks, in this order, and returns the first violation wrapped in
// ErrInvariant: every transfer's accounts exist and hold its asset; journal
// replay (in order) reproduces every stored account's four totals; per asset,
// Σ debits = Σ credits, posted and pending; no constrained balance is
// negative. transfers must be in journal order.
func Verify(accounts []Account, transfers []Transfer) error {
	replay := make(map[string]*Account, len(accounts))
	ids := make([]string, 0, len(accounts))
	for _, a := range accounts {
		replay[a.ID] = &Account{ID: a.ID, Asset: a.Asset, Flags: a.Flags}
		ids = append(ids, a.ID)
	}
	sort.Strings(ids)
	pending := map[string]Transfer{}
	for _, t := range transfers {
		if err := replayOne(replay, pending, t); err != nil {
			return fmt.Errorf("%w: replaying transfer %s: %v", ErrInvariant, t.ID, err)
		}
	}
	stored := make(map[string]Account, len(accounts))
	for _, a := range accounts {
		stored[a.ID] = a
	}
	for _, id := range ids {
		r, s := replay[id], stored[id]
		if r.DebitsPosted.Cmp(s.DebitsPosted) != 0 || r.CreditsPosted.Cmp(s.CreditsPosted) != 0 ||
			r.DebitsPending.Cmp(s.DebitsPending) != 0 || r.CreditsPending.Cmp(s.CreditsPending) != 0 {
			return fmt.Errorf("%w: account %s: stored balances differ from the journal replay", ErrInvariant, id)
		}
	}
	if err := balanced(accounts); err != nil {
		return err
	}
	for _, id := range ids {
		s := stored[id]
		if err := Constrained(&s); err != nil {
			return fmt.Errorf("%w: constrained balance negative: %v", ErrInvariant, err)
		}
	}
	return nil
}

func replayOne(replay map[string]*Account, pending map[string]Transfer, t Transfer) error {
	dr, cr := replay[t.Debit], replay[t.Credit]
	if dr == nil || cr == nil {
		return ErrAccountNotFound
	}
	if dr.Asset != t.Asset || cr.Asset != t.Asset {
		return ErrAssetMismatch
	}
	switch {
	case t.Flags&Pending != 0:
		pending[t.ID] = t
		return apply(dr, cr, t.Amount, true, false)
	case t.Flags&(PostPending|VoidPending) != 0:
		p, ok := pending[t.PendingID]
		if !ok {
			return ErrPendingNotFound
		}
		delete(pending, t.PendingID)
		if err := release(dr, cr, p.Amount); err != nil {
			return err
		}
		if t.Flags&PostPending != 0 {
			return apply(dr, cr, t.Amount, false, false)
		}
		return nil
	}
	return apply(dr, cr, t.Amount, false, false)
}

// balanced checks Σ debits = Σ credits per asset, posted and pending.
func balanced(accounts []Account) error {
	type sums struct{ dp, cp, dq, cq big.Int }
	by := map[string]*sums{}
	var assets []string
	for _, a := range accounts {
		s := by[a.Asset]
		if s == nil {
			s = &sums{}
			by[a.Asset] = s
			assets = append(assets, a.Asset)
		}
		s.dp.Add(&s.dp, a.DebitsPosted.Big())
		s.cp.Add(&s.cp, a.CreditsPosted.Big())
		s.dq.Add(&s.dq, a.DebitsPending.Big())
		s.cq.Add(&s.cq, a.CreditsPending.Big())
	}
	sort.Strings(assets)
	for _, asset := range assets {
		s := by[asset]
		if s.dp.Cmp(&s.cp) != 0 {
			return fmt.Errorf("%w: asset %s: posted debits %s ≠ posted credits %s", ErrInvariant, asset, &s.dp, &s.cp)
		}
		if s.dq.Cmp(&s.cq) != 0 {
			return fmt.Errorf("%w: asset %s: pending debits %s ≠ pending credits %s", ErrInvariant, asset, &s.dq, &s.cq)
		}
	}
	return nil
}

// Sum returns Σ amounts (an error on overflow).
func Sum(xs ...money.Amount) (money.Amount, error) {
	var out money.Amount
	for _, x := range xs {
		var err error
		if out, err = out.Add(x); err != nil {
			return money.Amount{}, err
		}
	}
	return out, nil
}
