// Assets the stored market does not price (DESIGN.md, Collateral layer: an
// asset without a usable price is held at value 0 and never makes the
// account's figures fail). A vault holding of such an asset — deposited
// before any market was stored, or left by a market of old data — counts 0
// as collateral, with a warning naming it. Debt or a derivative in one
// cannot count 0 without hiding risk: the stored book then does not fit the
// market (ErrMarginUncomputable). A market that would drop an asset the
// stored market prices and an account holds is refused (ErrAssetHeld), so a
// market change never leaves a book in that state.
package vault

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// ErrAssetHeld refuses a market that drops an asset the stored market
// prices while accounts hold it: their books would no longer fit.
var ErrAssetHeld = errors.New("the market drops assets that accounts hold")

// custody returns the home vault claims as the custody venue VaultVenueID
// the margin rules see under m (custodyVenue).
func custody(claims []portfolio.Collateral, m *market.Snapshot) (portfolio.Venue, []string, error) {
	return custodyVenue(VaultVenueID, HomeChain, claims, m)
}

// custodyVenue returns claims as custody venue id on chain under m: a
// claim m does not price is left out (it counts 0) with a warning naming
// it, and a claim kept in more decimals than m declares for its asset is
// rounded down to them (collateral rounds down).
func custodyVenue(id, chain string, claims []portfolio.Collateral, m *market.Snapshot) (portfolio.Venue, []string, error) {
	vv := portfolio.Venue{Path: "vault", ID: id, Model: "custody", Chain: chain}
	var warnings []string
	for _, c := range claims {
		a := m.Asset(c.Asset)
		if a == nil {
			warnings = append(warnings, fmt.Sprintf("%s: %s %s is not priced by the stored market: counted as 0 collateral",
				id, c.Amount, c.Asset))
			continue
		}
		if c.Amount.Scale() > int(a.Decimals) {
			d, err := money.DecimalFromRatFloor(c.Amount.Rat(), int(a.Decimals))
			if err != nil {
				return portfolio.Venue{}, nil, fmt.Errorf("vault %s: %w", c.Asset, err)
			}
			c.Amount, c.AmountF = d, d.Float64()
		}
		vv.Collateral = append(vv.Collateral, c)
	}
	return vv, warnings, nil
}

// withCustody returns book with the custody venues appended (book is not
// changed): the account's unified book.
func withCustody(book *portfolio.Portfolio, venues ...portfolio.Venue) *portfolio.Portfolio {
	all := *book
	all.Venues = append(append([]portfolio.Venue{}, book.Venues...), venues...)
	return &all
}

// maxHoldersNamed bounds the accounts an ErrAssetHeld message names per
// asset.
const maxHoldersNamed = 5

// checkDropped refuses next when it drops an asset prev prices and an
// account holds: a vault balance (shares > 0) or any asset its stored book
// names (collateral, positions, derivatives' underlyings, settlement). An
// asset prev did not price is not checked: its holdings already count 0
// (vault) or make the book not computable. Look-through backing needs no
// scan: market.Load refuses a backed_by naming an asset the market lacks.
//
// Cost: nothing when next keeps every asset of prev (a price update);
// otherwise one scan of every share account and one read and parse of
// every stored book, inside the caller's transaction — O(accounts), about
// as much as one re-margin of the store without the margin models.
func checkDropped(tx Tx, prev, next *market.Snapshot) error {
	dropped := map[string]bool{}
	for sym := range prev.Assets {
		if next.Asset(sym) == nil {
			dropped[sym] = true
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	holders := map[string]map[string]bool{} // asset → accounts
	hold := func(asset, account string) {
		if !dropped[asset] {
			return
		}
		if holders[asset] == nil {
			holders[asset] = map[string]bool{}
		}
		holders[asset][account] = true
	}
	shares, err := tx.LedgerAccounts("shares:")
	if err != nil {
		return err
	}
	for _, a := range shares {
		account, _, ok := strings.Cut(strings.TrimPrefix(a.ID, "shares:"), ":")
		account, _, _ = strings.Cut(account, "#") // located off the home chain
		if ok && !a.CreditBalance().IsZero() {
			hold(strings.TrimPrefix(a.Asset, "uct"), account)
		}
	}
	ids, err := tx.AccountIDs()
	if err != nil {
		return err
	}
	for _, id := range ids {
		book, err := storedBook(tx, id)
		if err != nil {
			if errors.Is(err, ErrMarginUncomputable) {
				continue // a book that does not parse names no asset it can be held to
			}
			return err
		}
		for _, v := range book.Venues {
			hold(v.Settlement, id)
			for _, c := range v.Collateral {
				hold(c.Asset, id)
			}
			for i := range v.Positions {
				hold(v.Positions[i].HoldingAsset(), id)
			}
		}
	}
	if len(holders) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s; keep them in the market, or close those holdings first", ErrAssetHeld, heldList(holders))
}

// heldList renders holders as "DAI (held by a, b), SOL (held by c and 4
// more)", by asset and account.
func heldList(holders map[string]map[string]bool) string {
	assets := make([]string, 0, len(holders))
	for a := range holders {
		assets = append(assets, a)
	}
	sort.Strings(assets)
	parts := make([]string, 0, len(assets))
	for _, a := range assets {
		ids := slices.Sorted(maps.Keys(holders[a]))
		named := strings.Join(ids[:min(len(ids), maxHoldersNamed)], ", ")
		if more := len(ids) - maxHoldersNamed; more > 0 {
			named += fmt.Sprintf(" and %d more", more)
		}
		parts = append(parts, fmt.Sprintf("%s (held by %s)", a, named))
	}
	return strings.Join(parts, ", ")
}
