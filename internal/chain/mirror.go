// The ledger beside the chain: Mirror puts the collateral layer's vault
// balances and liens on a master vault (each account's exact shares, each
// vault's exact totals, each lien granted under an engine-signed
// attestation) and Compare reads both sides back, account by account, for
// the side-by-side view of `unimargin chain deploy`.
package chain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/vault"
)

// AccountKey is the simulated chain's key of a ledger account (DevKey).
func AccountKey(account string) *ecdsa.PrivateKey { return DevKey("account " + account) }

// VenueKey is the simulated chain's key of a venue (DevKey).
func VenueKey(venue string) *ecdsa.PrivateKey { return DevKey("venue " + venue) }

// Ledger is the collateral layer's state that Mirror puts on-chain.
type Ledger struct {
	Vaults   []vault.Vault
	Accounts []vault.AccountState
	Attested map[string]vault.Attested // by account; absent without a market
}

// ReadLedger reads every vault and every account's state (and its margin
// figures when a market is stored). Errors: store errors, State's.
func ReadLedger(tx vault.Tx, c vault.Config) (Ledger, error) {
	var l Ledger
	var err error
	if l.Vaults, err = tx.Vaults(); err != nil {
		return l, err
	}
	ids, err := tx.AccountIDs()
	if err != nil {
		return l, err
	}
	_, hasMarket, err := tx.Market()
	if err != nil {
		return l, err
	}
	l.Attested = map[string]vault.Attested{}
	for _, id := range ids {
		st, err := vault.State(tx, c, id)
		if err != nil {
			return l, fmt.Errorf("account %s: %w", id, err)
		}
		l.Accounts = append(l.Accounts, st)
		if hasMarket {
			a, err := vault.Attest(tx, c, id)
			if err != nil {
				return l, fmt.Errorf("account %s: %w", id, err)
			}
			l.Attested[id] = a
		}
	}
	return l, nil
}

// Addresses are the keys' addresses Mirror uses (to fund on the simulated
// chain): governance, the signer, every account and every venue.
func (l Ledger) Addresses(gov, signer *ecdsa.PrivateKey) []Address {
	out := []Address{KeyAddress(gov), KeyAddress(signer)}
	for _, a := range l.Accounts {
		out = append(out, KeyAddress(AccountKey(a.Account)))
		for _, li := range a.Liens {
			out = append(out, KeyAddress(VenueKey(li.Venue)))
		}
	}
	return out
}

