// The simulator's auditor (after TigerBeetle's auditor.zig): after every
// step it checks, from the store and the simulated chains alone, that
//   - moves create and destroy nothing: per account and asset, the shares
//     posted at home, off home and in transit equal what was deposited;
//   - nothing is counted twice: what the margin rules count (home and
//     located holdings less what leaves them, plus what is pending into
//     transit) equals the same total, every reservation on a source has
//     its twin pending into transit, nothing rests in transit, and the
//     engine's pending moves are exactly what is in flight;
//   - claims across chains never exceed assets: per asset, every holder's
//     claims sum to at most the vault's shares;
//   - no unbacked credit: every posted move's source transaction is still
//     on its chain and was final when the move posted, attested by enough
//     distinct relayers — whatever a bridge minted or a forger sent;
//
// and, every 25 steps and at the end, the whole ledger's invariants
// (vault.Verify) and the vault's own view of each account (its balances,
// located and in-flight holdings) against the ledger's.
package settle

import (
	"math/big"
	"slices"
	"strings"

	"github.com/unimargin/unimargin/internal/ledger"
	"github.com/unimargin/unimargin/internal/vault"
)

func net(a ledger.Account) *big.Int {
	return new(big.Int).Sub(a.CreditsPosted.Big(), a.DebitsPosted.Big())
}

// holdingsOf sorts an account's located share accounts (all, read once)
// of one share symbol into located and transit ones, with its home one.
func (w *world) holdingsOf(account, share string, all []ledger.Account) (home ledger.Account, located, transit []ledger.Account, err error) {
	home, _, err = w.store.Account(vault.HomeSharesAccount(account, share))
	if err != nil {
		return
	}
	for _, a := range all {
		if a.Asset != share {
			continue
		}
		if strings.HasPrefix(a.ID, "shares:"+account+"#"+vault.InFlight+"#") {
			transit = append(transit, a)
		} else {
			located = append(located, a)
		}
	}
	return
}

func (w *world) audit(deep bool) {
	w.rep.Audits++
	open, err := w.loadOpen()
	if err != nil {
		w.violate("moves unreadable: %v", err)
		return
	}
	var moves []*ChainMove // pending
	for _, m := range open {
		if m.Status == StatusPending {
			moves = append(moves, m)
			continue
		}
		delete(w.open, m.ID)
		delete(w.decoded, m.ID)
		if m.Status == StatusPosted {
			w.rep.Posted++
		} else {
			w.rep.Voided++
		}
		w.auditMove(m)
	}
	located := map[string][]ledger.Account{}
	for _, a := range simAccounts {
		if located[a], err = w.store.LedgerAccounts("shares:" + a + "#"); err != nil {
			w.violate("holdings of %s unreadable: %v", a, err)
			return
		}
	}
	for _, asset := range simAssets {
		vt, _, _ := w.store.Vault(asset)
		share := vt.ShareSymbol()
		claims := new(big.Int)
		for _, a := range simAccounts {
			claims.Add(claims, w.auditAccount(a, asset, share, moves, located[a]))
		}
		if claims.Cmp(vt.TotalShares.Big()) > 0 {
			w.violate("%s claims %s exceed the vault's %s shares", asset, claims, vt.TotalShares.Big())
		}
	}
	if deep {
		w.auditDeep(moves)
	}
}

// auditAccount checks one account's shares of one asset and returns what
// it counts.
func (w *world) auditAccount(a, asset, share string, moves []*ChainMove, all []ledger.Account) *big.Int {
	home, located, transit, err := w.holdingsOf(a, share, all)
	if err != nil {
		w.violate("holdings of %s unreadable: %v", a, err)
		return new(big.Int)
	}
	posted, counted := net(home), home.CreditBalance().Big()
	out := new(big.Int).Set(home.DebitsPending.Big())
	for _, l := range located {
		posted.Add(posted, net(l))
		counted.Add(counted, l.CreditBalance().Big())
		out.Add(out, l.DebitsPending.Big())
	}
	in := new(big.Int)
	for _, t := range transit {
		if net(t).Sign() != 0 {
			w.violate("%s rests %s in transit account %s", a, net(t), t.ID)
		}
		counted.Add(counted, t.CreditsPending.Big())
		in.Add(in, t.CreditsPending.Big())
	}
	want := w.deposits[a][asset].Big()
	if posted.Cmp(want) != 0 {
		w.violate("%s %s: %s shares posted across chains, deposited %s: a move created or destroyed shares", a, asset, posted, want)
	}
	if counted.Cmp(want) != 0 {
		w.violate("%s %s: %s shares counted across chains and in flight, owns %s: counted twice or lost", a, asset, counted, want)
	}
	if out.Cmp(in) != 0 {
		w.violate("%s %s: %s reserved on sources, %s pending into transit", a, asset, out, in)
	}
	pending := new(big.Int)
	for _, m := range moves {
		if m.Account == a && m.Asset == asset {
			s, err := parseShares(vaultOf(w, asset), m.Shares)
			if err != nil {
				w.violate("move %s amount %q: %v", m.ID, m.Shares, err)
				continue
			}
			pending.Add(pending, s.Big())
		}
	}
	if pending.Cmp(in) != 0 {
		w.violate("%s %s: pending moves hold %s shares, %s are in flight", a, asset, pending, in)
	}
	return counted
}

