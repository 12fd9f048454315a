// Collateral off the vault's home chain (internal/settle moves it): an
// account's shares may sit on another chain, having arrived over a bridge
// (shares:<account>#<chain>#<bridge>:<share>), or be in flight over one —
// reserved by a pending transfer from where they were into a transit
// account (shares:<account>#in-flight#<bridge>:<share>), so the source no
// longer counts them and the destination does not count them yet. The
// unified margin sees each holding as a custody venue on its chain with
// its bridge (the bridge's and the chain's haircuts apply) and in-flight
// shares on no chain at the bridge's haircut: every share counts once.
// Withdrawals, redeems and lien draws use the home holding only.
package vault

import (
	"fmt"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// HomeChain is the chain the master vault lives on: its custody venue's.
const HomeChain = "ethereum"

// InFlight is the pseudo-chain of shares in flight: no chain's haircut
// applies to them, only their bridge's.
const InFlight = "in-flight"

// HomeSharesAccount is the ledger account of an account's shares on the
// home chain (the vault itself).
func HomeSharesAccount(account, share string) string { return sharesAccount(account, share) }

// LocatedSharesAccount is the ledger account of an account's shares on
// chain, arrived over bridge (chain InFlight: in flight over bridge).
func LocatedSharesAccount(account, chain, bridge, share string) string {
	return "shares:" + account + "#" + chain + "#" + bridge + ":" + share
}

// locatedPrefix is the prefix of every located or in-flight account of account.
func locatedPrefix(account string) string { return "shares:" + account + "#" }

// parseLocated splits a located account id (ok false for any other id).
func parseLocated(id string) (account, chain, bridge, share string, ok bool) {
	rest, ok := strings.CutPrefix(id, "shares:")
	if !ok {
		return "", "", "", "", false
	}
	where, share, ok := strings.Cut(rest, ":")
	if !ok {
		return "", "", "", "", false
	}
	parts := strings.Split(where, "#")
	if len(parts) != 3 {
		return "", "", "", "", false
	}
	return parts[0], parts[1], parts[2], share, true
}

// Located is an account's vault collateral off the home chain (whole
// units): on Chain having arrived over Bridge, or in flight over Bridge
// (Chain InFlight).
type Located struct {
	Chain  string `json:"chain"`
	Bridge string `json:"bridge"`
	Asset  string `json:"asset"`
	Shares string `json:"shares"`
	Assets string `json:"assets"`
}

// locatedClaim is one located holding as collateral.
type locatedClaim struct {
	chain, bridge string
	claim         portfolio.Collateral
}

// loadLocated reads the account's located and in-flight holdings: a
// located account counts what it holds (posted credits less posted and
// pending debits: shares leaving it are in flight), a transit account what
// is pending into it.
func (v *view) loadLocated(tx Tx, account string) error {
	held, err := tx.LedgerAccounts(locatedPrefix(account))
	if err != nil {
		return err
	}
	for _, h := range held {
		_, chain, bridge, _, ok := parseLocated(h.ID)
		if !ok {
			return fmt.Errorf("%w: malformed located share account %s", ledger.ErrInvariant, h.ID)
		}
		asset := strings.TrimPrefix(h.Asset, "uct")
		vt, ok, err := tx.Vault(asset)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: share account %s without a vault", ledger.ErrInvariant, h.ID)
		}
		owned := Shares(h.CreditBalance())
		if chain == InFlight {
			owned = Shares(h.CreditsPending)
		}
		if owned.IsZero() {
			continue
		}
		claim := vt.AssetsForSharesFloor(owned)
		v.Located = append(v.Located, Located{Chain: chain, Bridge: bridge, Asset: asset,
			Shares: owned.Units(vt.ShareDecimals()), Assets: claim.Units(vt.Asset.Decimals)})
		if !claim.IsZero() {
			d := claim.Decimal(vt.Asset.Decimals)
			v.located = append(v.located, locatedClaim{chain: chain, bridge: bridge,
				claim: portfolio.Collateral{Asset: asset, Amount: d, AmountF: d.Float64(), Bridge: bridge}})
		}
	}
	sort.Slice(v.Located, func(i, j int) bool {
		a, b := v.Located[i], v.Located[j]
		return a.Chain+"#"+a.Bridge+"#"+a.Asset < b.Chain+"#"+b.Bridge+"#"+b.Asset
	})
	return nil
}

// custodyVenues are the account's vault collateral as the margin rules see
// it: the home custody venue, then one custody venue per (chain, bridge)
// of located and in-flight holdings, ordered.
func (v *view) custodyVenues(m *market.Snapshot) ([]portfolio.Venue, []string, error) {
	home, warnings, err := custody(v.claims, m)
	if err != nil {
		return nil, nil, err
	}
	out := []portfolio.Venue{home}
	byPlace := map[string][]portfolio.Collateral{}
	var places []string
	for _, l := range v.located {
		key := l.chain + ":" + l.bridge
		if _, seen := byPlace[key]; !seen {
			places = append(places, key)
		}
		byPlace[key] = append(byPlace[key], l.claim)
	}
	sort.Strings(places)
	for _, key := range places {
		chain, _, _ := strings.Cut(key, ":")
		vv, w, err := custodyVenue(VaultVenueID+"@"+key, chain, byPlace[key], m)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, vv)
		warnings = append(warnings, w...)
	}
	return out, warnings, nil
}
