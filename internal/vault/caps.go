// Deposit caps: the governed limits on what may enter the master vault, per
// asset (a vault's total assets) and per account (one account's assets in
// one vault), stored beside the risk parameters as the caps.json document
// (DESIGN.md, "Collateral layer"). Deposit, Mint and Accrue check them
// inside their own transaction, in exact integer base units: a cap in USD
// becomes base units at the stored market's exact price, rounded down, so
// amount ≤ limit holds exactly when amount × price ≤ cap.
//
// The document:
//
//	{"vault_usd": "1000000000", "account_usd": "100000000",
//	 "unpriced": {"vault": "1000000", "account": "100000"},
//	 "assets": {"WETH": {"vault": "50000", "account": "5000"}}}
//
// For an asset A each of its two caps is, first found: assets.A's field
// (whole units of A); else the USD cap at the stored market's price of A;
// else, while no market is stored, unpriced's field (whole units of any
// asset). When a market is stored and does not price A, A is refused
// (ErrUnpricedAsset) whatever the caps say: it could never be valued.
package vault

import (
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
)

// Refusals of the deposit caps.
var (
	ErrCapExceeded   = errors.New("above the deposit cap")
	ErrUnpricedAsset = errors.New("is not priced by the stored market (deposits need a price; add it to the market first)")
)

// defaultCapsJSON applies while no caps document is stored: USD 1 bn per
// asset's vault and USD 100 m per account and asset at the stored market's
// prices; without a market, 1,000,000 whole units per vault and 100,000 per
// account. Each refuses absurd deposits (3.4e14 WETH) and admits any real one.
const defaultCapsJSON = `{
  "vault_usd": "1000000000",
  "account_usd": "100000000",
  "unpriced": {"vault": "1000000", "account": "100000"},
  "assets": {}
}
`

// DefaultCapsJSON returns the caps document that applies while none is
// stored (a valid --file for `vault caps set`).
func DefaultCapsJSON() []byte { return []byte(defaultCapsJSON) }

// Caps is a parsed caps document.
type Caps struct {
	VaultUSD, AccountUSD money.Decimal // USD per asset's vault, per account and asset
	Unpriced             AssetCaps     // whole units; both set
	Assets               map[string]AssetCaps
}

// AssetCaps are caps in whole units of an asset; nil is unset.
type AssetCaps struct {
	Vault, Account *money.Decimal
}

// ParseCaps reads a caps document. It checks the shape only: the asset
// keys are checked by SetCaps against the store. Errors: *input.Error.
func ParseCaps(doc []byte) (*Caps, error) {
	o, err := input.DecodeObject(doc)
	if err != nil {
		return nil, err
	}
	c := &Caps{Assets: map[string]AssetCaps{}}
	for _, f := range []struct {
		name string
		dst  *money.Decimal
	}{{"vault_usd", &c.VaultUSD}, {"account_usd", &c.AccountUSD}} {
		n, err := o.Required(f.name)
		if err != nil {
			return nil, err
		}
		d, err := capValue(n)
		if err != nil {
			return nil, err
		}
		*f.dst = *d
	}
	un, err := o.Required("unpriced")
	if err != nil {
		return nil, err
	}
	if c.Unpriced, err = assetCaps(un, true); err != nil {
		return nil, err
	}
	if an, ok := o.Optional("assets"); ok {
		ao, err := an.Object()
		if err != nil {
			return nil, err
		}
		for _, e := range ao.Entries() {
			if c.Assets[e.Key], err = assetCaps(e.Node, false); err != nil {
				return nil, err
			}
		}
	}
	return c, o.Finish()
}

// assetCaps reads {"vault", "account"} in whole units (both required when
// both is set).
func assetCaps(n input.Node, both bool) (AssetCaps, error) {
	o, err := n.Object()
	if err != nil {
		return AssetCaps{}, err
	}
	var out AssetCaps
	for _, f := range []struct {
		name string
		dst  **money.Decimal
	}{{"vault", &out.Vault}, {"account", &out.Account}} {
		fn, ok := o.Optional(f.name)
		if !ok {
			if both {
				return AssetCaps{}, input.Errorf(input.Join(n.Path, f.name), "is required")
			}
			continue
		}
		if *f.dst, err = capValue(fn); err != nil {
			return AssetCaps{}, err
		}
	}
	return out, o.Finish()
}

// capValue reads a cap: a decimal string ≥ 0 (0 closes deposits).
func capValue(n input.Node) (*money.Decimal, error) {
	d, err := n.Decimal()
	if err != nil {
		return nil, err
	}
	if d.Sign() < 0 {
		return nil, input.Invalid(n.Path, d.String(), "must be ≥ 0")
	}
	return &d, nil
}