func vaultOf(w *world, asset string) vault.Vault {
	vt, _, _ := w.store.Vault(asset)
	return vt
}

// auditMove checks a resolved move: posted only on a genuinely final
// source, attested by enough distinct relayers of the deployment.
func (w *world) auditMove(m *ChainMove) {
	if m.Status != StatusPosted {
		return
	}
	if !w.genuinelyFinal(m) {
		w.violate("move %s posted without a final source transaction on %s", m.ID, m.From)
	}
	var by []string
	for _, a := range m.Attestations {
		if a.Event == EventFinalized && slices.Contains(w.reg.Relayers, a.Relayer) && !slices.Contains(by, a.Relayer) {
			by = append(by, a.Relayer)
		}
	}
	if len(by) < w.reg.AttestationsRequired {
		w.violate("move %s posted on %d attestations, %d required", m.ID, len(by), w.reg.AttestationsRequired)
	}
}

// auditDeep runs the ledger's invariants and compares the vault's view of
// each account (the one the margin rules use) with the ledger.
func (w *world) auditDeep(moves []*ChainMove) {
	if err := vault.Verify(w.store); err != nil {
		w.violate("ledger: %v", err)
	}
	for _, a := range simAccounts {
		st, err := vault.State(w.store, w.cfg, a)
		if err != nil {
			w.violate("vault state of %s: %v", a, err)
			continue
		}
		flight := map[string]*big.Int{} // asset#bridge → shares pending
		for _, m := range moves {
			if m.Account == a {
				s, _ := parseShares(vaultOf(w, m.Asset), m.Shares)
				k := m.Asset + "#" + m.Bridge
				if flight[k] == nil {
					flight[k] = new(big.Int)
				}
				flight[k].Add(flight[k], s.Big())
			}
		}
		for _, l := range st.Located {
			vt := vaultOf(w, l.Asset)
			s, err := parseShares(vt, l.Shares)
			if err != nil {
				w.violate("located %+v: %v", l, err)
				continue
			}
			if l.Chain == vault.InFlight {
				k := l.Asset + "#" + l.Bridge
				if flight[k] == nil || flight[k].Cmp(s.Big()) != 0 {
					w.violate("%s: the vault counts %s %s in flight over %s, the pending moves %v", a, l.Shares, l.Asset, l.Bridge, flight[k])
				}
				delete(flight, k)
				continue
			}
			acct, _, _ := w.store.Account(vault.LocatedSharesAccount(a, l.Chain, l.Bridge, vt.ShareSymbol()))
			if acct.CreditBalance().Cmp(s.Amount()) != 0 {
				w.violate("%s: the vault counts %s %s on %s, the ledger %s", a, l.Shares, l.Asset, l.Chain, acct.CreditBalance().Big())
			}
		}
		for k, v := range flight {
			if v.Sign() != 0 {
				w.violate("%s: %s shares in flight (%s) the vault does not count", a, v, k)
			}
		}
		for asset, b := range st.Balances {
			vt := vaultOf(w, asset)
			home, _, _ := w.store.Account(vault.HomeSharesAccount(a, vt.ShareSymbol()))
			if b.Shares != vault.Shares(home.CreditBalance()).Units(vt.ShareDecimals()) {
				w.violate("%s: the vault counts %s %s at home, the ledger %s", a, b.Shares, asset, home.CreditBalance().Big())
			}
		}
	}
}