func (l Ledger) venues() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range l.Accounts {
		for _, li := range a.Liens {
			if !seen[li.Venue] {
				seen[li.Venue] = true
				out = append(out, li.Venue)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Mirror deploys a master vault with one vault (over a TestToken) per
// ledger vault and reproduces the ledger on it: each account mints its
// exact shares, governance mints the shares the ledger holds outside
// accounts and donates what brings each vault's total assets to the
// ledger's (yield; mirrorTotals), and each lien is granted by the account under a
// KindLien attestation that signer signs from the account's figures. It
// returns the master and warnings (a lien the contracts refused, with
// why: a stale market, say). Errors: the chain's, ErrNotSimulated over RPC
// (the accounts' keys are the simulated chain's dev keys).
func Mirror(ctx context.Context, c *Chain, gov, signer *ecdsa.PrivateKey, maxAge time.Duration, l Ledger) (*Master, []string, error) {
	if !c.Simulated() {
		return nil, nil, ErrNotSimulated
	}
	cfg := DeployConfig{MaxAge: maxAge, Signers: []Address{KeyAddress(signer)}}
	for _, v := range l.venues() {
		cfg.Venues = append(cfg.Venues, KeyAddress(VenueKey(v)))
	}
	for _, v := range l.Vaults {
		cfg.Assets = append(cfg.Assets, AssetToken{Asset: v.Asset})
	}
	m, err := Deploy(ctx, c, gov, cfg)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range l.Accounts {
		if err := m.mirrorBalances(ctx, gov, a); err != nil {
			return nil, nil, fmt.Errorf("account %s: %w", a.Account, err)
		}
	}
	for _, v := range l.Vaults {
		if err := m.mirrorTotals(ctx, gov, v); err != nil {
			return nil, nil, err
		}
	}
	var warnings []string
	for _, a := range l.Accounts {
		w, err := m.mirrorLiens(ctx, signer, a, l.Attested)
		if err != nil {
			return nil, nil, fmt.Errorf("account %s: %w", a.Account, err)
		}
		warnings = append(warnings, w...)
	}
	return m, warnings, nil
}

func (m *Master) mirrorBalances(ctx context.Context, gov *ecdsa.PrivateKey, a vault.AccountState) error {
	key := AccountKey(a.Account)
	for _, sym := range sortedKeys(a.Balances) {
		v := m.Vault(sym)
		if v == nil {
			return fmt.Errorf("no vault for %s", sym)
		}
		shares, err := exactUnits(a.Balances[sym].Shares, vault.New(v.Asset).ShareDecimals())
		if err != nil {
			return err
		}
		if shares.IsZero() {
			continue
		}
		st, err := v.State(ctx)
		if err != nil {
			return err
		}
		cost := st.PreviewMint(vault.Shares(shares))
		if err := v.MintTokens(ctx, gov, KeyAddress(key), cost); err != nil {
			return err
		}
		if err := v.Approve(ctx, key, cost.Big()); err != nil {
			return err
		}
		if _, err := v.Mint(ctx, key, vault.Shares(shares)); err != nil {
			return err
		}
	}
	return nil
}

// mirrorTotals brings a vault's totals to the ledger's once the accounts'
// shares are minted: the shares the ledger holds outside accounts (a
// venue's drawn shares, shares moving between chains) are minted to
// governance, which stands for their holders on the chain, and then
// governance donates what brings the total assets to the ledger's
// (yield). Donating without those shares would hand their assets to the
// accounts: every share would claim more than in the ledger.
func (m *Master) mirrorTotals(ctx context.Context, gov *ecdsa.PrivateKey, lv vault.Vault) error {
	v := m.Vault(lv.Asset.Symbol)
	st, err := v.State(ctx)
	if err != nil {
		return err
	}
	if others, err := lv.TotalShares.Sub(st.TotalShares); err == nil && !others.IsZero() {
		cost := st.PreviewMint(others)
		if err := v.MintTokens(ctx, gov, KeyAddress(gov), cost); err != nil {
			return err
		}
		if err := v.Approve(ctx, gov, cost.Big()); err != nil {
			return err
		}
		if _, err := v.Mint(ctx, gov, others); err != nil {
			return err
		}
		if st, err = v.State(ctx); err != nil {
			return err
		}
	}
	gap, err := lv.TotalAssets.Sub(st.TotalAssets)
	if err != nil || gap.IsZero() {
		return nil // the chain holds as much or more (Compare shows it)
	}
	if err := v.MintTokens(ctx, gov, KeyAddress(gov), gap); err != nil {
		return err
	}
	return v.Donate(ctx, gov, gap)
}

func (m *Master) mirrorLiens(ctx context.Context, signer *ecdsa.PrivateKey, a vault.AccountState, attested map[string]vault.Attested) ([]string, error) {
	if len(a.Liens) == 0 {
		return nil, nil
	}
	at, ok := attested[a.Account]
	if !ok {
		return []string{fmt.Sprintf("%s: liens not mirrored: no market is stored, so there is nothing to attest", a.Account)}, nil
	}
	fg, err := FiguresOf(at)
	if err != nil {
		return nil, err
	}
	key := AccountKey(a.Account)
	var warnings []string
	for _, li := range a.Liens {
		amt, err := exactUnits(li.AmountUSD, vault.LienDecimals)
		if err != nil {
			return nil, err
		}
		nonce, err := m.Nonce(ctx, KeyAddress(key))
		if err != nil {
			return nil, err
		}
		att := Attestation{Kind: KindLien, Account: KeyAddress(key), Venue: KeyAddress(VenueKey(li.Venue)),
			USD: amt, Figures: fg, Nonce: nonce}
		sig, err := Sign(m.Domain(), att, signer)
		if err != nil {
			return nil, err
		}
		if _, err := m.GrantLien(ctx, key, att.Venue, amt, Signed{Attestation: att, Signature: sig}); err != nil {
			if !isRevert(err) {
				return nil, err
			}
			warnings = append(warnings, fmt.Sprintf("%s: lien of %s USD to %s not mirrored: %v", a.Account, li.AmountUSD, li.Venue, err))
		}
	}
	return warnings, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Side is one account's balance of one asset, or one lien, on both sides
// (whole units, decimal strings).
type Side struct {
	Account string `json:"account"`
	Address string `json:"address"`
	What    string `json:"what"` // "shares:WETH", "assets:WETH", "lien:VENUE"
	Ledger  string `json:"ledger"`
	Chain   string `json:"chain"`
	Equal   bool   `json:"equal"`
}

// Compare reads each account's shares, claims and liens on the chain
// beside the ledger's. A vault the master does not have (the ledger
// opened it after the deployment) holds nothing on the chain: "0", equal
// only when the ledger's balance is zero too.
func Compare(ctx context.Context, m *Master, l Ledger) ([]Side, error) {
	var out []Side
	for _, a := range l.Accounts {
		addr := KeyAddress(AccountKey(a.Account))
		add := func(what, ledgerSide, chainSide string, decimals uint8) {
			out = append(out, Side{Account: a.Account, Address: addr.Hex(), What: what, Ledger: ledgerSide,
				Chain: chainSide, Equal: sameUnits(ledgerSide, chainSide, decimals)})
		}
		for _, sym := range sortedKeys(a.Balances) {
			v := m.Vault(sym)
			if v == nil {
				// A vault the ledger opened after the deployment: the chain
				// holds none of it.
				for _, what := range []struct{ kind, ledger string }{{"shares:", a.Balances[sym].Shares}, {"assets:", a.Balances[sym].Assets}} {
					out = append(out, Side{Account: a.Account, Address: addr.Hex(), What: what.kind + sym, Ledger: what.ledger,
						Chain: "0", Equal: zeroUnits(what.ledger)})
				}
				continue
			}
			shares, err := v.SharesOf(ctx, addr)
			if err != nil {
				return nil, err
			}
			st, err := v.State(ctx)
			if err != nil {
				return nil, err
			}
			sd := st.ShareDecimals()
			add("shares:"+sym, a.Balances[sym].Shares, shares.Units(sd), sd)
			add("assets:"+sym, a.Balances[sym].Assets, st.ConvertToAssets(shares).Units(v.Asset.Decimals), v.Asset.Decimals)
		}
		for _, li := range a.Liens {
			got, err := m.Lien(ctx, addr, KeyAddress(VenueKey(li.Venue)))
			if err != nil {
				return nil, err
			}
			add("lien:"+li.Venue, li.AmountUSD, got.Units(vault.LienDecimals), vault.LienDecimals)
		}
	}
	return out, nil
}

// zeroUnits reports whether whole units are zero ("0", "0.000").
func zeroUnits(text string) bool {
	return strings.Trim(strings.Replace(text, ".", "", 1), "0") == "" && text != "" && digits(strings.Replace(text, ".", "", 1))
}

func sameUnits(a, b string, decimals uint8) bool {
	x, err1 := exactUnits(a, decimals)
	y, err2 := exactUnits(b, decimals)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}

// exactUnits parses whole units (zero allowed; as Amount.Units prints them,
// so up to the share decimals, beyond money.Decimal's 18) into base units,
// exactly.
func exactUnits(text string, decimals uint8) (money.Amount, error) {
	whole, frac, _ := strings.Cut(text, ".")
	if whole == "" || !digits(whole) || !digits(frac) || len(frac) > int(decimals) || (frac == "" && strings.Contains(text, ".")) {
		return money.Amount{}, fmt.Errorf("amount %q is not whole units with at most %d decimals", text, decimals)
	}
	n, ok := new(big.Int).SetString(whole+frac+strings.Repeat("0", int(decimals)-len(frac)), 10)
	if !ok {
		return money.Amount{}, fmt.Errorf("amount %q is not a number", text)
	}
	return money.AmountFromBig(n)
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