// SetCaps validates doc (caps.json) and stores it as the caps every later
// deposit, mint and accrual is checked against. Each key of assets must be
// an asset of the stored market or a built-in one, and its caps may carry
// at most the asset's decimals. Holdings above a lowered cap stay; only
// what would bring more in is refused. Errors: *input.Error, store errors.
func SetCaps(tx Tx, doc []byte) error {
	c, err := ParseCaps(doc)
	if err != nil {
		return err
	}
	for _, sym := range sortedAssets(c.Assets) {
		path := input.Join("assets", sym)
		a, err := assetOf(tx, sym)
		if errors.Is(err, ErrUnknownAsset) {
			return input.Errorf(path, "unknown asset: not in the stored market nor built in")
		} else if err != nil {
			return err
		}
		ac := c.Assets[sym]
		for _, f := range []struct {
			name string
			d    *money.Decimal
		}{{"vault", ac.Vault}, {"account", ac.Account}} {
			if f.d != nil && f.d.Scale() > int(a.Decimals) {
				return input.Invalid(input.Join(path, f.name), f.d.String(), "has more than %d decimal places (%s's decimals)", a.Decimals, sym)
			}
		}
	}
	return tx.PutCaps(doc)
}

func sortedAssets(m map[string]AssetCaps) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// StoredCaps returns the stored caps document and true, or the defaults
// (DefaultCapsJSON) and false when none is stored.
func StoredCaps(tx Tx) ([]byte, bool, error) {
	doc, ok, err := tx.Caps()
	if err != nil || !ok {
		return DefaultCapsJSON(), false, err
	}
	return doc, true, nil
}

// limits are the caps of one asset's vault now, in its base units, and
// where each comes from (for the refusal).
type limits struct {
	vault, account         *big.Int
	vaultFrom, accountFrom string
}

// limitsOf resolves the caps of v's asset from the stored caps and market.
// Errors: ErrUnpricedAsset (a market is stored and does not price the
// asset), a stored-document error, store errors.
func limitsOf(tx Tx, v Vault) (limits, error) {
	doc, _, err := StoredCaps(tx)
	if err != nil {
		return limits{}, err
	}
	c, err := ParseCaps(doc)
	if err != nil {
		return limits{}, fmt.Errorf("stored deposit caps: %v", err)
	}
	m, hasMarket, err := storedMarket(tx)
	if err != nil {
		return limits{}, err
	}
	sym := v.Asset.Symbol
	var priced *market.Asset
	if hasMarket {
		if priced = m.Asset(sym); priced == nil {
			return limits{}, fmt.Errorf("asset %s %w", sym, ErrUnpricedAsset)
		}
	}
	var l limits
	l.vault, l.vaultFrom = c.limit("vault", v.Asset, priced)
	l.account, l.accountFrom = c.limit("account", v.Asset, priced)
	return l, nil
}

// limit is one cap of asset a (kind "vault" or "account") in base units,
// rounded down, and where it comes from: the asset's own cap, else the USD
// cap at its price (priced: the stored market's entry), else the unpriced
// cap.
func (c *Caps) limit(kind string, a money.Asset, priced *market.Asset) (*big.Int, string) {
	own, usd, unpriced := c.Assets[a.Symbol].Vault, c.VaultUSD, c.Unpriced.Vault
	if kind == "account" {
		own, usd, unpriced = c.Assets[a.Symbol].Account, c.AccountUSD, c.Unpriced.Account
	}
	switch {
	case own != nil:
		return baseUnitsFloor(own.Rat(), a.Decimals), fmt.Sprintf("assets.%s.%s %s", a.Symbol, kind, own)
	case priced != nil:
		whole := new(big.Rat).Quo(usd.Rat(), priced.PriceExact.Rat())
		return baseUnitsFloor(whole, a.Decimals), fmt.Sprintf("%s_usd %s at %s USD", kind, usd, priced.PriceExact)
	}
	return baseUnitsFloor(unpriced.Rat(), a.Decimals), fmt.Sprintf("unpriced.%s %s: no market is stored", kind, unpriced)
}

// baseUnitsFloor is whole × 10^decimals rounded down.
func baseUnitsFloor(whole *big.Rat, decimals uint8) *big.Int {
	scaled := new(big.Rat).Mul(whole, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)))
	return new(big.Int).Quo(scaled.Num(), scaled.Denom()) // ≥ 0: truncation is the floor
}

// check refuses a vault (after the move) above its cap, or the account's
// assets in it (after the move; "" for an accrual, which no account
// chooses) above its cap.
func (l limits) check(v Vault, account string, accountAssets money.Amount) error {
	sym, dec := v.Asset.Symbol, v.Asset.Decimals
	if v.TotalAssets.Big().Cmp(l.vault) > 0 {
		return fmt.Errorf("%w: the %s vault would hold %s %s, above its cap of %s %s (%s)", ErrCapExceeded,
			sym, v.TotalAssets.Units(dec), sym, unitsText(l.vault, dec), sym, l.vaultFrom)
	}
	if account != "" && accountAssets.Big().Cmp(l.account) > 0 {
		return fmt.Errorf("%w: account %s would hold %s %s in the vault, above its cap of %s %s per account (%s)", ErrCapExceeded,
			account, accountAssets.Units(dec), sym, unitsText(l.account, dec), sym, l.accountFrom)
	}
	return nil
}

// unitsText renders base units as whole units.
func unitsText(b *big.Int, decimals uint8) string {
	if a, err := money.AmountFromBig(b); err == nil {
		return a.Units(decimals)
	}
	return new(big.Rat).SetFrac(b, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)).FloatString(int(decimals))
}
